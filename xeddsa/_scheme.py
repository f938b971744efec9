"""XEdDSA revision 1 (§2.3-§3), written once against the :class:`~xeddsa.backend.Backend` protocol.

This is the spec layer: function and variable names follow the paper (k, a, r, h, s for scalars;
A, R, B, E for points; M, Z for message and randomness) and each step comment mirrors a line of
its pseudocode. Whether a verification policy runs a check is decided here, never in a backend.
Inputs are assumed validated for type and length by the caller (:mod:`xeddsa.hazmat`,
:mod:`xeddsa.keys`).

Policies (see docs/design/decisions.rst, D3):

- ``"strict"`` (default): the spec's checks, plus u < p without masking, A not of small order,
  s < q (RFC 8032), R not of small order. Equal to libsodium's ``crypto_sign_verify_detached`` on
  the converted input.
- ``"spec"``: the literal rev 1 checks. Malleable ((R, s + q) verifies) and it accepts forgeries
  under small-order keys; for conformance testing only.
- ``"libsignal"``: the legacy "curvesigs" format of libsignal: the Edwards sign bit of A travels in
  the top bit of s; it is read and cleared, then the strict rules apply. Spec-format signatures
  (top bit 0) verify too.

Spec: XEdDSA rev1 §2.3, §2.5, §3.
"""

from __future__ import annotations

import hashlib
from typing import Final, Literal, get_args

from xeddsa._params import ENCODING_SIZE, S_BOUND, P, Q
from xeddsa.backend import Backend, PointBytes, ScalarBytes

__all__ = [
    "NonceScalar",
    "Policy",
    "calculate_key_pair",
    "check_nonce_scalar",
    "check_policy",
    "clamp",
    "hash_i",
    "nonce_scalar_bytes",
    "u_is_canonical",
    "xeddsa_sign",
    "xeddsa_verify",
    "xeddsa_verify_prepared",
]

Policy = Literal["strict", "spec", "libsignal"]
NonceScalar = Literal["spec", "libsignal-c"]
POLICIES: Final[tuple[Policy, ...]] = get_args(Policy)
NONCE_SCALARS: Final[tuple[NonceScalar, ...]] = get_args(NonceScalar)

# hash_i prefixes, (2^b - 1 - i) as 32 little-endian bytes: FE FF.. (i = 1), FD FF.. (i = 2), ...
_PREFIX: Final = {i: (2**256 - 1 - i).to_bytes(ENCODING_SIZE, "little") for i in range(1, 6)}


def check_policy(policy: str, allowed: tuple[str, ...] = POLICIES) -> None:
    """Raise ``ValueError`` unless ``policy`` is one of ``allowed`` (a programming error)."""
    if policy not in allowed:
        raise ValueError(f"unknown verification policy {policy!r}; expected one of {allowed}")


def check_nonce_scalar(nonce_scalar: str) -> None:
    """Raise ``ValueError`` unless ``nonce_scalar`` is ``"spec"`` or ``"libsignal-c"``."""
    if nonce_scalar not in NONCE_SCALARS:
        raise ValueError(
            f"unknown nonce_scalar {nonce_scalar!r}; expected one of {NONCE_SCALARS}"
        )


def clamp(k: bytes) -> bytes:
    """Clamp a 32-byte X25519 private key: clear bits 0-2 and 255, set bit 254.

    Spec: RFC 7748 §5 (decodeScalar25519); XEdDSA rev1 §2.3 (private keys are clamped).
    """
    clamped = bytearray(k)
    clamped[0] &= 248
    clamped[31] &= 127
    clamped[31] |= 64
    return bytes(clamped)


def hash_i(i: int, X: bytes) -> bytes:
    """Return hash_i(X) = SHA-512((2^b - 1 - i) as 32 bytes || X) for i in 1..5.

    Spec: XEdDSA rev1 §2.5.
    """
    return hashlib.sha512(_PREFIX[i] + X).digest()


def u_is_canonical(u: bytes) -> bool:
    """Return whether the 32-byte u is below p (a set bit 255 makes it >= p: no masking)."""
    return int.from_bytes(u, "little") < P


