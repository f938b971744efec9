"""A naive, textbook edwards25519 / Curve25519 reference, independent of :mod:`xeddsa.curve`.

Everything here is written straight from the formulas, in affine coordinates, with no tables, no
windows, no projective tricks and no shared code with the library: the optimized routines in
``xeddsa.curve`` are tested against it (tests/curve/test_*.py). It is slow (a scalar
multiplication is ~384 affine operations, each with a field inversion) and must never be used
outside tests.

It is the one reference implementation of the curve for every test: the VXEdDSA tests take their
hash_to_point oracle from here, and tests/strategies.py its p and q.

Sources: RFC 8032 §5.1 (curve, encoding, decoding), RFC 7748 §4.1 (birational map),
XEdDSA rev1 §2.3, §2.5 and §2.6 (u_to_y, convert_mont, hash_i, elligator2, hash_to_point), the
affine twisted Edwards addition law of Bernstein, Birkner, Joye, Lange, Peters, "Twisted Edwards
Curves" (AFRICACRYPT 2008) §3.
"""

from __future__ import annotations

import hashlib

P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P  # d = -121665/121666, Fermat inverse
SQRT_M1 = pow(2, (P - 1) // 4, P)
A_MONT = 486662

Point = tuple[int, int]  # affine (x, y)
IDENTITY: Point = (0, 1)


def inv(x: int) -> int:
    """x^-1 mod p by the extended Euclidean algorithm (CPython's ``pow(x, -1, p)``), with
    inv(0) = 0 as the XEdDSA paper defines it."""
    x %= P
    return pow(x, -1, P) if x else 0


def on_curve(pt: Point) -> bool:
    """-x^2 + y^2 = 1 + d x^2 y^2 (RFC 8032 §5.1)."""
    x, y = pt
    return (-x * x + y * y - 1 - D * x * x * y * y) % P == 0


def add(p1: Point, p2: Point) -> Point:
    """Affine addition on -x^2 + y^2 = 1 + d x^2 y^2 (a = -1), complete since d is a non-square:
    x3 = (x1 y2 + y1 x2) / (1 + d x1 x2 y1 y2), y3 = (y1 y2 + x1 x2) / (1 - d x1 x2 y1 y2)."""
    x1, y1 = p1
    x2, y2 = p2
    t = D * x1 * x2 * y1 * y2 % P
    x3 = (x1 * y2 + y1 * x2) * inv(1 + t) % P
    y3 = (y1 * y2 + x1 * x2) * inv(1 - t) % P
    return x3, y3


def neg(pt: Point) -> Point:
    return (-pt[0]) % P, pt[1]


def mul(k: int, pt: Point) -> Point:
    """[k]P by left-to-right double-and-add, for any k >= 0 (no reduction of k)."""
    acc = IDENTITY
    for bit in bin(k)[2:] if k else "":
        acc = add(acc, acc)
        if bit == "1":
            acc = add(acc, pt)
    return acc


def recover_x(y: int, sign: int) -> int | None:
    """x with x^2 = (y^2 - 1)/(d y^2 + 1) and parity ``sign`` (ignored when x = 0), or None.

    Straight from RFC 8032 §5.1.3: candidate (u/v)^((p+3)/8), times sqrt(-1) if needed.
    """
    xx = (y * y - 1) * inv(D * y * y + 1) % P
    x = pow(xx, (P + 3) // 8, P)
    if (x * x - xx) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - xx) % P != 0:
        return None
    if x % 2 != sign:
        x = (P - x) % P
    return x


B: Point = (recover_x(4 * inv(5) % P, 0) or 0, 4 * inv(5) % P)  # RFC 8032 §5.1: y = 4/5, x even


def encode(pt: Point) -> bytes:
    """RFC 8032 §5.1.2: y little-endian with the parity of x in bit 255."""
    x, y = pt
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def decode(data: bytes, *, lenient: bool = False) -> Point | None:
    """RFC 8032 §5.1.3 (strict: y < p and no x = 0 with sign 1); ``lenient`` reduces y mod p and
    ignores the sign of x = 0, as libsodium's ge25519_frombytes does."""
    raw = int.from_bytes(data, "little")
    y, sign = raw & ((1 << 255) - 1), raw >> 255
    if y >= P:
        if not lenient:
            return None
        y -= P
    x = recover_x(y, sign)
    if x is None:
        return None
    if x == 0 and sign == 1 and not lenient:
        return None
    return x, y


def order(pt: Point) -> int:
    """The order of a point: a divisor of 8q, found by trial."""
    for n in (1, 2, 4, 8):
        if mul(n, pt) == IDENTITY:
            return n
    for n in (Q, 2 * Q, 4 * Q, 8 * Q):
        if mul(n, pt) == IDENTITY:
            return n
    raise AssertionError("not a curve point")


def torsion_generator() -> Point:
    """A point of order exactly 8, found as [q]P of curve points P = (x(y), y) for y = 2, 3, ..."""
    y = 2
    while True:
        x = recover_x(y, 0)
        if x is not None:
            t = mul(Q, (x, y))
            if mul(4, t) != IDENTITY:
                return t
        y += 1


T8: Point = torsion_generator()
#: The eight points of order dividing 8: [j]T8 for j = 0..7 (index j).
TORSION: tuple[Point, ...] = tuple(mul(j, T8) for j in range(8))


def u_to_y(u: int) -> int:
    """XEdDSA rev1 §2.3: y = (u - 1) * inv(u + 1), inv(0) = 0."""
    return (u - 1) * inv(u + 1) % P


def convert_mont(u: bytes) -> bytes:
    """XEdDSA rev1 §2.3: mask bit 255, y = u_to_y(u), sign bit 0."""
    umasked = int.from_bytes(u, "little") % 2**255
    return (u_to_y(umasked)).to_bytes(32, "little")


def edwards_to_u(pt: Point) -> int:
    """RFC 7748 §4.1: u = (1 + y) / (1 - y), with inv(0) = 0 for the identity."""
    return (1 + pt[1]) * inv(1 - pt[1]) % P


def is_small_order(pt: Point) -> bool:
    """[8]P is the identity: the order of P divides 8."""
    return mul(8, pt) == IDENTITY


def clamp(k: bytes) -> int:
    """RFC 7748 §5 decodeScalar25519: clear bits 0-2 and 255, set bit 254."""
    return (int.from_bytes(k, "little") & ~7 & ~(1 << 255)) | (1 << 254)


def on_montgomery_curve(u: int) -> bool:
    """u^3 + A u^2 + u is a square: u is on Curve25519, not on its twist (RFC 7748 §4.1)."""
    return is_square(u * u * u + A_MONT * u * u + u)


def is_square(x: int) -> bool:
    """Euler's criterion; 0 is a square."""
    return pow(x % P, (P - 1) // 2, P) != P - 1


def elligator2(r: int) -> int:
    """XEdDSA rev1 §2.6, line by line."""
    u1 = -A_MONT * inv(1 + 2 * r * r) % P
    w1 = u1 * (u1 * u1 + A_MONT * u1 + 1) % P
    if is_square(w1):
        return u1
    return (-u1 - A_MONT) % P


def hash_i(i: int, X: bytes) -> bytes:
    """XEdDSA rev1 §2.5: hash_i(X) = SHA-512((2^256 - 1 - i) as 32 little-endian bytes || X)."""
    return hashlib.sha512((2**256 - 1 - i).to_bytes(32, "little") + X).digest()


def from_uniform(r32: bytes) -> bytes:
    """The last five lines of hash_to_point (XEdDSA rev1 §2.6) on 32 bytes h[0:32]:
    r = low 255 bits, s = bit 255, u = elligator2(r), P.y = u_to_y(u), P.s = s, return cP."""
    raw = int.from_bytes(r32, "little")
    r, s = raw % 2**255, raw >> 255
    y = u_to_y(elligator2(r))
    x = recover_x(y, s)
    assert x is not None, "elligator2 output is always on the curve"
    return encode(mul(8, (x, y)))


def hash_to_point(X: bytes) -> bytes:
    """XEdDSA rev1 §2.6: hash_to_point(X) = from_uniform(hash_2(X)[:32])."""
    return from_uniform(hash_i(2, X)[:32])
