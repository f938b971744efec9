"""Points on edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2) in extended coordinates (X : Y : Z : T).

Decoding names its policy: :meth:`EdwardsPoint.decompress` is RFC 8032 §5.1.3 with the canonical
rule (y < p, and no "x = 0 with sign bit 1"); :meth:`EdwardsPoint.decompress_lenient` reduces y
mod p and accepts a negative zero, as the C reference decodes a VXEdDSA V. Both return ``None``
instead of a point when the bytes do not decode. Encoding is RFC 8032 §5.1.2 and always canonical.

Arithmetic uses the complete formulas of Hisil, Wong, Carter and Dawson, "Twisted Edwards Curves
Revisited" (ASIACRYPT 2008), §3.1-§3.3 with a = -1, in the forms RFC 8032 §5.1.4 prints. Fixed-base
multiplication uses a lazily built table of signed radix-2^w multiples of B; variable-base and
double-scalar multiplication use width-w NAF (Straus interleaving for aA + bB).

The multiplications share one evaluation loop, :func:`_evaluate`, with three savings over calling
the point methods:

- **Deferred T.** Every HWCD formula ends with X3 = E F, Y3 = G H, Z3 = F G and T3 = E H. Doubling
  never reads T, so T3 = E H is only computed when an addition (or the caller) needs it.
- **Partial reduction.** Since 2^255 = 19 (mod p), a product |t| < 2^512 of two values below
  2^256 in magnitude folds to (t mod 2^255) + 19 (t >> 255), which is congruent to t and below
  2^262 in magnitude, at about half the cost of ``t % p``. Products that only feed the next
  multiplication (the A, B, C, D of the formulas) are folded, so E, F, G, H stay below 2^264 (nine
  30-bit digits, as fast to multiply as reduced values); the outputs X3, Y3, Z3, T3 are fully
  reduced, so every point stays in [0, p) and the bounds hold again at the next step.
- **No zero digits.** Scalars are recoded into sparse (bit position, digit) lists, so the loop
  runs the doublings between two non-zero digits back to back, with locals bound once.

Nothing here is constant time: digit recoding skips zero digits and Python integers leak their
size. This module is the readable reference and the verifier of public data; the default signer
runs on libsodium.

Spec: XEdDSA rev1 §2.4 (point encoding); RFC 8032 §5.1.2-§5.1.4.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, final

from xeddsa._params import COFACTOR, MASK_255, P, Q
from xeddsa.curve.constants import B_X, B_Y, D2, D
from xeddsa.curve.field import inv, sqrt_ratio

__all__ = ["EdwardsPoint", "batch_compress"]

# A point prepared for addition: (Y + X, Y - X, 2 Z, 2 d T) in projective "cached" form (adding it
# costs 8 multiplications), or (y + x, y - x, None, 2 d x y) in affine "Niels" form, Z = 1, which
# saves the multiplication by 2 Z (7 multiplications; HWCD 2008 §3.1 "madd").
_Entry = tuple[int, int, int | None, int]
# A multiplication schedule: (bit position, entry) pairs meaning sum_i [2^pos_i] entry_i.
_Schedule = list[tuple[int, _Entry]]

#: Window width of the fixed-base table (signed radix 2^w digits of the scalar). w = 8 gives 33
#: rows of 128 affine points and their negatives (about 1.7 MB, built once on first use in 30-70
#: ms) and at most 33 mixed additions per multiplication; w = 6 needs 43 additions.
FIXED_BASE_WINDOW: Final = 8
#: Window width of the precomputed odd multiples of B used by :meth:`double_scalar_mul_base`
#: (256 affine points, built once): about 253 / 11 = 23 additions of a B multiple per call.
BASE_NAF_WINDOW: Final = 10
#: Window width for variable-base NAF multiplication: 8 odd multiples cost 1 doubling and 7
#: additions to build and leave about 253 / 6 = 42 additions; w = 4 or 6 cost more in total.
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
        y = raw & MASK_255
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
        return cls.from_y_and_sign(raw & MASK_255, raw >> 255)

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

        Width-5 NAF over the odd multiples P, 3P, ..., 15P in cached form; variable time.
        """
        if k < 0:
            raise ValueError("scalar must be non-negative")
        pos_table, neg_table = _odd_multiples(self, VAR_NAF_WINDOW)
        return _evaluate(_naf_schedule(k, VAR_NAF_WINDOW, pos_table, neg_table))

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
        """Return [k]B for any non-negative int k using the fixed-base table; variable time.

        k is reduced mod q first (qB = I), then written in signed radix 2^w digits
        d_i in [-2^(w-1), 2^(w-1)) so that [k]B = sum_i [d_i] (2^(w i) B): each non-zero digit
        costs one mixed addition of a precomputed affine point and no doubling is needed.
        """
        k %= Q
        w = FIXED_BASE_WINDOW
        table = _fixed_base_table()
        half = 1 << (w - 1)
        full = 1 << w
        mask = full - 1
        schedule: _Schedule = []
        i = 0
        while k:
            digit = k & mask
            k >>= w
            if digit >= half:  # use digit - 2^w and carry 1 into the next position
                digit -= full
                k += 1
            if digit:
                # Position 0 for every term: the terms are simply summed, never doubled.
                schedule.append((0, table[i][digit - 1] if digit > 0 else table[i][~digit + half]))
            i += 1
        return _evaluate(schedule)

    @classmethod
    def double_scalar_mul_base(cls, a: int, A: EdwardsPoint, b: int) -> EdwardsPoint:
        """Return [a]A + [b]B for non-negative a, b (Straus interleaving of two wNAFs); vartime.

        For public data only (verification computes sB - hA as [h](-A) + [s]B). One chain of
        doublings serves both scalars; the B multiples come from a precomputed width-10 table.

        Spec: Straus (1964), "Addition chains of vectors"; wNAF as in Hankerson, Menezes, Vanstone,
        "Guide to Elliptic Curve Cryptography" (2004), Alg. 3.35 and 3.51.
        """
        pos_a, neg_a = _odd_multiples(A, VAR_NAF_WINDOW)
        pos_b, neg_b = _base_odd_multiples()
        schedule = _naf_schedule(a, VAR_NAF_WINDOW, pos_a, neg_a)
        schedule += _naf_schedule(b, BASE_NAF_WINDOW, pos_b, neg_b)
        schedule.sort(key=_position, reverse=True)
        return _evaluate(schedule)

    @classmethod
    def double_scalar_mul(cls, a: int, A: EdwardsPoint, b: int, B_: EdwardsPoint) -> EdwardsPoint:
        """Return [a]A + [b]B_ for non-negative a, b and any two points (Straus interleaving of
        two width-5 NAFs); variable time, for public data (e.g. VXEdDSA's sBv - hV).

        One chain of doublings serves both scalars: about 253 doublings and 84 additions instead
        of 506 doublings for two separate multiplications.

        Spec: Straus (1964); Hankerson, Menezes, Vanstone (2004), Alg. 3.51.
        """
        pos_a, neg_a = _odd_multiples(A, VAR_NAF_WINDOW)
        pos_b, neg_b = _odd_multiples(B_, VAR_NAF_WINDOW)
        schedule = _naf_schedule(a, VAR_NAF_WINDOW, pos_a, neg_a)
        schedule += _naf_schedule(b, VAR_NAF_WINDOW, pos_b, neg_b)
        schedule.sort(key=_position, reverse=True)
        return _evaluate(schedule)


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


