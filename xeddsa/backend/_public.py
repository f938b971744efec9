"""The base class of both backends: the public-data algorithms, on :mod:`xeddsa.curve`.

libsodium has no public field arithmetic and refuses small-order and torsioned points, yet a
verification policy must still evaluate them. Both backends therefore answer the public-data
questions with the code below, written once: the ``pure`` backend inherits it as is, and the
``sodium`` backend overrides a method only where libsodium applies and calls ``super()`` for the
inputs libsodium refuses, so the two verdicts are identical by construction (see
docs/design/decisions.rst, D7). None of these methods ever sees a secret; all are variable time.
"""

from __future__ import annotations

import functools
import hashlib

from xeddsa._params import ENCODING_SIZE, MASK_255, P, Q
from xeddsa.backend import PointBytes, PrimitiveError
from xeddsa.curve.constants import SMALL_ORDER_Y
from xeddsa.curve.edwards import EdwardsPoint
from xeddsa.curve.elligator import elligator2 as _elligator2
from xeddsa.curve.montgomery import convert_mont as _convert_mont
from xeddsa.curve.montgomery import edwards_to_u

__all__ = ["PublicDataBackend"]


def _int(b: bytes) -> int:
    return int.from_bytes(b, "little")


def _decode(point: bytes) -> EdwardsPoint:
    """Decode as libsodium's ``ge25519_frombytes``: y taken mod 2^255 and reduced, x = 0 with
    sign 1 allowed; raise :class:`PrimitiveError` off the curve."""
    decoded = EdwardsPoint.decompress_lenient(point)
    if decoded is None:
        raise PrimitiveError("point is not on the curve")
    return decoded


@functools.lru_cache(maxsize=256)
def _decode_negated_key(A: bytes) -> EdwardsPoint | None:
    """Return -A for the lenient decoding of A, or None off the curve; memoised, so verifying many
    messages under one key pays the square root once (A is public; points are immutable)."""
    decoded = EdwardsPoint.decompress_lenient(A)
    return None if decoded is None else -decoded


class PublicDataBackend:
    """Backend methods on public data, computed with :mod:`xeddsa.curve` (variable time)."""

    def convert_mont(self, u: bytes) -> PointBytes:
        """Return the Edwards encoding of u_to_y(u mod 2^255) with sign 0 (XEdDSA rev1 §2.3)."""
        return PointBytes(_convert_mont(u))

    def elligator2(self, r: bytes) -> bytes:
        """Return the 32-byte u = elligator2(r mod 2^255) (XEdDSA rev1 §2.6); r's bit 255 is
        ignored."""
        return _elligator2(_int(r) & MASK_255).to_bytes(ENCODING_SIZE, "little")

    def is_on_curve(self, point: bytes) -> bool:
        """Return whether the y of ``point`` (mod 2^255, reduced mod p) belongs to a curve point."""
        return EdwardsPoint.decompress_lenient(point) is not None

    def is_small_order(self, point: bytes) -> bool:
        """Return whether ``point`` encodes (canonically or not) a point whose order divides 8.

        A blocklist on y mod 2^255 with the sign bit ignored, the same set libsodium rejects.
        """
        return (_int(point) & MASK_255) in SMALL_ORDER_Y

    def is_torsion_free(self, point: bytes) -> bool:
        """Return whether ``point`` decodes and lies in the prime-order subgroup ([q]P = I)."""
        decoded = EdwardsPoint.decompress_lenient(point)
        return decoded is not None and decoded.is_torsion_free()

    def edwards_to_montgomery(self, point: bytes) -> bytes:
        """Return the 32-byte u = (1 + y) / (1 - y) of a prime-order point, as libsodium's
        ``crypto_sign_ed25519_pk_to_curve25519``; raise :class:`PrimitiveError` where it refuses:
        small order, off the curve, or a torsion component (which every non-canonical encoding
        has)."""
        decoded = EdwardsPoint.decompress_lenient(point)
        if decoded is None or self.is_small_order(point) or not decoded.is_torsion_free():
            raise PrimitiveError("point is of small order, off the curve or not in the subgroup")
        return edwards_to_u(decoded).to_bytes(ENCODING_SIZE, "little")

    def canonical_encoding(self, point: PointBytes) -> PointBytes:
        """Return the canonical encoding of a point decoded leniently (XEdDSA rev1 §4, "spec")."""
        return PointBytes(_decode(point).compress())

    def point_add(self, p: PointBytes, q: PointBytes) -> PointBytes:
        """Return P + Q for points on the curve."""
        return PointBytes((_decode(p) + _decode(q)).compress())

    def point_sub(self, p: PointBytes, q: PointBytes) -> PointBytes:
        """Return P - Q for points on the curve."""
        return PointBytes((_decode(p) - _decode(q)).compress())

    def mul_by_cofactor(self, point: PointBytes) -> PointBytes:
        """Return the encoding of [8]P for any point on the curve."""
        return PointBytes(_decode(point).mul_by_cofactor().compress())

    def base_mul_sub(self, s: bytes, h: bytes, point: PointBytes) -> PointBytes:
        """Return [s]B - [h]P (s, h taken mod q) for any P on the curve, in one Straus pass."""
        minus_P = -_decode(point)
        sB_minus_hP = EdwardsPoint.double_scalar_mul_base(_int(h) % Q, minus_P, _int(s) % Q)
        return PointBytes(sB_minus_hP.compress())

    def mul_sub(self, s: bytes, base: PointBytes, h: bytes, point: PointBytes) -> PointBytes:
        """Return [s]base - [h]P (s, h taken mod q) for points on the curve."""
        return PointBytes(
            EdwardsPoint.double_scalar_mul(
                _int(s) % Q, _decode(base), _int(h) % Q, -_decode(point)
            ).compress()
        )

    def ed25519_verify_strict(self, A: bytes, signature: bytes, M: bytes) -> bool:
        """Return libsodium's ``crypto_sign_verify_detached`` verdict on a 64-byte R || s: its
        checks in its order (s < q, A canonical, neither A nor R of small order), then the
        equation of :meth:`ed25519_verify`."""
        R, s = signature[:32], signature[32:]
        if (
            _int(s) >= Q
            or self.is_small_order(R)
            or _int(A) & MASK_255 >= P
            or self.is_small_order(A)
        ):
            return False
        return self.ed25519_verify(PointBytes(A), PointBytes(R), s, M)

    def ed25519_verify(self, A: PointBytes, R: PointBytes, s: bytes, M: bytes) -> bool:
        """Return whether R == encode([s]B - [h]A) with h = SHA-512(R || A || M) mod q.

        The cofactorless equation and nothing else: A may have small order or torsion, s is taken
        mod q. Public data.
        """
        minus_A = _decode_negated_key(A)
        if minus_A is None:
            return False
        h = _int(hashlib.sha512(R + A + M).digest()) % Q
        # sB - hA as [h](-A) + [s]B: never [q - h]A, which differs when A carries torsion.
        Rcheck = EdwardsPoint.double_scalar_mul_base(h, minus_A, _int(s) % Q)
        return Rcheck.compress() == R
