"""Arithmetic in GF(p), p = 2^255 - 19: the :class:`FieldElement` type and int-level helpers.

The class gives the spec layer readable algebra (``(u - one) * (u + one).invert()``); the
module functions (:func:`inv`, :func:`sqrt_ratio`, :func:`is_square`) work on plain ints for the
hot loops in :mod:`xeddsa.curve.edwards`. Nothing here is constant time: Python integers leak
their magnitude through timing, so the pure backend must only see secret values when the caller
explicitly opted into it (see ``docs/security.rst``).

Spec: XEdDSA rev1 §2.2 (field), §2.4 (integer encoding).
"""

from __future__ import annotations

from typing import Final, final

from xeddsa.curve.constants import SQRT_M1, P

__all__ = ["FieldElement", "inv", "is_square", "pow_p58", "sqrt", "sqrt_ratio"]

_MASK_255: Final = (1 << 255) - 1


def inv(x: int) -> int:
    """Return x^-1 mod p for any int x, with the spec's convention inv(0) = 0.

    Uses CPython's extended-Euclid ``pow(x, -1, p)``, about 7x faster than Fermat's x^(p-2)
    (decision D6); it is variable time and meant for public data.

    Spec: XEdDSA rev1 §2.3 (inv(0) = 0).
    """
    x %= P
    if x == 0:
        return 0
    return pow(x, -1, P)


def _pow_2_250_minus_1(z: int) -> tuple[int, int]:
    """Return (z^(2^250 - 1), z^2) mod p for 0 <= z < p along ref10's addition chain.

    The runs of squarings are single ``pow(t, 2^n, p)`` calls: CPython's binary exponentiation does
    exactly n squarings in C for an exponent 2^n, and skips most of the multiplications that a
    generic exponent with (almost) all bits set costs. About 15 % faster than one ``pow``.

    Spec: the addition chain of ref10 ``fe_pow22523`` (Bernstein, Duif, Lange, Schwabe, Yang,
    "High-speed high-security signatures", 2011), recomputed here from the exponent.
    """
    z2 = z * z % P
    z9 = pow(z2, 4, P) * z % P  # z^8 * z
    z11 = z9 * z2 % P
    z_5_0 = z11 * z11 % P * z9 % P  # z^31 = z^(2^5 - 1)
    z_10_0 = pow(z_5_0, 1 << 5, P) * z_5_0 % P  # z^(2^10 - 1)
    z_20_0 = pow(z_10_0, 1 << 10, P) * z_10_0 % P
    z_40_0 = pow(z_20_0, 1 << 20, P) * z_20_0 % P
    z_50_0 = pow(z_40_0, 1 << 10, P) * z_10_0 % P
    z_100_0 = pow(z_50_0, 1 << 50, P) * z_50_0 % P
    z_200_0 = pow(z_100_0, 1 << 100, P) * z_100_0 % P
    z_250_0 = pow(z_200_0, 1 << 50, P) * z_50_0 % P
    return z_250_0, z2


def pow_p58(z: int) -> int:
    """Return z^((p - 5) / 8) = z^(2^252 - 3) mod p for any int z, the square-root exponent.

    Spec: RFC 8032 §5.1.3 step 2 (x = u v^3 (u v^7)^((p-5)/8)).
    """
    z %= P
    z_250_0, _ = _pow_2_250_minus_1(z)
    return pow(z_250_0, 4, P) * z % P  # (2^250 - 1) * 4 + 1 = 2^252 - 3


def is_square(x: int) -> bool:
    """Return whether x is a square mod p; 0 counts as a square (Euler's criterion).

    Computes x^((p-1)/2) = x^(2^254 - 10) as (x^(2^250 - 1))^16 * (x^2)^3, which is 1 for a
    non-zero square, 0 for 0 and p - 1 for a non-square.

    Spec: XEdDSA rev1 §2.6 (is_square, used by elligator2).
    """
    z_250_0, x2 = _pow_2_250_minus_1(x % P)
    return pow(z_250_0, 16, P) * x2 % P * x2 % P * x2 % P != P - 1


