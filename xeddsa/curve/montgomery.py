"""Montgomery u-coordinates and their birational map to edwards25519 y-coordinates.

There is deliberately no "Montgomery point to Edwards point" decoder here: a u may lie on the
quadratic twist, and the sign of x is not determined by u. XEdDSA fixes the sign to 0
(:func:`convert_mont`), and callers decide what to do with twist and small-order inputs.

Spec: XEdDSA rev1 §2.3 (u_to_y, convert_mont); RFC 7748 §4.1 (the birational map).
"""

from __future__ import annotations

from xeddsa._params import ENCODING_SIZE, MASK_255, P
from xeddsa.curve.edwards import EdwardsPoint
from xeddsa.curve.field import inv

__all__ = ["convert_mont", "edwards_to_u", "u_to_y"]


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
