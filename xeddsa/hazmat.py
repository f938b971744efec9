"""HAZARDOUS MATERIALS: the spec's functions on raw bytes, with explicit randomness Z.

**Do not use this module to sign or verify in an application.** Use :class:`xeddsa.PrivateKey`,
:class:`xeddsa.PublicKey` and :mod:`xeddsa.vxeddsa`. This module exists for known-answer tests,
interoperability checks and test-vector generation:

- signing takes the randomness Z from the caller, and reusing Z with a different message under a
  bad random source is exactly the failure XEdDSA's hash_1(a || M || Z) was designed to survive,
  not one to invite;
- ``nonce_scalar="libsignal-c"`` reproduces the C reference's unreduced nonce input (see
  docs/design/decisions.rst, D2) only so that upstream chain vectors can be checked;
- verification returns ``bool`` (XEdDSA) or ``bytes | None`` (VXEdDSA), mirroring the spec's
  "return false", instead of raising :class:`~xeddsa.errors.InvalidSignature`; any failure,
  including a wrong-length u or signature, gives ``False`` / ``None``;
- the ``"spec"`` policy accepts malleable signatures and keyless forgeries under small-order keys.

Signing obeys the backend rule: it runs on ``"sodium"`` unless ``"pure"`` was explicitly chosen.
``k`` is clamped on entry, exactly as in :meth:`xeddsa.PrivateKey.from_private_bytes`.

Spec: XEdDSA rev1 §2.3, §2.6, §3, §4.
"""

from __future__ import annotations

from xeddsa import _scheme
from xeddsa._encoding import as_bytes
from xeddsa._scheme import NonceScalar, Policy
from xeddsa.backend import Backend, PointBytes, ScalarBytes, get_backend, get_signing_backend
from xeddsa.errors import InvalidKey
from xeddsa.sizes import (
    PRIVATE_KEY_SIZE,
    PUBLIC_KEY_SIZE,
    RANDOM_SIZE,
    SIGNATURE_SIZE,
    VXEDDSA_SIGNATURE_SIZE,
)
from xeddsa.vxeddsa import _scheme as _vscheme
from xeddsa.vxeddsa._scheme import VX_POLICIES, VXPolicy

__all__ = [
    "calculate_key_pair",
    "convert_mont",
    "elligator2",
    "hash_to_point",
    "vxeddsa_sign",
    "vxeddsa_verify",
    "xeddsa_sign",
    "xeddsa_verify",
]


def _private_key(k: object) -> bytes:
    raw = as_bytes(k, "k")
    if len(raw) != PRIVATE_KEY_SIZE:
        raise InvalidKey(f"k must be PRIVATE_KEY_SIZE ({PRIVATE_KEY_SIZE}) bytes, got {len(raw)}")
    return _scheme.clamp(raw)


def _random(z: object) -> bytes:
    raw = as_bytes(z, "z")
    if len(raw) != RANDOM_SIZE:
        raise ValueError(f"z must be RANDOM_SIZE ({RANDOM_SIZE}) bytes, got {len(raw)}")
    return raw


def _field_bytes(x: object, what: str) -> bytes:
    raw = as_bytes(x, what)
    if len(raw) != 32:
        raise ValueError(f"{what} must be 32 bytes, got {len(raw)}")
    return raw


def _signing_inputs(
    k: object, message: object, z: object, nonce_scalar: NonceScalar
) -> tuple[Backend, PointBytes, ScalarBytes, bytes, bytes, bytes]:
    """Validate the signing arguments and return (backend, A, a, nonce key, M, Z)."""
    _scheme.check_nonce_scalar(nonce_scalar)
    k_clamped = _private_key(k)
    M = as_bytes(message, "message")
    Z = _random(z)
    backend = get_signing_backend()
    A, a, E_s = _scheme.calculate_key_pair(backend, k_clamped)
    nonce_key = _scheme.nonce_scalar_bytes(a, k_clamped, E_s, nonce_scalar)
    return backend, A, a, nonce_key, M, Z


def calculate_key_pair(k: bytes) -> tuple[bytes, bytes]:
    """Return (A, a): the Edwards public key (sign bit 0) and a as 32 bytes reduced mod q.

    ``k`` (32 bytes) is clamped first.

    Spec: XEdDSA rev1 §2.3 (calculate_key_pair).
    """
    A, a, _ = _scheme.calculate_key_pair(get_signing_backend(), _private_key(k))
    return bytes(A), bytes(a)


