"""The joserfc models XEd25519 and VXEd25519: JWS (compact, JSON), JWT, key sets, negatives."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from joserfc import jws, jwt
from joserfc.errors import (
    BadSignatureError,
    DecodeError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidHeaderValueError,
    InvalidKeyCurveError,
    InvalidKeyTypeError,
    JoseError,
    KeyParameterError,
    UnsupportedAlgorithmError,
    UnsupportedKeyAlgorithmError,
    UnsupportedKeyOperationError,
    UnsupportedKeyUseError,
)
from joserfc.jwa import JWSAlgModel
from joserfc.jwk import ECKey, KeySet, OctKey, OKPKey
from joserfc.jws import JWSRegistry

import xeddsa.vxeddsa
from tests.jose.support import (
    b64u,
    private_okp_with_foreign_x,
    private_okp_with_low_order_x,
    signing_input,
    unb64u,
)
from xeddsa import InvalidKey, PrivateKey, PublicKey
from xeddsa.jose import (
    VXEd25519,
    XEd25519,
    isolated_registry,
    okp_key,
    private_key_to_jwk,
    public_key_from_okp,
    register_algorithms,
    verify_vxed25519,
)

BOTH = ("XEd25519", "VXEd25519")
SIG_SIZE = {"XEd25519": 64, "VXEd25519": 96}




def resign(header_json: str, payload: bytes, alg: str, key: PrivateKey) -> str:
    """Build a compact JWS over a hand-written protected header, signed by the core API."""
    signing_input = f"{b64u(header_json.encode())}.{b64u(payload)}"
    if alg == "XEd25519":
        sig = key.sign(signing_input.encode())
    else:
        sig = xeddsa.vxeddsa.sign(key, signing_input.encode())
    return f"{signing_input}.{b64u(sig)}"


# --- compact and JSON serializations ------------------------------------------------------------


@pytest.mark.parametrize("alg", BOTH)
def test_compact_round_trip(
    alg: str, signer: OKPKey, verifier: OKPKey, registry: JWSRegistry
) -> None:
    token = jws.serialize_compact({"alg": alg}, b"hello", signer, registry=registry)
    header, _, sig = token.split(".")
    assert json.loads(unb64u(header)) == {"alg": alg}
    assert len(unb64u(sig)) == SIG_SIZE[alg]
    obj = jws.deserialize_compact(token, verifier, registry=registry)
    assert obj.payload == b"hello"
    assert obj.protected == {"alg": alg}
    # A private key also verifies (joserfc uses its public half).
    assert jws.deserialize_compact(token, signer, registry=registry).payload == b"hello"


@pytest.mark.parametrize("alg", BOTH)
def test_signatures_are_randomized(alg: str, signer: OKPKey, registry: JWSRegistry) -> None:
    a = jws.serialize_compact({"alg": alg}, b"m", signer, registry=registry)
    b = jws.serialize_compact({"alg": alg}, b"m", signer, registry=registry)
    assert a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0]
    assert a != b


@pytest.mark.parametrize("alg", BOTH)
def test_flattened_json(alg: str, signer: OKPKey, verifier: OKPKey, registry: JWSRegistry) -> None:
    value = jws.serialize_json(
        {"protected": {"alg": alg}, "header": {"kid": "k"}}, b"json", signer, registry=registry
    )
    assert value["header"] == {"kid": "k"}
    obj = jws.deserialize_json(value, verifier, registry=registry)
    assert obj.payload == b"json"


@pytest.mark.parametrize("alg", BOTH)
def test_general_json_two_signers(
    alg: str, private_key: PrivateKey, other_private_key: PrivateKey, registry: JWSRegistry
) -> None:
    keys = KeySet([okp_key(private_key, kid="one"), okp_key(other_private_key, kid="two")])
    members: list[Any] = [
        {"protected": {"alg": alg, "kid": "one"}},
        {"protected": {"alg": alg, "kid": "two"}},
    ]
    value = jws.serialize_json(members, b"multi", keys, registry=registry)
    assert len(value["signatures"]) == 2
    public = KeySet(
        [
            okp_key(private_key.public_key(), kid="one"),
            okp_key(other_private_key.public_key(), kid="two"),
        ]
    )
    assert jws.deserialize_json(value, public, registry=registry).payload == b"multi"
    # Swap the two signatures: each now sits under the other signer's kid.
    sigs = value["signatures"]
    swapped = {
        **value,
        "signatures": [
            {**sigs[0], "signature": sigs[1]["signature"]},
            {**sigs[1], "signature": sigs[0]["signature"]},
        ],
    }
    with pytest.raises(BadSignatureError):
        jws.deserialize_json(swapped, public, registry=registry)  # type: ignore[call-overload]


@pytest.mark.parametrize("alg", BOTH)
def test_alg_only_in_unprotected_header_is_refused(
    alg: str, signer: OKPKey, verifier: OKPKey, registry: JWSRegistry
) -> None:
    # joserfc would accept alg from the unprotected header; our models bind alg to the signature.
    with pytest.raises(JoseError):
        jws.serialize_json({"header": {"alg": alg}}, b"x", signer, registry=registry)
    good = jws.serialize_json({"protected": {"alg": alg}}, b"x", signer, registry=registry)
    forged = {"payload": good["payload"], "header": {"alg": alg}, "signature": good["signature"]}
    with pytest.raises(BadSignatureError):
        jws.deserialize_json(forged, verifier, registry=registry)  # type: ignore[call-overload]


# --- tampering ----------------------------------------------------------------------------------


@pytest.mark.parametrize("alg", BOTH)
def test_tampering_fails(alg: str, signer: OKPKey, verifier: OKPKey, registry: JWSRegistry) -> None:
    token = jws.serialize_compact({"alg": alg, "typ": "x"}, b"payload", signer, registry=registry)
    header, payload, sig = token.split(".")
    other_header = b64u(json.dumps({"alg": alg, "typ": "y"}, separators=(",", ":")).encode())
    raw = bytearray(unb64u(sig))
    tampered = [
        f"{other_header}.{payload}.{sig}",
        f"{header}.{b64u(b'payloaD')}.{sig}",
    ]
    for i in (0, 31, 32, len(raw) - 1):
        flipped = bytearray(raw)
        flipped[i] ^= 0x01
        tampered.append(f"{header}.{payload}.{b64u(bytes(flipped))}")
    for bad in tampered:
        with pytest.raises(BadSignatureError):
            jws.deserialize_compact(bad, verifier, registry=registry)


@pytest.mark.parametrize("alg", BOTH)
def test_wrong_key_fails(
    alg: str, signer: OKPKey, registry: JWSRegistry, other_private_key: PrivateKey
) -> None:
    token = jws.serialize_compact({"alg": alg}, b"p", signer, registry=registry)
    with pytest.raises(BadSignatureError):
        jws.deserialize_compact(token, okp_key(other_private_key.public_key()), registry=registry)


@pytest.mark.parametrize("alg", BOTH)
def test_truncated_and_extended_signatures_fail(
    alg: str, signer: OKPKey, verifier: OKPKey, registry: JWSRegistry
) -> None:
    token = jws.serialize_compact({"alg": alg}, b"p", signer, registry=registry)
    signing_input, sig = token.rsplit(".", 1)
    raw = unb64u(sig)
    for bad in (raw[:-1], raw + b"\x00", b"", raw[: SIG_SIZE[alg] // 2]):
        with pytest.raises((BadSignatureError, DecodeError)):
            jws.deserialize_compact(f"{signing_input}.{b64u(bad)}", verifier, registry=registry)


@pytest.mark.parametrize("alg", BOTH)
def test_header_duplicates_and_nan_rejected_although_validly_signed(
    alg: str, private_key: PrivateKey, verifier: OKPKey, registry: JWSRegistry
) -> None:
    # joserfc's json.loads would keep the last "alg" and accept NaN; the models re-read the
    # header strictly.  A lenient header check keeps joserfc from refusing the extra names first.
    lenient = type(registry)(algorithms=[alg], strict_check_header=False)
    for header in (
        '{"alg":"' + alg + '","alg":"' + alg + '"}',
        '{"alg":"' + alg + '","n":NaN}',
        '{"alg":"' + alg + '","n":1e999}',
        '{"alg":"' + alg + '","n":' + "1" * 80 + "}",
    ):
        token = resign(header, b"p", alg, private_key)
        with pytest.raises(BadSignatureError):
            jws.deserialize_compact(token, verifier, registry=lenient)
    # The same path with a clean hand-written header verifies (the test can fail both ways).
    token = resign('{"alg":"' + alg + '","n":1}', b"p", alg, private_key)
    assert jws.deserialize_compact(token, verifier, registry=lenient).payload == b"p"


# --- keys ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("alg", BOTH)
def test_wrong_curve_and_type_keys(alg: str, registry: JWSRegistry) -> None:
    for key, error in (
        (OKPKey.generate_key("Ed25519"), InvalidKeyCurveError),
        (OKPKey.generate_key("X448"), InvalidKeyCurveError),
        (ECKey.generate_key("P-256"), InvalidKeyTypeError),
        (OctKey.generate_key(256), InvalidKeyTypeError),
    ):
        with pytest.raises(error):
            jws.serialize_compact({"alg": alg}, b"p", key, registry=registry)


@pytest.mark.parametrize("alg", BOTH)
def test_use_enc_key_refused(
    alg: str, private_key: PrivateKey, signer: OKPKey, registry: JWSRegistry
) -> None:
    enc_private = OKPKey.import_key({**signer.as_dict(private=True), "use": "enc"})
    with pytest.raises(UnsupportedKeyUseError):
        jws.serialize_compact({"alg": alg}, b"p", enc_private, registry=registry)
    token = jws.serialize_compact({"alg": alg}, b"p", signer, registry=registry)
    enc_public = OKPKey.import_key({**okp_key(private_key.public_key()).as_dict(), "use": "enc"})
    with pytest.raises(UnsupportedKeyUseError):
        jws.deserialize_compact(token, enc_public, registry=registry)


@pytest.mark.parametrize("alg", BOTH)
def test_key_ops_and_key_alg_enforced(
    alg: str, private_key: PrivateKey, signer: OKPKey, registry: JWSRegistry
) -> None:
    no_sign = OKPKey.import_key({**signer.as_dict(private=True), "key_ops": ["deriveKey"]})
    with pytest.raises(UnsupportedKeyOperationError):
        jws.serialize_compact({"alg": alg}, b"p", no_sign, registry=registry)
    token = jws.serialize_compact({"alg": alg}, b"p", signer, registry=registry)
    other_alg = "VXEd25519" if alg == "XEd25519" else "XEd25519"
    pinned = okp_key(private_key.public_key(), alg=other_alg)
    with pytest.raises(UnsupportedKeyAlgorithmError):
        jws.deserialize_compact(token, pinned, registry=registry)
    # A public key cannot sign.
    with pytest.raises(UnsupportedKeyOperationError):
        jws.serialize_compact(
            {"alg": alg}, b"p", okp_key(private_key.public_key()), registry=registry
        )


@pytest.mark.parametrize("u", [0, 1, 2**255 - 19 - 1])
def test_small_order_or_twist_x25519_key_refused(
    u: int, registry: JWSRegistry, signer: OKPKey
) -> None:
    token = jws.serialize_compact({"alg": "XEd25519"}, b"p", signer, registry=registry)
    weak = OKPKey.import_key({"kty": "OKP", "crv": "X25519", "x": b64u(u.to_bytes(32, "little"))})
    with pytest.raises(KeyParameterError):
        jws.deserialize_compact(token, weak, registry=registry)


# --- algorithm confusion ------------------------------------------------------------------------


def test_alg_confusion_rejected(signer: OKPKey, verifier: OKPKey, private_key: PrivateKey) -> None:
    reg = isolated_registry(("XEd25519", "VXEd25519", "EdDSA", "Ed25519", "HS256", "none"))
    # An X25519 key is refused by the Edwards algorithms, for signing and for verifying.
    for alg in ("EdDSA", "Ed25519"):
        with pytest.raises(JoseError):
            jws.serialize_compact({"alg": alg}, b"p", signer, registry=reg)
        forged = resign('{"alg":"' + alg + '"}', b"p", "XEd25519", private_key)
        with pytest.raises(JoseError):
            jws.deserialize_compact(forged, verifier, registry=reg)
    # HS256 with the OKP key is refused by key type.
    with pytest.raises(InvalidKeyTypeError):
        jws.serialize_compact({"alg": "HS256"}, b"p", signer, registry=reg)
    # A valid XEd25519 signature relabelled VXEd25519 (and back) does not verify.
    xed = resign('{"alg":"VXEd25519"}', b"p", "XEd25519", private_key)
    with pytest.raises(BadSignatureError):
        jws.deserialize_compact(xed, verifier, registry=reg)
    vxed = resign('{"alg":"XEd25519"}', b"p", "VXEd25519", private_key)
    with pytest.raises((BadSignatureError, DecodeError)):
        jws.deserialize_compact(vxed, verifier, registry=reg)
    # "none" and unsigned tokens never pass with an allow-list of our algorithms.
    none_token = b64u(b'{"alg":"none"}') + "." + b64u(b"p") + "."
    with pytest.raises(JoseError):
        jws.deserialize_compact(none_token, verifier, algorithms=["XEd25519"])


def test_allow_list_is_required(global_registration: None, signer: OKPKey) -> None:
    # recommended = False: without an allow-list joserfc refuses our algorithms.
    with pytest.raises(UnsupportedAlgorithmError):
        jws.serialize_compact({"alg": "XEd25519"}, b"p", signer)
    assert "XEd25519" not in JWSRegistry.recommended
    assert "VXEd25519" not in JWSRegistry.recommended


# --- RFC 8037 cross-check: the signing input is the standard one -------------------------------


@pytest.mark.parametrize("edwards_alg", ["Ed25519", "EdDSA"])
def test_xed25519_jws_verifies_as_ed25519(
    edwards_alg: str, public_key: PublicKey, signer: OKPKey, registry: JWSRegistry
) -> None:
    edwards = Ed25519PublicKey.from_public_bytes(public_key.ed25519_public_bytes())
    # joserfc's own RFC 9864 "Ed25519" / RFC 8037 "EdDSA" model, registered under our name so
    # that the unchanged token (whose header says XEd25519) goes through its verify().
    original = JWSRegistry.algorithms[edwards_alg]

    class _Alias(JWSAlgModel):
        name = "XEd25519"
        description = "delegates to joserfc's Edwards model"
        key_type = "OKP"

        def sign(self, msg: bytes, key: Any) -> bytes:
            raise AssertionError("verification only")

        def verify(self, msg: bytes, sig: bytes, key: Any) -> bool:
            original.check_key(key)
            return original.verify(msg, sig, key)

    alias = _Alias()

    class _EdwardsRegistry(JWSRegistry):
        algorithms = {"XEd25519": alias}  # noqa: RUF012
        recommended: list[str] = []  # noqa: RUF012

    edwards_registry = _EdwardsRegistry(algorithms=["XEd25519"])
    edwards_jwk = OKPKey.import_key(
        {"kty": "OKP", "crv": "Ed25519", "x": b64u(public_key.ed25519_public_bytes())}
    )
    assert edwards_jwk.curve_name == "Ed25519"
    for i in range(16):
        payload = f"message {i}".encode()
        header = {"alg": "XEd25519", "kid": str(i)}
        token = jws.serialize_compact(header, payload, signer, registry=registry)
        signing_input, sig = token.rsplit(".", 1)
        # cryptography (OpenSSL) Ed25519 on the raw JWS Signing Input bytes.
        edwards.verify(unb64u(sig), signing_input.encode("ascii"))
        # joserfc's Ed25519 JWS verification with the converted key.
        obj = jws.deserialize_compact(token, edwards_jwk, registry=edwards_registry)
        assert obj.payload == payload
    # Negative control: the Edwards verifier rejects a tampered payload.
    header_segment, _, sig = token.split(".")
    with pytest.raises(BadSignatureError):
        jws.deserialize_compact(
            f"{header_segment}.{b64u(b'other')}.{sig}", edwards_jwk, registry=edwards_registry
        )


def test_vxed25519_vrf_output_matches_core(
    signer: OKPKey, public_key: PublicKey, registry: JWSRegistry
) -> None:
    token = jws.serialize_compact({"alg": "VXEd25519"}, b"vrf", signer, registry=registry)
    signing_input, sig = token.rsplit(".", 1)
    v = xeddsa.vxeddsa.verify(public_key, unb64u(sig), signing_input.encode())
    assert len(v) == 32


# --- JWT ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("alg", BOTH)
def test_jwt_with_claims_validation(
    alg: str, signer: OKPKey, verifier: OKPKey, registry: JWSRegistry
) -> None:
    now = int(time.time())
    claims = {"iss": "wg0", "sub": "peer", "iat": now, "exp": now + 60}
    token = jwt.encode({"alg": alg}, claims, signer, registry=registry)
    decoded = jwt.decode(token, verifier, registry=registry)
    assert decoded.claims == claims
    assert decoded.header["alg"] == alg
    jwt.JWTClaimsRegistry(iss={"essential": True, "value": "wg0"}).validate(decoded.claims)
    with pytest.raises(InvalidClaimError):
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": "other"}).validate(decoded.claims)
    expired = jwt.encode({"alg": alg}, {**claims, "exp": now - 3600}, signer, registry=registry)
    with pytest.raises(ExpiredTokenError):
        jwt.JWTClaimsRegistry().validate(jwt.decode(expired, verifier, registry=registry).claims)


@pytest.mark.parametrize("alg", BOTH)
def test_jwt_with_global_registration(
    alg: str, global_registration: None, signer: OKPKey, verifier: OKPKey
) -> None:
    token = jwt.encode({"alg": alg}, {"sub": "x"}, signer, algorithms=[alg])
    assert jwt.decode(token, verifier, algorithms=[alg]).claims == {"sub": "x"}


# --- key sets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("alg", BOTH)
def test_key_set_with_kid(
    alg: str, private_key: PrivateKey, other_private_key: PrivateKey, registry: JWSRegistry
) -> None:
    private_set = KeySet(
        [okp_key(private_key, kid="a", alg=alg), okp_key(other_private_key, kid="b", alg=alg)]
    )
    public_set = KeySet(
        [
            okp_key(private_key.public_key(), kid="a"),
            okp_key(other_private_key.public_key(), kid="b"),
        ]
    )
    for kid in ("a", "b"):
        token = jws.serialize_compact(
            {"alg": alg, "kid": kid}, b"ks", private_set, registry=registry
        )
        assert jws.deserialize_compact(token, public_set, registry=registry).payload == b"ks"
    # Random key choice (no kid) sets the kid itself.
    token = jws.serialize_compact({"alg": alg}, b"ks", private_set, registry=registry)
    kid = json.loads(unb64u(token.split(".")[0]))["kid"]
    assert kid in ("a", "b")
    assert jws.deserialize_compact(token, public_set, registry=registry).payload == b"ks"
    # A kid that names the wrong key fails; an unknown kid fails.
    a_token = jws.serialize_compact({"alg": alg, "kid": "a"}, b"ks", private_set, registry=registry)
    swapped = KeySet(
        [
            okp_key(private_key.public_key(), kid="b"),
            okp_key(other_private_key.public_key(), kid="a"),
        ]
    )
    with pytest.raises(BadSignatureError):
        jws.deserialize_compact(a_token, swapped, registry=registry)
    with pytest.raises(JoseError):
        jws.deserialize_compact(
            a_token, KeySet([okp_key(private_key.public_key(), kid="z")]), registry=registry
        )


def test_mixed_key_set_with_alg_on_keys(global_registration: None, private_key: PrivateKey) -> None:
    ed = OKPKey.generate_key("Ed25519", parameters={"alg": "Ed25519"})
    keys = KeySet([ed, okp_key(private_key, alg="XEd25519")])
    for _ in range(8):  # random choice must always land on the X25519 key
        token = jws.serialize_compact({"alg": "XEd25519"}, b"m", keys, algorithms=["XEd25519"])
        assert jws.deserialize_compact(token, keys, algorithms=["XEd25519"]).payload == b"m"


# --- registration -------------------------------------------------------------------------------


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return out.stdout.strip()


def test_import_registers_nothing() -> None:
    code = (
        "from joserfc.jws import JWSRegistry\n"
        "from joserfc.jwk import KeySet\n"
        "import jwt\n"
        "import xeddsa.jose, xeddsa.jose.pyjwt\n"
        "names = {'XEd25519', 'VXEd25519'}\n"
        "print(sorted(names & set(JWSRegistry.algorithms)),\n"
        "      sorted(names & set(KeySet.algorithm_keys)),\n"
        "      'XEd25519' in jwt.PyJWS().get_algorithms())\n"
    )
    assert _run(code) == "[] [] False"


def test_isolated_registry_leaves_global_state_alone() -> None:
    code = (
        "from joserfc import jws\n"
        "from joserfc.jws import JWSRegistry\n"
        "from joserfc.jwk import KeySet\n"
        "from xeddsa import PrivateKey\n"
        "from xeddsa.jose import isolated_registry, okp_key\n"
        "reg = isolated_registry()\n"
        "key = okp_key(PrivateKey.generate())\n"
        "t = jws.serialize_compact({'alg': 'XEd25519'}, b'x', key, registry=reg)\n"
        "assert jws.deserialize_compact(t, key, registry=reg).payload == b'x'\n"
        "try:\n"
        "    jws.serialize_compact({'alg': 'XEd25519'}, b'x', key, algorithms=['XEd25519'])\n"
        "except Exception as e:\n"
        "    print(type(e).__name__)\n"
        "print('XEd25519' in JWSRegistry.algorithms, 'XEd25519' in KeySet.algorithm_keys)\n"
    )
    assert _run(code).splitlines() == ["UnsupportedAlgorithmError", "False False"]


def test_register_is_idempotent() -> None:
    code = (
        "from joserfc.jws import JWSRegistry\n"
        "from joserfc.jwk import KeySet\n"
        "from xeddsa.jose import register_algorithms\n"
        "register_algorithms()\n"
        "first = dict(JWSRegistry.algorithms); rec = list(JWSRegistry.recommended)\n"
        "register_algorithms(); register_algorithms()\n"
        "assert JWSRegistry.algorithms == first and JWSRegistry.recommended == rec\n"
        "assert all(JWSRegistry.algorithms[n] is first[n] for n in first)\n"
        "print(type(JWSRegistry.algorithms['XEd25519']).__name__,\n"
        "      KeySet.algorithm_keys['VXEd25519'])\n"
    )
    assert _run(code) == "XEd25519 ['OKP']"


def test_register_on_custom_registry_class() -> None:
    class Mine(JWSRegistry):
        algorithms = dict(JWSRegistry.algorithms)  # noqa: RUF012
        recommended = list(JWSRegistry.recommended)  # noqa: RUF012

    register_algorithms(Mine)
    register_algorithms(Mine)
    assert isinstance(Mine.algorithms["XEd25519"], XEd25519)
    assert isinstance(Mine.algorithms["VXEd25519"], VXEd25519)


def test_register_refuses_unsafe_targets() -> None:
    class Shared(JWSRegistry):
        pass  # inherits JWSRegistry.algorithms: registering would be global

    with pytest.raises(TypeError, match="shares"):
        register_algorithms(Shared)
    with pytest.raises(TypeError):
        register_algorithms(JWSRegistry())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        register_algorithms(dict)  # type: ignore[arg-type]

    class Taken(JWSRegistry):
        algorithms = {"XEd25519": JWSRegistry.algorithms["Ed25519"]}  # noqa: RUF012
        recommended: list[str] = []  # noqa: RUF012

    with pytest.raises(ValueError, match="different"):
        register_algorithms(Taken)
    assert "VXEd25519" not in Taken.algorithms  # nothing half-registered


def test_isolated_registry_arguments() -> None:
    with pytest.raises(ValueError):
        isolated_registry(())
    with pytest.raises(ValueError):
        isolated_registry("XEd25519")
    with pytest.raises(ValueError, match="unknown"):
        isolated_registry(("XEd25519", "Nope"))
    only_x = isolated_registry(("XEd25519",))
    with pytest.raises(UnsupportedAlgorithmError):
        only_x.get_alg("VXEd25519")


def test_private_okp_key_whose_x_is_not_its_d_is_refused() -> None:
    """Found in review; this test failed before the fix."""
    confused, _ = private_okp_with_foreign_x()
    with pytest.raises(InvalidKey, match="not the public key of its 'd'"):
        public_key_from_okp(confused)


@pytest.mark.parametrize("alg", ["XEd25519", "VXEd25519"])
def test_mismatched_private_key_cannot_verify_the_other_partys_tokens(alg: str) -> None:
    """Found in review; this test failed before the fix."""
    confused, mallory = private_okp_with_foreign_x()
    registry = isolated_registry(algorithms=[alg])
    token = jws.serialize_compact({"alg": alg}, b"hi", okp_key(mallory), registry=registry)
    with pytest.raises(JoseError):
        jws.deserialize_compact(token, confused, registry=registry)
    if alg == "VXEd25519":
        with pytest.raises(InvalidKey, match="not the public key of its 'd'"):
            verify_vxed25519(token, confused)


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
    with pytest.raises(BadSignatureError):
        jws.deserialize_json(value, verifier, registry=registry)  # type: ignore[call-overload]


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
