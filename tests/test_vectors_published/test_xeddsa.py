"""Every published XEdDSA case holds on both backends under both policies."""

from __future__ import annotations

import nacl.bindings
import nacl.exceptions
import pytest

import xeddsa
from tests.curve import reference as ref
from tests.test_vectors_published import _published_vectors as published
from tests.test_vectors_published._published_vectors import POLICIES, Pair, PolicyName, case_id, h
from xeddsa import hazmat

SIGN = published.cases("xeddsa25519/sign.json")
VERIFY = published.cases("xeddsa25519/verify.json")

#: The exact set of flags that occurs among the accepted published.cases of each policy.
_STRICT_ACCEPTED = published.HONEST_FLAGS | {"base_point_key", "mixed_order_A"}
# mixed_order_R: a keyless forgery with R = sB + T under a small-order u;
# twist_u: the keyless forgery under u = p - 1, a twist point that converts.
_SPEC_ONLY_ACCEPTED = {"s_ge_q", "s_plus_q", "low_order_R", "low_order_A", "keyless_forgery"}
_SPEC_ONLY_ACCEPTED |= {"small_order_u", "mixed_order_R", "twist_u"}
ACCEPTED_FLAGS = {"strict": _STRICT_ACCEPTED, "spec": _STRICT_ACCEPTED | _SPEC_ONLY_ACCEPTED}
REQUIRED_FLAGS = published.COMMON_REQUIRED_FLAGS | {
    "low_order_R",
    "noncanonical_R",
    "libsignal_sign_bit",
}
REQUIRED_FLAGS |= {"bitflip_R", "keyless_forgery", "s_special"}


def test_counts_and_flag_coverage() -> None:
    assert len(VERIFY) >= 100
    assert len(SIGN) + len(VERIFY) >= 100
    missing = REQUIRED_FLAGS - published.flags_used(VERIFY)
    assert not missing, missing
    results = {(c["policyResults"]["strict"], c["policyResults"]["spec"]) for _, c in VERIFY}
    assert results == {("valid", "valid"), ("invalid", "valid"), ("invalid", "invalid")}


@pytest.mark.parametrize("pair", SIGN, ids=[case_id(p) for p in SIGN])
def test_sign_reproduces(backend: str, pair: Pair) -> None:
    group, case = pair
    d = h(case["d"] if "d" in case else group["d"])  # a case's own d replaces the group's
    sig = hazmat.xeddsa_sign(d, h(case["msg"]), h(case["Z"]))
    assert sig.hex() == case["sig"]
    assert hazmat.calculate_key_pair(d) == (h(group["A"]), h(group["a"]))
    assert hazmat.xeddsa_sign(h(group["k"]), h(case["msg"]), h(case["Z"])) == sig
    for policy in POLICIES:
        assert hazmat.xeddsa_verify(h(group["u"]), h(case["msg"]), sig, policy=policy)


@pytest.mark.parametrize("pair", VERIFY, ids=[case_id(p) for p in VERIFY])
@pytest.mark.parametrize("policy", POLICIES)
def test_verify_verdict(backend: str, policy: PolicyName, pair: Pair) -> None:
    group, case = pair
    got = hazmat.xeddsa_verify(h(group["u"]), h(case["msg"]), h(case["sig"]), policy=policy)
    assert got is (case["policyResults"][policy] == "valid"), case["comment"]


@pytest.mark.parametrize("policy", POLICIES)
def test_exact_flag_set_accepted_per_policy(backend: str, policy: PolicyName) -> None:
    accepted: set[str] = set()
    rejected_only: set[str] = set()
    for group, case in VERIFY:
        ok = hazmat.xeddsa_verify(h(group["u"]), h(case["msg"]), h(case["sig"]), policy=policy)
        (accepted if ok else rejected_only).update(case["flags"])
    assert accepted == ACCEPTED_FLAGS[policy]
    assert (
        set(published.load("xeddsa25519/verify.json")["notes"]) - accepted
        == rejected_only - accepted
    )


def _ed25519_verifies(A: bytes, msg: bytes, sig: bytes) -> bool:
    try:
        nacl.bindings.crypto_sign_open(sig + msg, A)
    except nacl.exceptions.BadSignatureError:
        return False
    return True


@pytest.mark.parametrize("pair", SIGN, ids=[case_id(p) for p in SIGN])
def test_sign_cases_verify_as_ed25519(pair: Pair) -> None:
    group, case = pair
    with xeddsa.use_backend("pure"):
        A = hazmat.convert_mont(h(group["u"]))
    assert _ed25519_verifies(A, h(case["msg"]), h(case["sig"]))


def test_strict_equals_libsodium_ed25519_under_convert_mont() -> None:
    """Every strict-valid case verifies as plain Ed25519 (libsodium) under convert_mont(u);
    on every other case whose u converts to a curve point, libsodium agrees with strict too."""
    compared = valid = 0
    for group, case in VERIFY:
        u, sig, msg = h(group["u"]), h(case["sig"]), h(case["msg"])
        if len(u) != 32 or len(sig) != 64 or int.from_bytes(u, "little") >= ref.P:
            assert case["policyResults"]["strict"] == "invalid"
            continue
        with xeddsa.use_backend("pure"):
            A = hazmat.convert_mont(u)
        if ref.decode(A, lenient=True) is None:  # twist u
            assert case["policyResults"]["strict"] == "invalid"
            continue
        compared += 1
        want = case["policyResults"]["strict"] == "valid"
        valid += want
        assert _ed25519_verifies(A, msg, sig) is want, case["tcId"]
    assert compared >= 90 and valid >= 10
