"""COSE algorithms ``XEd25519`` and ``VXEd25519``: COSE_Sign1 with an X25519 key, and pycose models.

Keys are OKP COSE_Keys with crv X25519 (4), the key a WireGuard peer or an X3DH identity already
has.  The message signed is the RFC 9052 Sig_structure, so an ``XEd25519`` COSE_Sign1 signature
also verifies as an EdDSA signature under :meth:`xeddsa.PublicKey.ed25519_public_bytes`.

**The algorithm values are provisional.**  IANA has assigned none yet; this package uses
-65537 (``XEd25519``) and -65538 (``VXEd25519``) from the private-use range of the "COSE
Algorithms" registry (values below -65536).  They will change to the assigned values.

Two ways in (``pip install 'xeddsa[cose]'``):

* :func:`sign_sign1` / :func:`verify_sign1`: a strict COSE_Sign1 codec that needs no pycose.
  Every malformed message raises :class:`xeddsa.InvalidSignature`, and ``verify_sign1`` returns
  the VXEd25519 VRF output after verification.
* pycose: :func:`register_algorithms` (process-wide, idempotent; importing registers nothing),
  then :class:`pycose.messages.Sign1Message` with a key from :func:`cose_key`.

Example::

    from xeddsa import PrivateKey
    from xeddsa.cose import sign_sign1, verify_sign1

    key = PrivateKey.from_wireguard(open("wg.key").read())
    message = sign_sign1(b"hello", key)                      # tagged COSE_Sign1 bytes
    assert verify_sign1(message, key.public_key()).payload == b"hello"

Notes:

* Verification always uses the library's ``strict`` policy; there is no policy switch here.
* ``alg`` must be in the protected header; ``crit``, duplicate labels and labels present in both
  buckets are refused.
* VRF uniqueness holds per key and exact Sig_structure (protected header octets, external AAD,
  payload): fix the protected header when one output per payload matters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._ids import VXED25519_ID as VXED25519_ID
from ._ids import XED25519_ID as XED25519_ID
from ._sign1 import Sign1Result as Sign1Result
from ._sign1 import encode_sign1 as encode_sign1
from ._sign1 import protected_header as protected_header
from ._sign1 import sig_structure as sig_structure
from ._sign1 import sign_sign1 as sign_sign1
from ._sign1 import verify_sign1 as verify_sign1

if TYPE_CHECKING:  # pragma: no cover - the names __getattr__ loads, typed for mypy
    from ._models import VXEd25519 as VXEd25519
    from ._models import XEd25519 as XEd25519
    from ._models import cose_key as cose_key
    from ._models import private_key_from_cose as private_key_from_cose
    from ._models import public_key_from_cose as public_key_from_cose
    from ._models import register_algorithms as register_algorithms

__all__ = [
    "VXED25519_ID",
    "XED25519_ID",
    "Sign1Result",
    "VXEd25519",
    "XEd25519",
    "cose_key",
    "encode_sign1",
    "private_key_from_cose",
    "protected_header",
    "public_key_from_cose",
    "register_algorithms",
    "sig_structure",
    "sign_sign1",
    "verify_sign1",
]


def __getattr__(name: str) -> object:
    """Load the pycose models only when asked for, so the codec works without pycose: a public
    name that is not defined above is one of ``_models``."""
    if name in __all__:
        from . import _models

        return getattr(_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
