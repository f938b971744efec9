"""Points on edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2) in extended coordinates (X : Y : Z : T).

Decoding names its policy: :meth:`EdwardsPoint.decompress` is RFC 8032 §5.1.3 with the canonical
rule (y < p, and no "x = 0 with sign bit 1"); :meth:`EdwardsPoint.decompress_lenient` reduces y
mod p and accepts a negative zero, as the C reference decodes a VXEdDSA V. Both return ``None``
instead of a point when the bytes do not decode. Encoding is RFC 8032 §5.1.2 and always canonical.

Arithmetic uses the complete formulas of Hisil, Wong, Carter and Dawson, "Twisted Edwards Curves
Revisited" (ASIACRYPT 2008), §3.1-§3.3 with a = -1, in the forms RFC 8032 §5.1.4 prints. Fixed-base
multiplication uses a lazily built table of signed radix-2^w multiples of B; variable-base and
double-scalar multiplication use width-w NAF (Straus interleaving for aA + bB).

Nothing here is constant time: digit recoding skips zero digits and Python integers leak their
size. This module is the readable reference and the verifier of public data; the default signer
runs on libsodium.

Spec: XEdDSA rev1 §2.4 (point encoding); RFC 8032 §5.1.2-§5.1.4.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, final

from xeddsa.curve.constants import B_X, B_Y, COFACTOR, D2, D, P, Q
from xeddsa.curve.field import inv, sqrt_ratio

__all__ = ["EdwardsPoint", "batch_compress"]

_MASK_255: Final = (1 << 255) - 1

# Affine "Niels" form of a point (x, y): (y + x, y - x, 2 d x y). Adding it to an extended point
# costs 7 multiplications (HWCD 2008 §3.1 "madd" with Z2 = 1).
_Niels = tuple[int, int, int]
# Projective cached form (Y + X, Y - X, 2 Z, 2 d T): additions cost 8 multiplications.
_Cached = tuple[int, int, int, int]

#: Window width of the fixed-base table (signed radix 2^w digits of the scalar).
FIXED_BASE_WINDOW: Final = 6
#: Window width of the precomputed odd multiples of B used by :meth:`double_scalar_mul_base`.
BASE_NAF_WINDOW: Final = 8
#: Window width for variable-base NAF multiplication.
VAR_NAF_WINDOW: Final = 5


@final
class EdwardsPoint:
    """A point of edwards25519 in extended coordinates x = X/Z, y = Y/Z, x y = T/Z; immutable."""

    __slots__ = ("T", "X", "Y", "Z")
    X: int
    Y: int
    Z: int
    T: int

    def __init__(self, X: int, Y: int, Z: int, T: int) -> None:
        """Wrap extended coordinates already known to satisfy the curve equation (no check)."""
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "Y", Y)
        object.__setattr__(self, "Z", Z)
        object.__setattr__(self, "T", T)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("EdwardsPoint is immutable")

    # -- constructors ---------------------------------------------------------------------------

    @classmethod
    def identity(cls) -> EdwardsPoint:
        """Return the neutral element I = (0, 1)."""
        return _IDENTITY

    @classmethod
    def base(cls) -> EdwardsPoint:
        """Return the base point B of prime order q (RFC 8032 §5.1)."""
        return _BASE

    @classmethod
    def from_affine(cls, x: int, y: int) -> EdwardsPoint | None:
        """Return the point (x, y) if it satisfies -x^2 + y^2 = 1 + d x^2 y^2, else None."""
        x %= P
        y %= P
        xx = x * x % P
        yy = y * y % P
        if (yy - xx - 1 - D * xx % P * yy) % P != 0:
            return None
        return cls(x, y, 1, x * y % P)

    @classmethod
    def from_y_and_sign(cls, y: int, sign: int) -> EdwardsPoint | None:
        """Return the point with coordinate y (any int, reduced mod p) and x of parity ``sign``.

        Returns None when (y^2 - 1)/(d y^2 + 1) is not a square, i.e. y belongs to no curve point.
        When x = 0 the requested sign cannot be honoured and is ignored (negating 0 gives 0), which
        is what libsodium's from_uniform and the C reference's lenient decoder do.

        Spec: RFC 8032 §5.1.3 steps 2-4 (without its canonicality checks).
        """
        y %= P
        yy = y * y % P
        x = sqrt_ratio(yy - 1, D * yy + 1)
        if x is None:
            return None
        if (x & 1) != sign:
            x = (P - x) % P
        return cls(x, y, 1, x * y % P)

    @classmethod
    def decompress(cls, data: bytes) -> EdwardsPoint | None:
        """Decode a canonical 32-byte encoding; return None for y >= p, "x = 0 with sign 1", or
        a y that is on no curve point.

        Spec: RFC 8032 §5.1.3.
        """
        if len(data) != 32:
            return None
        raw = int.from_bytes(data, "little")
        y = raw & _MASK_255
        sign = raw >> 255
        if y >= P:
            return None
        point = cls.from_y_and_sign(y, sign)
        if point is None or (point.X == 0 and sign == 1):
            return None
        return point

    @classmethod
    def decompress_lenient(cls, data: bytes) -> EdwardsPoint | None:
        """Decode 32 bytes reducing y mod p and accepting x = 0 with sign 1; None if off the curve.

        This is how the C reference (libsignal-protocol-c, rev 1) decodes a VXEdDSA V; the
        ``"spec"`` policy uses it, then hashes the canonical re-encoding.

        Spec: XEdDSA rev1 §4 (``V.y >= 2^|p|`` is the only range check).
        """
        if len(data) != 32:
            return None
        raw = int.from_bytes(data, "little")
        return cls.from_y_and_sign(raw & _MASK_255, raw >> 255)

    # -- encoding -------------------------------------------------------------------------------

    def compress(self) -> bytes:
        """Encode canonically: y < p little-endian with the parity of x in bit 255.

        Spec: RFC 8032 §5.1.2; XEdDSA rev1 §2.4.
        """
        zinv = inv(self.Z)
        x = self.X * zinv % P
        y = self.Y * zinv % P
        return (y | ((x & 1) << 255)).to_bytes(32, "little")

    def affine(self) -> tuple[int, int]:
        """Return the affine coordinates (x, y), both reduced mod p."""
        zinv = inv(self.Z)
        return self.X * zinv % P, self.Y * zinv % P

    # -- group law ------------------------------------------------------------------------------

    def __add__(self, other: EdwardsPoint) -> EdwardsPoint:
        """Complete addition (HWCD 2008 §3.1, "add-2008-hwcd-3", a = -1; RFC 8032 §5.1.4)."""
        X1, Y1, Z1, T1 = self.X, self.Y, self.Z, self.T
        X2, Y2, Z2, T2 = other.X, other.Y, other.Z, other.T
        a = (Y1 - X1) * (Y2 - X2) % P
        b = (Y1 + X1) * (Y2 + X2) % P
        c = T1 * D2 % P * T2 % P
        d = 2 * Z1 * Z2 % P
        e, f, g, h = b - a, d - c, d + c, b + a
        return EdwardsPoint(e * f % P, g * h % P, f * g % P, e * h % P)

    def __neg__(self) -> EdwardsPoint:
        """Return -P = (-x, y)."""
        return EdwardsPoint((-self.X) % P, self.Y, self.Z, (-self.T) % P)

    def __sub__(self, other: EdwardsPoint) -> EdwardsPoint:
        """Return self + (-other)."""
        return self + (-other)

    def double(self) -> EdwardsPoint:
        """Doubling (HWCD 2008 §3.3, "dbl-2008-hwcd", a = -1; RFC 8032 §5.1.4)."""
        X1, Y1, Z1 = self.X, self.Y, self.Z
        a = X1 * X1 % P
        b = Y1 * Y1 % P
        c = 2 * Z1 * Z1 % P
        h = a + b
        e = h - (X1 + Y1) * (X1 + Y1) % P
        g = a - b
        f = c + g
        return EdwardsPoint(e * f % P, g * h % P, f * g % P, e * h % P)

    def mul_by_cofactor(self) -> EdwardsPoint:
        """Return [8]P with three doublings."""
        return self.double().double().double()

    def __mul__(self, k: int) -> EdwardsPoint:
        """Return [k]P for any non-negative int k (not reduced mod q: [q]P tests the subgroup).

        Width-5 NAF with odd multiples in cached form; variable time.
        """
        if k < 0:
            raise ValueError("scalar must be non-negative")
        if k == 0:
            return _IDENTITY
        table = _odd_multiples_cached(self, VAR_NAF_WINDOW)
        X, Y, Z, T = 0, 1, 1, 0
        for digit in reversed(_wnaf(k, VAR_NAF_WINDOW)):
            X, Y, Z, T = _dbl(X, Y, Z)
            if digit > 0:
                X, Y, Z, T = _add_cached(X, Y, Z, T, table[digit >> 1])
            elif digit < 0:
                X, Y, Z, T = _sub_cached(X, Y, Z, T, table[(-digit) >> 1])
        return EdwardsPoint(X, Y, Z, T)

    __rmul__ = __mul__

    # -- predicates -----------------------------------------------------------------------------

    def is_identity(self) -> bool:
        """Return whether this is the neutral element (x = 0, y = 1)."""
        return self.X % P == 0 and (self.Y - self.Z) % P == 0

    def is_small_order(self) -> bool:
        """Return whether [8]P = I, i.e. the order of P divides the cofactor."""
        return self.mul_by_cofactor().is_identity()

    def is_torsion_free(self) -> bool:
        """Return whether [q]P = I, i.e. P lies in the prime-order subgroup generated by B."""
        return (self * Q).is_identity()

    def __eq__(self, other: object) -> bool:
        """Compare projectively: X1 Z2 = X2 Z1 and Y1 Z2 = Y2 Z1."""
        if not isinstance(other, EdwardsPoint):
            return NotImplemented
        return (self.X * other.Z - other.X * self.Z) % P == 0 and (
            self.Y * other.Z - other.Y * self.Z
        ) % P == 0

    def __hash__(self) -> int:
        return hash(self.compress())

    def __repr__(self) -> str:
        return f"EdwardsPoint.decompress(bytes.fromhex({self.compress().hex()!r}))"

    # -- fast multiplications ---------------------------------------------------------------------

    @classmethod
    def base_mul(cls, k: int) -> EdwardsPoint:
        """Return [k]B for 0 <= k < 2^256 using the fixed-base table; variable time.

        k is reduced mod q first (qB = I), then written in signed radix 2^w digits
        d_i in [-2^(w-1), 2^(w-1)) so that [k]B = sum_i [d_i] (2^(w i) B); each non-zero digit costs
        one mixed addition of a table entry and no doubling is needed.
        """
        k %= Q
        w = FIXED_BASE_WINDOW
        table = _fixed_base_table()
        half = 1 << (w - 1)
        mask = (1 << w) - 1
        X, Y, Z, T = 0, 1, 1, 0
        i = 0
        while k:
            digit = k & mask
            k >>= w
            if digit >= half:
                digit -= 1 << w
                k += 1
            if digit > 0:
                ypx, ymx, xy2d = table[i][digit - 1]
                # madd (HWCD 2008 §3.1 with Z2 = 1).
                a = (Y - X) * ymx % P
                b = (Y + X) * ypx % P
                c = T * xy2d % P
                d = 2 * Z
                e, f, g, h = b - a, d - c, d + c, b + a
                X, Y, Z, T = e * f % P, g * h % P, f * g % P, e * h % P
            elif digit < 0:
                ypx, ymx, xy2d = table[i][-digit - 1]
                # madd with -(x, y) = (-x, y): swap y+x and y-x, negate 2dxy.
                a = (Y - X) * ypx % P
                b = (Y + X) * ymx % P
                c = T * xy2d % P
                d = 2 * Z
                e, f, g, h = b - a, d + c, d - c, b + a
                X, Y, Z, T = e * f % P, g * h % P, f * g % P, e * h % P
            i += 1
        return cls(X, Y, Z, T)

    @classmethod
    def double_scalar_mul_base(cls, a: int, A: EdwardsPoint, b: int) -> EdwardsPoint:
        """Return [a]A + [b]B for non-negative a, b (Straus interleaving of two wNAFs); vartime.

        For public data only (verification computes sB - hA as [q - h]A + [s]B).
        """
        naf_a = _wnaf(a, VAR_NAF_WINDOW)
        naf_b = _wnaf(b, BASE_NAF_WINDOW)
        table_a = _odd_multiples_cached(A, VAR_NAF_WINDOW)
        table_b = _base_odd_multiples()
        n = max(len(naf_a), len(naf_b))
        naf_a += [0] * (n - len(naf_a))
        naf_b += [0] * (n - len(naf_b))
        X, Y, Z, T = 0, 1, 1, 0
        for i in range(n - 1, -1, -1):
            X, Y, Z, T = _dbl(X, Y, Z)
            da = naf_a[i]
            if da > 0:
                X, Y, Z, T = _add_cached(X, Y, Z, T, table_a[da >> 1])
            elif da < 0:
                X, Y, Z, T = _sub_cached(X, Y, Z, T, table_a[(-da) >> 1])
            db = naf_b[i]
            if db > 0:
                X, Y, Z, T = _madd(X, Y, Z, T, table_b[db >> 1])
            elif db < 0:
                ypx, ymx, xy2d = table_b[(-db) >> 1]
                X, Y, Z, T = _madd(X, Y, Z, T, (ymx, ypx, (-xy2d) % P))
        return cls(X, Y, Z, T)


def batch_compress(points: Sequence[EdwardsPoint]) -> list[bytes]:
    """Encode several points with one field inversion (Montgomery's simultaneous inversion)."""
    zs = [pt.Z % P for pt in points]
    invs = _batch_inv(zs)
    out = []
    for pt, zinv in zip(points, invs, strict=True):
        x = pt.X * zinv % P
        y = pt.Y * zinv % P
        out.append((y | ((x & 1) << 255)).to_bytes(32, "little"))
    return out


# -- internals ------------------------------------------------------------------------------------


def _batch_inv(values: Sequence[int]) -> list[int]:
    """Invert every value mod p with one inversion (zeros map to zero, as inv(0) = 0)."""
    prefix = []
    acc = 1
    for v in values:
        prefix.append(acc)
        if v:
            acc = acc * v % P
    acc_inv = inv(acc)
    out = [0] * len(values)
    for i in range(len(values) - 1, -1, -1):
        v = values[i]
        if v:
            out[i] = prefix[i] * acc_inv % P
            acc_inv = acc_inv * v % P
    return out


def _dbl(X1: int, Y1: int, Z1: int) -> tuple[int, int, int, int]:
    """Doubling on raw coordinates (HWCD 2008 §3.3, a = -1); T1 is not needed."""
    a = X1 * X1 % P
    b = Y1 * Y1 % P
    c = 2 * Z1 * Z1
    h = a + b
    s = X1 + Y1
    e = h - s * s % P
    g = a - b
    f = c + g
    return e * f % P, g * h % P, f * g % P, e * h % P


def _add_cached(X1: int, Y1: int, Z1: int, T1: int, q: _Cached) -> tuple[int, int, int, int]:
    """Add a point in cached form (Y+X, Y-X, 2Z, 2dT) (HWCD 2008 §3.1, a = -1)."""
    ypx, ymx, z2, t2d = q
    a = (Y1 - X1) * ymx % P
    b = (Y1 + X1) * ypx % P
    c = T1 * t2d % P
    d = Z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % P, g * h % P, f * g % P, e * h % P


def _sub_cached(X1: int, Y1: int, Z1: int, T1: int, q: _Cached) -> tuple[int, int, int, int]:
    """Subtract a point in cached form: add (-x, y), i.e. swap Y+X / Y-X and negate 2dT."""
    ypx, ymx, z2, t2d = q
    a = (Y1 - X1) * ypx % P
    b = (Y1 + X1) * ymx % P
    c = T1 * t2d % P
    d = Z1 * z2 % P
    e, f, g, h = b - a, d + c, d - c, b + a
    return e * f % P, g * h % P, f * g % P, e * h % P


def _madd(X1: int, Y1: int, Z1: int, T1: int, q: _Niels) -> tuple[int, int, int, int]:
    """Add an affine point in Niels form (y+x, y-x, 2dxy) (HWCD 2008 §3.1 with Z2 = 1)."""
    ypx, ymx, xy2d = q
    a = (Y1 - X1) * ymx % P
    b = (Y1 + X1) * ypx % P
    c = T1 * xy2d % P
    d = 2 * Z1
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % P, g * h % P, f * g % P, e * h % P


def _to_cached(pt: EdwardsPoint) -> _Cached:
    return ((pt.Y + pt.X) % P, (pt.Y - pt.X) % P, 2 * pt.Z % P, pt.T * D2 % P)


def _to_niels(points: Iterable[EdwardsPoint]) -> list[_Niels]:
    """Normalise points to affine Niels form with one batch inversion."""
    pts = list(points)
    invs = _batch_inv([pt.Z % P for pt in pts])
    out = []
    for pt, zinv in zip(pts, invs, strict=True):
        x = pt.X * zinv % P
        y = pt.Y * zinv % P
        out.append(((y + x) % P, (y - x) % P, x * y % P * D2 % P))
    return out


def _wnaf(k: int, w: int) -> list[int]:
    """Width-w non-adjacent form of k >= 0, least significant digit first; digits are odd or 0
    with |d| < 2^(w-1), and at most one of any w consecutive digits is non-zero."""
    digits = []
    full = 1 << w
    half = 1 << (w - 1)
    while k:
        if k & 1:
            d = k & (full - 1)
            if d >= half:
                d -= full
            k -= d
        else:
            d = 0
        digits.append(d)
        k >>= 1
    return digits


def _odd_multiples_cached(pt: EdwardsPoint, w: int) -> list[_Cached]:
    """Return [P, 3P, 5P, ..., (2^(w-1) - 1)P] in cached form."""
    two_p = pt.double()
    out = [pt]
    for _ in range((1 << (w - 2)) - 1):
        out.append(out[-1] + two_p)
    return [_to_cached(q) for q in out]


_IDENTITY: Final = EdwardsPoint(0, 1, 1, 0)
_BASE: Final = EdwardsPoint(B_X, B_Y, 1, B_X * B_Y % P)

_fixed_table: list[list[_Niels]] | None = None
_base_odd: list[_Niels] | None = None


def _fixed_base_table() -> list[list[_Niels]]:
    """Build once: table[i][j] = (j + 1) 2^(w i) B for j < 2^(w-1), in affine Niels form."""
    global _fixed_table
    if _fixed_table is None:
        w = FIXED_BASE_WINDOW
        positions = (253 + w) // w + 1
        rows: list[EdwardsPoint] = []
        point = _BASE
        for _ in range(positions):
            multiple = point
            for _j in range(1 << (w - 1)):
                rows.append(multiple)
                multiple = multiple + point
            for _ in range(w):
                point = point.double()
        flat = _to_niels(rows)
        size = 1 << (w - 1)
        _fixed_table = [flat[i * size : (i + 1) * size] for i in range(positions)]
    return _fixed_table


def _base_odd_multiples() -> list[_Niels]:
    """Build once: [B, 3B, ..., (2^(w-1) - 1)B] for w = BASE_NAF_WINDOW, in affine Niels form."""
    global _base_odd
    if _base_odd is None:
        two_b = _BASE.double()
        pts = [_BASE]
        for _ in range((1 << (BASE_NAF_WINDOW - 2)) - 1):
            pts.append(pts[-1] + two_b)
        _base_odd = _to_niels(pts)
    return _base_odd


assert COFACTOR == 8  # mul_by_cofactor uses three doublings
