"""JOSE algorithms ``XEd25519`` and ``VXEd25519`` for joserfc: sign JWS and JWT with an X25519 key.

Keys are RFC 8037 OKP JWKs with ``"crv": "X25519"`` (a WireGuard or X3DH key as is); the JWS
Signing Input is the standard one, so an ``XEd25519`` JWS also verifies as an RFC 8037
``Ed25519`` JWS under :meth:`xeddsa.PublicKey.ed25519_public_bytes`.  Importing this package
registers nothing: call :func:`register_algorithms` (process-wide, idempotent) or use
:func:`isolated_registry`.  The PyJWT adapter lives in :mod:`xeddsa.jose.pyjwt`.

Example with a key from ``wg genkey > wg.key``::

    from joserfc import jws
    from xeddsa import PrivateKey
    from xeddsa.jose import okp_key, register_algorithms

    register_algorithms()  # explicit and idempotent; importing xeddsa.jose registers nothing
    private = PrivateKey.from_wireguard(open("wg.key").read())
    token = jws.serialize_compact({"alg": "XEd25519"}, b"hello", okp_key(private),
                                  algorithms=["XEd25519"])
    public = okp_key(private.public_key())  # or PublicKey.from_wireguard(`wg pubkey` output)
    assert jws.deserialize_compact(token, public, algorithms=["XEd25519"]).payload == b"hello"

Notes:

* Verification always uses the library's ``strict`` policy; there is no policy switch here.
* ``check_key`` refuses keys other than OKP/X25519, keys whose ``use`` is not ``sig`` (so a JWK
  marked ``"use": "enc"`` cannot sign or verify), keys whose ``alg`` names another algorithm,
  and X25519 public keys that strict import rejects; ``key_ops`` is enforced per operation.
* The protected header must carry the ``alg``: the models re-read it strictly from the signing
  input, so a JSON serialization with ``alg`` only in the unprotected header does not verify.
* ``KeySet.pick_random_key`` filters by ``kty`` only; in a key set that mixes Ed25519 and X25519
  OKP keys put ``alg`` on the keys or a ``kid`` in the header.
* ``jwt.decode`` does not validate claims; use :class:`joserfc.jwt.JWTClaimsRegistry`.
* joserfc (1.8.0 and earlier) parses the JWS itself, and on malformed untrusted input its
  ``jws.deserialize_compact`` raises ``TypeError`` (a protected header that is a JSON array, such
  as ``WyJhbGciXQ.e30.AAAA``, or a ``crit`` that is not an array of strings: ``5``, ``[5]``,
  ``[[1]]``), and its ``jws.deserialize_json`` raises ``TypeError``, ``ValueError``
  (``binascii.Error`` included), ``KeyError`` and ``AttributeError`` (a non-object header, a bad
  ``crit``, a missing ``payload`` or ``signature``, ``"payload": 1``, a non-base64url
  ``signature``, a non-object ``header``, a non-array ``signatures``); the full table with
  reproducers is in ``docs/guides/jose.rst``.  Use :func:`deserialize_compact` and
  :func:`deserialize_json` from this package instead: they parse strictly first
  (:func:`parse_compact`, :func:`parse_json`) and raise only ``JoseError`` subclasses
  (:class:`MalformedJWSError`, also an :class:`xeddsa.InvalidSignature`, for what the parser
  refuses).  :func:`verify_vxed25519` parses strictly too and raises only
  :class:`xeddsa.InvalidSignature` for anything in the token.
* Every verification path checks the key's prime-order subgroup: an :class:`xeddsa.PublicKey`
  imported with ``check_subgroup=False`` is re-imported strictly.
* :func:`public_key_from_jwk` and :func:`private_key_from_jwk` load a JWK that has ``alg`` only
  when the caller passes the same ``alg=``, because the loaded key cannot carry the binding.
* The VXEd25519 VRF output never travels in the JWS; :func:`verify_vxed25519` returns it after
  verification.  It is unique per key and exact signing-input bytes only: fix the protected
  header to literal bytes (e.g. ``{"alg":"VXEd25519"}``) when one output per message matters.
"""

from __future__ import annotations

from ._jwk import ALGORITHM_NAMES as ALGORITHM_NAMES
from ._jwk import jwk_thumbprint as jwk_thumbprint
from ._jwk import private_key_from_jwk as private_key_from_jwk
from ._jwk import private_key_to_jwk as private_key_to_jwk
from ._jwk import public_key_from_jwk as public_key_from_jwk
from ._jwk import public_key_to_jwk as public_key_to_jwk
from ._models import VXEd25519 as VXEd25519
from ._models import XEd25519 as XEd25519
from ._models import isolated_registry as isolated_registry
from ._models import okp_key as okp_key
from ._models import private_key_from_okp as private_key_from_okp
from ._models import public_key_from_okp as public_key_from_okp
from ._models import register_algorithms as register_algorithms
from ._parse import JWSSignature as JWSSignature
from ._parse import MalformedJWSError as MalformedJWSError
from ._parse import ParsedJWS as ParsedJWS
from ._parse import parse_compact as parse_compact
from ._parse import parse_json as parse_json
from ._safe import deserialize_compact as deserialize_compact
from ._safe import deserialize_json as deserialize_json
from ._vrf import VXEd25519Result as VXEd25519Result
from ._vrf import verify_vxed25519 as verify_vxed25519

__all__ = [
    "ALGORITHM_NAMES",
    "JWSSignature",
    "MalformedJWSError",
    "ParsedJWS",
    "VXEd25519",
    "VXEd25519Result",
    "XEd25519",
    "deserialize_compact",
    "deserialize_json",
    "isolated_registry",
    "jwk_thumbprint",
    "okp_key",
    "parse_compact",
    "parse_json",
    "private_key_from_jwk",
    "private_key_from_okp",
    "private_key_to_jwk",
    "public_key_from_jwk",
    "public_key_from_okp",
    "public_key_to_jwk",
    "register_algorithms",
    "verify_vxed25519",
]
