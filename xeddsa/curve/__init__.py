"""Curve25519 / edwards25519 mathematics only: field, scalars, points, conversions, Elligator 2.

This package knows no hashing and no signatures (enforced by import-linter); it imports only the
standard library and the leaf modules (:mod:`xeddsa._params`). It is not constant time.
"""

from xeddsa._params import COFACTOR as COFACTOR
from xeddsa._params import P as P
from xeddsa._params import Q as Q
from xeddsa.curve.edwards import EdwardsPoint as EdwardsPoint
from xeddsa.curve.edwards import batch_compress as batch_compress
from xeddsa.curve.elligator import elligator2 as elligator2
from xeddsa.curve.montgomery import convert_mont as convert_mont
from xeddsa.curve.montgomery import edwards_to_u as edwards_to_u
from xeddsa.curve.montgomery import u_to_y as u_to_y

__all__ = [
    "COFACTOR",
    "EdwardsPoint",
    "P",
    "Q",
    "batch_compress",
    "convert_mont",
    "edwards_to_u",
    "elligator2",
    "u_to_y",
]
