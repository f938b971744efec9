"""Shared helpers for the VXEdDSA tests: small-order encodings and a proof builder.

Everything here is written from the spec text (XEdDSA rev1 §2.5, §2.6, §4), not from the code
under test:

- the spec oracle (hash_i, elligator2, from_uniform, hash_to_point) is tests/curve/reference.py,
  plain Python integers and affine Edwards formulas, so the "from_uniform equals the spec map"
  checks (docs/design/decisions.rst, D5) do not compare the library with itself;
- :func:`build_proof` computes R, Rv, h and s itself (hazmat-level spec math on
  :mod:`xeddsa.curve` points) for a chosen V and Bv, grinding Z until the verification equations
  hold. It makes proofs that no honest signer produces (torsioned V, small-order V, keyless
  forgeries) so that each individual verifier check can be shown to matter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from tests.curve import reference as ref
from tests.strategies import P, Q
from xeddsa.curve import EdwardsPoint

IDENTITY = (1).to_bytes(32, "little")
#: The order-2 point (0, -1), the image of u = 0 under convert_mont.
ORDER2 = (P - 1).to_bytes(32, "little")


def le32(n: int) -> bytes:
    """32-byte little-endian encoding."""
    return n.to_bytes(32, "little")


# -- small-order points --------------------------------------------------------------------------


def _order8_ys() -> list[int]:
    """The y values of the order-8 points, solved independently: 2P has y = 0 (order 4), so
    y^2 = -x^2; on the curve that gives d y^4 + 2 y^2 - 1 = 0, y^2 = (-1 +- sqrt(1 + d)) / d."""
    from tests.strategies import point_order

    ys = {y for x, y in ref.TORSION if ref.order((x, y)) == 8}
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
    kint = ref.clamp(k)
    E = EdwardsPoint.base_mul(kint).compress()
    a = (-kint) % Q if E[31] >> 7 else kint % Q
    return E[:31] + bytes([E[31] & 0x7F]), a


def cofactor_output(V: bytes) -> bytes:
    """v = hash_5(cV) (mod 2^b): the VRF output a valid proof with this V must give."""
    return ref.hash_i(5, (decode(V) * 8).compress())[:32]


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
        r = int.from_bytes(ref.hash_i(3, le32(a) + V_hashed + Z), "little") % Q
        R = (B * r).compress()
        Rv = (Bv_pt * r).compress()
        h = int.from_bytes(ref.hash_i(4, A + V_hashed + R + Rv + M), "little") % Q
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
            return self._inner.from_uniform(r)
        return self._Bv

    def is_small_order(self, point: bytes) -> bool:
        if self._small_order is None:
            return self._inner.is_small_order(point)
        return self._small_order(point)
