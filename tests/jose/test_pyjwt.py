"""The PyJWT adapter for XEd25519: round trips, claims, isolation, alg confusion, key handling."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from tests.jose.support import LOW_ORDER_U, b64u, signing_input, unb64u
from xeddsa import InvalidKey, PrivateKey, PublicKey
from xeddsa.jose import (
    private_key_to_jwk,
    public_key_to_jwk,
)
from xeddsa.jose.pyjwt import ALGORITHM, XEd25519PyJWTAlgorithm, register_pyjwt


@pytest.fixture
def private_jwt() -> jwt.PyJWT:
    """A private PyJWT instance with XEd25519; PyJWT's module-level default stays untouched."""
    instance = jwt.PyJWT()
    register_pyjwt(instance)
    return instance


def resign(header_json: str, payload: bytes, key: PrivateKey) -> str:
    signing_input = f"{b64u(header_json.encode())}.{b64u(payload)}"
    return f"{signing_input}.{b64u(key.sign(signing_input.encode()))}"


def test_round_trip_private_instance(
    private_jwt: jwt.PyJWT, private_key: PrivateKey, public_key: PublicKey
) -> None:
    claims = {"sub": "peer", "n": 1}
    token = private_jwt.encode(claims, private_key, algorithm=ALGORITHM)  # type: ignore[arg-type]
    header = json.loads(unb64u(token.split(".")[0]))
    assert header["alg"] == "XEd25519"
    assert private_jwt.decode(token, public_key, algorithms=[ALGORITHM]) == claims  # type: ignore[arg-type]
    # A JWK dict, JWK text and cryptography keys work as keys too.
    for key in (
        public_key_to_jwk(public_key),
        json.dumps(public_key_to_jwk(public_key)),
        public_key.to_cryptography(),
        private_key.to_cryptography(),
        private_key,
    ):
        assert private_jwt.decode(token, key, algorithms=[ALGORITHM]) == claims  # type: ignore[arg-type]
    token2 = private_jwt.encode(claims, private_key.to_cryptography(), algorithm=ALGORITHM)  # type: ignore[arg-type]
    assert private_jwt.decode(token2, public_key, algorithms=[ALGORITHM]) == claims  # type: ignore[arg-type]


def test_claims_validation(
    private_jwt: jwt.PyJWT, private_key: PrivateKey, public_key: PublicKey
) -> None:
    now = int(time.time())
    expired = private_jwt.encode({"exp": now - 3600}, private_key, algorithm=ALGORITHM)  # type: ignore[arg-type]
    with pytest.raises(jwt.ExpiredSignatureError):
        private_jwt.decode(expired, public_key, algorithms=[ALGORITHM])  # type: ignore[arg-type]
    token = private_jwt.encode(
        {"aud": "wg0", "iss": "me", "exp": now + 60},
        private_key,  # type: ignore[arg-type]
        algorithm=ALGORITHM,
    )
    opts: dict[str, Any] = {"audience": "wg0", "issuer": "me"}
    assert private_jwt.decode(token, public_key, algorithms=[ALGORITHM], **opts)["aud"] == "wg0"  # type: ignore[arg-type]
    with pytest.raises(jwt.InvalidAudienceError):
        private_jwt.decode(token, public_key, algorithms=[ALGORITHM], audience="other")  # type: ignore[arg-type]


def test_tampering_and_wrong_key(
    private_jwt: jwt.PyJWT,
    private_key: PrivateKey,
    public_key: PublicKey,
    other_private_key: PrivateKey,
) -> None:
    token = private_jwt.encode({"sub": "a"}, private_key, algorithm=ALGORITHM)  # type: ignore[arg-type]
    header, payload, sig = token.split(".")
    raw = bytearray(unb64u(sig))
    raw[5] ^= 1
    other_payload = b64u(b'{"sub":"b"}')
    bad = [
        f"{header}.{other_payload}.{sig}",
        f"{header}.{payload}.{b64u(bytes(raw))}",
        f"{header}.{payload}.{b64u(unb64u(sig)[:-1])}",
    ]
    for t in bad:
        with pytest.raises(jwt.InvalidSignatureError):
            private_jwt.decode(t, public_key, algorithms=[ALGORITHM])  # type: ignore[arg-type]
    with pytest.raises(jwt.InvalidSignatureError):
        private_jwt.decode(token, other_private_key.public_key(), algorithms=[ALGORITHM])  # type: ignore[arg-type]


