"""Where the published vectors use the same inputs as the shared upstream vectors, they agree."""

from __future__ import annotations

from typing import Any, cast

from tests import vectors as upstream
from tests.curve import reference as ref
from tests.test_vectors_published._published_vectors import cases, h


def _by_input(name: str, key: str) -> dict[str, dict[str, Any]]:
    return {c[key]: c for _, c in cases(name)}


def test_xeddsa_sign_overlaps_libsignal_c_kat() -> None:
    kat = upstream.by_id("xeddsa_rev1.json", "xeddsa_fast_test/sign")
    ours = [
        (g, c)
        for g, c in cases("xeddsa25519/sign.json")
        if g["d"] == kat["x25519_private"]
        and c["msg"] == kat["message"]
        and c["Z"] == kat["random_Z"]
    ]
    assert len(ours) == 1
    group, case = ours[0]
    assert case["sig"] == kat["expected_signature"]
    assert group["u"] == kat["x25519_public"]
    assert group["k"] == group["d"]  # the upstream key is already clamped
    assert group["kBSignBit"] == kat["edwards_sign_bit_of_kB"]


def test_vxeddsa_sign_overlaps_libsignal_c_kat_and_vrf_uniqueness_vector() -> None:
    kat = upstream.by_id("vxeddsa_rev1.json", "vxeddsa_fast_test/sign")
    unique = upstream.by_id("vxeddsa_rev1.json", "test_unique_signature_vector (rev-1)")
    found = 0
    for group, case in cases("vxeddsa25519/sign.json"):
        if group["d"] == kat["x25519_private"] and case["msg"] == kat["message"]:
            assert case["Z"] == kat["random_Z"]
            assert case["sig"] == kat["expected_signature"]
            assert case["vrf"] == kat["expected_vrf_output_derived"]
            found += 1
        if group["d"] == unique["x25519_private"] and case["msg"] == unique["message"]:
            assert group["u"] == unique["x25519_public"]
            assert case["vrf"] == unique["expected_vrf_output"]
            found += 1
    assert found == 2


def test_elligator2_overlaps_upstream() -> None:
    ours = _by_input("curve25519/elligator2.json", "r")
    checked = 0
    for vec in upstream.vectors("elligator2_hash_to_point.json", "elligator2"):
        if vec["r_bytes"] in ours:
            assert ours[vec["r_bytes"]]["u"] == vec["expected_u"]
            checked += 1
    assert checked == 2


def test_convert_mont_overlaps_upstream() -> None:
    ours = _by_input("curve25519/convert_mont.json", "u")
    vec = upstream.by_id("elligator2_hash_to_point.json", "ge_montx_to_p3(0) == order-2 point")
    assert ours[vec["u"]]["A"] == vec["expected_point_encoding"]


def _wycheproof_x25519_flags() -> dict[str, set[str]]:
    flags: dict[str, set[str]] = {}
    for group in upstream.load("wycheproof/x25519_test.json")["testGroups"]:
        for test in group["tests"]:
            flags.setdefault(test["public"], set()).update(test["flags"])
    return flags


def test_u_classification_agrees_with_wycheproof_x25519() -> None:
    """Every u of ours that Wycheproof also uses is classified the same way.

    Known difference, by definition: u = p - 1 is "Twist" for X25519 (the Montgomery point is
    on the twist) but convert_mont maps it to y = 0, an order-4 Edwards point (XEdDSA rev1
    §2.3, inv(0) = 0); Wycheproof does not mark u = p as NonCanonicalPublic, so only that direction
    is checked.
    """
    theirs = _wycheproof_x25519_flags()
    ours: dict[str, set[str]] = {}
    for name in (
        "curve25519/convert_mont.json",
        "xeddsa25519/verify.json",
        "vxeddsa25519/verify.json",
    ):
        for group, case in cases(name):
            u = case.get("u", group.get("u"))
            if u is not None:
                ours.setdefault(u, set()).update(case["flags"])
    common = sorted(set(ours) & set(theirs))
    assert len(common) >= 8, common
    p_minus_1 = (ref.P - 1).to_bytes(32, "little").hex()
    for u in common:
        mine, other = ours[u], theirs[u]
        value = int.from_bytes(h(u), "little")
        if value < ref.P:
            small = "small_order_u" in mine or "low_order_A" in mine
            assert small is ("LowOrderPublic" in other), u
        else:  # a non-canonical alias: both reject it; its reduced value is classified alike
            assert "u_ge_p" in mine, u
            reduced = ref.decode(ref.convert_mont(h(u)), lenient=True)
            small = reduced is not None and ref.is_small_order(reduced)
            assert small is ("LowOrderPublic" in other), u
        if "twist_u" in mine:
            assert "Twist" in other, u
        if "Twist" in other and u != p_minus_1:
            assert "twist_u" in mine, u
        if "NonCanonicalPublic" in other:
            assert "u_ge_p" in mine, u
        assert ("u_top_bit" in mine) is (h(u)[31] >= 0x80), u


def test_small_order_encodings_match_cctv() -> None:
    """Our small-order R / V encodings are among CCTV's low_order_R encodings."""
    cctv = {
        v["sig"][:64]
        for v in cast(list[dict[str, Any]], upstream.load("cctv/ed25519vectors.json"))
        if "low_order_R" in (v["flags"] or [])
    }
    ours = {
        c["sig"][:64]
        for _, c in cases("xeddsa25519/verify.json")
        if "low_order_R" in c["flags"]
        and "keyless_forgery" not in c["flags"]
        and "mixed_order_A" not in c["flags"]
    }
    assert len(ours & cctv) >= 6, sorted(ours - cctv)
