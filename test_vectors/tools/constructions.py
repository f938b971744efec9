"""Edge cases constructed with the independent reference :mod:`test_vectors.tools.ref25519`.

Forgeries under small-order keys, mixed-order keys, ground proofs, libsignal-format signatures
and the key-import verdict: the expected verdict of each case follows from its construction here,
never from the library under test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import xeddsa
from test_vectors.tools import ref25519 as ref
from test_vectors.tools.inputs import (
    GenerationError,
    Key,
    P,
    Q,
    derive,
    expect,
    le,
    sc,
)
from xeddsa import hazmat

TORSION: Final = ref.torsion_points()
ORDER8: Final = TORSION[1]
#: The two u values of the order-8 points, ascending.
ORDER8_US: Final = sorted({sc(ref.u_of_point(pt)) for pt in (TORSION[1], TORSION[3])})


def xsign(key: Key, msg: bytes, zlabel: str) -> tuple[bytes, bytes]:
    """Return (signature, Z) from hazmat.xeddsa_sign with Z = derive(zlabel, 64)."""
    z = derive(zlabel, 64)
    sig = hazmat.xeddsa_sign(key.d, msg, z)
    expect(ref.ed25519_verify_cofactorless(key.A, msg, sig, strict=True), "honest sig fails")
    return sig, z


def vsign(key: Key, msg: bytes, zlabel: str) -> tuple[bytes, bytes, bytes]:
    """Return (signature, v, Z) from hazmat.vxeddsa_sign."""
    z = derive(zlabel, 64)
    sig, v = hazmat.vxeddsa_sign(key.d, msg, z)
    return sig, v, z


def sign_raw(A: bytes, a: int, msg: bytes, r: int, R: bytes | None = None) -> bytes:
    """Return R || s with s = r + h a for the Edwards key A (R = rB unless given)."""
    R = ref.encode(ref.mul(r, ref.BASE)) if R is None else R
    h = ref.challenge(R, A, msg)
    return R + le((r + h * a) % Q)


def libsignal_signature(key: Key, msg: bytes, zlabel: str) -> bytes:
    """Return a libsignal 'curvesigs' signature: no negation, sign bit of kB in the top bit of s."""
    kc = sc(key.k) % Q
    E = ref.encode(ref.mul(kc, ref.BASE))
    r = sc(ref.hash_i(1, le(kc) + msg + derive(zlabel, 64))) % Q
    sig = sign_raw(E, kc, msg, r)
    s = bytearray(sig[32:])
    s[31] |= E[31] & 0x80
    return sig[:32] + bytes(s)


def small_order_forgery(u: bytes, msg_prefix: bytes) -> tuple[bytes, bytes]:
    """Forge (msg, R || 0) under a small-order u: find msg with sB - hA = -hA = R, R in <A>."""
    A_pt = ref.decode(hazmat.convert_mont(u))
    expect(A_pt is not None and ref.is_small_order(A_pt), "forgery needs a small-order A")
    assert A_pt is not None
    A = ref.encode(A_pt)
    multiples = [ref.mul(i, A_pt) for i in range(8)]
    for n in range(256):
        msg = msg_prefix + str(n).encode()
        for R_pt in multiples:
            R = ref.encode(R_pt)
            h = ref.challenge(R, A, msg)
            if ref.equal(ref.neg(ref.mul(h, A_pt)), R_pt):
                return msg, R + le(0)
    raise GenerationError("no small-order forgery found")


def small_order_forgery_mixed_R(u: bytes, msg: bytes, seed: str) -> bytes:
    """Forge R || s under a small-order u with a mixed-order R = sB + T, T in <A>."""
    A_pt = ref.decode(hazmat.convert_mont(u))
    assert A_pt is not None
    A = ref.encode(A_pt)
    multiples = [ref.mul(i, A_pt) for i in range(1, 8)]
    for n in range(256):
        s = sc(derive(f"{seed}-{n}")) % Q
        sB = ref.mul(s, ref.BASE)
        for T in multiples:
            R_pt = ref.add(sB, T)
            R = ref.encode(R_pt)
            h = ref.challenge(R, A, msg)
            if ref.equal(ref.add(sB, ref.neg(ref.mul(h, A_pt))), R_pt):
                return R + le(s)
    raise GenerationError("no mixed-R forgery found")


def mixed_order_key(key: Key) -> tuple[bytes, bytes, int, ref.Point]:
    """Return (u', A', a', T') with A' = a'B + T' the sign-0 point of u' = u(aB + T8)."""
    pt = ref.add(ref.mul(key.a, ref.BASE), ORDER8)
    u = ref.u_of_point(pt)
    A = hazmat.convert_mont(u)
    if ref.encode(pt) == A:
        return u, A, key.a, ORDER8
    expect(ref.encode(ref.neg(pt)) == A, "mixed-order conversion")
    return u, A, (-key.a) % Q, ref.neg(ORDER8)


def key_import(u: bytes) -> str:
    """The public-key checks of the draft (length, u < p, on the curve, not of small order, in
    the prime-order subgroup), constructed with the reference and checked against
    :meth:`xeddsa.PublicKey.from_public_bytes` (which performs the same checks)."""
    want = "invalid"
    if len(u) == 32 and sc(u) < P and ref.on_montgomery_curve(sc(u)):
        pt = ref.decode(ref.convert_mont(u))
        if pt is not None and not ref.is_small_order(pt) and ref.order_divides(Q, pt):
            want = "valid"
    try:
        xeddsa.PublicKey.from_public_bytes(u)
        got = "valid"
    except xeddsa.InvalidKey:
        got = "invalid"
    expect(got == want, f"key import of u = {u.hex()}: library {got}, construction {want}")
    return want


def vxeddsa_raw(
    A: bytes, a: int, msg: bytes, r: int, V: bytes | None = None
) -> tuple[bytes, int, int]:
    """Return (V, h, s) for VXEdDSA with nonce r; V defaults to a * Bv.

    The proof is valid only if the torsion parts cancel; callers grind r for that.
    """
    Bv = ref.decode(hazmat.hash_to_point(A + msg))
    assert Bv is not None
    V = ref.encode(ref.mul(a, Bv)) if V is None else V
    R = ref.encode(ref.mul(r, ref.BASE))
    Rv = ref.encode(ref.mul(r, Bv))
    h = sc(ref.hash_i(4, A + V + R + Rv + msg)) % Q
    return V, h, (r + h * a) % Q


def vrf_output(V: bytes) -> bytes:
    """v = hash_5(cV) mod 2^256 computed with the reference."""
    V_pt = ref.decode(V)
    assert V_pt is not None
    return ref.hash_i(5, ref.encode(ref.mul(8, V_pt)))[:32]


def grind_h_mod8(
    make: Callable[[int], tuple[bytes, int, int]], seed: str
) -> tuple[bytes, int, int]:
    """Try nonces derive(seed-n) until h = 0 mod 8; return (V, h, s)."""
    for n in range(512):
        V, h, s = make(sc(derive(f"{seed}-{n}", 64)) % Q)
        if h % 8 == 0:
            return V, h, s
    raise GenerationError("grinding failed")


def find_twist_u(label: str) -> bytes:
    """Return the first derived u < p that is on the twist and not of small order."""
    n = 0
    while True:
        u = sc(derive(f"{label}-{n}")) % P
        if not ref.on_montgomery_curve(u):
            return le(u)
        n += 1


def noncanonical_decodable_y() -> list[int]:
    """Return the y0 in [2, 19) such that y0 + p (>= p) still decodes to a non-small point."""
    out = []
    for y0 in range(2, 19):
        pt = ref.point_from_y(y0, 0)
        if pt is not None and not ref.is_small_order(pt):
            out.append(y0)
    return out


def first_y_off_curve() -> int:
    """Return the smallest y >= 2 that is the y-coordinate of no curve point."""
    y = 2
    while ref.point_from_y(y, 0) is not None:
        y += 1
    return y


def mixed_key_small_R(mA: bytes, ma: int, mT: ref.Point) -> tuple[bytes, bytes]:
    """Return (msg, R || h a') under the mixed-order key A' = a'B + T' with the small-order
    R = -hT' (the speccheck "case 2" class): the equation holds, R has small order."""
    torsion_mult = [ref.mul(i, mT) for i in range(1, 8)]
    for n in range(256):
        msg = b"mixed-order key, small-order R, try " + str(n).encode()
        for Rt in torsion_mult:
            R = ref.encode(Rt)
            h = ref.challenge(R, mA, msg)
            if ref.equal(ref.neg(ref.mul(h, mT)), Rt):
                return msg, R + le(h * ma % Q)
    raise GenerationError("mixed-order A with small R")


def cofactored_equation_holds(A: bytes, msg: bytes, sig: bytes) -> bool:
    """Whether [8](sB - hA - R) is the identity (the check a cofactored verifier makes)."""
    A_pt, R_pt = ref.decode(A), ref.decode(sig[:32])
    assert A_pt is not None and R_pt is not None
    h = ref.challenge(sig[:32], A, msg)
    diff = ref.add(
        ref.add(ref.mul(sc(sig[32:]), ref.BASE), ref.neg(ref.mul(h, A_pt))), ref.neg(R_pt)
    )
    return ref.is_small_order(diff)
