"""VXEdDSA: signatures that are also a verifiable random function (VRF), with X25519 keys.

``sign(private_key, message)`` returns a 96-byte signature V || h || s; ``verify(public_key,
signature, message)`` checks it and returns the 32-byte VRF output v.

What the VRF output guarantees, and what it does not:

- **Unique per key and exact message.** For one private key and one message there is exactly one
  v; nobody, not even the key holder, can make a valid signature that yields another one. A
  different message, even one byte, gives an unrelated v.
- **Pseudorandom until revealed.** Without a signature, v cannot be predicted or distinguished from
  random by anyone but the key holder; the signature is the proof that reveals it.
- **Not a unique signature.** Signing is randomised: signing the same message twice gives different
  (h, s) with the same V and the same v. Under the ``"spec"`` policy (V, h, s + q) is a second
  valid encoding. Use v, never the signature bytes, as the identifier.
- **Not RFC 9381 ECVRF.** The construction, hashes and domain separation are XEdDSA rev 1 §4; its
  outputs are not interchangeable with ECVRF-EDWARDS25519-SHA512-ELL2.
- **The output is secret until a signature is revealed**, so do not derive anything from it that
  must stay secret afterwards.

Spec: XEdDSA rev1 §4.
"""

from __future__ import annotations

import secrets

from xeddsa import _scheme as _xscheme
from xeddsa._encoding import as_bytes
from xeddsa.backend import get_backend, get_signing_backend
from xeddsa.errors import InvalidSignature
from xeddsa.keys import PrivateKey, PublicKey
from xeddsa.sizes import RANDOM_SIZE, VXEDDSA_SIGNATURE_SIZE
from xeddsa.vxeddsa import _scheme as _vscheme
from xeddsa.vxeddsa._scheme import VX_POLICIES, VXPolicy

__all__ = ["sign", "verify"]


def sign(private_key: PrivateKey, message: bytes) -> bytes:
    """Return a 96-byte VXEdDSA signature V || h || s of ``message`` with fresh 64-byte Z.

    Runs on the ``sodium`` backend unless ``"pure"`` was explicitly chosen.

    :raises TypeError: ``private_key`` is not a :class:`~xeddsa.PrivateKey` or ``message`` is
        not bytes-like.
    :raises BackendUnavailable: PyNaCl is missing and ``"pure"`` was not chosen.
    """
    if not isinstance(private_key, PrivateKey):
        raise TypeError(
            f"private_key must be an xeddsa.PrivateKey, not {type(private_key).__name__}"
        )
    msg = as_bytes(message, "message")
    backend = get_signing_backend()
    edwards_key, a = private_key._key_pair()
    z = secrets.token_bytes(RANDOM_SIZE)
    signature, _ = _vscheme.vxeddsa_sign(backend, edwards_key, a, a, msg, z)
    return signature


def verify(
    public_key: PublicKey, signature: bytes, message: bytes, *, policy: VXPolicy = "strict"
) -> bytes:
    """Return the 32-byte VRF output if ``signature`` is a valid VXEdDSA signature, else raise.

    Policies: ``"strict"`` (default; h < q, s < q, canonical V) and ``"spec"`` (literal rev 1;
    malleable). ``"libsignal"`` applies to XEdDSA only and is refused here.

    :raises InvalidSignature: the signature does not verify or is not VXEDDSA_SIGNATURE_SIZE (96)
        bytes long.
    :raises ValueError: unknown or inapplicable ``policy``.
    :raises TypeError: ``public_key`` is not a :class:`~xeddsa.PublicKey`, or ``signature`` or
        ``message`` is not bytes-like.
    """
    _xscheme.check_policy(policy, VX_POLICIES)
    if not isinstance(public_key, PublicKey):
        raise TypeError(f"public_key must be an xeddsa.PublicKey, not {type(public_key).__name__}")
    sig = as_bytes(signature, "signature")
    msg = as_bytes(message, "message")
    if len(sig) != VXEDDSA_SIGNATURE_SIZE:
        raise InvalidSignature(
            f"VXEdDSA signature must be VXEDDSA_SIGNATURE_SIZE ({VXEDDSA_SIGNATURE_SIZE}) bytes, "
            f"got {len(sig)}"
        )
    edwards_key = public_key._edwards_point_bytes()
    output = _vscheme.vxeddsa_verify_prepared(get_backend(), edwards_key, msg, sig, policy)
    if output is None:
        raise InvalidSignature("VXEdDSA signature verification failed")
    return output
