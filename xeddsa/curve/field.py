"""Arithmetic in GF(p), p = 2^255 - 19, on plain Python ints: inversion, square roots, squares.

The curve code holds field elements as ints in [0, p) and reduces with ``% P`` inline; these are
the operations that need more than one line. Nothing here is constant time: Python integers leak
their magnitude through timing, so the pure backend must only see secret values when the caller
explicitly opted into it (see ``docs/security.rst``).

Spec: XEdDSA rev1 §2.2 (field), §2.4 (integer encoding).
"""

from __future__ import annotations

from xeddsa._params import P
from xeddsa.curve.constants import SQRT_M1

__all__ = ["inv", "is_square", "pow_p58", "sqrt_ratio"]


def inv(x: int) -> int:
    """Return x^-1 mod p for any int x, with the spec's convention inv(0) = 0.

    Uses CPython's extended-Euclid ``pow(x, -1, p)`` rather than Fermat's x^(p-2) (see
    docs/design/decisions.rst, D6); it is variable time and meant for public data.

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
    generic exponent with (almost) all bits set costs (figures in benchmarks/README.md).

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
