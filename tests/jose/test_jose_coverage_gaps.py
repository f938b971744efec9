"""Edge cases of the JOSE adapters that the example-driven suites do not reach.

Every test drives a public entry point (the joserfc models ``XEd25519``/``VXEd25519`` as joserfc
calls them, :func:`register_algorithms`, :func:`verify_vxed25519`, the PyJWT adapter) and asserts
the exact typed outcome.
"""

from __future__ import annotations

import base64

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from joserfc import jws
from joserfc.errors import InvalidHeaderValueError, KeyParameterError
from joserfc.jwk import KeySet, OctKey, OKPKey
from joserfc.jws import JWSRegistry

import xeddsa.vxeddsa
from xeddsa import InvalidKey, InvalidSignature, PrivateKey, PublicKey
from xeddsa.jose import (
    VXEd25519,
    XEd25519,
    okp_key,
    private_key_to_jwk,
    public_key_to_jwk,
    register_algorithms,
    verify_vxed25519,
)
from xeddsa.jose._strict import MAX_TOKEN_SIZE
from xeddsa.jose.pyjwt import XEd25519PyJWTAlgorithm, register_pyjwt

#: u = 0: a small-order X25519 public key that strict import refuses (and cryptography accepts).
LOW_ORDER_U = bytes(32)


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signing_input(header_json: str, payload: bytes = b"payload") -> bytes:
    return f"{b64u(header_json.encode())}.{b64u(payload)}".encode("ascii")


def private_okp_with_low_order_x(private_key: PrivateKey, **extra: str) -> OKPKey:
    """A private X25519 OKPKey with a small-order ``x`` (joserfc ignores ``x`` if ``d`` is set)."""
    d = private_key_to_jwk(private_key)["d"]
    return OKPKey.import_key(
        {"kty": "OKP", "crv": "X25519", "d": d, "x": b64u(LOW_ORDER_U), **extra}
    )


# -- joserfc models: the strict header re-read ----------------------------------------------------


@pytest.mark.parametrize("model", [XEd25519(), VXEd25519()], ids=lambda m: m.name)
def test_model_refuses_signing_input_without_dot(
    model: XEd25519 | VXEd25519, signer: OKPKey, verifier: OKPKey
) -> None:
    sig = bytes(model.signature_size)
    assert model.verify(b"eyJhbGciOiJYRWQyNTUxOSJ9", sig, verifier) is False
    with pytest.raises(InvalidHeaderValueError, match=r"no '\.'"):
        model.sign(b"eyJhbGciOiJYRWQyNTUxOSJ9", signer)


def test_model_refuses_other_alg_in_protected_header(
    private_key: PrivateKey, signer: OKPKey, verifier: OKPKey
) -> None:
    # A valid XEdDSA signature over a signing input whose protected header names VXEd25519.
    msg = signing_input('{"alg":"VXEd25519"}')
    sig = private_key.sign(msg)
    assert private_key.public_key().verify(sig, msg, policy="strict") is None
    assert XEd25519().verify(msg, sig, verifier) is False
    with pytest.raises(InvalidHeaderValueError, match="'alg' must be 'XEd25519', got 'VXEd25519'"):
        XEd25519().sign(msg, signer)


def test_alg_only_in_unprotected_header_does_not_verify(
    private_key: PrivateKey, verifier: OKPKey, registry: JWSRegistry
) -> None:
    # A flattened JWS whose protected header is {} and whose alg sits in the unprotected header:
    # joserfc dispatches on the merged header, the model's strict re-read sees no alg.
    msg = signing_input("{}", b"hello")
    protected, payload = msg.decode().split(".")
    value = {
        "protected": protected,
        "header": {"alg": "XEd25519"},
        "payload": payload,
        "signature": b64u(private_key.sign(msg)),
    }
    with pytest.raises(jws.BadSignatureError):
        jws.deserialize_json(value, verifier, registry=registry)


# -- joserfc models: keys that check_key lets through --------------------------------------------


@pytest.mark.parametrize("model", [XEd25519(), VXEd25519()], ids=lambda m: m.name)
def test_model_sign_with_ed25519_key_is_key_parameter_error(model: XEd25519 | VXEd25519) -> None:
    ed25519 = OKPKey.generate_key("Ed25519")
    with pytest.raises(KeyParameterError, match="crv 'X25519'") as info:
        model.sign(signing_input(f'{{"alg":"{model.name}"}}'), ed25519)
    assert isinstance(info.value.__cause__, InvalidKey)


def test_model_sign_with_private_okpkey_lacking_d(private_key: PrivateKey) -> None:
    # Only reachable by building an OKPKey directly from a private raw key and a public JWK dict
    # (joserfc's own import paths always put "d" into a private key's dict).
    x = private_key_to_jwk(private_key)["x"]
    key = OKPKey(X25519PrivateKey.generate(), {"crv": "X25519", "x": x})
    assert key.is_private
    with pytest.raises(KeyParameterError, match="'d': expected a base64url string") as info:
        XEd25519().sign(signing_input('{"alg":"XEd25519"}'), key)
    assert isinstance(info.value.__cause__, InvalidKey)


@pytest.mark.parametrize("alg", ["XEd25519", "VXEd25519"])
def test_deserialize_with_private_key_whose_x_is_small_order(
    alg: str, private_key: PrivateKey, signer: OKPKey, registry: JWSRegistry
) -> None:
    # check_key only validates x of public keys; the verify path loads x and refuses it.
    token = jws.serialize_compact({"alg": alg}, b"hi", signer, registry=registry)
    bad = private_okp_with_low_order_x(private_key)
    with pytest.raises(KeyParameterError, match="small order") as info:
        jws.deserialize_compact(token, bad, registry=registry)
    assert isinstance(info.value.__cause__, InvalidKey)