def calculate_key_pair(backend: Backend, k: bytes) -> tuple[PointBytes, ScalarBytes, int]:
    """Return (A, a, E.s): the Edwards public key with sign bit 0, its scalar mod q, and the sign
    bit of kB that decided whether a = k or a = -k.

    k must be clamped. Both branches reduce a mod q (see docs/design/decisions.rst, D2). The secret
    scalar never passes through Python integers here: reduction, multiplication and negation run in
    the backend
    (on the ``sodium`` backend, inside libsodium; the ``pure`` backend is not constant time).

    Spec: XEdDSA rev1 §2.3 (calculate_key_pair).
    """
    k_mod_q = backend.scalar_reduce(k + bytes(32))
    E = backend.base_mul(k_mod_q)  # E = kB (qB = I, so k mod q gives the same point)
    E_s = E[31] >> 7
    A = PointBytes(E[:31] + bytes([E[31] & 0x7F]))  # A.y = E.y; A.s = 0
    # if E.s == 1: a = -k (mod q) else: a = k (mod q); both candidates are computed and one is
    # picked by index, so only the choice (one bit) is visible to Python-level timing.
    a = (k_mod_q, backend.scalar_negate(k_mod_q))[E_s]
    return A, a, E_s


def nonce_scalar_bytes(a: ScalarBytes, k: bytes, E_s: int, nonce_scalar: NonceScalar) -> bytes:
    """Return the scalar bytes hashed into the nonce: a, or (``"libsignal-c"``, E.s = 0) raw k.

    The C reference (libsignal-protocol-c) hashes the unreduced clamped k when the sign bit of kB
    is 0; the spec hashes a = k mod q. Both give valid signatures (see docs/design/decisions.rst,
    D2).
    """
    if nonce_scalar == "libsignal-c" and E_s == 0:
        return k
    return a


def xeddsa_sign(
    backend: Backend, A: PointBytes, a: ScalarBytes, nonce_key: bytes, M: bytes, Z: bytes
) -> bytes:
    """Return the 64-byte signature R || s of M under the key pair (A, a) with randomness Z.

    ``nonce_key`` is the scalar encoding hashed into r (``a`` in the spec).

    Spec: XEdDSA rev1 §3 (xeddsa_sign).
    """
    # r = hash_1(a || M || Z) (mod q); R = rB
    r, R = backend.scalar_reduce_base_mul(hash_i(1, nonce_key + M + Z))
    # h = hash(R || A || M) (mod q); s = r + ha (mod q)
    s = backend.scalar_reduce_muladd(hashlib.sha512(R + A + M).digest(), a, r)
    return R + s  # return R || s


def xeddsa_verify_prepared(
    backend: Backend, A: PointBytes, M: bytes, signature: bytes, policy: Policy
) -> bool:
    """Verify R || s against an A that is already converted from u and known to be on the curve.

    The caller has checked u < p, converted it (A = convert_mont(u)) and checked on_curve(A);
    for ``"strict"`` and ``"libsignal"`` it has also rejected a small-order A.

    Spec: XEdDSA rev1 §3 (xeddsa_verify), with the policy rules of docs/design/decisions.rst, D3.
    """
    R = PointBytes(signature[:32])
    s = signature[32:]
    if policy == "libsignal":
        # The legacy format keeps E.s in the top bit of s: move it back into A, clear it in s.
        A = PointBytes(A[:31] + bytes([A[31] | (s[31] & 0x80)]))
        s = s[:31] + bytes([s[31] & 0x7F])
    s_int = int.from_bytes(s, "little")
    if policy == "spec":
        if s_int >= S_BOUND:  # if ... s >= 2^|q|: return false
            return False
    else:
        if s_int >= Q:  # strict: canonical s (RFC 8032 §5.1.7)
            return False
        if backend.is_small_order(R):  # strict: R not of small order (r = 0 would leak a)
            return False
    # h = hash(R || A || M) (mod q); Rcheck = sB - hA; if bytes_equal(R, Rcheck): return true
    return backend.ed25519_verify(A, R, s, M)


def xeddsa_verify(backend: Backend, u: bytes, M: bytes, signature: bytes, policy: Policy) -> bool:
    """Return whether ``signature`` (64 bytes) is a valid XEdDSA signature of M under u (32 bytes).

    Spec: XEdDSA rev1 §3 (xeddsa_verify).
    """
    if not u_is_canonical(u):  # if u >= p: return false (no masking of bit 255)
        return False
    A = backend.convert_mont(u)  # A = convert_mont(u)
    if not backend.is_on_curve(A):  # if not on_curve(A): return false
        return False
    if policy != "spec" and backend.is_small_order(A):  # strict: A not of small order
        return False
    return xeddsa_verify_prepared(backend, A, M, signature, policy)
