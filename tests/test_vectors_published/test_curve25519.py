"""The curve25519 building-block vectors hold on both backends and against libsodium."""

from __future__ import annotations

import nacl.bindings
import pytest

from tests.curve import reference as ref
from tests.test_vectors_published._published_vectors import Pair, case_id, cases, h
from xeddsa import hazmat

CONVERT = cases("curve25519/convert_mont.json")
ELLIGATOR = cases("curve25519/elligator2.json")
HASH_TO_POINT = cases("curve25519/hash_to_point.json")
KEY_PAIR = cases("curve25519/calculate_key_pair.json")


@pytest.mark.parametrize("pair", CONVERT, ids=[case_id(p) for p in CONVERT])
def test_convert_mont(backend: str, pair: Pair) -> None:
    case = pair[1]
    A = hazmat.convert_mont(h(case["u"]))
    assert A.hex() == case["A"]
    assert A[31] & 0x80 == 0
    assert (ref.decode(A, lenient=True) is not None) is case["onCurve"]


def test_convert_mont_flags_match_the_points() -> None:
    for _, case in CONVERT:
        u = int.from_bytes(h(case["u"]), "little")
        pt = ref.decode(h(case["A"]), lenient=True)
        assert ("u_top_bit" in case["flags"]) is (u >= 2**255)
        assert ("u_ge_p" in case["flags"]) is (u >= ref.P)
        if "twist_u" in case["flags"]:  # u = p - 1 is the one twist u that converts to a point
            assert pt is None or u == ref.P - 1
        if "small_order_u" in case["flags"]:
            assert pt is not None and ref.is_small_order(pt)


@pytest.mark.parametrize("pair", ELLIGATOR, ids=[case_id(p) for p in ELLIGATOR])
def test_elligator2(backend: str, pair: Pair) -> None:
    case = pair[1]
    u = hazmat.elligator2(h(case["r"]))
    assert u.hex() == case["u"]
    assert ref.on_montgomery_curve(int.from_bytes(u, "little"))


def test_elligator2_flags_match_the_inputs() -> None:
    for _, case in ELLIGATOR:
        r = int.from_bytes(h(case["r"]), "little")
        assert ("r_top_bit" in case["flags"]) is (r >= 2**255), case["tcId"]
        assert ("r_ge_p" in case["flags"]) is (r % 2**255 >= ref.P), case["tcId"]


@pytest.mark.parametrize("pair", HASH_TO_POINT, ids=[case_id(p) for p in HASH_TO_POINT])
def test_hash_to_point(backend: str, pair: Pair) -> None:
    case = pair[1]
    x = h(case["input"])
    assert ref.hash_i(2, x).hex() == case["hash2"]
    assert hazmat.hash_to_point(x).hex() == case["point"]
    # independent: libsodium's Elligator 2 from_uniform on the first 32 bytes of hash_2(x)
    assert (
        nacl.bindings.crypto_core_ed25519_from_uniform(h(case["hash2"])[:32]).hex()
        == (case["point"])
    )


@pytest.mark.parametrize("pair", KEY_PAIR, ids=[case_id(p) for p in KEY_PAIR])
def test_calculate_key_pair(backend: str, pair: Pair) -> None:
    case = pair[1]
    d = h(case["d"])
    A, a = hazmat.calculate_key_pair(d)
    assert (A.hex(), a.hex()) == (case["A"], case["a"])
    assert hazmat.calculate_key_pair(h(case["k"])) == (A, a)  # k = clamp(d) gives the same pair
    # independent: X25519 public key (libsodium clamps d) and the Edwards-to-Montgomery map
    assert nacl.bindings.crypto_scalarmult_base(d).hex() == case["u"]
    assert nacl.bindings.crypto_sign_ed25519_pk_to_curve25519(A).hex() == case["u"]
    assert nacl.bindings.crypto_scalarmult_ed25519_base_noclamp(a) == A
    kB = nacl.bindings.crypto_scalarmult_ed25519_base_noclamp(
        nacl.bindings.crypto_core_ed25519_scalar_reduce(h(case["k"]) + bytes(32))
    )
    assert kB[31] >> 7 == case["kBSignBit"]
    assert f"kB_sign_bit_{case['kBSignBit']}" in case["flags"]