def _position(term: tuple[int, _Entry]) -> int:
    return term[0]


def _evaluate(schedule: _Schedule) -> EdwardsPoint:
    """Return sum_i [2^pos_i] entry_i for a schedule sorted by decreasing position (Horner).

    Between two terms the accumulator is doubled (pos_i - pos_(i+1)) times; the last term's
    position says how many doublings follow it. Formulas: doubling "dbl-2008-hwcd" and addition
    "add-2008-hwcd-3" (HWCD 2008 §3.3 and §3.1, a = -1, k = 2d; RFC 8032 §5.1.4), with T deferred
    and inner products partially reduced as the module docstring explains.
    """
    p = P
    m = MASK_255
    # The accumulator starts at the identity (0 : 1 : 1 : 0); T = e h with e = 0, h = 1.
    X, Y, Z = 0, 1, 1
    e, h = 0, 1
    current = schedule[0][0] if schedule else 0  # doubling the identity is a no-op: skip it
    # A final (0, None) entry runs the doublings after the last term through the same loop.
    for position, entry in [*schedule, (0, None)]:
        for _ in range(current - position):
            # Doubling, RFC 8032 §5.1.4 form: A = X^2, B = Y^2, C = 2 Z^2, H = A + B,
            # E = H - (X + Y)^2, G = A - B, F = C + G; X3 = E F, Y3 = G H, Z3 = F G (T3 = E H).
            a = X * X
            a = (a & m) + 19 * (a >> 255)
            b = Y * Y
            b = (b & m) + 19 * (b >> 255)
            c = Z * Z
            c = (c & m) + 19 * (c >> 255)
            s = X + Y
            s *= s
            h = a + b
            e = h - ((s & m) + 19 * (s >> 255))
            g = a - b
            f = c + c + g
            X = e * f % p
            Y = g * h % p
            Z = f * g % p
        current = position
        if entry is None:
            break
        ypx, ymx, z2, t2d = entry
        # Addition of (Y2 + X2, Y2 - X2, 2 Z2, 2 d T2): A = (Y1 - X1)(Y2 - X2),
        # B = (Y1 + X1)(Y2 + X2), C = T1 2d T2, D = Z1 2 Z2 (= 2 Z1 when Z2 = 1);
        # E = B - A, F = D - C, G = D + C, H = B + A; X3 = E F, Y3 = G H, Z3 = F G (T3 = E H).
        T = e * h % p
        a = (Y - X) * ymx
        a = (a & m) + 19 * (a >> 255)
        b = (Y + X) * ypx
        b = (b & m) + 19 * (b >> 255)
        c = T * t2d
        c = (c & m) + 19 * (c >> 255)
        if z2 is None:
            d = Z + Z
        else:
            d = Z * z2
            d = (d & m) + 19 * (d >> 255)
        e = b - a
        f = d - c
        g = d + c
        h = b + a
        X = e * f % p
        Y = g * h % p
        Z = f * g % p
    return EdwardsPoint(X, Y, Z, e * h % p)


