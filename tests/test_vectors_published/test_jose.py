"""The JOSE examples: JWKs, RFC 7638 thumbprints and compact JWS verify with xeddsa.jose."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import nacl.bindings
import nacl.exceptions
import pytest

import xeddsa
from test_vectors.tools.jose_vectors import library_verdict
from tests.curve import reference as ref
from tests.test_vectors_published._published_vectors import Pair, case_id, cases, h, load
from xeddsa import hazmat
from xeddsa.jose import (
    jwk_thumbprint,
    private_key_from_jwk,
    public_key_from_jwk,
    verify_vxed25519,
)

JWK = cases("jose/jwk.json")
JWS = cases("jose/jws.json")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _public_key() -> xeddsa.PublicKey:
    jwk = next(c["jwk"] for g, c in JWK if g["type"] == "JWK" and "d" not in c["jwk"])
    return public_key_from_jwk(jwk)


@pytest.mark.parametrize("pair", JWK, ids=[case_id(p) for p in JWK])
def test_jwk(pair: Pair) -> None:
    _group, case = pair
    jwk = case["jwk"]
    # A JWK is valid when it imports for the algorithm its alg names (any, if it names none).
    alg = jwk.get("alg") if jwk.get("alg") in ("XEd25519", "VXEd25519") else None
    if case["result"] == "invalid":
        load_key = private_key_from_jwk if "d" in jwk else public_key_from_jwk
        with pytest.raises(xeddsa.InvalidKey):
            load_key(jwk, alg=alg)
        return
    if "d" in jwk:
        key = private_key_from_jwk(jwk, alg=alg)
        assert key.public_key().public_bytes().hex() == case["u"]
        assert key.public_key().ed25519_public_bytes().hex() == case["A"]
        assert jwk_thumbprint(key) == case["thumbprint"]
        digest = hashlib.sha256(case["thumbprintInput"].encode("ascii")).digest()
        assert b64url(digest) == case["thumbprint"]
        # "d" is published unclamped; k = clamp(d) is the signing scalar (draft, Key
        # Representation). Using d without clamping gives another key, so the vector catches it.
        d = h(case["d"])
        assert b64url(d) == jwk["d"]
        assert ref.clamp(d).to_bytes(32, "little").hex() == case["k"]
        assert case["k"] != case["d"]
        with xeddsa.use_backend("pure"):
            A = hazmat.calculate_key_pair(h(case["k"]))[0]
            assert A.hex() == case["A"]
            assert hazmat.calculate_key_pair(d)[0] == A  # hazmat clamps too
        unclamped = bytearray(
            ref.encode(ref.mul(int.from_bytes(d, "little"), ref.B))
        )
        unclamped[31] &= 0x7F
        assert bytes(unclamped).hex() != case["A"]
    else:
        # A JWK with "alg" loads only for that algorithm (the loaded key drops the binding).
        assert jwk_thumbprint(public_key_from_jwk(jwk, alg=jwk.get("alg"))) == case["thumbprint"]
    if "kid" in jwk:
        assert jwk["kid"] == case["thumbprint"]


def test_jws_groups_join_jwk_json_by_key_label() -> None:
    data = load("jose/jws.json")
    assert data["keyFile"] == "jose/jwk.json"
    jwk_groups = {g["keyLabel"]: g for g in load("jose/jwk.json")["testGroups"] if "keyLabel" in g}
    for group in data["testGroups"]:
        public = [c["jwk"] for c in jwk_groups[group["keyLabel"]]["tests"] if "d" not in c["jwk"]]
        assert group["jwk"] in public


def _segments(case: dict[str, Any]) -> tuple[str, str]:
    """(signing input, signature segment) of a compact or flattened JSON case."""
    if "jws" in case:
        head, payload, sig = case["jws"].split(".")
        return f"{head}.{payload}", sig
    obj = case["jwsJson"]
    return f"{obj['protected']}.{obj['payload']}", obj["signature"]


@pytest.mark.parametrize("pair", JWS, ids=[case_id(p) for p in JWS])
def test_jws_fields_are_consistent(backend: str, pair: Pair) -> None:
    _group, case = pair
    protected = json.loads(case["protected"])
    payload = case["payload"]
    if protected.get("b64") is not False:
        payload = b64url(payload.encode())
    signing_input = f"{b64url(case['protected'].encode())}.{payload}"
    assert case["signingInput"] == signing_input
    assert _segments(case)[0] == signing_input
    sig = h(case["sig"])
    flags = set(case["flags"])
    if not flags & {"padded_signature", "nonzero_trailing_bits"}:
        assert _segments(case)[1] == b64url(sig)
    if "V" in case:
        assert case["V"] + case["h"] + case["s"] == case["sig"]
    vx = protected.get("alg") == "VXEd25519"
    assert ("vrf" in case) == (case["result"] == "valid" and vx)
    key = private_key_from_jwk(next(c["jwk"] for _, c in JWK if "d" in c["jwk"]))
    k = key.private_bytes()
    if flags & {"s_plus_q", "bitflip_R"}:
        return
    if vx:
        resigned, v = hazmat.vxeddsa_sign(k, signing_input.encode(), h(case["Z"]))
        assert resigned == sig
        assert v.hex() == case.get("vrf", v.hex())
    else:  # XEd25519, the EdDSA header of the confusion cases, alg only in the unprotected header
        assert hazmat.xeddsa_sign(k, signing_input.encode(), h(case["Z"])) == sig


@pytest.mark.parametrize("pair", JWS, ids=[case_id(p) for p in JWS])
def test_jws_verdict_of_xeddsa_jose(backend: str, pair: Pair) -> None:
    """xeddsa.jose (joserfc models for XEd25519, verify_vxed25519 with the fixed-header rule)
    reaches every published verdict, on both backends."""
    group, case = pair
    assert library_verdict(case, group["jwk"]) == case["result"], case["comment"]


def test_jws_vrf_outputs_come_from_verify_vxed25519() -> None:
    public = _public_key()
    checked = 0
    for _, case in JWS:
        if "vrf" in case:
            assert verify_vxed25519(case["jws"], public).vrf_output.hex() == case["vrf"]
            checked += 1
    assert checked >= 4


def test_every_jose_must_has_a_negative_case() -> None:
    invalid = {f for _, c in JWS if c["result"] == "invalid" for f in c["flags"]}
    assert invalid >= {
        "alg_confusion",
        "wrong_crv",
        "jwk_alg_mismatch",
        "jwk_use_mismatch",
        "jwk_key_ops_mismatch",
        "alg_unprotected",
        "padded_signature",
        "nonzero_trailing_bits",
        "crit",
        "fixed_protected_header",
        "s_plus_q",
    }


def test_xed25519_jws_verifies_as_ed25519_under_the_converted_key() -> None:
    A = h(next(c["A"] for _, c in JWK if "A" in c))
    checked = 0
    for _, case in JWS:
        if len(h(case["sig"])) != 64:
            continue
        sm = h(case["sig"]) + case["signingInput"].encode()
        if set(case["flags"]) & {"s_plus_q", "bitflip_R"}:
            with pytest.raises(nacl.exceptions.BadSignatureError):
                nacl.bindings.crypto_sign_open(sm, A)
        else:  # every other XEd25519 signature is an Ed25519 signature: the JOSE rules reject
            nacl.bindings.crypto_sign_open(sm, A)
            checked += 1
    assert checked >= 10


def test_vrf_output_per_signing_input() -> None:
    outputs: dict[str, set[str]] = {}
    for _, case in JWS:
        if case.get("vrf"):
            outputs.setdefault(case["signingInput"], set()).add(case["vrf"])
    assert len(outputs) >= 2
    assert all(len(v) == 1 for v in outputs.values())
    assert len({next(iter(v)) for v in outputs.values()}) == len(outputs)
    assert load("jose/jws.json")["verificationPolicy"] == "strict"
