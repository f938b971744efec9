"""VXEdDSA revision 1 (§4) and hash_to_point (§2.6), written once against the Backend protocol.

Spec-layer names: A, V, Bv, R, Rv points; a, r, h, s scalars; M message, Z randomness; v the VRF
output. Which checks run under which policy is decided here:

- ``"strict"`` (default): the spec's checks plus h < q, s < q and a canonical V (y < p, no
  "x = 0 with sign 1"); the hash input is the received V, which is then canonical by construction;
- ``"spec"``: the literal rev 1 bounds (h, s < 2^253); V is decoded as the C reference does
  (y reduced mod p, negative zero allowed) and its canonical re-encoding is hashed.

Both keep the spec's cA != I, cV != I and Bv != I. The spec's ``V.y >= 2^|p|`` check is vacuous
for a 32-byte encoding and is subsumed by the decoding rule of each policy.

Spec: XEdDSA rev1 §2.6 (hash_to_point), §4 (vxeddsa_sign, vxeddsa_verify).
"""

from __future__ import annotations

from typing import Final, Literal, get_args

from xeddsa._params import ENCODING_SIZE, MASK_255, S_BOUND, P, Q
from xeddsa._scheme import hash_i, u_is_canonical
from xeddsa.backend import Backend, PointBytes, PrimitiveError, ScalarBytes

__all__ = ["VXPolicy", "hash_to_point", "vxeddsa_sign", "vxeddsa_verify", "vxeddsa_verify_prepared"]

VXPolicy = Literal["strict", "spec"]
VX_POLICIES: Final[tuple[VXPolicy, ...]] = get_args(VXPolicy)

_IDENTITY: Final = (1).to_bytes(ENCODING_SIZE, "little")


def _is_canonical_encoding(point: bytes) -> bool:
    """Return whether the encoding is in canonical form: y < p, and sign bit 0 when x = 0.

    On the curve, x = 0 exactly when y = 1 or y = -1, so this needs no square root; whether y is
    on the curve at all is decided when the point is decoded for arithmetic.

    Spec: RFC 8032 §5.1.3 (canonical decoding).
    """
    raw = int.from_bytes(point, "little")
    y = raw & MASK_255
    return y < P and not (raw >> 255 and y in (1, P - 1))


def hash_to_point(backend: Backend, X: bytes) -> PointBytes:
    """Return the encoding of hash_to_point(X), a point of the prime-order subgroup (or I).

    The backend's from_uniform map performs the last five lines below; the ``sodium`` backend uses
    libsodium's crypto_core_ed25519_from_uniform, proven equal by the vectors (see
    docs/design/decisions.rst, D5).

    Spec: XEdDSA rev1 §2.6 (hash_to_point).
    """
    h = hash_i(2, X)  # h = hash_2(X)
    # r = h (mod 2^|p|); s = floor((h mod 2^b) / 2^|p|); u = elligator2(r);
    # P.y = u_to_y(u); P.s = s; return cP
    return backend.from_uniform(h[:32])


def vxeddsa_sign(
    backend: Backend, A: PointBytes, a: ScalarBytes, nonce_key: bytes, M: bytes, Z: bytes
) -> tuple[bytes, bytes]:
    """Return (V || h || s, v): the 96-byte VXEdDSA signature of M and the 32-byte VRF output.

    ``nonce_key`` is the scalar encoding hashed into r (``a`` in the spec; see
    docs/design/decisions.rst, D2).

    Spec: XEdDSA rev1 §4 (vxeddsa_sign).
    """
    Bv = hash_to_point(backend, A + M)  # Bv = hash_to_point(A || M)
    V = backend.point_mul(a, Bv)  # V = aBv
    r = backend.scalar_reduce(hash_i(3, nonce_key + V + Z))  # r = hash_3(a || V || Z) (mod q)
    R = backend.base_mul(r)  # R = rB
    Rv = backend.point_mul(r, Bv)  # Rv = rBv
    # h = hash_4(A || V || R || Rv || M) (mod q); s = r + ha (mod q)
    h = backend.scalar_reduce(hash_i(4, A + V + R + Rv + M))
    s = backend.scalar_muladd(h, a, r)
    v = hash_i(5, backend.mul_by_cofactor(V))[:32]  # v = hash_5(cV) (mod 2^b)
    return V + h + s, v


def vxeddsa_verify_prepared(
    backend: Backend, A: PointBytes, M: bytes, signature: bytes, policy: VXPolicy
) -> bytes | None:
    """Verify V || h || s against an A already converted from u, on the curve and with cA != I.

    Returns the VRF output v, or None ("return false").

    Spec: XEdDSA rev1 §4 (vxeddsa_verify), with the policy rules of docs/design/decisions.rst, D3.
    """
    V = PointBytes(signature[:32])
    h = signature[32:64]
    s = signature[64:96]
    bound = S_BOUND if policy == "spec" else Q
    # if ... h >= 2^|q| or s >= 2^|q|: return false   (strict: h, s < q)
    if int.from_bytes(h, "little") >= bound or int.from_bytes(s, "little") >= bound:
        return None
    if policy == "spec":
        if not backend.is_on_curve(V):  # if not on_curve(V): return false
            return None
        V = backend.canonical_encoding(V)  # decode as the C reference, hash the re-encoding
    elif not _is_canonical_encoding(V):  # strict: y < p and no "x = 0 with sign 1"
        return None
    if backend.is_small_order(V):  # if cV == I: return false
        return None
    Bv = hash_to_point(backend, A + M)  # Bv = hash_to_point(A || M)
    if Bv == _IDENTITY:  # if Bv == I: return false
        return None
    try:
        R = backend.base_mul_sub(s, h, A)  # R = sB - hA
        # Rv = sBv - hV. Under "strict", this is also where on_curve(V) is decided: decoding V
        # off the curve raises PrimitiveError (one square root, not two).
        Rv = backend.mul_sub(s, Bv, h, V)
        cV = backend.mul_by_cofactor(V)
    except PrimitiveError:  # if not on_curve(V): return false
        return None
    hcheck = backend.scalar_reduce(hash_i(4, A + V + R + Rv + M))  # hash_4(...) (mod q)
    if hcheck != h:  # if bytes_equal(h, hcheck): ...
        return None
    return hash_i(5, cV)[:32]  # return hash_5(cV) (mod 2^b)


def vxeddsa_verify(
    backend: Backend, u: bytes, M: bytes, signature: bytes, policy: VXPolicy
) -> bytes | None:
    """Return the VRF output if ``signature`` (96 bytes) verifies for M under u, else None.

    Spec: XEdDSA rev1 §4 (vxeddsa_verify).
    """
    if not u_is_canonical(u):  # if u >= p: return false
        return None
    A = backend.convert_mont(u)  # A = convert_mont(u)
    if not backend.is_on_curve(A):  # if not on_curve(A): return false
        return None
    if backend.is_small_order(A):  # if cA == I: return false
        return None
    return vxeddsa_verify_prepared(backend, A, M, signature, policy)