# -- register_algorithms --------------------------------------------------------------------------


def test_register_algorithms_accepts_an_equivalent_instance_already_registered(
    private_key: PrivateKey, signer: OKPKey, verifier: OKPKey
) -> None:
    class Registry(JWSRegistry):
        algorithms = dict(JWSRegistry.algorithms)  # noqa: RUF012
        recommended = list(JWSRegistry.recommended)  # noqa: RUF012

    own = XEd25519()
    Registry.register(own)
    register_algorithms(Registry)  # an XEd25519 instance that is not ours: kept, no ValueError
    register_algorithms(Registry)  # and repeatable
    assert Registry.algorithms["XEd25519"] is own
    assert isinstance(Registry.algorithms["VXEd25519"], VXEd25519)
    allowed = Registry(algorithms=["XEd25519", "VXEd25519"])
    for alg in ("XEd25519", "VXEd25519"):
        token = jws.serialize_compact({"alg": alg}, b"x", signer, registry=allowed)
        assert jws.deserialize_compact(token, verifier, registry=allowed).payload == b"x"


# -- verify_vxed25519 -----------------------------------------------------------------------------


def test_verify_vxed25519_refuses_oversized_bytes_before_decoding(public_key: PublicKey) -> None:
    with pytest.raises(InvalidSignature, match=f"larger than {MAX_TOKEN_SIZE} bytes"):
        verify_vxed25519(b"\xff" * (MAX_TOKEN_SIZE + 1), public_key)
    # One byte less is parsed (and then refused for what it is: not UTF-8).
    with pytest.raises(InvalidSignature, match="not UTF-8"):
        verify_vxed25519(b"\xff" * MAX_TOKEN_SIZE, public_key)


def test_verify_vxed25519_private_okpkey_with_small_order_x_is_invalid_key(
    private_key: PrivateKey, registry: JWSRegistry
) -> None:
    token = jws.serialize_compact(
        {"alg": "VXEd25519"}, b"hi", okp_key(private_key), registry=registry
    )
    bad = private_okp_with_low_order_x(private_key)
    with pytest.raises(InvalidKey, match="small order"):
        verify_vxed25519(token, bad)
    # Reported as the caller's key, before the token is even parsed.
    with pytest.raises(InvalidKey, match="small order"):
        verify_vxed25519("not a jws", bad)


def _vx_token(private_key: PrivateKey, kid: str) -> str:
    msg = signing_input(f'{{"alg":"VXEd25519","kid":"{kid}"}}', b"hi")
    return f"{msg.decode()}.{b64u(xeddsa.vxeddsa.sign(private_key, msg))}"


def test_verify_vxed25519_key_set_entry_that_is_not_okp(private_key: PrivateKey) -> None:
    token = _vx_token(private_key, "k1")
    oct_key = OctKey.import_key(b"0123456789abcdef0123456789abcdef", {"kid": "k1"})
    keys = KeySet([oct_key, okp_key(private_key.public_key(), kid="k2")])
    with pytest.raises(InvalidSignature, match="key 'k1' is not an OKP key"):
        verify_vxed25519(token, keys)
    # The same token verifies once its kid names the OKP key.
    good = KeySet([okp_key(private_key.public_key(), kid="k1")])
    assert verify_vxed25519(token, good).payload == b"hi"


def test_verify_vxed25519_key_set_private_key_with_small_order_x(private_key: PrivateKey) -> None:
    token = _vx_token(private_key, "k1")
    keys = KeySet([private_okp_with_low_order_x(private_key, kid="k1")])
    with pytest.raises(InvalidSignature, match="small order") as info:
        verify_vxed25519(token, keys)
    assert isinstance(info.value.__cause__, InvalidKey)


# -- PyJWT adapter --------------------------------------------------------------------------------


def test_pyjwt_cryptography_public_key_refused_by_strict_import(private_key: PrivateKey) -> None:
    low_order = X25519PublicKey.from_public_bytes(LOW_ORDER_U)
    with pytest.raises(jwt.exceptions.InvalidKeyError, match="small order") as info:
        XEd25519PyJWTAlgorithm().prepare_key(low_order)
    assert isinstance(info.value.__cause__, InvalidKey)
    # And the same through jwt.decode on a private PyJWT instance.
    local = jwt.PyJWT()
    register_pyjwt(local)
    token = local.encode({"sub": "a"}, private_key, algorithm="XEd25519")
    with pytest.raises(jwt.exceptions.InvalidKeyError, match="small order"):
        local.decode(token, low_order, algorithms=["XEd25519"])


def test_pyjwt_verify_refuses_a_key_that_prepare_key_did_not_produce(
    private_key: PrivateKey,
) -> None:
    msg = signing_input('{"alg":"XEd25519"}')
    sig = private_key.sign(msg)
    algorithm = XEd25519PyJWTAlgorithm()
    assert algorithm.verify(msg, private_key, sig) is True
    with pytest.raises(jwt.exceptions.InvalidKeyError, match="needs an xeddsa key"):
        algorithm.verify(msg, public_key_to_jwk(private_key.public_key()), sig)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [["kty", "OKP"], 42, None], ids=["list", "int", "None"])
def test_pyjwt_from_jwk_refuses_non_dict_non_text(value: object) -> None:
    with pytest.raises(jwt.exceptions.InvalidKeyError, match="JWK must be a dict or JSON text"):
        XEd25519PyJWTAlgorithm.from_jwk(value)  # type: ignore[arg-type]