def _wnaf(k: int, w: int) -> list[tuple[int, int]]:
    """Return the non-zero digits of the width-w NAF of k >= 0 as (bit position, digit) pairs,
    least significant first: k = sum d 2^pos, every d odd with |d| < 2^(w-1), and any w
    consecutive positions hold at most one digit.

    Spec: Hankerson, Menezes, Vanstone (2004), Alg. 3.35, skipping runs of zero digits.
    """
    digits = []
    full = 1 << w
    half = full >> 1
    mask = full - 1
    position = 0
    while k:
        zeros = (k & -k).bit_length() - 1  # trailing zero bits: zero digits, skipped at once
        k >>= zeros
        position += zeros
        # k is odd here: d is its residue mod 2^w, taken in (-2^(w-1), 2^(w-1)), so d is odd.
        d = k & mask
        if d >= half:
            d -= full
        digits.append((position, d))
        k = (k - d) >> w  # k - d = 0 (mod 2^w): the next w - 1 digits are zero
        position += w
    return digits


def _naf_schedule(k: int, w: int, pos_table: list[_Entry], neg_table: list[_Entry]) -> _Schedule:
    """Return the schedule of [k]P, most significant term first, from P's odd multiples
    (``pos_table[j]`` = (2j + 1)P and ``neg_table[j]`` = -(2j + 1)P, j < 2^(w-2))."""
    return [
        (position, pos_table[d >> 1] if d > 0 else neg_table[(-d) >> 1])
        for position, d in reversed(_wnaf(k, w))
    ]


