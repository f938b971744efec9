"""joserfc algorithm models ``XEd25519`` and ``VXEd25519`` and their explicit registration.

Each algorithm is one :class:`joserfc.jws.JWSAlgModel` subclass.  The models accept joserfc
:class:`~joserfc.jwk.OKPKey` objects with ``crv`` ``X25519`` only, sign the standard JWS Signing
Input, and verify under the library's ``strict`` policy.  ``verify`` returns a bool because
joserfc's interface demands it: this is the only place where :class:`xeddsa.InvalidSignature`
becomes ``False``.

Both models additionally re-read the protected header from the signing input with the strict
parser of :mod:`xeddsa.jose._strict` and require its ``alg`` to be their own name, so a duplicate
member, a ``NaN`` or an ``alg`` that only appears in an unprotected header never verifies.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from typing import Any, ClassVar, Final

from joserfc.errors import (
    InvalidHeaderValueError,
    InvalidKeyCurveError,
    InvalidKeyTypeError,
    KeyParameterError,
)
from joserfc.jwa import JWSAlgModel
from joserfc.jwk import KeySet, OKPKey
from joserfc.jws import JWSRegistry

import xeddsa.vxeddsa
from xeddsa import InvalidKey, InvalidSignature, PrivateKey, PublicKey, XEdDSAError
from xeddsa.sizes import SIGNATURE_SIZE, VXEDDSA_SIGNATURE_SIZE

from ._jwk import private_key_to_jwk, public_key_to_jwk
from ._strict import MAX_HEADER_SIZE, b64url_decode, json_object, require_alg

__all__ = [
    "VXEd25519",
    "XEd25519",
    "isolated_registry",
    "okp_key",
    "private_key_from_okp",
    "protected_header",
    "public_key_from_okp",
    "register_algorithms",
]


def protected_header(signing_input: bytes, *, error: type[XEdDSAError]) -> dict[str, Any]:
    """Strictly decode the protected header of a JWS Signing Input and check the payload encoding.

    The header segment must be canonical base64url of a JSON object without duplicate names or
    non-JSON numbers.  Unless the header sets ``"b64": false`` (RFC 7797), the payload segment
    must be canonical base64url as well.

    :raises error: on any deviation
    """
    header_segment, dot, payload_segment = signing_input.partition(b".")
    if not dot:
        raise error("JWS signing input has no '.'")
    raw = b64url_decode(
        header_segment, what="protected header", error=error, max_chars=MAX_HEADER_SIZE
    )
    header = json_object(raw, what="protected header", error=error, max_chars=MAX_HEADER_SIZE)
    if header.get("b64", True) is not False:
        # Only the encoding is checked here; the payload's size is the caller's business (joserfc
        # already holds it in memory), so no length cap applies to it.
        b64url_decode(payload_segment, what="payload", error=error, max_chars=len(payload_segment))
    return header


def public_key_from_okp(key: OKPKey) -> PublicKey:
    """Return the strictly validated :class:`PublicKey` of an X25519 ``OKPKey`` (public or private).

    :raises xeddsa.InvalidKey: if the key is not X25519 or its u is rejected by strict import
    """
    if not isinstance(key, OKPKey) or key.curve_name != "X25519":
        raise InvalidKey("expected a joserfc OKPKey with crv 'X25519'")
    # b64url_decode refuses a missing (None) or non-string 'x' with InvalidKey.
    u = b64url_decode(key.dict_value.get("x"), what="'x'", error=InvalidKey)
    public = PublicKey.from_public_bytes(u)
    if key.is_private and private_key_from_okp(key).public_key() != public:
        # joserfc signs with 'd' and ignores 'x': a key whose 'x' belongs to someone else would
        # verify that other party's signatures while signing as 'd'.
        raise InvalidKey("OKPKey 'x' is not the public key of its 'd'")
    return public


#: id(OKPKey) -> (weak reference to it, its 'd' object when imported, the imported key).
_PRIVATE_KEYS: dict[int, tuple[weakref.ref[OKPKey], object, PrivateKey]] = {}
# Re-entrant: a garbage collection inside a locked block may run the finalizer in this thread.
_PRIVATE_KEYS_LOCK: Final = threading.RLock()


def _forget_private_key(key_id: int) -> None:
    """Drop and close the cached key of a garbage-collected ``OKPKey`` (a weakref finalizer)."""
    with _PRIVATE_KEYS_LOCK:
        entry = _PRIVATE_KEYS.pop(key_id, None)
    if entry is not None:
        entry[2].close()


def private_key_from_okp(key: OKPKey) -> PrivateKey:
    """Return the clamped :class:`PrivateKey` of a private X25519 ``OKPKey``, cached per key object.

    The first call decodes the key's ``d``; later calls with the same ``OKPKey`` object return the
    same :class:`PrivateKey` (imported again only if ``d`` was replaced), so signing does not
    re-run base64 and the sign-bit choice on the secret text each time.  The cached key is closed
    when the ``OKPKey`` is garbage collected.

    :raises xeddsa.InvalidKey: if the key is not a private X25519 key
    """
    if not isinstance(key, OKPKey) or key.curve_name != "X25519" or not key.is_private:
        raise InvalidKey("expected a private joserfc OKPKey with crv 'X25519'")
    d = key.dict_value.get("d")  # a missing or non-string 'd' is refused below
    with _PRIVATE_KEYS_LOCK:
        entry = _PRIVATE_KEYS.get(id(key))
    if entry is not None and entry[0]() is key and entry[1] is d:
        return entry[2]
    private = PrivateKey.from_private_bytes(b64url_decode(d, what="'d'", error=InvalidKey))
    with _PRIVATE_KEYS_LOCK:
        current = _PRIVATE_KEYS.get(id(key))
        if current is None or current[0]() is not key:
            weakref.finalize(key, _forget_private_key, id(key))
        _PRIVATE_KEYS[id(key)] = (weakref.ref(key), d, private)
    return private


def okp_key(
    key: PublicKey | PrivateKey,
    *,
    alg: str | None = None,
    kid: str | None = None,
    thumbprint_kid: bool = False,
) -> OKPKey:
    """Return a joserfc :class:`~joserfc.jwk.OKPKey` (crv X25519) holding ``key``.

    A private key gives a private ``OKPKey`` whose ``d`` is the clamped key.  Parameters are as
    for :func:`public_key_to_jwk`.
    """
    if isinstance(key, PrivateKey):
        jwk = private_key_to_jwk(key, alg=alg, kid=kid, thumbprint_kid=thumbprint_kid)
    elif isinstance(key, PublicKey):
        jwk = public_key_to_jwk(key, alg=alg, kid=kid, thumbprint_kid=thumbprint_kid)
    else:
        raise TypeError(f"expected xeddsa.PublicKey or PrivateKey, got {type(key).__name__}")
    return OKPKey.import_key(dict(jwk))


class _XEdDSAFamily(JWSAlgModel):
    """Shared key checks and header binding of the two algorithms; not registered itself."""

    key_type = "OKP"
    recommended: bool = False
    signature_size: ClassVar[int]

    def check_key(self, key: Any) -> None:
        """Accept an OKP key with crv X25519 whose ``use``/``alg`` allow this algorithm.

        The base check refuses a key whose ``use`` is not ``sig`` (so ``"use": "enc"`` keys are
        refused) or whose ``alg`` names another algorithm; ``key_ops`` is enforced when the key
        is used.

        :raises joserfc.errors.JoseError: a ``KeyParameterError`` or ``InvalidKeyCurveError``
        """
        if not isinstance(key, OKPKey):
            raise InvalidKeyTypeError(f"Algorithm '{self.name}' requires an 'OKP' key")
        super().check_key(key)
        if key.curve_name != "X25519":
            raise InvalidKeyCurveError(
                f"Key for '{self.name}' not supported, only 'X25519' allowed"
            )
        if not key.is_private:
            try:
                public_key_from_okp(key)
            except InvalidKey as exc:
                raise KeyParameterError(f"X25519 key refused for '{self.name}': {exc}") from exc

    def _check_header(self, msg: bytes, error: type[XEdDSAError]) -> None:
        """Require the strictly parsed protected header of ``msg`` to name this algorithm."""
        require_alg(protected_header(msg, error=error), self.name, error=error)

    def _prepare_sign(self, msg: bytes, key: OKPKey) -> PrivateKey:
        """Check the header and key operation, then load the clamped private key."""
        try:
            self._check_header(msg, InvalidSignature)
        except InvalidSignature as exc:
            raise InvalidHeaderValueError(str(exc)) from exc
        key.check_key_op("sign")
        try:
            return private_key_from_okp(key)
        except InvalidKey as exc:
            raise KeyParameterError(str(exc)) from exc

    def _prepare_verify(self, msg: bytes, sig: bytes, key: OKPKey) -> PublicKey:
        """Check the header, signature length and key operation, then load the public key."""
        key.check_key_op("verify")
        self._check_header(msg, InvalidSignature)
        if len(sig) != self.signature_size:
            raise InvalidSignature(f"{self.name} signature must be {self.signature_size} bytes")
        try:
            return public_key_from_okp(key)
        except InvalidKey as exc:
            raise KeyParameterError(str(exc)) from exc


class XEd25519(_XEdDSAFamily):
    """JWS ``alg`` ``XEd25519``: XEdDSA on Curve25519, 64-byte R || s, X25519 OKP keys."""

    name = "XEd25519"
    description = "XEdDSA signature on Curve25519 with SHA-512 using an X25519 key"
    algorithm_security = 128
    signature_size = SIGNATURE_SIZE

    def sign(self, msg: bytes, key: Any) -> bytes:
        """Return the 64-byte XEdDSA signature of the JWS Signing Input ``msg`` (random Z)."""
        return self._prepare_sign(msg, key).sign(msg)

    def verify(self, msg: bytes, sig: bytes, key: Any) -> bool:
        """Return whether ``sig`` is a valid XEd25519 signature of ``msg`` (strict policy)."""
        try:
            self._prepare_verify(msg, sig, key).verify(sig, msg, policy="strict")
        except InvalidSignature:
            return False
        return True


class VXEd25519(_XEdDSAFamily):
    """JWS ``alg`` ``VXEd25519``: VXEdDSA on Curve25519, 96-byte V || h || s, X25519 OKP keys.

    The VRF output is never transmitted and cannot pass through joserfc (``verify`` returns a
    bool); use :func:`xeddsa.jose.verify_vxed25519` to obtain it.
    """

    name = "VXEd25519"
    description = "VXEdDSA (XEdDSA VRF) on Curve25519 with SHA-512 and Elligator 2, X25519 key"
    algorithm_security = 128
    signature_size = VXEDDSA_SIGNATURE_SIZE

    def sign(self, msg: bytes, key: Any) -> bytes:
        """Return the 96-byte VXEdDSA signature of the JWS Signing Input ``msg`` (random Z)."""
        return xeddsa.vxeddsa.sign(self._prepare_sign(msg, key), msg)

    def verify(self, msg: bytes, sig: bytes, key: Any) -> bool:
        """Return whether ``sig`` is a valid VXEd25519 signature of ``msg`` (strict policy)."""
        try:
            xeddsa.vxeddsa.verify(self._prepare_verify(msg, sig, key), sig, msg, policy="strict")
        except InvalidSignature:
            return False
        return True


_MODELS: Final[tuple[_XEdDSAFamily, ...]] = (XEd25519(), VXEd25519())


def register_algorithms(registry: type[JWSRegistry] | None = None) -> None:
    """Register ``XEd25519`` and ``VXEd25519`` with joserfc once; importing never registers.

    With ``registry=None`` the algorithms go into joserfc's process-wide :class:`JWSRegistry`
    and :attr:`KeySet.algorithm_keys`.  With a ``JWSRegistry`` subclass that owns its own
    ``algorithms`` dict (see :func:`isolated_registry`), only that class changes.  A repeated
    call is a no-op.  Both models keep ``recommended = False``, so callers still name them in
    ``algorithms=[...]`` or use a registry instance with an allow-list.

    :raises TypeError: if ``registry`` is not a ``JWSRegistry`` subclass, or is a subclass that
        shares joserfc's global ``algorithms`` dict (registering there would be global)
    :raises ValueError: if a different object is already registered under one of the names
    """
    target: type[JWSRegistry] = JWSRegistry if registry is None else registry
    if not (isinstance(target, type) and issubclass(target, JWSRegistry)):
        raise TypeError(
            "registry must be a JWSRegistry subclass (a class, not an instance); "
            "see xeddsa.jose.isolated_registry()"
        )
    if target is not JWSRegistry and target.algorithms is JWSRegistry.algorithms:
        raise TypeError(
            f"{target.__name__} shares JWSRegistry.algorithms; give it its own dict "
            "(algorithms = dict(JWSRegistry.algorithms)) or use xeddsa.jose.isolated_registry()"
        )
    for model in _MODELS:
        existing = target.algorithms.get(model.name)
        if existing is not None and existing is not model:
            if type(existing) is type(model):
                continue  # an equivalent instance of our own class: already registered
            raise ValueError(
                f"{target.__name__} already has a different algorithm named {model.name!r}"
            )
    for model in _MODELS:
        if model.name not in target.algorithms:
            target.register(model)
        if target is JWSRegistry:
            KeySet.algorithm_keys.setdefault(model.name, [model.key_type])


def isolated_registry(
    algorithms: Sequence[str] = ("XEd25519", "VXEd25519"),
) -> JWSRegistry:
    """Return a registry instance that knows our algorithms without touching joserfc's global state.

    The instance belongs to a fresh ``JWSRegistry`` subclass holding copies of joserfc's
    algorithm table, with ``XEd25519`` and ``VXEd25519`` registered on it, and only ``algorithms``
    allowed.  Pass it as ``registry=`` to ``jws.serialize_*``, ``jws.deserialize_*``,
    ``jwt.encode`` and ``jwt.decode``.

    :raises ValueError: if ``algorithms`` is empty (joserfc would then fall back to its
        "recommended" list)
    """
    if isinstance(algorithms, str) or not algorithms:
        raise ValueError("algorithms must be a non-empty sequence of algorithm names")

    class _IsolatedJWSRegistry(JWSRegistry):
        """A JWSRegistry subclass with private copies of the algorithm tables."""

        # Class-level copies on purpose: joserfc's register() mutates these class attributes.
        algorithms = dict(JWSRegistry.algorithms)  # noqa: RUF012
        recommended = list(JWSRegistry.recommended)  # noqa: RUF012

    register_algorithms(_IsolatedJWSRegistry)
    unknown = [name for name in algorithms if name not in _IsolatedJWSRegistry.algorithms]
    if unknown:
        raise ValueError(f"unknown algorithm names: {unknown}")
    return _IsolatedJWSRegistry(algorithms=list(algorithms))
