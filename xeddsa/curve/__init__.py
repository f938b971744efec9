"""Curve25519 / edwards25519 mathematics only: field, scalars, points, conversions, Elligator 2.

This package knows no hashing and no signatures (enforced by import-linter); it imports only the
standard library and :mod:`xeddsa.errors`. It is not constant time.
"""

from xeddsa.curve.constants import COFACTOR as COFACTOR
from xeddsa.curve.constants import P as P
from xeddsa.curve.constants import Q as Q
from xeddsa.curve.edwards import EdwardsPoint as EdwardsPoint
from xeddsa.curve.edwards import batch_compress as batch_compress
from xeddsa.curve.elligator import elligator2 as elligator2
from xeddsa.curve.field import FieldElement as FieldElement
from xeddsa.curve.montgomery import convert_mont as convert_mont
from xeddsa.curve.montgomery import edwards_to_u as edwards_to_u
from xeddsa.curve.montgomery import u_to_y as u_to_y
from xeddsa.curve.scalar import Scalar as Scalar

__all__ = [
    "COFACTOR",
    "EdwardsPoint",
    "FieldElement",
    "P",
    "Q",
    "Scalar",
    "batch_compress",
    "convert_mont",
    "edwards_to_u",
    "elligator2",
    "u_to_y",
]