def sqrt_ratio(u: int, v: int) -> int | None:
    """Return a square root of u/v mod p, or None when u/v is not a square (v != 0 assumed).

    Computes the candidate x = u v^3 (u v^7)^((p-5)/8), which needs no inversion, then corrects it
    by sqrt(-1) when v x^2 = -u. The root returned may be either sign; callers choose the sign.

    Spec: RFC 8032 §5.1.3 step 2-3.
    """
    v3 = v * v % P * v % P
    v7 = v3 * v3 % P * v % P
    x = u * v3 % P * pow_p58(u * v7) % P
    vxx = v * x % P * x % P
    if vxx == u % P:
        return x
    if vxx == (-u) % P:
        return x * SQRT_M1 % P
    return None


def sqrt(x: int) -> int | None:
    """Return a square root of x mod p (either sign), or None when x is not a square.

    Spec: RFC 8032 §5.1.1 (square roots mod p = 5 mod 8).
    """
    x %= P
    r = pow_p58(x) * x % P  # x^((p+3)/8) = x^((p-5)/8) * x
    if r * r % P == x % P:
        return r
    r = r * SQRT_M1 % P
    if r * r % P == x % P:
        return r
    return None


@final
class FieldElement:
    """An element of GF(p), always held reduced in [0, p); immutable, hashable, with operators."""

    __slots__ = ("_v",)
    _v: int

    def __init__(self, value: int) -> None:
        """Reduce any Python int into GF(p)."""
        object.__setattr__(self, "_v", value % P)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FieldElement is immutable")

    @classmethod
    def from_bytes_masked(cls, data: bytes) -> FieldElement:
        """Decode 32 little-endian bytes, ignoring bit 255 and reducing mod p (RFC 7748 §5).

        Spec: XEdDSA rev1 §2.3 (convert_mont: umasked = u mod 2^|p|).
        """
        if len(data) != 32:
            raise ValueError(f"field element must be 32 bytes, got {len(data)}")
        return cls(int.from_bytes(data, "little") & _MASK_255)

    @classmethod
    def from_canonical_bytes(cls, data: bytes) -> FieldElement | None:
        """Decode 32 little-endian bytes holding an integer < p; return None for any value >= p.

        A set bit 255 makes the integer >= 2^255 > p, so it is rejected too (no masking).

        Spec: XEdDSA rev1 §3 (``if u >= p: return false``).
        """
        if len(data) != 32:
            raise ValueError(f"field element must be 32 bytes, got {len(data)}")
        value = int.from_bytes(data, "little")
        if value >= P:
            return None
        return cls(value)

    def to_bytes(self) -> bytes:
        """Encode as 32 little-endian bytes (the canonical encoding, bit 255 clear)."""
        return self._v.to_bytes(32, "little")

    @property
    def value(self) -> int:
        """The canonical integer representative in [0, p)."""
        return self._v

    def invert(self) -> FieldElement:
        """Return 1/self with inv(0) = 0 (XEdDSA rev1 §2.3)."""
        return FieldElement(inv(self._v))

    def is_square(self) -> bool:
        """Return whether self is a square in GF(p); zero counts as a square."""
        return is_square(self._v)

    def is_negative(self) -> bool:
        """Return whether the canonical representative is odd (the RFC 8032 sign of x)."""
        return bool(self._v & 1)

    def __add__(self, other: FieldElement) -> FieldElement:
        return FieldElement(self._v + other._v)

    def __sub__(self, other: FieldElement) -> FieldElement:
        return FieldElement(self._v - other._v)

    def __mul__(self, other: FieldElement) -> FieldElement:
        return FieldElement(self._v * other._v)

    def __truediv__(self, other: FieldElement) -> FieldElement:
        return FieldElement(self._v * inv(other._v))

    def __neg__(self) -> FieldElement:
        return FieldElement(-self._v)

    def __pow__(self, exponent: int) -> FieldElement:
        return FieldElement(pow(self._v, exponent, P))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldElement):
            return NotImplemented
        return self._v == other._v

    def __hash__(self) -> int:
        return hash(("FieldElement", self._v))

    def __repr__(self) -> str:
        return f"FieldElement({self._v:#x})"


ZERO: Final = FieldElement(0)
ONE: Final = FieldElement(1)
