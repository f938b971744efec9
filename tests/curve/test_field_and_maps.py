"""Field, Montgomery and Elligator 2 routines against naive transcriptions.

The reference for the field is plain ``pow`` with the textbook exponents (Fermat, Euler, the
RFC 8032 square-root exponent); for the maps it is tests/curve/reference.py.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.curve import reference as ref
from xeddsa.curve import convert_mont, edwards_to_u, elligator2, u_to_y
from xeddsa.curve.constants import SMALL_ORDER_U
from xeddsa.curve.edwards import EdwardsPoint
from xeddsa.curve.field import inv, is_square, pow_p58, sqrt_ratio

P, Q = ref.P, ref.Q

ints = st.integers(min_value=-(2**300), max_value=2**300)
field_ints = st.integers(min_value=0, max_value=2**256 - 1)
u32 = st.binary(min_size=32, max_size=32)


# -- field ------------------------------------------------------------------------------------


@given(x=ints)
@example(x=0).via("inv(0) = 0 by the XEdDSA convention")
@example(x=P).via("p = 0 mod p")
@example(x=-1).via("negative input")
@example(x=1).via("one")
def test_inv(x: int) -> None:
    expected = pow(x % P, P - 2, P)  # Fermat; 0 -> 0
    assert inv(x) == expected


@given(x=ints)
@example(x=0).via("zero")
@example(x=P - 1).via("-1")
@example(x=2).via("2 is the non-square n")
def test_pow_p58_is_square(x: int) -> None:
    assert pow_p58(x) == pow(x % P, (P - 5) // 8, P)
    euler = pow(x % P, (P - 1) // 2, P)
    assert is_square(x) == (euler != P - 1)


@given(u=field_ints, v=field_ints.filter(lambda v: v % P != 0))
@example(u=0, v=1).via("0 / 1 = 0")
@example(u=P - 1, v=1).via("-1 is a square: sqrt(-1)")
@example(u=2, v=1).via("2 is not a square")
@example(u=1, v=P - 1).via("1 / -1")
def test_sqrt_ratio(u: int, v: int) -> None:
    x = sqrt_ratio(u, v)
    ratio = u * pow(v, P - 2, P) % P
    if pow(ratio, (P - 1) // 2, P) == P - 1:
        assert x is None
    else:
        assert x is not None and v * x * x % P == u % P


# -- Montgomery maps and Elligator 2 ----------------------------------------------------------


@given(u=field_ints)
@example(u=0).via("order 2 u")
@example(u=1).via("u = 1: y = 0")
@example(u=P - 1).via("u = -1: inv(0) = 0 gives y = 0")
@example(u=9).via("the X25519 base point")
def test_u_to_y(u: int) -> None:
    assert u_to_y(u) == ref.u_to_y(u)


@given(u=u32)
@example(u=(2**256 - 1).to_bytes(32, "little")).via("bit 255 masked")
@example(u=P.to_bytes(32, "little")).via("u = p reduces to 0")
@example(u=(9 + P).to_bytes(32, "little")).via("u = 9 + p aliases the base point")
def test_convert_mont(u: bytes) -> None:
    assert convert_mont(u) == ref.convert_mont(u)


@given(k=st.integers(0, Q - 1), j=st.integers(0, 7))
@example(k=0, j=0).via("identity maps to u = 0")
@example(k=1, j=0).via("B maps to u = 9")
@example(k=0, j=4).via("order 2: y = -1")
def test_edwards_to_u(k: int, j: int) -> None:
    pt = ref.add(ref.mul(k, ref.B), ref.TORSION[j])
    point = EdwardsPoint.decompress(ref.encode(pt))
    assert point is not None
    assert edwards_to_u(point) == ref.edwards_to_u(pt)
    if (k, j) == (1, 0):
        assert edwards_to_u(point) == 9


def test_small_order_u_are_torsion_u() -> None:
    """SMALL_ORDER_U is exactly the set of u of the eight torsion points (u = -1 included: it is
    the u that u_to_y maps to the order-4 y = 0 under inv(0) = 0)."""
    us = {ref.edwards_to_u(pt) for pt in ref.TORSION}
    assert us | {P - 1} == set(SMALL_ORDER_U)


@given(r=field_ints)
@example(r=0).via("r = 0: u1 = -A")
@example(r=1).via("r = 1")
@example(r=P).via("r = p reduces to 0")
def test_elligator2(r: int) -> None:
    u = elligator2(r)
    assert u == ref.elligator2(r % P)
    # The image is on the curve (not the twist): u^3 + A u^2 + u is a square.
    assert ref.is_square(u * (u * u + ref.A_MONT * u + 1))


def test_immutability_repr_and_foreign_equality() -> None:
    """Points are frozen, print a round-trippable form, and do not equal other types."""
    point = EdwardsPoint.base()
    with pytest.raises(AttributeError):
        point.X = 0
    assert eval(repr(point), {"EdwardsPoint": EdwardsPoint}) == point
    assert point != (0, 1)
