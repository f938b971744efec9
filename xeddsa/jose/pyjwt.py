"""PyJWT adapter: the JWS algorithm ``XEd25519`` for ``jwt.encode`` / ``jwt.decode`` (PyJWT 2.x).

Usage::

    import jwt
    from xeddsa import PrivateKey
    from xeddsa.jose.pyjwt import register_pyjwt

    register_pyjwt()                      # explicit; importing this module registers nothing
    key = PrivateKey.generate()
    token = jwt.encode({"sub": "alice"}, key, algorithm="XEd25519")
    claims = jwt.decode(token, key.public_key(), algorithms=["XEd25519"])

Limits (PyJWT does its own parsing; this adapter only sees the signing input and the key):

* Only ``XEd25519``.  ``VXEd25519`` is not offered: PyJWT cannot return the VRF output; use
  joserfc and :func:`xeddsa.jose.verify_vxed25519`.
* Keys are :class:`xeddsa.PrivateKey` / :class:`xeddsa.PublicKey`, cryptography
  ``X25519PrivateKey`` / ``X25519PublicKey``, or an OKP X25519 JWK (dict or JSON text).  PEM and
  WireGuard strings are refused (load them with the xeddsa API first), and so are ``jwt.PyJWK``
  objects (PyJWK maps ``X25519`` to no algorithm).  PyJWT's type hints for ``key`` do not list
  the xeddsa types, so type checkers flag the call although it works.
* PyJWT accepts ``=`` padding on the signature segment and decodes it before the adapter sees it;
  the adapter re-checks the header and payload segments strictly (canonical base64url, no
  duplicate JSON names, no ``NaN``, ``alg`` exactly ``"XEd25519"``), but a padded signature
  segment still verifies.
* :func:`register_pyjwt` with no argument changes PyJWT's module-level default ``PyJWS``, i.e.
  process-wide state.  Pass a private ``jwt.PyJWS()`` or ``jwt.PyJWT()`` instead to keep the
  algorithm local; for ``PyJWT`` instances this uses PyJWT's internal ``_jws`` attribute (present
  in PyJWT 2.11 and later; with older versions use the global registration or a ``PyJWS``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final, Literal, overload

from jwt import PyJWS, PyJWT
from jwt import get_algorithm_by_name as _global_get_algorithm
from jwt import register_algorithm as _global_register
from jwt.algorithms import Algorithm
from jwt.exceptions import InvalidKeyError

from xeddsa import InvalidKey, InvalidSignature, PrivateKey, PublicKey

from ._jwk import (
    private_key_from_jwk,
    private_key_to_jwk,
    public_key_from_jwk,
    public_key_to_jwk,
)
from ._models import protected_header
from ._strict import MAX_JWK_SIZE, json_object, require_alg

__all__ = ["ALGORITHM", "XEd25519PyJWTAlgorithm", "register_pyjwt"]

#: The ``alg`` value this adapter implements.
ALGORITHM: Final = "XEd25519"
_SIGNATURE_SIZE: Final = 64


class XEd25519PyJWTAlgorithm(Algorithm):
    """PyJWT ``Algorithm`` for ``XEd25519``; verification always uses the ``strict`` policy."""

    def prepare_key(self, key: Any) -> PrivateKey | PublicKey:
        """Accept an xeddsa key, a cryptography X25519 key or an OKP X25519 JWK; refuse the rest.

        A JWK may be a mapping or JSON text; other strings (PEM, WireGuard base64) are refused.
        A :class:`xeddsa.PublicKey` is re-imported strictly, so one imported with
        ``check_subgroup=False`` is refused unless it is in the prime-order subgroup.

        :raises jwt.exceptions.InvalidKeyError: for any other type or an invalid key
        """
        if isinstance(key, PrivateKey):
            return key
        if isinstance(key, PublicKey):
            return _strict(key)
        if isinstance(key, (Mapping, str)):
            return self.from_jwk(dict(key) if isinstance(key, Mapping) else key)
        for loader in (PrivateKey.from_cryptography, PublicKey.from_cryptography):
            try:
                return loader(key)
            except TypeError:
                continue  # not this cryptography class
            except InvalidKey as exc:
                raise InvalidKeyError(str(exc)) from exc
        raise InvalidKeyError(
            f"XEd25519 needs xeddsa.PrivateKey, xeddsa.PublicKey or an X25519 JWK, "
            f"got {type(key).__name__}"
        )

    def sign(self, msg: bytes, key: PrivateKey | PublicKey) -> bytes:
        """Return the 64-byte XEdDSA signature of the signing input (fresh random Z).

        :raises jwt.exceptions.InvalidKeyError: if ``key`` is a public key or the header's ``alg``
            is not ``XEd25519``
        """
        if not isinstance(key, PrivateKey):
            raise InvalidKeyError("XEd25519 signing needs an xeddsa.PrivateKey")
        try:
            _check_header(msg)
        except InvalidSignature as exc:
            raise InvalidKeyError(f"refusing to sign: {exc}") from exc
        return key.sign(msg)

    def verify(self, msg: bytes, key: PrivateKey | PublicKey, sig: bytes) -> bool:
        """Return whether ``sig`` is a valid XEd25519 signature of ``msg`` (strict policy).

        :raises jwt.exceptions.InvalidKeyError: if the public key is not in the prime-order
            subgroup
        """
        public = key.public_key() if isinstance(key, PrivateKey) else key
        if not isinstance(public, PublicKey):
            raise InvalidKeyError("XEd25519 verification needs an xeddsa key")
        public = _strict(public)
        try:
            _check_header(msg)
            if len(sig) != _SIGNATURE_SIZE:
                raise InvalidSignature("XEd25519 signature must be 64 bytes")
            public.verify(sig, msg, policy="strict")
        except InvalidSignature:
            return False
        return True

    @overload
    @staticmethod
    def to_jwk(key_obj: Any, as_dict: Literal[True]) -> dict[str, Any]: ...

    @overload
    @staticmethod
    def to_jwk(key_obj: Any, as_dict: Literal[False] = False) -> str: ...

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> dict[str, Any] | str:
        """Return the OKP X25519 JWK (``"alg": "XEd25519"``) of an xeddsa key, as dict or text."""
        jwk: dict[str, Any]
        if isinstance(key_obj, PrivateKey):
            jwk = dict(private_key_to_jwk(key_obj, alg=ALGORITHM))
        elif isinstance(key_obj, PublicKey):
            jwk = dict(public_key_to_jwk(key_obj, alg=ALGORITHM))
        else:
            raise InvalidKeyError(f"not an xeddsa key: {type(key_obj).__name__}")
        return jwk if as_dict else json.dumps(jwk)

    @staticmethod
    def from_jwk(jwk: str | dict[str, Any]) -> PrivateKey | PublicKey:
        """Load an OKP X25519 JWK: a private key if it has ``d``, else a public key.

        :raises jwt.exceptions.InvalidKeyError: wrapping :class:`xeddsa.InvalidKey` on any
            violation of the rules of :func:`xeddsa.jose.public_key_from_jwk`
        """
        try:
            obj = (
                json_object(jwk, what="JWK", error=InvalidKey, max_chars=MAX_JWK_SIZE)
                if isinstance(jwk, str)
                else jwk
            )
            if not isinstance(obj, dict):
                raise InvalidKey(f"JWK must be a dict or JSON text, got {type(obj).__name__}")
            if obj.get("alg", ALGORITHM) != ALGORITHM:
                # draft §5: a key bound to one algorithm MUST NOT be used with the other.
                raise InvalidKey(f"JWK alg {obj['alg']!r} is not {ALGORITHM!r}")
            if "d" in obj:
                return private_key_from_jwk(obj, alg=ALGORITHM)
            return public_key_from_jwk(obj, alg=ALGORITHM)
        except InvalidKey as exc:
            raise InvalidKeyError(str(exc)) from exc


def _strict(key: PublicKey) -> PublicKey:
    """Re-import a public key strictly (cached): the subgroup check is a MUST of verification.

    :raises jwt.exceptions.InvalidKeyError: for a key imported with ``check_subgroup=False``
        that is not in the prime-order subgroup
    """
    try:
        return PublicKey.from_public_bytes(key.public_bytes())
    except InvalidKey as exc:
        raise InvalidKeyError(f"XEd25519 key refused: {exc}") from exc


def _check_header(msg: bytes) -> None:
    """Require a strictly parsed protected header with ``alg`` exactly ``XEd25519``."""
    require_alg(protected_header(msg, error=InvalidSignature), ALGORITHM, error=InvalidSignature)


_ADAPTER: Final = XEd25519PyJWTAlgorithm()


def register_pyjwt(target: PyJWS | PyJWT | None = None) -> None:
    """Register ``XEd25519`` with PyJWT, once; importing this module never does.

    :param target: ``None`` for PyJWT's module-level default (process-wide), or a private
        ``jwt.PyJWS`` / ``jwt.PyJWT`` instance
    :raises TypeError: if ``target`` is of another type, or a ``PyJWT`` without a private PyJWS
    :raises ValueError: if a different handler is already registered as ``XEd25519``
    """
    if target is None:
        get, register = _global_get_algorithm, _global_register
    else:
        jws: object = getattr(target, "_jws", None) if isinstance(target, PyJWT) else target
        if not isinstance(jws, PyJWS):
            raise TypeError("target must be None, a jwt.PyJWS or a jwt.PyJWT (PyJWT >= 2.11)")
        get, register = jws.get_algorithm_by_name, jws.register_algorithm
    try:
        existing = get(ALGORITHM)
    except NotImplementedError:
        register(ALGORITHM, _ADAPTER)
        return
    if not isinstance(existing, XEd25519PyJWTAlgorithm):
        raise ValueError(f"PyJWT already has a different handler for {ALGORITHM!r}")
