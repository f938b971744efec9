"""edwards25519 constants derived from Curve25519's parameters, each with its derivation.

The parameters themselves (p, q, A, n, the cofactor) live in :mod:`xeddsa._params`.

Spec: XEdDSA rev1 §2.2 and §5 (Curve25519 parameters); RFC 7748 §4.1; RFC 8032 §5.1.
"""

from __future__ import annotations

from typing import Final

from xeddsa._params import P

__all__ = [
    "B_X",
    "B_Y",
    "D2",
    "SMALL_ORDER_U",
    "SMALL_ORDER_Y",
    "SQRT_M1",
    "D",
]

#: d = -121665/121666 mod p, the twisted Edwards coefficient of -x^2 + y^2 = 1 + d x^2 y^2.
D: Final = (-121665 * pow(121666, -1, P)) % P

#: 2d, used by the extended-coordinates addition formula (HWCD 2008, "add-2008-hwcd-3").
D2: Final = (2 * D) % P

#: sqrt(-1) = 2^((p-1)/4) mod p, since 2 is a non-square and p = 5 (mod 8).
SQRT_M1: Final = pow(2, (P - 1) // 4, P)

#: y-coordinate of the base point B = 4/5 mod p (RFC 8032 §5.1).
B_Y: Final = (4 * pow(5, -1, P)) % P

#: x-coordinate of B: the non-negative (even) square root of (y^2 - 1) / (d y^2 + 1).
B_X: Final = 15112221349535400772501151409588531511454012693041857206046113283949847762202

#: Montgomery u-coordinates of the points of small order (dividing 8) that a u can encode:
#: u = 0 (order 2), u = 1 and u = -1 (both map to y = 0 under u_to_y with inv(0) = 0, order 4),
#: and the two order-8 u values (roots of u^2 - 2u - 1 over sqrt(-1) multiples; RFC 7748 §7
#: lists them among the low-order inputs).
SMALL_ORDER_U: Final = frozenset(
    {
        0,
        1,
        P - 1,
        325606250916557431795983626356110631294008115727848805560023387167927233504,
        39382357235489614581723060781553021112529911719440698176882885853963445705823,
    }
)

#: y-values (taken mod 2^255, sign bit ignored) of every 32-byte encoding of a small-order point,
#: canonical or not: y = 1 (identity) and y = p - 1 (order 2), y = 0 (order 4), the two order-8
#: y-values (u_to_y of the order-8 u values; they are negatives of each other), and the
#: non-canonical aliases y + p < 2^255 of 0 and 1. This is the blocklist libsodium's
#: ge25519_has_small_order() applies to R and A.
SMALL_ORDER_Y: Final = frozenset(
    {
        0,
        1,
        P - 1,
        55188659117513257062467267217118295137698188065244968500265048394206261417927,
        2707385501144840649318225287225658788936804267575313519463743609750303402022,
        P,
        P + 1,
    }
)