def test_strict_header_recheck(
    private_jwt: jwt.PyJWT, private_key: PrivateKey, public_key: PublicKey
) -> None:
    # PyJWT's json.loads keeps the last duplicate and accepts NaN; the adapter refuses both.
    for header in ('{"alg":"XEd25519","alg":"XEd25519"}', '{"alg":"XEd25519","x":NaN}'):
        token = resign(header, b'{"sub":"a"}', private_key)
        with pytest.raises(jwt.InvalidSignatureError):
            private_jwt.decode(token, public_key, algorithms=[ALGORITHM])  # type: ignore[arg-type]
    ok = resign('{"alg":"XEd25519","x":1}', b'{"sub":"a"}', private_key)
    assert private_jwt.decode(ok, public_key, algorithms=[ALGORITHM]) == {"sub": "a"}  # type: ignore[arg-type]


def test_alg_confusion(
    private_jwt: jwt.PyJWT, private_key: PrivateKey, public_key: PublicKey
) -> None:
    payload = b'{"sub":"a"}'
    hs = jwt.encode({"sub": "a"}, public_key.public_bytes(), algorithm="HS256")
    none = b64u(b'{"alg":"none"}') + "." + b64u(payload) + "."
    ed_key = Ed25519PrivateKey.generate()
    eddsa = jwt.encode({"sub": "a"}, ed_key, algorithm="EdDSA")
    for token in (hs, none, eddsa):
        with pytest.raises(jwt.InvalidAlgorithmError):
            private_jwt.decode(token, public_key, algorithms=[ALGORITHM])  # type: ignore[arg-type]
    # An XEd25519 signature relabelled EdDSA: refused by the allow-list ...
    relabelled = resign('{"alg":"EdDSA"}', payload, private_key)
    with pytest.raises(jwt.InvalidAlgorithmError):
        private_jwt.decode(relabelled, public_key, algorithms=[ALGORITHM])  # type: ignore[arg-type]
    # ... and, even if EdDSA were allowed, PyJWT's EdDSA refuses the xeddsa key object.
    with pytest.raises(jwt.PyJWTError):
        private_jwt.decode(relabelled, public_key, algorithms=[ALGORITHM, "EdDSA"])  # type: ignore[arg-type]
    # The adapter itself refuses a header whose alg is not XEd25519.
    algo = XEd25519PyJWTAlgorithm()
    signing_input = relabelled.rsplit(".", 1)[0].encode()
    assert not algo.verify(signing_input, public_key, unb64u(relabelled.rsplit(".", 1)[1]))
    with pytest.raises(jwt.InvalidKeyError):
        algo.sign(signing_input, private_key)


def test_pyjwt_token_verifies_as_ed25519(private_jwt: jwt.PyJWT, private_key: PrivateKey) -> None:
    edwards = Ed25519PublicKey.from_public_bytes(private_key.public_key().ed25519_public_bytes())
    token = private_jwt.encode({"sub": "a"}, private_key, algorithm=ALGORITHM)  # type: ignore[arg-type]
    signing_input, sig = token.rsplit(".", 1)
    edwards.verify(unb64u(sig), signing_input.encode())
    # And PyJWT's own EdDSA implementation agrees on the same bytes.
    eddsa = jwt.get_algorithm_by_name("EdDSA")
    assert eddsa.verify(signing_input.encode(), edwards, unb64u(sig))
    assert not eddsa.verify(signing_input.encode() + b"x", edwards, unb64u(sig))


def test_key_handling(private_key: PrivateKey, public_key: PublicKey) -> None:
    algo = XEd25519PyJWTAlgorithm()
    for bad in (
        b"\x00" * 32,
        "SGUqCtyzpKqCQMRBBnGGgN5+LKk5Hs20bbh1a1yANW4=",  # WireGuard text: load it explicitly
        "-----BEGIN PRIVATE KEY-----",
        Ed25519PrivateKey.generate(),
        None,
        42,
        {"kty": "OKP", "crv": "Ed25519", "x": b64u(bytes(32))},
        {**public_key_to_jwk(public_key), "use": "enc"},
        {"kty": "OKP", "crv": "X25519", "x": b64u(bytes(32))},  # small order
    ):
        with pytest.raises(jwt.InvalidKeyError):
            algo.prepare_key(bad)
    with pytest.raises(jwt.InvalidKeyError):
        algo.sign(b"e30.e30", public_key)  # a public key cannot sign


