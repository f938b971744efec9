"""Every fact flag of every published case is recomputed here from the case's bytes.

The generator derives these flags (``test_vectors/tools/facts.py``); this test states each
definition again, separately, on :mod:`test_vectors.tools.ref25519`, and fails when a file's
flags and its bytes drift apart (a flag missing, or set where the fact does not hold).
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest

from test_vectors.tools import ref25519 as ref
from test_vectors.tools.facts import FACT_FLAGS
from tests.test_vectors_published._published_vectors import (
    FILES,
    REPO_ROOT,
    VECTOR_DIR,
    cases,
    h,
    load,
)

P, Q = ref.P, ref.Q
FACTS = FACT_FLAGS  # the names; each definition is restated below
#: u-coordinates of the points of order dividing 8: E[8] of the curve (the identity has none)
#: and the 4-torsion of the twist, whose only points besides u = 0 have u = -1.
SMALL_ORDER_US = {int.from_bytes(ref.u_of_point(t), "little") for t in ref.torsion_points()[1:]}
SMALL_ORDER_US |= {0, P - 1}


def _le(data: bytes) -> int:
    return int.from_bytes(data, "little")


def key_facts(u: bytes) -> set[str]:
    if len(u) != 32:
        return {"wrong_length_u"}
    n, out = _le(u), set()
    if n >= 2**255:
        out.add("u_top_bit")
    if n >= P:
        return out | {"u_ge_p"}
    if pow((n**3 + ref.MONT_A * n * n + n) % P, (P - 1) // 2, P) == P - 1:
        out.add("twist_u")
    if n in SMALL_ORDER_US:
        out.add("small_order_u")
    A = ref.decode(ref.convert_mont(u))
    if A is not None and ref.equal(ref.mul(8, A), ref.IDENTITY):
        out.add("low_order_A")
    elif A is not None and not ref.equal(ref.mul(Q, A), ref.IDENTITY):
        out.add("mixed_order_A")
    return out


def point_facts(enc: bytes, name: str) -> set[str]:
    pt = ref.decode(enc)
    if pt is None:
        return {f"{name}_not_on_curve"}
    out, y = set(), _le(enc) % 2**255
    if y >= P or (ref.affine(pt)[0] == 0 and enc[31] >> 7):
        out.add(f"noncanonical_{name}")
    if ref.equal(ref.mul(8, pt), ref.IDENTITY):
        out.add(f"low_order_{name}")
    elif not ref.equal(ref.mul(Q, pt), ref.IDENTITY):
        out.add(f"mixed_order_{name}")
    return out


def _scalar(value: int, name: str) -> set[str]:
    out = set()
    if value >= Q:
        out.add(f"{name}_ge_q")
    if value >= 2**253:
        out.add(f"{name}_ge_2_253")
    return out


def signature_facts(sig: bytes, size: int) -> set[str]:
    if len(sig) != size:
        return {"wrong_length"}
    if size == 64:
        return point_facts(sig[:32], "R") | _scalar(_le(sig[32:]), "s")
    return point_facts(sig[:32], "V") | _scalar(_le(sig[32:64]), "h") | _scalar(_le(sig[64:]), "s")


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def expected_facts(rel: str, group: dict[str, Any], case: dict[str, Any]) -> set[str]:
    """The fact flags a case must carry, from its bytes alone."""
    if rel in ("xeddsa25519/verify.json", "xeddsa25519/sign.json"):
        return key_facts(h(group["u"])) | signature_facts(h(case["sig"]), 64)
    if rel in ("vxeddsa25519/verify.json", "vxeddsa25519/sign.json"):
        return key_facts(h(group["u"])) | signature_facts(h(case["sig"]), 96)
    if rel == "curve25519/convert_mont.json":
        return key_facts(h(case["u"]))
    if rel == "curve25519/elligator2.json":
        r, out = _le(h(case["r"])), set()
        if r >= 2**255:
            out.add("r_top_bit")
        if r % 2**255 >= P:
            out.add("r_ge_p")
        return out
    if rel == "jose/jwk.json":
        jwk = case["jwk"]
        return key_facts(_b64url(jwk["x"])) if jwk.get("crv") == "X25519" else set()
    if rel == "jose/jws.json":
        sig = h(case["sig"])
        return signature_facts(sig, 64 if len(sig) <= 64 else 96)
    return set()


def _all() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [(rel, g, c) for rel in FILES for g, c in cases(rel)]


ALL = _all()


@pytest.mark.parametrize("item", ALL, ids=[f"{rel}#{c['tcId']}" for rel, _, c in ALL])
def test_fact_flags_are_the_facts_of_the_bytes(item: tuple[str, dict[str, Any], Any]) -> None:
    rel, group, case = item
    assert set(case["flags"]) & FACTS == expected_facts(rel, group, case), case["comment"]


def test_the_issue_examples_are_flagged() -> None:
    """The drift this test was written for (each was missing before flags were derived)."""
    xv = {c["tcId"]: set(c["flags"]) for _, c in cases("xeddsa25519/verify.json")}
    vv = {c["tcId"]: set(c["flags"]) for _, c in cases("vxeddsa25519/verify.json")}
    assert "low_order_R" in xv[86] and "low_order_R" in xv[88]
    assert "twist_u" in xv[95] and "twist_u" in xv[96]
    assert all("V_not_on_curve" in vv[i] for i in (26, 27, 28))
    assert "h_ge_q" in vv[31] and {"s_ge_q", "s_ge_2_253"} <= vv[34]


@pytest.mark.parametrize("rel", [r for r in FILES if "sign.json" in r or "key_pair" in r])
def test_kb_sign_bit_flags_follow_from_k(rel: str) -> None:
    for group, case in cases(rel):
        d = h(case.get("d", group.get("d", "")))
        bit = ref.calculate_key_pair(d)[2]
        assert f"kB_sign_bit_{bit}" in case["flags"]
        assert f"kB_sign_bit_{1 - bit}" not in case["flags"]


@pytest.mark.parametrize("rel", ["xeddsa25519/verify.json", "vxeddsa25519/verify.json"])
def test_A_is_present_by_one_rule(rel: str) -> None:
    for group in load(rel)["testGroups"]:
        u = h(group["u"])
        if len(u) == 32 and _le(u) < P:
            assert group["A"] == ref.convert_mont(u).hex()
        else:
            assert "A" not in group


def test_one_name_per_field_and_no_internal_references() -> None:
    """Fields have one name each (sig, A, d and k; JWK members other than d only inside jwk and
    jwsJson objects), and no file points to documents or tickets outside the vectors."""
    for rel in FILES:
        text = (VECTOR_DIR / rel).read_text(encoding="ascii")
        assert not re.search(r"issue|design|architecture|spec.notes|\bD[1-9]\b|shared/", text), rel
        data = load(rel)
        for group in data["testGroups"]:
            for obj in (group, *group["tests"]):
                old_names = {"kClamped", "kUnclamped"}
                assert not {"signature", "x", "ed25519PublicKey", *old_names} & set(obj), rel
                assert isinstance(obj.get("result", "valid"), str), rel
    assert load("jose/jws.json")["keyFile"] == "jose/jwk.json"


def test_private_keys_are_d_and_k_as_in_the_draft() -> None:
    """The Internet-Draft's names (Terminology, "d, k"): d is the 32 private-key octets as
    stored, not necessarily clamped (a JWK's "d" in hex), and k = clamp(d). Every record of a
    private key carries both, also when d is already clamped; a sign case's own d (flag
    unclamped_d) replaces the group's d and clamps to the group's k."""
    draft = REPO_ROOT / "docs" / "ietf-draft" / "draft-doe-jose-xeddsa-01.xml"
    assert "k = clamp(d)" in draft.read_text(encoding="utf-8")
    records, own_d = 0, 0
    for rel in FILES:
        for group in load(rel)["testGroups"]:
            for obj in (group, *group["tests"]):
                if "d" not in obj and "k" not in obj:
                    continue
                k = obj.get("k", group.get("k"))
                assert "d" in obj and k is not None, (rel, obj.get("tcId"))
                assert ref.clamp(h(obj["d"])).to_bytes(32, "little").hex() == k, rel
                if "k" not in obj:
                    own_d += 1
                    assert obj["d"] != group["d"] and "unclamped_d" in obj["flags"], rel
                if "d" in obj.get("jwk", {}):
                    jwk_d = base64.urlsafe_b64encode(h(obj["d"])).rstrip(b"=").decode()
                    assert obj["jwk"]["d"] == jwk_d, rel
                records += 1
    assert records >= 15 and own_d >= 3
    # cose/sign1.json (its own generator) uses the same two names for the same JOSE key
    jose_key = next(c for _, c in cases("jose/jwk.json") if "d" in c)
    for group in load("cose/sign1.json")["testGroups"]:
        assert (group["d"], group["k"]) == (jose_key["d"], jose_key["k"])
