"""Every EdwardsPoint routine against the naive affine reference in tests/curve/reference.py.

Scalars range over [0, 2^256) and points over the whole group E = <B> x E[8] (a random multiple of
B plus a random torsion point), given in projective coordinates with a random Z so no routine can
rely on Z = 1. Edge values are pinned with ``@example`` and a reason.
"""

from __future__ import annotations

import itertools
import sys
import threading

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.curve import reference as ref
from xeddsa.curve import EdwardsPoint, batch_compress, edwards
from xeddsa.curve.constants import B_X, B_Y, SMALL_ORDER_Y
from xeddsa.curve.edwards import _wnaf

P, Q = ref.P, ref.Q

#: Each reference scalar multiplication is ~400 affine operations; keep these properties cheaper
#: than the library-wide budget (dev 50 / ci 500 examples).
EXPENSIVE = settings(max_examples=max(10, settings().max_examples // 3))

scalars = st.integers(min_value=0, max_value=2**256 - 1)
lambdas = st.integers(min_value=1, max_value=P - 1)


@st.composite
def ref_points(draw: st.DrawFn) -> ref.Point:
    """A uniformly chosen element of the full group: [k]B + T for T of order dividing 8."""
    k = draw(st.integers(min_value=0, max_value=Q - 1))
    j = draw(st.integers(min_value=0, max_value=7))
    return ref.add(ref.mul(k, ref.B), ref.TORSION[j])


def lift(pt: ref.Point, lam: int = 1) -> EdwardsPoint:
    """The reference point in extended coordinates (lam x : lam y : lam : lam x y)."""
    x, y = pt
    return EdwardsPoint(x * lam % P, y * lam % P, lam % P, x * y % P * lam % P)


def affine(point: EdwardsPoint) -> ref.Point:
    """Normalise through the reference inverse (not the library's)."""
    zinv = ref.inv(point.Z)
    x, y = point.X * zinv % P, point.Y * zinv % P
    assert point.T * zinv % P == x * y % P, "extended coordinate T out of sync"
    return x, y


# -- constructors and encodings ---------------------------------------------------------------


def test_identity_and_base() -> None:
    assert affine(EdwardsPoint.identity()) == ref.IDENTITY
    assert affine(EdwardsPoint.base()) == ref.B == (B_X, B_Y)
    assert ref.order(ref.B) == Q


def test_reference_torsion_is_the_small_order_blocklist() -> None:
    """The reference torsion group (found by trial) has exactly the y-values of SMALL_ORDER_Y
    that are canonical: {0, 1, p - 1} and the two order-8 values."""
    ys = {pt[1] for pt in ref.TORSION}
    assert ys == {y for y in SMALL_ORDER_Y if y < P}
    assert sorted(ref.order(pt) for pt in ref.TORSION) == [1, 2, 4, 4, 8, 8, 8, 8]


@given(pt=ref_points())
@example(pt=ref.IDENTITY).via("identity")
@example(pt=ref.B).via("base point")
@example(pt=ref.TORSION[2]).via("order 4: x = sqrt(-1), y = 0")
@example(pt=ref.TORSION[1]).via("order 8")
@EXPENSIVE
def test_from_y_and_sign(pt: ref.Point) -> None:
    x, y = pt
    for sign in (0, 1):
        point = EdwardsPoint.from_y_and_sign(y, sign)
        assert point is not None
        expected_x = x if x & 1 == sign else (P - x) % P
        assert affine(point) == (expected_x, y)


@given(y=st.integers(0, 2**255 - 1), sign=st.integers(0, 1))
@example(y=2, sign=0).via("y = 2 is on no curve point")
def test_from_y_and_sign_matches_recover_x(y: int, sign: int) -> None:
    point = EdwardsPoint.from_y_and_sign(y, sign)
    x = ref.recover_x(y % P, sign)
    if x is None:
        assert point is None
    else:
        assert point is not None and affine(point) == (x, y % P)


ENCODING_EDGES = {
    "identity": ref.encode(ref.IDENTITY),
    "identity with sign 1 (negative zero)": (1 | (1 << 255)).to_bytes(32, "little"),
    "y = p (non-canonical 0)": P.to_bytes(32, "little"),
    "y = p + 1 (non-canonical identity)": (P + 1).to_bytes(32, "little"),
    "y = 2^255 - 1 with sign": (2**256 - 1).to_bytes(32, "little"),
    "y = 0 with sign 1 (order 4, x odd)": (1 << 255).to_bytes(32, "little"),
    "base point": ref.encode(ref.B),
}


@given(data=st.binary(min_size=32, max_size=32))
@example(data=ENCODING_EDGES["identity"]).via("identity")
@example(data=ENCODING_EDGES["identity with sign 1 (negative zero)"]).via("x = 0, sign 1")
@example(data=ENCODING_EDGES["y = p (non-canonical 0)"]).via("y = p")
@example(data=ENCODING_EDGES["y = p + 1 (non-canonical identity)"]).via("y = p + 1")
@example(data=ENCODING_EDGES["y = 2^255 - 1 with sign"]).via("all ones")
@example(data=ENCODING_EDGES["y = 0 with sign 1 (order 4, x odd)"]).via("y = 0, sign 1")
@example(data=ENCODING_EDGES["base point"]).via("base point")
def test_decompress_strict_and_lenient(data: bytes) -> None:
    strict = EdwardsPoint.decompress(data)
    expected = ref.decode(data)
    assert (strict is None) == (expected is None)
    if strict is not None:
        assert affine(strict) == expected
        assert strict.compress() == data  # canonical encodings round-trip
    lenient = EdwardsPoint.decompress_lenient(data)
    expected_lenient = ref.decode(data, lenient=True)
    assert (lenient is None) == (expected_lenient is None)
    if lenient is not None:
        assert affine(lenient) == expected_lenient


def test_decompress_wrong_length() -> None:
    assert EdwardsPoint.decompress(bytes(31)) is None
    assert EdwardsPoint.decompress_lenient(bytes(33)) is None


@given(pt=ref_points(), lam=lambdas)
@example(pt=ref.IDENTITY, lam=1).via("identity")
@example(pt=ref.TORSION[4], lam=P - 1).via("order 2 with Z = -1")
@example(pt=ref.B, lam=2).via("base point with Z = 2")
@EXPENSIVE
def test_compress_affine_eq_hash(pt: ref.Point, lam: int) -> None:
    point = lift(pt, lam)
    assert point.compress() == ref.encode(pt)
    assert point.affine() == pt
    assert point == lift(pt)  # projective equality ignores the scale
    assert hash(point) == hash(lift(pt))
    assert point != lift(ref.add(pt, ref.B))
    assert (point == object()) is False


@given(pts=st.lists(st.tuples(ref_points(), lambdas), max_size=6))
@example(pts=[]).via("empty batch")
@example(pts=[(ref.IDENTITY, 1), (ref.TORSION[4], 5)]).via("identity and order 2")
@settings(max_examples=max(5, settings().max_examples // 10))
def test_batch_compress(pts: list[tuple[ref.Point, int]]) -> None:
    points = [lift(pt, lam) for pt, lam in pts]
    assert batch_compress(points) == [ref.encode(pt) for pt, _ in pts]


# -- group law --------------------------------------------------------------------------------


@given(p1=ref_points(), p2=ref_points(), l1=lambdas, l2=lambdas)
@example(p1=ref.IDENTITY, p2=ref.IDENTITY, l1=1, l2=1).via("identity + identity")
@example(p1=ref.B, p2=ref.B, l1=1, l2=3).via("P + P goes through the addition formula")
@example(p1=ref.B, p2=ref.neg(ref.B), l1=1, l2=1).via("P + (-P) = identity")
@example(p1=ref.TORSION[1], p2=ref.TORSION[7], l1=1, l2=1).via("order-8 point and its negative")
@example(p1=ref.TORSION[2], p2=ref.TORSION[2], l1=2, l2=1).via("order 4 doubled by addition")
@EXPENSIVE
def test_add_sub_neg_double(p1: ref.Point, p2: ref.Point, l1: int, l2: int) -> None:
    a, b = lift(p1, l1), lift(p2, l2)
    assert affine(a + b) == ref.add(p1, p2)
    assert affine(a - b) == ref.add(p1, ref.neg(p2))
    assert affine(-a) == ref.neg(p1)
    assert affine(a.double()) == ref.add(p1, p1)
    assert affine(a.mul_by_cofactor()) == ref.mul(8, p1)


@given(pt=ref_points(), lam=lambdas)
@example(pt=ref.IDENTITY, lam=1).via("identity: small order and torsion-free")
@example(pt=ref.B, lam=1).via("B: prime order")
@example(pt=ref.TORSION[1], lam=1).via("order 8")
@example(pt=ref.TORSION[4], lam=3).via("order 2")
@example(pt=ref.add(ref.B, ref.TORSION[1]), lam=1).via("mixed order 8q")
@EXPENSIVE
def test_predicates(pt: ref.Point, lam: int) -> None:
    point = lift(pt, lam)
    n = ref.order(pt)
    assert point.is_identity() == (n == 1)
    assert point.is_small_order() == (n in (1, 2, 4, 8))
    assert point.is_torsion_free() == (n in (1, Q))


# -- scalar multiplications -------------------------------------------------------------------

EDGE_SCALARS = {
    0: "zero: empty digit list, identity result",
    1: "one: a single digit",
    Q - 1: "q - 1 = -1 mod q",
    Q: "q: [q]B = I, and [q]P tests the subgroup",
    2**255 - 1: "all 255 bits set: longest carry chains in the signed recodings",
}


def _pin_scalars(argname: str, **fixed: object):  # type: ignore[no-untyped-def]
    """Decorator pinning every edge scalar (with its reason) for ``argname``."""

    def decorate(fn):  # type: ignore[no-untyped-def]
        for k, reason in EDGE_SCALARS.items():
            fn = example(**{argname: k}, **fixed).via(reason)(fn)
        return fn

    return decorate


@given(k=scalars)
@_pin_scalars("k")
@example(k=2**256 - 1).via("largest 32-byte scalar")
@example(k=Q + 1).via("q + 1 reduces to 1")
@EXPENSIVE
def test_base_mul(k: int) -> None:
    assert affine(EdwardsPoint.base_mul(k)) == ref.mul(k, ref.B)


@given(k=scalars, pt=ref_points(), lam=lambdas)
@_pin_scalars("k", pt=ref.add(ref.B, ref.TORSION[1]), lam=7)
@example(k=5, pt=ref.IDENTITY, lam=1).via("identity base")
@example(k=3, pt=ref.TORSION[1], lam=1).via("small-order base, k not a multiple of 8")
@example(k=Q, pt=ref.TORSION[3], lam=1).via("[q]T for T of order 8 is not the identity")
@example(k=8, pt=ref.add(ref.B, ref.TORSION[5]), lam=1).via("[8] kills the torsion part")
@example(k=2**255 - 1, pt=ref.B, lam=1).via("all ones on the base point")
@EXPENSIVE
def test_variable_base_mul(k: int, pt: ref.Point, lam: int) -> None:
    point = lift(pt, lam)
    expected = ref.mul(k, pt)
    assert affine(point * k) == expected
    assert affine(k * point) == expected


def test_mul_rejects_negative() -> None:
    import pytest

    with pytest.raises(ValueError, match="non-negative"):
        EdwardsPoint.base() * -1


@given(a=scalars, b=scalars, pt=ref_points(), lam=lambdas)
@_pin_scalars("a", b=1, pt=ref.B, lam=1)
@_pin_scalars("b", a=Q - 1, pt=ref.add(ref.B, ref.TORSION[1]), lam=3)
@example(a=0, b=0, pt=ref.IDENTITY, lam=1).via("both zero on the identity")
@example(a=1, b=Q - 1, pt=ref.B, lam=1).via("[1]B + [q-1]B = identity")
@example(a=3, b=0, pt=ref.TORSION[1], lam=1).via("small-order A alone")
@EXPENSIVE
def test_double_scalar_mul_base(a: int, b: int, pt: ref.Point, lam: int) -> None:
    point = lift(pt, lam)
    expected = ref.add(ref.mul(a, pt), ref.mul(b, ref.B))
    assert affine(EdwardsPoint.double_scalar_mul_base(a, point, b)) == expected


@given(a=scalars, b=scalars, p1=ref_points(), p2=ref_points(), l1=lambdas, l2=lambdas)
@_pin_scalars("a", b=2**255 - 1, p1=ref.B, p2=ref.add(ref.B, ref.TORSION[1]), l1=1, l2=5)
@_pin_scalars("b", a=1, p1=ref.TORSION[3], p2=ref.B, l1=2, l2=1)
@example(a=0, b=0, p1=ref.IDENTITY, p2=ref.IDENTITY, l1=1, l2=1).via("all zero")
@example(a=5, b=5, p1=ref.B, p2=ref.neg(ref.B), l1=1, l2=1).via("terms cancel: identity")
@example(a=Q, b=8, p1=ref.TORSION[1], p2=ref.TORSION[5], l1=1, l2=1).via("small-order points")
@EXPENSIVE
def test_double_scalar_mul(a: int, b: int, p1: ref.Point, p2: ref.Point, l1: int, l2: int) -> None:
    expected = ref.add(ref.mul(a, p1), ref.mul(b, p2))
    result = EdwardsPoint.double_scalar_mul(a, lift(p1, l1), b, lift(p2, l2))
    assert affine(result) == expected


@given(k=scalars, w=st.integers(2, 10))
@_pin_scalars("k", w=5)
def test_wnaf_recoding(k: int, w: int) -> None:
    """White box: the sparse wNAF digits reconstruct k, are odd, bounded, and w apart."""
    digits = _wnaf(k, w)
    assert sum(d << pos for pos, d in digits) == k
    for pos, d in digits:
        assert d % 2 == 1 and -(1 << (w - 1)) < d < (1 << (w - 1)) and pos >= 0
    positions = [pos for pos, _ in digits]
    assert all(b - a >= w for a, b in itertools.pairwise(positions))


def test_fixed_base_table_built_concurrently_is_complete_and_correct(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Threads racing the lazy build of the fixed-base table must all get correct results.

    Found in review; this test failed before the fix.
    """
    monkeypatch.setattr(edwards, "_fixed_table", None)
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible during the build
    try:
        scalars = [7 + 1000 * i for i in range(8)]
        results: dict[int, bytes] = {}
        errors: list[BaseException] = []

        def work(k: int) -> None:
            try:
                results[k] = edwards.EdwardsPoint.base_mul(k).compress()
            except BaseException as exc:  # any failure is the finding
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(k,)) for k in scalars]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        sys.setswitchinterval(old)
    assert not errors
    base = edwards.EdwardsPoint.base()
    for k in scalars:
        assert results[k] == (base * k).compress()
