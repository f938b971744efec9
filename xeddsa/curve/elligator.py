"""The Elligator 2 map from a field element r to a Montgomery u on Curve25519.

Spec: XEdDSA rev1 §2.6 (elligator2); Bernstein, Hamburg, Krasnova, Lange, "Elligator" (CCS 2013) §5.
"""

from __future__ import annotations

from xeddsa._params import A, N, P
from xeddsa.curve.field import inv, is_square

__all__ = ["elligator2"]


def elligator2(r: int) -> int:
    """Return the u-coordinate elligator2(r) in [0, p) for any int r (reduced mod p).

    1 + n r^2 is never 0 because n = 2 is a non-square, so the inversion is always defined.

    Spec: XEdDSA rev1 §2.6 (elligator2).
    """
    r %= P
    u1 = (-A * inv(1 + N * r * r)) % P  # u1 = -A * inv(1 + n*r^2) (mod p)
    w1 = u1 * ((u1 * u1 + A * u1 + 1) % P) % P  # w1 = u1 * (u1^2 + A*u1 + 1) (mod p)
    if is_square(w1):  # if w1 is a square (0 counts as a square)
        return u1
    return (-u1 - A) % P  # else: return -u1 - A (mod p)
