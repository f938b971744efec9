"""Every published VXEdDSA case holds on both backends under both policies, VRF outputs included."""

from __future__ import annotations

from typing import Any

import pytest

import xeddsa
from tests.test_vectors_published._published_vectors import (
    POLICIES,
    PolicyName,
    case_id,
    cases,
    h,
    load,
)
from xeddsa import hazmat

SIGN = cases("vxeddsa25519/sign.json")
VERIFY = cases("vxeddsa25519/verify.json")

ACCEPTED_FLAGS = {
    "strict": {
        "valid_honest",
        "kB_sign_bit_0",
        "kB_sign_bit_1",
        "empty_msg",
        "long_msg",
        "same_msg_other_Z",
        "torsion_V",
        "mixed_order_A",
        "mixed_order_V",
    },
    "spec": {
        "valid_honest",
        "kB_sign_bit_0",
        "kB_sign_bit_1",
        "empty_msg",
        "long_msg",
        "same_msg_other_Z",
        "torsion_V",
        "mixed_order_A",
        "mixed_order_V",
        "s_ge_q",
        "s_plus_q",
    },
}
REQUIRED_FLAGS = {
    "u_ge_p",
    "u_top_bit",
    "s_ge_q",
    "s_plus_q",
    "h_ge_q",
    "low_order_A",
    "mixed_order_A",
    "twist_u",
    "noncanonical_V",
    "torsion_V",
    "low_order_V",
    "V_not_on_curve",
    "bitflip_V",
    "bitflip_h",
    "bitflip_s",
    "wrong_length",
    "wrong_length_u",
    "modified_msg",
}


def test_counts_and_flag_coverage() -> None:
    assert len(VERIFY) >= 30
    used = {flag for _, case in VERIFY for flag in case["flags"]}
    assert used >= REQUIRED_FLAGS, REQUIRED_FLAGS - used
    for _, case in VERIFY:
        assert ("vrf" in case) == ("valid" in case["policyResults"].values())


@pytest.mark.parametrize("pair", SIGN, ids=[case_id(p) for p in SIGN])
def test_sign_reproduces(backend: str, pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    group, case = pair
    sig, v = hazmat.vxeddsa_sign(h(group["d"]), h(case["msg"]), h(case["Z"]))
    assert sig.hex() == case["sig"] == case["V"] + case["h"] + case["s"]
    assert v.hex() == case["vrf"]
    for policy in POLICIES:
        assert hazmat.vxeddsa_verify(h(group["u"]), h(case["msg"]), sig, policy=policy) == v
    # k = clamp(d) signs identically (as in xeddsa25519/sign.json)
    assert hazmat.vxeddsa_sign(h(group["k"]), h(case["msg"]), h(case["Z"]))[0] == sig


def test_same_message_other_z_keeps_v_and_output() -> None:
    by_key: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for group, case in SIGN:
        by_key.setdefault((group["d"], case["msg"]), set()).add((case["V"], case["vrf"]))
    repeated = [vals for vals in by_key.values() if len(vals) >= 1]
    assert repeated
    assert all(len(vals) == 1 for vals in by_key.values())
    assert sum(1 for _, c in SIGN if "same_msg_other_Z" in c["flags"]) >= 3


@pytest.mark.parametrize("pair", VERIFY, ids=[case_id(p) for p in VERIFY])
@pytest.mark.parametrize("policy", POLICIES)
def test_verify_verdict_and_output(
    backend: str, policy: PolicyName, pair: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    group, case = pair
    out = hazmat.vxeddsa_verify(h(group["u"]), h(case["msg"]), h(case["sig"]), policy=policy)
    if case["policyResults"][policy] == "valid":
        assert out is not None, case["comment"]
        assert out.hex() == case["vrf"]
    else:
        assert out is None, case["comment"]


@pytest.mark.parametrize("policy", POLICIES)
def test_exact_flag_set_accepted_per_policy(backend: str, policy: PolicyName) -> None:
    accepted: set[str] = set()
    for group, case in VERIFY:
        out = hazmat.vxeddsa_verify(h(group["u"]), h(case["msg"]), h(case["sig"]), policy=policy)
        if out is not None:
            accepted.update(case["flags"])
    assert accepted == ACCEPTED_FLAGS[policy]
    assert set(load("vxeddsa25519/verify.json")["notes"]) > accepted


def test_torsioned_v_keeps_the_vrf_output() -> None:
    honest = {c["vrf"] for _, c in VERIFY if "valid_honest" in c["flags"]}
    torsion = [c for _, c in VERIFY if "torsion_V" in c["flags"] and "vrf" in c]
    assert torsion and all(c["vrf"] in honest for c in torsion)


@pytest.mark.parametrize(
    "group", load("vxeddsa25519/verify.json")["testGroups"], ids=lambda g: g["keyComment"][:40]
)
def test_key_import_verdict(backend: str, group: dict[str, Any]) -> None:
    """keyImport is the draft's key check: xeddsa.PublicKey.from_public_bytes agrees."""
    try:
        xeddsa.PublicKey.from_public_bytes(h(group["u"]))
        got = "valid"
    except xeddsa.InvalidKey:
        got = "invalid"
    assert got == group["keyImport"]


def test_key_import_separates_only_the_mixed_order_keys() -> None:
    """strict (signature level) accepts a ground signature under a mixed-order u; the draft's
    verdict (keyImport and strict) rejects it; no other strict-valid case has a bad key."""
    mixed = 0
    for group, case in VERIFY:
        assert case["result"] == (
            "valid"
            if group["keyImport"] == "valid" and case["policyResults"]["strict"] == "valid"
            else "invalid"
        )
        if case["policyResults"]["strict"] != "valid":
            continue
        if "mixed_order_A" in case["flags"]:
            assert group["keyImport"] == "invalid"
            mixed += 1
        else:
            assert group["keyImport"] == "valid", case["tcId"]
    assert mixed >= 1
    assert "keyImport" in load("vxeddsa25519/verify.json")["keyImportNote"]