def test_jwk_conversion(private_key: PrivateKey, public_key: PublicKey) -> None:
    algo = XEd25519PyJWTAlgorithm
    public_jwk = algo.to_jwk(public_key, as_dict=True)
    assert public_jwk == public_key_to_jwk(public_key, alg="XEd25519")
    assert algo.from_jwk(public_jwk) == public_key
    assert algo.from_jwk(algo.to_jwk(public_key)) == public_key
    private_jwk = algo.to_jwk(private_key, as_dict=True)
    assert private_jwk == private_key_to_jwk(private_key, alg="XEd25519")
    assert algo.from_jwk(json.dumps(private_jwk)) == private_key
    with pytest.raises(jwt.InvalidKeyError):
        algo.to_jwk(b"key")
    for bad in ('{"kty":"OKP","kty":"OKP"}', "[]", {"kty": "RSA"}, "not json"):
        with pytest.raises(jwt.InvalidKeyError):
            algo.from_jwk(bad)


def test_register_is_idempotent_and_isolated() -> None:
    jws = jwt.PyJWS()
    register_pyjwt(jws)
    register_pyjwt(jws)
    assert isinstance(jws.get_algorithm_by_name(ALGORITHM), XEd25519PyJWTAlgorithm)
    assert ALGORITHM in jws.get_algorithms()
    assert ALGORITHM not in jwt.PyJWS().get_algorithms()

    taken = jwt.PyJWS()
    taken.register_algorithm(ALGORITHM, jwt.get_algorithm_by_name("HS256"))
    with pytest.raises(ValueError, match="different"):
        register_pyjwt(taken)
    with pytest.raises(TypeError):
        register_pyjwt("global")  # type: ignore[arg-type]


def test_global_registration_in_subprocess() -> None:
    code = (
        "import jwt\n"
        "from xeddsa import PrivateKey\n"
        "from xeddsa.jose.pyjwt import register_pyjwt\n"
        "assert 'XEd25519' not in jwt.api_jws._jws_global_obj.get_algorithms()\n"
        "register_pyjwt(); register_pyjwt()\n"
        "key = PrivateKey.generate()\n"
        "token = jwt.encode({'sub': 'alice'}, key, algorithm='XEd25519')\n"
        "print(jwt.decode(token, key.public_key(), algorithms=['XEd25519']))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "{'sub': 'alice'}"


def test_pyjwt_refuses_a_jwk_bound_to_the_other_algorithm() -> None:
    """Found in review; this test failed before the fix."""
    key = PrivateKey.generate()
    jwk = dict(private_key_to_jwk(key))
    jwk.pop("d")
    jwk["alg"] = "VXEd25519"
    with pytest.raises(jwt.exceptions.InvalidKeyError, match="is not 'XEd25519'"):
        XEd25519PyJWTAlgorithm.from_jwk(json.dumps(jwk))
    jwk["alg"] = "XEd25519"
    assert XEd25519PyJWTAlgorithm.from_jwk(jwk) == key.public_key()


def test_pyjwt_decode_with_a_vxed25519_bound_jwk_fails() -> None:
    """Found in review; this test failed before the fix."""
    key = PrivateKey.generate()
    pyjwt = jwt.PyJWT()
    register_pyjwt(pyjwt)
    token = pyjwt.encode({"sub": "x"}, key, algorithm="XEd25519")  # type: ignore[arg-type]
    jwk = dict(private_key_to_jwk(key))
    jwk.pop("d")
    jwk["alg"] = "VXEd25519"
    with pytest.raises(jwt.exceptions.InvalidKeyError):
        pyjwt.decode(token, XEd25519PyJWTAlgorithm.from_jwk(jwk), algorithms=["XEd25519"])  # type: ignore[arg-type]


def test_pyjwt_cryptography_public_key_refused_by_strict_import(private_key: PrivateKey) -> None:
    low_order = X25519PublicKey.from_public_bytes(LOW_ORDER_U)
    with pytest.raises(jwt.exceptions.InvalidKeyError, match="small order") as info:
        XEd25519PyJWTAlgorithm().prepare_key(low_order)
    assert isinstance(info.value.__cause__, InvalidKey)
    # And the same through jwt.decode on a private PyJWT instance.
    local = jwt.PyJWT()
    register_pyjwt(local)
    token = local.encode({"sub": "a"}, private_key, algorithm="XEd25519")  # type: ignore[arg-type]
    with pytest.raises(jwt.exceptions.InvalidKeyError, match="small order"):
        local.decode(token, low_order, algorithms=["XEd25519"])  # type: ignore[arg-type]


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
