"""Regression tests for the JOSE review findings; each failed before its fix."""

from __future__ import annotations

import base64
import json

import jwt
import pytest
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from xeddsa import InvalidKey, PrivateKey, vxeddsa
from xeddsa.jose import (
    isolated_registry,
    okp_key,
    private_key_to_jwk,
    public_key_from_okp,
    verify_vxed25519,
)
from xeddsa.jose.pyjwt import XEd25519PyJWTAlgorithm, register_pyjwt


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _alice_d_with_mallory_x() -> tuple[OKPKey, PrivateKey]:
    alice, mallory = PrivateKey.generate(), PrivateKey.generate()
    jwk = dict(private_key_to_jwk(alice))
    jwk["x"] = private_key_to_jwk(mallory)["x"]
    return OKPKey.import_key(jwk), mallory


def test_private_okp_key_whose_x_is_not_its_d_is_refused() -> None:
    confused, _ = _alice_d_with_mallory_x()
    with pytest.raises(InvalidKey, match="not the public key of its 'd'"):
        public_key_from_okp(confused)


@pytest.mark.parametrize("alg", ["XEd25519", "VXEd25519"])
def test_mismatched_private_key_cannot_verify_the_other_partys_tokens(alg: str) -> None:
    confused, mallory = _alice_d_with_mallory_x()
    registry = isolated_registry(algorithms=[alg])
    token = jws.serialize_compact({"alg": alg}, b"hi", okp_key(mallory), registry=registry)
    with pytest.raises(JoseError):
        jws.deserialize_compact(token, confused, registry=registry)
    if alg == "VXEd25519":
        with pytest.raises(InvalidKey, match="not the public key of its 'd'"):
            verify_vxed25519(token, confused)


def test_pyjwt_refuses_a_jwk_bound_to_the_other_algorithm() -> None:
    key = PrivateKey.generate()
    jwk = dict(private_key_to_jwk(key))
    jwk.pop("d")
    jwk["alg"] = "VXEd25519"
    with pytest.raises(jwt.exceptions.InvalidKeyError, match="is not 'XEd25519'"):
        XEd25519PyJWTAlgorithm.from_jwk(json.dumps(jwk))
    jwk["alg"] = "XEd25519"
    assert XEd25519PyJWTAlgorithm.from_jwk(jwk) == key.public_key()


def test_pyjwt_decode_with_a_vxed25519_bound_jwk_fails() -> None:
    key = PrivateKey.generate()
    pyjwt = jwt.PyJWT()
    register_pyjwt(pyjwt)
    token = pyjwt.encode({"sub": "x"}, key, algorithm="XEd25519")
    jwk = dict(private_key_to_jwk(key))
    jwk.pop("d")
    jwk["alg"] = "VXEd25519"
    with pytest.raises(jwt.exceptions.InvalidKeyError):
        pyjwt.decode(token, XEd25519PyJWTAlgorithm.from_jwk(jwk), algorithms=["XEd25519"])


def test_vrf_result_exposes_the_exact_protected_header_octets() -> None:
    key = PrivateKey.generate()
    registry = isolated_registry(algorithms=["VXEd25519"])
    outputs = {}
    for header in (b'{"alg":"VXEd25519"}', b'{"alg": "VXEd25519"}'):
        # Build the JWS by hand so the protected header keeps these exact octets.
        signing_input = f"{_b64url(header)}.{_b64url(b'payload')}".encode()
        signature = vxeddsa.sign(key, signing_input)
        token = f"{signing_input.decode()}.{_b64url(signature)}"
        result = verify_vxed25519(token, key.public_key(), registry=registry)
        assert result.protected_raw == header
        assert result.protected == {"alg": "VXEd25519"}
        outputs[header] = result.vrf_output
    # Equal parsed headers, different octets: different outputs. Hence protected_raw.
    assert len(set(outputs.values())) == 2
