"""Montgomery u-coordinates and their birational map to edwards25519 y-coordinates.

There is deliberately no "Montgomery point to Edwards point" decoder here: a u may lie on the
quadratic twist, and the sign of x is not determined by u. XEdDSA fixes the sign to 0
(:func:`convert_mont`), and callers decide what to do with twist and small-order inputs.

Spec: XEdDSA rev1 §2.3 (u_to_y, convert_mont); RFC 7748 §4.1 (the birational map).
"""

from __future__ import annotations

from typing import Final

from xeddsa._params import ENCODING_SIZE, MASK_255, A, P
from xeddsa.curve.edwards import EdwardsPoint
from xeddsa.curve.field import inv

__all__ = ["convert_mont", "edwards_to_u", "u_to_y", "x25519"]


def u_to_y(u: int) -> int:
    """Map a Montgomery u (any int) to the Edwards y = (u - 1) * inv(u + 1) mod p in [0, p),
    with inv(0) = 0 (so -1 -> 0).

    Spec: XEdDSA rev1 §2.3 (u_to_y).
    """
    return (u - 1) * inv(u + 1) % P


def convert_mont(u: bytes) -> bytes:
    """Return the 32-byte Edwards encoding of y = u_to_y(u mod 2^255) with sign bit 0.

    Accepts any 32 bytes: bit 255 is masked and u is reduced mod p, exactly as the spec's
    pseudocode; it does not check that the result lies on the curve (u may be a twist point).

    Spec: XEdDSA rev1 §2.3 (convert_mont).
    """
    umasked = int.from_bytes(u, "little") & MASK_255  # u (mod 2^|p|)
    P_y = u_to_y(umasked)  # P.y = u_to_y(umasked)
    return P_y.to_bytes(ENCODING_SIZE, "little")  # P.s = 0: bit 255 stays clear


def edwards_to_u(point: EdwardsPoint) -> int:
    """Return the Montgomery u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y) of an Edwards point.

    The identity (y = 1) maps to u = 0 under inv(0) = 0, which is what X25519 outputs for it.

    Spec: RFC 7748 §4.1 (birational map).
    """
    return (point.Z + point.Y) * inv(point.Z - point.Y) % P


_A24: Final = (A - 2) // 4  # (486662 - 2) / 4 = 121665, RFC 7748 §5


def x25519(k: int, u: int) -> int:
    """Return X25519(k, u): the u-coordinate of [k]U by the Montgomery ladder, 0 for the identity.

    ``k`` is used as given (the caller clamps it); ``u`` has bit 255 masked and is reduced mod p,
    so twist points are multiplied on the twist, as RFC 7748 requires. Variable time.

    Spec: RFC 7748 §5 (the ladder, with a24 = 121665 and a conditional swap per bit).
    """
    x_1 = (u & MASK_255) % P
    x_2, z_2, x_3, z_3 = 1, 0, x_1, 1
    swap = 0
    for t in reversed(range(255)):
        k_t = (k >> t) & 1
        swap ^= k_t
        if swap:
            x_2, x_3, z_2, z_3 = x_3, x_2, z_3, z_2
        swap = k_t
        A_ = (x_2 + z_2) % P
        AA = A_ * A_ % P
        B_ = (x_2 - z_2) % P
        BB = B_ * B_ % P
        E = (AA - BB) % P
        C = (x_3 + z_3) % P
        D = (x_3 - z_3) % P
        DA = D * A_ % P
        CB = C * B_ % P
        x_3 = (DA + CB) ** 2 % P
        z_3 = x_1 * (DA - CB) ** 2 % P
        x_2 = AA * BB % P
        z_2 = E * (AA + _A24 * E) % P
    if swap:
        x_2, z_2 = x_3, z_3
    return x_2 * inv(z_2) % P
