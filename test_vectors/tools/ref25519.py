"""A small, independent, variable-time Curve25519 / edwards25519 reference used by the generator.

It exists so that the vector generator can *construct* edge cases (torsion points, forgeries under
small-order keys, libsignal-format signatures, Elligator 2 cross-checks) without reaching into the
library's private modules, and so that every library output the generator records is recomputed
by a second implementation. It is written from RFC 7748, RFC 8032 and XEdDSA rev 1 directly.

Not constant time, not for secrets: test-vector generation only.
"""

from __future__ import annotations

import hashlib
from typing import Final

P: Final = 2**255 - 19
Q: Final = 2**252 + 27742317777372353535851937790883648493
MONT_A: Final = 486662
D: Final = (-121665 * pow(121666, P - 2, P)) % P
SQRT_M1: Final = pow(2, (P - 1) // 4, P)

#: An extended-coordinates point (X, Y, Z, T) with x = X/Z, y = Y/Z, xy = T/Z.
Point = tuple[int, int, int, int]

IDENTITY: Final[Point] = (0, 1, 1, 0)


def inv(x: int) -> int:
    """Return x^-1 mod p, with inv(0) = 0 (XEdDSA rev 1 §2.2)."""
    return pow(x % P, P - 2, P)


def is_square(x: int) -> bool:
    """Return whether x is a square mod p (0 counts as a square)."""
    x %= P
    return x == 0 or pow(x, (P - 1) // 2, P) == 1


def sqrt(x: int) -> int | None:
    """Return a square root of x mod p, or None."""
    x %= P
    root = pow(x, (P + 3) // 8, P)
    if root * root % P != x:
        root = root * SQRT_M1 % P
    if root * root % P != x:
        return None
    return root


def add(p1: Point, p2: Point) -> Point:
    """Edwards addition (RFC 8032 §5.1.4, extended coordinates)."""
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def neg(pt: Point) -> Point:
    """Return -pt."""
    x, y, z, t = pt
    return (-x % P, y, z, -t % P)


def mul(n: int, pt: Point) -> Point:
    """Return n * pt for an integer n >= 0 (double-and-add)."""
    result = IDENTITY
    addend = pt
    while n > 0:
        if n & 1:
            result = add(result, addend)
        addend = add(addend, addend)
        n >>= 1
    return result


def affine(pt: Point) -> tuple[int, int]:
    """Return (x, y)."""
    x, y, z, _ = pt
    zi = inv(z)
    return x * zi % P, y * zi % P


def equal(p1: Point, p2: Point) -> bool:
    """Return whether two points are equal."""
    return affine(p1) == affine(p2)


def encode(pt: Point) -> bytes:
    """Return the canonical 32-byte encoding (RFC 8032 §5.1.2)."""
    x, y = affine(pt)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def point_from_y(y: int, sign: int) -> Point | None:
    """Return the point with this y (reduced mod p) and x of parity ``sign``, or None.

    For x = 0 the sign is ignored (the non-canonical "negative zero" decodes to x = 0).
    """
    y %= P
    x2 = (y * y - 1) * inv(D * y * y + 1) % P
    x = sqrt(x2)
    if x is None:
        return None
    if x != 0 and (x & 1) != sign:
        x = P - x
    return (x, y, 1, x * y % P)


def decode(data: bytes) -> Point | None:
    """Decode 32 bytes leniently: y is reduced mod p and x = 0 with sign 1 is allowed."""
    raw = int.from_bytes(data, "little")
    return point_from_y(raw & ((1 << 255) - 1), raw >> 255)


BASE: Final[Point] = point_from_y(4 * inv(5), 0) or IDENTITY


def order_divides(n: int, pt: Point) -> bool:
    """Return whether n * pt is the identity."""
    return equal(mul(n, pt), IDENTITY)


def is_small_order(pt: Point) -> bool:
    """Return whether 8 * pt is the identity."""
    return order_divides(8, pt)


def torsion_points() -> list[Point]:
    """Return the 8 points of the torsion subgroup E[8], generated from an order-8 point."""
    y = 2
    while True:
        candidate = point_from_y(y, 0)
        if candidate is not None:
            t = mul(Q, candidate)  # kills the prime-order part
            if not order_divides(4, t):  # order exactly 8
                return [mul(i, t) for i in range(8)]
        y += 1


def u_to_y(u: int) -> int:
    """Return y = (u - 1) / (u + 1) mod p (XEdDSA rev 1 §2.3), with inv(0) = 0."""
    return (u - 1) * inv(u + 1) % P


def y_to_u(y: int) -> int:
    """Return u = (1 + y) / (1 - y) mod p (RFC 7748 §4.1 birational map)."""
    return (1 + y) * inv(1 - y) % P


def convert_mont(u_bytes: bytes) -> bytes:
    """XEdDSA rev 1 convert_mont: mask bit 255, map u to y, sign bit 0."""
    u = int.from_bytes(u_bytes, "little") & ((1 << 255) - 1)
    return u_to_y(u % P).to_bytes(32, "little")


def u_of_point(pt: Point) -> bytes:
    """Return the Montgomery u of an Edwards point, as 32 little-endian bytes."""
    return y_to_u(affine(pt)[1]).to_bytes(32, "little")


def on_montgomery_curve(u: int) -> bool:
    """Return whether u (reduced) is the u-coordinate of a point on Curve25519 (not the twist)."""
    u %= P
    return is_square(u * u * u + MONT_A * u * u + u)


def elligator2(r_bytes: bytes) -> bytes:
    """XEdDSA rev 1 §2.6 elligator2(r) with r = bytes mod 2^255, returning u (32 bytes)."""
    r = (int.from_bytes(r_bytes, "little") & ((1 << 255) - 1)) % P
    u1 = -MONT_A * inv(1 + 2 * r * r) % P
    w1 = u1 * (u1 * u1 + MONT_A * u1 + 1) % P
    u = u1 if is_square(w1) else (-MONT_A - u1) % P
    return u.to_bytes(32, "little")


def hash_i(i: int, data: bytes) -> bytes:
    """hash_i(X) = SHA-512((2^256 - 1 - i) as 32 little-endian bytes || X) (XEdDSA rev 1 §2.5)."""
    return hashlib.sha512((2**256 - 1 - i).to_bytes(32, "little") + data).digest()


def hash_to_point(data: bytes) -> bytes:
    """XEdDSA rev 1 §2.6 hash_to_point, returning the encoding of cP."""
    h = int.from_bytes(hash_i(2, data), "little")
    r = h % 2**255
    s = (h % 2**256) >> 255
    u = int.from_bytes(elligator2(r.to_bytes(32, "little")), "little")
    pt = point_from_y(u_to_y(u), s)
    if pt is None:  # pragma: no cover - elligator2 always lands on the curve
        raise AssertionError("elligator2 output is not on the curve")
    return encode(mul(8, pt))


def clamp(d: bytes) -> int:
    """k = clamp(d): RFC 7748 decodeScalar25519 of the private-key octets d, as an integer."""
    n = int.from_bytes(d, "little")
    n &= ~7
    n &= ~(1 << 255)
    n |= 1 << 254
    return n


def calculate_key_pair(d: bytes) -> tuple[bytes, int, int]:
    """Return (A, a, E.s) of XEdDSA rev 1 §2.3 for the scalar k = clamp(d)."""
    kc = clamp(d)
    e = mul(kc, BASE)
    e_sign = encode(e)[31] >> 7
    a = (-kc) % Q if e_sign else kc % Q
    return encode(mul(a, BASE)), a, e_sign


def x25519_public(d: bytes) -> bytes:
    """Return the X25519 public key u of d (scalar k = clamp(d)), through the Edwards map."""
    return u_of_point(mul(clamp(d), BASE))


def challenge(R: bytes, A: bytes, M: bytes) -> int:
    """h = SHA-512(R || A || M) mod q."""
    return int.from_bytes(hashlib.sha512(R + A + M).digest(), "little") % Q


def scalar(n: int) -> bytes:
    """Encode an integer as 32 little-endian bytes (no reduction)."""
    return n.to_bytes(32, "little")


def ed25519_verify_cofactorless(A: bytes, M: bytes, sig: bytes, *, strict: bool) -> bool:
    """A second verifier: the XEdDSA verification equation on an Edwards key A.

    ``strict`` adds s < q, A and R not of small order; otherwise s < 2^253 as in rev 1.
    R is compared byte for byte with encode(sB - hA).
    """
    if len(sig) != 64:
        return False
    R, s = sig[:32], int.from_bytes(sig[32:], "little")
    if s >= (Q if strict else 2**253):
        return False
    A_pt = decode(A)
    if A_pt is None:
        return False
    if strict:
        if is_small_order(A_pt):
            return False
        R_pt = decode(R)
        if R_pt is not None and is_small_order(R_pt):
            return False
    h = challenge(R, A, M)
    return encode(add(mul(s, BASE), neg(mul(h, A_pt)))) == R