def convert_mont(u: bytes) -> bytes:
    """Return the Edwards encoding of u_to_y(u) with sign bit 0; bit 255 of u is masked.

    Accepts any 32 bytes (it does not check that u is on the curve).

    :raises InvalidKey: u is not PUBLIC_KEY_SIZE (32) bytes.

    Spec: XEdDSA rev1 §2.3 (convert_mont).
    """
    U = as_bytes(u, "u")
    if len(U) != PUBLIC_KEY_SIZE:
        raise InvalidKey(f"u must be PUBLIC_KEY_SIZE ({PUBLIC_KEY_SIZE}) bytes, got {len(U)}")
    return bytes(get_backend().convert_mont(U))


def elligator2(r: bytes) -> bytes:
    """Return the 32-byte Montgomery u = elligator2(r); bit 255 of r is ignored.

    Spec: XEdDSA rev1 §2.6 (elligator2).
    """
    return get_backend().elligator2(_field_bytes(r, "r"))


def xeddsa_sign(
    k: bytes, message: bytes, z: bytes, *, nonce_scalar: NonceScalar = "spec"
) -> bytes:
    """Return the 64-byte XEdDSA signature of ``message`` under k with randomness z (64 bytes).

    :raises InvalidKey: k is not PRIVATE_KEY_SIZE (32) bytes.
    :raises ValueError: wrong-size z, or unknown ``nonce_scalar``.
    :raises BackendUnavailable: PyNaCl is missing and ``"pure"`` was not chosen.

    Spec: XEdDSA rev1 §3 (xeddsa_sign); docs/design/decisions.rst, D2 for ``nonce_scalar``.
    """
    backend, A, a, nonce_key, M, Z = _signing_inputs(k, message, z, nonce_scalar)
    return _scheme.xeddsa_sign(backend, A, a, nonce_key, M, Z)


def xeddsa_verify(u: bytes, message: bytes, signature: bytes, *, policy: Policy = "strict") -> bool:
    """Return whether ``signature`` is a valid XEdDSA signature of ``message`` under u.

    Wrong-length u or signature gives False. Policies as in :meth:`xeddsa.PublicKey.verify`,
    except that the key is not imported: u is checked only as the policy says (so ``"spec"``
    accepts small-order and mixed-order u, and ``"strict"`` accepts mixed-order u).

    :raises ValueError: unknown ``policy``.

    Spec: XEdDSA rev1 §3 (xeddsa_verify); docs/design/decisions.rst, D3 for ``policy``.
    """
    _scheme.check_policy(policy)
    U = as_bytes(u, "u")
    M = as_bytes(message, "message")
    sig = as_bytes(signature, "signature")
    if len(U) != PUBLIC_KEY_SIZE or len(sig) != SIGNATURE_SIZE:
        return False
    return _scheme.xeddsa_verify(get_backend(), U, M, sig, policy)


def hash_to_point(x: bytes) -> bytes:
    """Return the encoding of hash_to_point(x) = cP for P from elligator2(hash_2(x)).

    Spec: XEdDSA rev1 §2.6 (hash_to_point).
    """
    return bytes(_vscheme.hash_to_point(get_backend(), as_bytes(x, "x")))


def vxeddsa_sign(
    k: bytes, message: bytes, z: bytes, *, nonce_scalar: NonceScalar = "spec"
) -> tuple[bytes, bytes]:
    """Return (signature, vrf_output): the 96-byte VXEdDSA signature and the 32-byte VRF output.

    :raises InvalidKey: k is not PRIVATE_KEY_SIZE (32) bytes.
    :raises ValueError: wrong-size z, or unknown ``nonce_scalar``.
    :raises BackendUnavailable: PyNaCl is missing and ``"pure"`` was not chosen.

    Spec: XEdDSA rev1 §4 (vxeddsa_sign); docs/design/decisions.rst, D2 for ``nonce_scalar``.
    """
    backend, A, a, nonce_key, M, Z = _signing_inputs(k, message, z, nonce_scalar)
    return _vscheme.vxeddsa_sign(backend, A, a, nonce_key, M, Z)


def vxeddsa_verify(
    u: bytes, message: bytes, signature: bytes, *, policy: VXPolicy = "strict"
) -> bytes | None:
    """Return the VRF output if ``signature`` is a valid VXEdDSA signature under u, else None.

    Wrong-length u or signature gives None.

    :raises ValueError: unknown or inapplicable ``policy`` (``"libsignal"`` is XEdDSA only).

    Spec: XEdDSA rev1 §4 (vxeddsa_verify); docs/design/decisions.rst, D3 for ``policy``.
    """
    _scheme.check_policy(policy, VX_POLICIES)
    U = as_bytes(u, "u")
    M = as_bytes(message, "message")
    sig = as_bytes(signature, "signature")
    if len(U) != PUBLIC_KEY_SIZE or len(sig) != VXEDDSA_SIGNATURE_SIZE:
        return None
    return _vscheme.vxeddsa_verify(get_backend(), U, M, sig, policy)
