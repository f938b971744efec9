"""Curve25519's numbers, in one place: the field prime, the group order, bit lengths and sizes.

Every module that needs p, q, 2^|q|, the 255-bit mask or the 32-byte encoding size imports it
from here; nothing else types them out. The derived curve constants (d, sqrt(-1), the base point,
the small-order values) live in :mod:`xeddsa.curve.constants`. A second curve would get a module
like this one.

Spec: XEdDSA rev1 §2.2 (parameters) and §5 (Curve25519); RFC 7748 §4.1.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "COFACTOR",
    "ENCODING_SIZE",
    "MASK_255",
    "P_BITS",
    "Q_BITS",
    "S_BOUND",
    "A",
    "N",
    "P",
    "Q",
]

#: p = 2^255 - 19, the field prime; |p| = 255 bits.
P: Final = 2**255 - 19
P_BITS: Final = 255

#: q = 2^252 + 27742317777372353535851937790883648493, the prime order of the base point B (RFC
#: 8032 calls it L); |q| = 253 bits.
Q: Final = 2**252 + 27742317777372353535851937790883648493
Q_BITS: Final = 253

#: 2^|q| = 2^253: the spec's literal bound on s and h ("if s >= 2^|q|: return false").
S_BOUND: Final = 1 << Q_BITS

#: 2^|p| - 1: the low 255 bits of a 32-byte encoding (u mod 2^|p|, a point's y without its sign).
MASK_255: Final = (1 << P_BITS) - 1

#: c = 8, the cofactor: the curve has c * q points.
COFACTOR: Final = 8

#: Montgomery coefficient A of v^2 = u^3 + A u^2 + u (RFC 7748 §4.1).
A: Final = 486662

#: The non-square n = 2 used by Elligator 2.
N: Final = 2

#: b / 8 = 32: bytes in the encoding of a field element, a scalar or a point (b = 256 bits).
ENCODING_SIZE: Final = 32
