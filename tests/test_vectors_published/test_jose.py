"""The JOSE examples: JWKs, RFC 7638 thumbprints and compact JWS verify with xeddsa.jose."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import nacl.bindings
import nacl.exceptions
import pytest
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

import xeddsa
from tests.curve import reference as ref
from tests.test_vectors_published._published_vectors import case_id, cases, h, load
from xeddsa import hazmat
from xeddsa.jose import (
    isolated_registry,
    jwk_thumbprint,
    private_key_from_jwk,
    public_key_from_jwk,
    verify_vxed25519,
)

JWK = cases("jose/jwk.json")
JWS = cases("jose/jws.json")
Pair = tuple[dict[str, Any], dict[str, Any]]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _public_key() -> xeddsa.PublicKey:
    jwk = next(c["jwk"] for g, c in JWK if g["type"] == "JWK" and "d" not in c["jwk"])
    return public_key_from_jwk(jwk)


@pytest.mark.parametrize("pair", JWK, ids=[case_id(p) for p in JWK])
def test_jwk(pair: Pair) -> None:
    _group, case = pair
    jwk = case["jwk"]
    if case["result"] == "invalid":
        with pytest.raises(xeddsa.InvalidKey):
            public_key_from_jwk(jwk)
        return
    if "d" in jwk:
        key = private_key_from_jwk(jwk)
        assert key.public_key().public_bytes().hex() == case["u"]
        assert key.public_key().ed25519_public_bytes().hex() == case["ed25519PublicKey"]
        assert jwk_thumbprint(key) == case["thumbprint"]
        digest = hashlib.sha256(case["thumbprintInput"].encode("ascii")).digest()
        assert b64url(digest) == case["thumbprint"]
        # "d" is published unclamped; k = clamp(d) is the signing scalar (draft, Key
        # Representation). Using d without clamping gives another key, so the vector catches it.
        d = h(case["d"])
        assert b64url(d) == jwk["d"]
        assert ref.clamp(d).to_bytes(32, "little").hex() == case["kClamped"]
        assert case["kClamped"] != case["d"]
        with xeddsa.use_backend("pure"):
            A = hazmat.calculate_key_pair(h(case["kClamped"]))[0]
            assert A.hex() == case["ed25519PublicKey"]
            assert hazmat.calculate_key_pair(d)[0] == A  # hazmat clamps too
        unclamped = bytearray(
            ref.encode(ref.mul(int.from_bytes(d, "little"), ref.B))
        )
        unclamped[31] &= 0x7F
        assert bytes(unclamped).hex() != case["ed25519PublicKey"]
    else:
        assert jwk_thumbprint(public_key_from_jwk(jwk)) == case["thumbprint"]
    if "kid" in jwk:
        assert jwk["kid"] == case["thumbprint"]


@pytest.mark.parametrize("pair", JWS, ids=[case_id(p) for p in JWS])
def test_jws_fields_are_consistent(backend: str, pair: Pair) -> None:
    _group, case = pair
    signing_input = f"{b64url(case['protected'].encode())}.{b64url(case['payload'].encode())}"
    assert case["signingInput"] == signing_input
    sig = h(case["signature"])
    assert case["jws"] == f"{signing_input}.{b64url(sig)}"
    key = private_key_from_jwk(next(c["jwk"] for _, c in JWK if "d" in c["jwk"]))
    k = key.private_bytes()
    alg = json.loads(case["protected"])["alg"]
    if case["result"] == "valid":
        if alg == "XEd25519":
            assert hazmat.xeddsa_sign(k, signing_input.encode(), h(case["Z"])) == sig
        else:
            resigned, v = hazmat.vxeddsa_sign(k, signing_input.encode(), h(case["Z"]))
            assert resigned == sig and v.hex() == case["vrf"]


@pytest.mark.parametrize("pair", JWS, ids=[case_id(p) for p in JWS])
def test_jws_verifies_with_joserfc_models(pair: Pair) -> None:
    _, case = pair
    public = _public_key()
    okp = OKPKey.import_key({"kty": "OKP", "crv": "X25519", "x": b64url(public.public_bytes())})
    registry = isolated_registry()
    alg = json.loads(case["protected"])["alg"]
    if case["result"] == "valid":
        obj = jws.deserialize_compact(case["jws"], okp, registry=registry)
        assert obj.payload == case["payload"].encode()
        if alg == "VXEd25519":
            assert verify_vxed25519(case["jws"], public).vrf_output.hex() == case["vrf"]
    else:
        with pytest.raises(JoseError):
            jws.deserialize_compact(case["jws"], okp, registry=registry)
        if alg == "VXEd25519":
            with pytest.raises(xeddsa.InvalidSignature):
                verify_vxed25519(case["jws"], public)


def test_xed25519_jws_verifies_as_ed25519_under_the_converted_key() -> None:
    A = h(next(c["ed25519PublicKey"] for _, c in JWK if "ed25519PublicKey" in c))
    checked = 0
    for _, case in JWS:
        if json.loads(case["protected"])["alg"] != "XEd25519":
            continue
        sm = h(case["signature"]) + case["signingInput"].encode()
        if case["result"] == "valid":
            nacl.bindings.crypto_sign_open(sm, A)
            checked += 1
        else:
            with pytest.raises(nacl.exceptions.BadSignatureError):
                nacl.bindings.crypto_sign_open(sm, A)
    assert checked >= 2


def test_vrf_output_per_signing_input() -> None:
    outputs: dict[str, set[str]] = {}
    for _, case in JWS:
        if case.get("vrf"):
            outputs.setdefault(case["signingInput"], set()).add(case["vrf"])
    assert len(outputs) >= 2
    assert all(len(v) == 1 for v in outputs.values())
    assert len({next(iter(v)) for v in outputs.values()}) == len(outputs)
    assert load("jose/jws.json")["verificationPolicy"] == "strict"
