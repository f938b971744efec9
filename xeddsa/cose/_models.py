"""pycose algorithm classes ``XEd25519`` and ``VXEd25519``, their registration and OKP key helpers.

pycose looks algorithms up in the class-level dict of ``CoseAlgorithm``; :func:`register_algorithms`
adds ours there explicitly (importing registers nothing).  pycose calls ``sign(key, data)`` and
``verify(key, data, signature)`` with an :class:`pycose.keys.OKPKey` and the Sig_structure.  Both
classes accept OKP keys with crv X25519 only, require the protected header inside the
Sig_structure to carry their own ``alg`` (an ``alg`` only in the unprotected bucket never
verifies), and verify under the library's ``strict`` policy.  ``verify`` returns a bool because
pycose demands it: only there does :class:`xeddsa.InvalidSignature` become ``False``.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar, Final

import cbor2
from pycose.algorithms import CoseAlgorithm
from pycose.keys.curves import X25519
from pycose.keys.keyops import SignOp, VerifyOp
from pycose.keys.keyparam import KpAlg, KpKeyOps, KpKid, OKPKpCurve, OKPKpD, OKPKpX
from pycose.keys.okp import OKPKey

import xeddsa.vxeddsa
from xeddsa import InvalidKey, InvalidSignature, PrivateKey, PublicKey

from ._ids import ALGORITHM_IDS, SIGNATURE_SIZES
from ._sign1 import parse_protected

__all__ = [
    "VXEd25519",
    "XEd25519",
    "cose_key",
    "private_key_from_cose",
    "public_key_from_cose",
    "register_algorithms",
]


def _key_params(key: Any) -> dict[Any, Any]:
    """The parameters of an X25519 OKP COSE key, or InvalidKey."""
    if not isinstance(key, OKPKey):
        raise InvalidKey("expected a pycose OKPKey with crv X25519")
    if key.store.get(OKPKpCurve) is not X25519:
        raise InvalidKey("expected a pycose OKPKey with crv X25519 (4)")
    return dict(key.store)


def public_key_from_cose(key: Any) -> PublicKey:
    """Return the strictly imported :class:`PublicKey` of an X25519 OKP COSE key.

    A private key's ``x`` must be the public key of its ``d`` (if present).

    :raises xeddsa.InvalidKey: not an X25519 OKPKey, or ``x`` is missing or refused by strict
        import (length, u >= p, twist, small order, subgroup)
    """
    params = _key_params(key)
    x = params.get(OKPKpX, b"")
    if not isinstance(x, bytes) or not x:
        if params.get(OKPKpD):
            return private_key_from_cose(key).public_key()
        raise InvalidKey("OKP key has no 'x'")
    public = PublicKey.from_public_bytes(x)
    if params.get(OKPKpD) and private_key_from_cose(key).public_key() != public:
        raise InvalidKey("OKP key 'x' is not the public key of its 'd'")
    return public


def private_key_from_cose(key: Any) -> PrivateKey:
    """Return the clamped :class:`PrivateKey` of a private X25519 OKP COSE key.

    :raises xeddsa.InvalidKey: not a private X25519 OKPKey, or ``d`` is not 32 bytes
    """
    d = _key_params(key).get(OKPKpD, b"")
    if not isinstance(d, bytes) or not d:
        raise InvalidKey("OKP key has no 'd'")
    return PrivateKey.from_private_bytes(d)


def cose_key(
    key: PublicKey | PrivateKey, *, alg: str | None = None, kid: bytes | None = None
) -> OKPKey:
    """Return a pycose :class:`~pycose.keys.OKPKey` (crv X25519) holding ``key``.

    A private key gives ``d`` (the clamped key) and ``x``.  ``alg`` (``"XEd25519"`` or
    ``"VXEd25519"``) restricts the key to that algorithm.

    :raises TypeError: ``key`` is not an :class:`xeddsa.PublicKey` or :class:`xeddsa.PrivateKey`
    :raises ValueError: unknown ``alg``
    """
    optional: dict[Any, Any] = {}
    if alg is not None:
        if alg not in ALGORITHM_IDS:
            raise ValueError(f"unknown alg {alg!r}; expected one of {tuple(ALGORITHM_IDS)}")
        optional[KpAlg] = ALGORITHM_IDS[alg]
    if kid is not None:
        optional[KpKid] = kid
    if isinstance(key, PrivateKey):
        params = {OKPKpCurve: X25519, OKPKpX: key.public_key().public_bytes()}
        params[OKPKpD] = key.private_bytes()
    elif isinstance(key, PublicKey):
        params = {OKPKpCurve: X25519, OKPKpX: key.public_bytes()}
    else:
        raise TypeError(f"expected xeddsa.PublicKey or PrivateKey, got {type(key).__name__}")
    params.update(optional)
    built: OKPKey = OKPKey.from_dict(params)
    return built


def _protected_alg(data: bytes) -> Any:
    """The ``alg`` of the protected header inside a Sig_structure, or None.

    The protected header is parsed with the same rules as :func:`xeddsa.cose.verify_sign1`
    (a definite-length map, no duplicate labels, no trailing bytes).
    """
    try:
        structure = cbor2.loads(data)
        context, protected_raw = structure[0], structure[1]
    except Exception:  # anything unparsable simply has no protected alg
        return None
    if context not in ("Signature1", "Signature") or not isinstance(protected_raw, bytes):
        return None
    try:
        return parse_protected(protected_raw).get(1)
    except InvalidSignature:
        return None


class _XEdDSAFamily(CoseAlgorithm):
    """Shared key and header checks of the two algorithms; not registered itself."""

    identifier: ClassVar[int]
    fullname: ClassVar[str]
    name: ClassVar[str]

    @classmethod
    def _check_key(cls, key: Any, operation: Any) -> None:
        """Refuse a key whose own ``alg`` or ``key_ops`` forbids this use."""
        params = _key_params(key)
        alg = params.get(KpAlg)
        if alg is not None and getattr(alg, "identifier", alg) != cls.identifier:
            raise InvalidKey(f"key is restricted to another algorithm, not {cls.name}")
        ops = params.get(KpKeyOps) or []
        if ops and operation not in ops:
            raise InvalidKey(f"key_ops does not allow this operation with {cls.name}")

    @classmethod
    def _check_header(cls, data: bytes) -> None:
        alg = _protected_alg(data)
        if alg != cls.identifier:
            raise InvalidSignature(
                f"protected header 'alg' must be {cls.identifier} ({cls.name}), got {alg!r}"
            )

    @classmethod
    @abstractmethod
    def _sign_message(cls, private: PrivateKey, data: bytes) -> bytes: ...

    @classmethod
    @abstractmethod
    def _verify_message(cls, public: PublicKey, data: bytes, signature: bytes) -> None: ...

    @classmethod
    def sign(cls, key: Any, data: bytes) -> bytes:
        """Sign the Sig_structure ``data`` with the private X25519 key (fresh random Z).

        :raises xeddsa.InvalidKey: not a private X25519 OKP key, or restricted by alg/key_ops
        :raises xeddsa.InvalidSignature: the protected header does not name this algorithm
        """
        cls._check_key(key, SignOp)
        cls._check_header(data)
        return cls._sign_message(private_key_from_cose(key), data)

    @classmethod
    def verify(cls, key: Any, data: bytes, signature: bytes) -> bool:
        """Return whether ``signature`` is valid for the Sig_structure ``data`` (strict policy).

        :raises xeddsa.InvalidKey: not an X25519 OKP key, refused by strict import, or
            restricted by alg/key_ops
        """
        cls._check_key(key, VerifyOp)
        public = public_key_from_cose(key)
        try:
            cls._check_header(data)
            if not isinstance(signature, bytes) or len(signature) != SIGNATURE_SIZES[cls.name]:
                raise InvalidSignature(f"{cls.name} signature has the wrong length")
            cls._verify_message(public, data, signature)
        except InvalidSignature:
            return False
        return True


class XEd25519(_XEdDSAFamily):
    """COSE algorithm XEd25519 (provisional value -65537): 64-byte R || s, X25519 OKP keys."""

    identifier = ALGORITHM_IDS["XEd25519"]
    fullname = "XEd25519"
    name = "XEd25519"

    @classmethod
    def _sign_message(cls, private: PrivateKey, data: bytes) -> bytes:
        return private.sign(data)

    @classmethod
    def _verify_message(cls, public: PublicKey, data: bytes, signature: bytes) -> None:
        public.verify(signature, data, policy="strict")


class VXEd25519(_XEdDSAFamily):
    """COSE algorithm VXEd25519 (provisional value -65538): 96-byte V || h || s.

    pycose's ``verify_signature`` returns a bool; use :func:`xeddsa.cose.verify_sign1` to obtain
    the VRF output.
    """

    identifier = ALGORITHM_IDS["VXEd25519"]
    fullname = "VXEd25519"
    name = "VXEd25519"

    @classmethod
    def _sign_message(cls, private: PrivateKey, data: bytes) -> bytes:
        return xeddsa.vxeddsa.sign(private, data)

    @classmethod
    def _verify_message(cls, public: PublicKey, data: bytes, signature: bytes) -> None:
        xeddsa.vxeddsa.verify(public, signature, data, policy="strict")


_MODELS: Final[tuple[type[_XEdDSAFamily], ...]] = (XEd25519, VXEd25519)


def register_algorithms() -> None:
    """Register ``XEd25519`` and ``VXEd25519`` with pycose once; importing never registers.

    pycose keeps one process-wide table (by value and by upper-case name).  A repeated call is a
    no-op.

    :raises ValueError: if another class is already registered under one of our values or names
    """
    table: dict[Any, Any] = CoseAlgorithm.get_registered_classes()  # type: ignore[no-untyped-call]
    for model in _MODELS:
        for label in (model.identifier, model.fullname.upper()):
            existing = table.get(label)
            if existing is not None and existing is not model:
                raise ValueError(f"pycose already has a different algorithm under {label!r}")
    for model in _MODELS:
        table[model.identifier] = model
        table[model.fullname.upper()] = model
