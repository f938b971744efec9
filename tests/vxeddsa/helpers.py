"""Shared helpers for the VXEdDSA tests: an independent spec oracle and a proof builder.

Everything here is written from the spec text (XEdDSA rev1 §2.5, §2.6, §4), not from the code
under test:

- :func:`hash_i`, :func:`oracle_elligator2`, :func:`oracle_from_uniform` and
  :func:`oracle_hash_to_point` use plain Python integers and affine Edwards formulas, so the
  "from_uniform equals the spec map" checks (docs/design/decisions.rst, D5) do not compare the
  library with itself;
- :func:`build_proof` computes R, Rv, h and s itself (hazmat-level spec math on
  :mod:`xeddsa.curve` points) for a chosen V and Bv, grinding Z until the verification equations
  hold. It makes proofs that no honest signer produces (torsioned V, small-order V, keyless
  forgeries) so that each individual verifier check can be shown to matter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from tests.strategies import P, Q
from xeddsa.curve import EdwardsPoint

#: Curve constants, from the spec (§2.2) and RFC 7748, not imported from the code under test.
MONT_A = 486662
ED_D = (-121665 * pow(121666, -1, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (1).to_bytes(32, "little")
#: The order-2 point (0, -1), the image of u = 0 under convert_mont.
ORDER2 = (P - 1).to_bytes(32, "little")


def le32(n: int) -> bytes:
    """32-byte little-endian encoding."""
    return n.to_bytes(32, "little")


def hash_i(i: int, X: bytes) -> bytes:
    """hash_i(X) = SHA-512((2^256 - 1 - i) as 32 LE bytes || X) (spec §2.5)."""
    return hashlib.sha512(le32(2**256 - 1 - i) + X).digest()


# -- an independent affine Edwards / Elligator oracle (spec §2.3, §2.6) -------------------------


def _inv(x: int) -> int:
    return pow(x, -1, P) if x % P else 0


def _is_square(x: int) -> bool:
    x %= P
    return x == 0 or pow(x, (P - 1) // 2, P) == 1


def _sqrt(x: int) -> int | None:
    x %= P
    r = pow(x, (P + 3) // 8, P)
    if r * r % P != x:
        r = r * SQRT_M1 % P
    return r if r * r % P == x else None


def oracle_elligator2(r: int) -> int:
    """elligator2(r) for r already reduced to 255 bits (spec §2.6, with n = 2)."""
    u1 = (-MONT_A * _inv(1 + 2 * r * r)) % P
    w1 = u1 * (u1 * u1 + MONT_A * u1 + 1) % P
    return u1 if _is_square(w1) else (-u1 - MONT_A) % P


def oracle_point_from_y(y: int, sign: int) -> tuple[int, int] | None:
    """The affine point with this y and x of parity ``sign`` (x = 0 keeps x = 0)."""
    y %= P
    x = _sqrt((y * y - 1) * _inv(ED_D * y * y + 1))
    if x is None:
        return None
    if x & 1 != sign:
        x = (P - x) % P
    return x, y


def oracle_add(p1: tuple[int, int], p2: tuple[int, int]) -> tuple[int, int]:
    """Affine twisted Edwards addition with a = -1 (complete on edwards25519)."""
    x1, y1 = p1
    x2, y2 = p2
    t = ED_D * x1 * x2 * y1 * y2 % P
    x3 = (x1 * y2 + y1 * x2) * _inv(1 + t) % P
    y3 = (y1 * y2 + x1 * x2) * _inv(1 - t) % P
    return x3, y3


def oracle_encode(pt: tuple[int, int]) -> bytes:
    x, y = pt
    return le32(y | ((x & 1) << 255))


def oracle_from_uniform(r32: bytes) -> bytes:
    """The last five lines of hash_to_point (spec §2.6) applied to 32 bytes h[0:32]:
    r = low 255 bits, s = bit 255, u = elligator2(r), P.y = u_to_y(u), P.s = s, return cP."""
    raw = int.from_bytes(r32, "little")
    r = raw & ((1 << 255) - 1)
    s = raw >> 255
    u = oracle_elligator2(r)
    y = (u - 1) * _inv(u + 1) % P
    pt = oracle_point_from_y(y, s)
    assert pt is not None, "elligator2 output is always on the curve"
    for _ in range(3):
        pt = oracle_add(pt, pt)
    return oracle_encode(pt)


def oracle_hash_to_point(X: bytes) -> bytes:
    """hash_to_point(X) = from_uniform(hash_2(X)[:32]) (spec §2.6)."""
    return oracle_from_uniform(hash_i(2, X)[:32])


# -- small-order points --------------------------------------------------------------------------


def _order8_ys() -> list[int]:
    """The y values of the order-8 points, solved independently: 2P has y = 0 (order 4), so
    y^2 = -x^2; on the curve that gives d y^4 + 2 y^2 - 1 = 0, y^2 = (-1 +- sqrt(1 + d)) / d."""
    from tests.strategies import point_order

    root = _sqrt(1 + ED_D)
    assert root is not None
    ys = set()
    for y2 in ((-1 + root) * _inv(ED_D), (-1 - root) * _inv(ED_D)):
        y = _sqrt(y2)
        if y is not None:
            ys.update({y, P - y})
    assert len(ys) == 2
    for y in ys:
        assert point_order(le32(y)) == 8
    return sorted(ys)


ORDER8_Y = _order8_ys()
SMALL_ORDER_YS = (0, 1, P - 1, *ORDER8_Y, P, P + 1)
#: All 14 encodings of small-order points that a 32-byte V can take (both sign bits).
SMALL_ORDER_ENCODINGS = tuple(le32(y | (sign << 255)) for y in SMALL_ORDER_YS for sign in (0, 1))
#: A canonical order-8 point T (the torsion added to V in the torsioned-V test).
T8 = le32(ORDER8_Y[0])


def decode(encoding: bytes) -> EdwardsPoint:
    """Decode leniently with :mod:`xeddsa.curve` (y mod p, negative zero allowed)."""
    point = EdwardsPoint.decompress_lenient(encoding)
    assert point is not None, f"{encoding.hex()} is not on the curve"
    return point


def key_pair(k: bytes) -> tuple[bytes, int]:
    """calculate_key_pair (spec §2.3) on :mod:`xeddsa.curve`: (A with sign 0, a mod q)."""
    out = bytearray(k)
    out[0] &= 248
    out[31] &= 127
    out[31] |= 64
    kint = int.from_bytes(out, "little")
    E = EdwardsPoint.base_mul(kint).compress()
    a = (-kint) % Q if E[31] >> 7 else kint % Q
    return E[:31] + bytes([E[31] & 0x7F]), a


def cofactor_output(V: bytes) -> bytes:
    """v = hash_5(cV) (mod 2^b): the VRF output a valid proof with this V must give."""
    return hash_i(5, (decode(V) * 8).compress())[:32]


def build_proof(
    *,
    a: int,
    A: bytes,
    M: bytes,
    Bv: bytes,
    V_wire: bytes,
    V_hashed: bytes | None = None,
    label: str,
    tries: int = 400,
) -> bytes:
    """Return V_wire || h || s, a proof that passes R = sB - hA and Rv = sBv - hV exactly.

    For each Z = label/counter: r = hash_3(a || V || Z) mod q, R = rB, Rv = r Bv,
    h = hash_4(A || V_hashed || R || Rv || M) mod q, s = r + h a mod q; keep the first Z for
    which both sB - hA == R and sBv - hV == Rv hold as the verifier computes them (s, h < q,
    plain integer multiples, so a torsion term survives unless it cancels). ``V_hashed`` is the
    encoding the verifier hashes (the received V under "strict", its canonical re-encoding under
    "spec"); it defaults to ``V_wire``.
    """
    V_hashed = V_wire if V_hashed is None else V_hashed
    Bv_pt = decode(Bv)
    V_pt = decode(V_wire)
    A_pt = decode(A)
    B = EdwardsPoint.base()
    for counter in range(tries):
        Z = hashlib.sha512(f"{label}/{counter}".encode()).digest()
        r = int.from_bytes(hash_i(3, le32(a) + V_hashed + Z), "little") % Q
        R = (B * r).compress()
        Rv = (Bv_pt * r).compress()
        h = int.from_bytes(hash_i(4, A + V_hashed + R + Rv + M), "little") % Q
        s = (r + h * a) % Q
        if (B * s - A_pt * h).compress() != R:
            continue
        if (Bv_pt * s - V_pt * h).compress() != Rv:
            continue
        return V_wire + le32(h) + le32(s)
    raise AssertionError(f"no proof found in {tries} tries ({label})")


class BackendProxy:
    """A Backend that delegates to a real one, with from_uniform (so Bv) and optionally
    is_small_order replaced. Used only against the spec layer, to isolate one verifier check."""

    def __init__(
        self,
        inner: Any,
        *,
        Bv: bytes | None = None,
        small_order: Callable[[bytes], bool] | None = None,
    ) -> None:
        self._inner = inner
        self._Bv = Bv
        self._small_order = small_order

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def from_uniform(self, r: bytes) -> bytes:
        if self._Bv is None:
            return self._inner.from_uniform(r)  # type: ignore[no-any-return]
        return self._Bv

    def is_small_order(self, point: bytes) -> bool:
        if self._small_order is None:
            return self._inner.is_small_order(point)  # type: ignore[no-any-return]
        return self._small_order(point)
