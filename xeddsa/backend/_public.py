"""Public-data helpers shared by both backends, on :mod:`xeddsa.curve` (variable time).

libsodium has no public field arithmetic and refuses small-order points, so both backends answer
these questions with the same pure code (architecture.md §3, rule 2): that makes their verdicts
identical by construction. None of these functions ever sees a secret.
"""

from __future__ import annotations

from typing import Final

from xeddsa.backend import PointBytes, PrimitiveError
from xeddsa.curve.constants import SMALL_ORDER_Y, P, Q
from xeddsa.curve.edwards import EdwardsPoint
from xeddsa.curve.elligator import elligator2 as _elligator2
from xeddsa.curve.montgomery import convert_mont as _convert_mont
from xeddsa.curve.montgomery import edwards_to_u

__all__ = [
    "PublicDataPrimitives",
    "base_mul_sub",
    "canonical_encoding",
    "convert_mont",
    "edwards_to_montgomery",
    "elligator2",
    "is_canonical",
    "is_on_curve",
    "is_small_order",
    "is_torsion_free",
    "mul_by_cofactor",
    "mul_sub",
    "strict_preconditions",
]

_MASK_255: Final = (1 << 255) - 1


def convert_mont(u: bytes) -> PointBytes:
    """Return the Edwards encoding of u_to_y(u mod 2^255) with sign 0 (XEdDSA rev1 §2.3)."""
    return PointBytes(_convert_mont(u))


def elligator2(r: bytes) -> bytes:
    """Return the 32-byte u = elligator2(r mod 2^255) (XEdDSA rev1 §2.6); r's bit 255 is ignored."""
    return _elligator2(int.from_bytes(r, "little") & _MASK_255).to_bytes(32, "little")


def is_on_curve(point: bytes) -> bool:
    """Return whether the y of ``point`` (mod 2^255, reduced mod p) belongs to a curve point."""
    return EdwardsPoint.decompress_lenient(point) is not None


def is_canonical(point: bytes) -> bool:
    """Return whether ``point`` is the canonical encoding of a curve point (RFC 8032 §5.1.3)."""
    return EdwardsPoint.decompress(point) is not None


def is_small_order(point: bytes) -> bool:
    """Return whether ``point`` encodes (canonically or not) a point whose order divides 8.

    A blocklist on y mod 2^255 with the sign bit ignored, the same set libsodium rejects.
    """
    return (int.from_bytes(point, "little") & _MASK_255) in SMALL_ORDER_Y


def is_torsion_free(point: bytes) -> bool:
    """Return whether ``point`` decodes and lies in the prime-order subgroup ([q]P = I)."""
    decoded = EdwardsPoint.decompress_lenient(point)
    return decoded is not None and decoded.is_torsion_free()


def _decode(point: bytes) -> EdwardsPoint:
    decoded = EdwardsPoint.decompress_lenient(point)
    if decoded is None:
        raise PrimitiveError("point is not on the curve")
    return decoded


def strict_preconditions(A: bytes, signature: bytes) -> bool:
    """Return whether libsodium's verifier would reach its equation: s < q, A canonical (y < p),
    neither A nor R of small order (``crypto_sign_verify_detached``'s checks, in its order)."""
    return (
        int.from_bytes(signature[32:], "little") < Q
        and not is_small_order(signature[:32])
        and int.from_bytes(A, "little") & _MASK_255 < P
        and not is_small_order(A)
    )


def edwards_to_montgomery(point: bytes) -> bytes:
    """Return the 32-byte u = (1 + y) / (1 - y) of a prime-order point, as libsodium's
    ``crypto_sign_ed25519_pk_to_curve25519``; raise :class:`PrimitiveError` where it refuses:
    small order, off the curve, or a torsion component (which every non-canonical encoding has)."""
    decoded = EdwardsPoint.decompress_lenient(point)
    if decoded is None or is_small_order(point) or not decoded.is_torsion_free():
        raise PrimitiveError("point is of small order, off the curve or not in the subgroup")
    return edwards_to_u(decoded).to_bytes(32, "little")


def canonical_encoding(point: bytes) -> PointBytes:
    """Return the canonical encoding of a point decoded leniently (XEdDSA rev1 §4, spec policy)."""
    return PointBytes(_decode(point).compress())


def mul_by_cofactor(point: bytes) -> PointBytes:
    """Return the encoding of [8]P for any point on the curve."""
    return PointBytes(_decode(point).mul_by_cofactor().compress())


def base_mul_sub(s: bytes, h: bytes, point: bytes) -> PointBytes:
    """Return [s]B - [h]P (s, h taken mod q) for any P on the curve, in one Straus pass."""
    s_int = int.from_bytes(s, "little") % Q
    h_int = int.from_bytes(h, "little") % Q
    return PointBytes(EdwardsPoint.double_scalar_mul_base(h_int, -_decode(point), s_int).compress())


def mul_sub(s: bytes, Q_: bytes, h: bytes, point: bytes) -> PointBytes:
    """Return [s]Q - [h]P (s, h taken mod q) for P, Q on the curve."""
    s_int = int.from_bytes(s, "little") % Q
    h_int = int.from_bytes(h, "little") % Q
    return PointBytes(
        EdwardsPoint.double_scalar_mul(s_int, _decode(Q_), h_int, -_decode(point)).compress()
    )


class PublicDataPrimitives:
    """The Backend methods both backends answer with the pure code above (public data only)."""

    canonical_encoding = staticmethod(canonical_encoding)
    convert_mont = staticmethod(convert_mont)
    edwards_to_montgomery = staticmethod(edwards_to_montgomery)
    elligator2 = staticmethod(elligator2)
    is_on_curve = staticmethod(is_on_curve)
    is_canonical = staticmethod(is_canonical)
    is_small_order = staticmethod(is_small_order)
    is_torsion_free = staticmethod(is_torsion_free)
