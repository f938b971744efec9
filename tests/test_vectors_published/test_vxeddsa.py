"""Every published VXEdDSA case holds on both backends under both policies, VRF outputs included."""

from __future__ import annotations

import pytest

from tests.test_vectors_published import _published_vectors as published
from tests.test_vectors_published._published_vectors import POLICIES, Pair, PolicyName, case_id, h
from xeddsa import hazmat

SIGN = published.cases("vxeddsa25519/sign.json")
VERIFY = published.cases("vxeddsa25519/verify.json")

_STRICT_ACCEPTED = published.HONEST_FLAGS | {"torsion_V", "mixed_order_A", "mixed_order_V"}
ACCEPTED_FLAGS = {"strict": _STRICT_ACCEPTED, "spec": _STRICT_ACCEPTED | {"s_ge_q", "s_plus_q"}}
REQUIRED_FLAGS = published.COMMON_REQUIRED_FLAGS | {"h_ge_q", "bitflip_V", "bitflip_h"}
REQUIRED_FLAGS |= {"noncanonical_V", "torsion_V", "low_order_V", "V_not_on_curve"}


def test_counts_and_flag_coverage() -> None:
    assert len(VERIFY) >= 30
    missing = REQUIRED_FLAGS - published.flags_used(VERIFY)
    assert not missing, missing
    for _, case in VERIFY:
        assert ("vrf" in case) == ("valid" in case["policyResults"].values())


@pytest.mark.parametrize("pair", SIGN, ids=[case_id(p) for p in SIGN])
def test_sign_reproduces(backend: str, pair: Pair) -> None:
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
def test_verify_verdict_and_output(backend: str, policy: PolicyName, pair: Pair) -> None:
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
    assert set(published.load("vxeddsa25519/verify.json")["notes"]) > accepted


def test_torsioned_v_keeps_the_vrf_output() -> None:
    honest = {c["vrf"] for _, c in VERIFY if "valid_honest" in c["flags"]}
    torsion = [c for _, c in VERIFY if "torsion_V" in c["flags"] and "vrf" in c]
    assert torsion and all(c["vrf"] in honest for c in torsion)