def _negate_entry(entry: _Entry) -> _Entry:
    """Return the entry of -P = (-X : Y : Z : -T): swap Y + X and Y - X, negate 2dT."""
    ypx, ymx, z2, t2d = entry
    return ymx, ypx, z2, (-t2d) % P


def _odd_multiples(pt: EdwardsPoint, w: int) -> tuple[list[_Entry], list[_Entry]]:
    """Return ([P, 3P, ..., (2^(w-1) - 1)P], their negatives), in projective cached form."""
    two_p = pt.double()
    multiples = [pt]
    for _ in range((1 << (w - 2)) - 1):
        multiples.append(multiples[-1] + two_p)
    pos: list[_Entry] = [
        ((q.Y + q.X) % P, (q.Y - q.X) % P, 2 * q.Z % P, q.T * D2 % P) for q in multiples
    ]
    return pos, [_negate_entry(entry) for entry in pos]


def _to_niels(points: Iterable[EdwardsPoint]) -> list[_Entry]:
    """Normalise points to affine Niels entries (y + x, y - x, None, 2 d x y), one inversion."""
    pts = list(points)
    invs = _batch_inv([pt.Z % P for pt in pts])
    out: list[_Entry] = []
    for pt, zinv in zip(pts, invs, strict=True):
        x = pt.X * zinv % P
        y = pt.Y * zinv % P
        out.append(((y + x) % P, (y - x) % P, None, x * y % P * D2 % P))
    return out


_IDENTITY: Final = EdwardsPoint(0, 1, 1, 0)
_BASE: Final = EdwardsPoint(B_X, B_Y, 1, B_X * B_Y % P)

_fixed_table: list[list[_Entry]] | None = None
_base_odd: tuple[list[_Entry], list[_Entry]] | None = None


def _fixed_base_table() -> list[list[_Entry]]:
    """Build once: row i = [(j + 1) 2^(w i) B for j < 2^(w-1)], then the negatives of that row,
    all in affine Niels form (row[j] for digit j + 1, row[2^(w-1) + j] for digit -(j + 1))."""
    global _fixed_table
    if _fixed_table is None:
        w = FIXED_BASE_WINDOW
        positions = (253 + w) // w + 1  # digits of k < q, plus one for the final carry
        size = 1 << (w - 1)
        rows: list[EdwardsPoint] = []
        point = _BASE
        for _ in range(positions):
            multiple = point
            for _j in range(size):
                rows.append(multiple)
                multiple = multiple + point
            for _ in range(w):
                point = point.double()
        flat = _to_niels(rows)
        table = []
        for i in range(positions):
            row = flat[i * size : (i + 1) * size]
            table.append(row + [_negate_entry(entry) for entry in row])
        # Publish the finished table in one assignment: a thread that races this build either
        # builds an identical table of its own or sees a complete one, never a partial list.
        _fixed_table = table
    return _fixed_table


def _base_odd_multiples() -> tuple[list[_Entry], list[_Entry]]:
    """Build once: ([B, 3B, ..., (2^(w-1) - 1)B], their negatives) for w = BASE_NAF_WINDOW, in
    affine Niels form."""
    global _base_odd
    if _base_odd is None:
        two_b = _BASE.double()
        pts = [_BASE]
        for _ in range((1 << (BASE_NAF_WINDOW - 2)) - 1):
            pts.append(pts[-1] + two_b)
        pos = _to_niels(pts)
        _base_odd = (pos, [_negate_entry(entry) for entry in pos])
    return _base_odd


assert COFACTOR == 8  # mul_by_cofactor uses three doublings
