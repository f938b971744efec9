"""The ``pure`` backend: the Backend primitives on :mod:`xeddsa.curve`, in Python integers.

**Not constant time.** Python integers leak their magnitude through timing, and the multiplications
skip zero digits. This backend is the readable reference that generates the test vectors and the
verifier where PyNaCl is missing; it signs only after an explicit opt-in
(``xeddsa.use_backend("pure")`` or ``XEDDSA_BACKEND=pure``). Its results are byte-identical to the
``sodium`` backend, including which inputs are refused (:class:`PrimitiveError`), as libsodium's
documentation and the differential tests define.
"""

from __future__ import annotations

import functools
from typing import final

from xeddsa._params import ENCODING_SIZE, MASK_255, Q
from xeddsa.backend import BackendName, PointBytes, PrimitiveError, ScalarBytes
from xeddsa.backend._public import PublicDataBackend
from xeddsa.curve.edwards import EdwardsPoint
from xeddsa.curve.elligator import elligator2
from xeddsa.curve.montgomery import edwards_to_u, u_to_y, x25519

__all__ = ["PureBackend"]


def _int(b: bytes) -> int:
    return int.from_bytes(b, "little")


def _scalar(v: int) -> ScalarBytes:
    return ScalarBytes(v.to_bytes(ENCODING_SIZE, "little"))


@functools.lru_cache(maxsize=16)
def _decode_prime_order(point: bytes) -> EdwardsPoint | None:
    """Decode a canonical point of prime order q, or None (what libsodium's ``*_noclamp`` refuse);
    memoised, so VXEdDSA's two multiplications of one Bv validate it once (public data)."""
    decoded = EdwardsPoint.decompress(point)
    if decoded is None or decoded.is_small_order() or not decoded.is_torsion_free():
        return None
    return decoded


@final
class PureBackend(PublicDataBackend):
    """Backend primitives on :mod:`xeddsa.curve` (readable reference; not constant time)."""

    name: BackendName = "pure"

    def scalar_reduce(self, wide: bytes) -> ScalarBytes:
        """Reduce a 64-byte little-endian integer mod q."""
        return _scalar(_int(wide) % Q)

    def scalar_negate(self, a: ScalarBytes) -> ScalarBytes:
        """Return -a mod q."""
        return _scalar(-_int(a) % Q)

    def scalar_muladd(self, a: ScalarBytes, b: ScalarBytes, c: ScalarBytes) -> ScalarBytes:
        """Return a * b + c mod q."""
        return _scalar((_int(a) * _int(b) + _int(c)) % Q)

    def scalar_reduce_muladd(self, wide: bytes, b: ScalarBytes, c: ScalarBytes) -> ScalarBytes:
        """Return (wide mod q) * b + c mod q."""
        return _scalar((_int(wide) % Q * _int(b) + _int(c)) % Q)

    def scalar_reduce_base_mul(self, wide: bytes) -> tuple[ScalarBytes, PointBytes]:
        """Return (r, [r]B) for r = wide mod q; refuse r = 0 as libsodium does."""
        r = self.scalar_reduce(wide)
        return r, self.base_mul(r)

    def base_mul(self, s: ScalarBytes) -> PointBytes:
        """Return [s]B; refuse s = 0 mod q as libsodium does (identity result)."""
        k = _int(s) & MASK_255  # libsodium ignores bit 255 of the scalar
        if k % Q == 0:
            raise PrimitiveError("identity result")
        return PointBytes(EdwardsPoint.base_mul(k).compress())

    def point_mul(self, s: ScalarBytes, point: PointBytes) -> PointBytes:
        """Return [s]P for canonical, prime-order P; refuse what libsodium refuses."""
        P_ = _decode_prime_order(point)
        if P_ is None:
            raise PrimitiveError("point is not canonical or not in the prime-order subgroup")
        k = _int(s) & MASK_255
        result = P_ * (k % Q)
        if result.is_identity():
            raise PrimitiveError("identity result")
        return PointBytes(result.compress())

    def from_uniform(self, r: bytes) -> PointBytes:
        """Return [8]P for u = elligator2(r mod 2^255) and sign bit r[255] (XEdDSA rev1 §2.6)."""
        raw = _int(r)
        u = elligator2(raw & MASK_255)
        point = EdwardsPoint.from_y_and_sign(u_to_y(u), raw >> 255)
        if point is None:  # unreachable: elligator2 always lands on the curve
            raise PrimitiveError("elligator2 left the curve")
        return PointBytes(point.mul_by_cofactor().compress())

    def x25519_base(self, k: bytes) -> bytes:
        """Return u of [k]B, i.e. X25519(k, 9) for a clamped k."""
        return edwards_to_u(EdwardsPoint.base_mul(_int(k))).to_bytes(ENCODING_SIZE, "little")

    def x25519(self, k: bytes, u: bytes) -> bytes:
        """Return X25519(k, u) by the ladder; refuse an all-zero result as libsodium does (for a
        clamped k that is exactly libsodium's small-order blocklist, since 8 divides k)."""
        clamped = bytearray(k)
        clamped[0] &= 248
        clamped[31] &= 127
        clamped[31] |= 64
        shared = x25519(_int(bytes(clamped)), _int(u))
        if shared == 0:
            raise PrimitiveError("X25519 refused: u of small order or an all-zero shared secret")
        return shared.to_bytes(ENCODING_SIZE, "little")
