"""The public key types: :class:`PrivateKey` and :class:`PublicKey` (X25519 / WireGuard keys).

One X25519 key pair does Diffie-Hellman (X25519, WireGuard's Noise handshake) and, through
XEdDSA, signatures. :class:`PrivateKey` signs; :class:`PublicKey` verifies. Keys load from raw
bytes or from the base64 text that ``wg genkey`` / ``wg pubkey`` print.

Invariants, with the attack each one prevents:

- private keys are clamped on load (RFC 7748), so an unclamped key from elsewhere signs with the
  same scalar that X25519 uses and cannot produce a signature for a different public key;
- public keys are imported strictly (see docs/design/decisions.rst, D4): u < p (no second encoding
  of a key), on the curve and not the twist, not of small order (keyless forgeries under u = 0, 1,
  -1 and the order-8 points), and in the prime-order subgroup (no torsion component to grind
  signatures against); validated keys are cached;
- private keys never appear in ``repr``/``str``, cannot be pickled or converted with ``bytes()``,
  compare in constant time, and live in a ``bytearray`` that :meth:`PrivateKey.close` overwrites
  (best effort: Python may hold other copies; see ``docs/security.rst``).
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import os
import secrets
from typing import TYPE_CHECKING, Any, NoReturn, final

from xeddsa import _scheme
from xeddsa._encoding import as_bytes, decode_wireguard, encode_wireguard
from xeddsa.backend import (
    PointBytes,
    PrimitiveError,
    ScalarBytes,
    get_backend,
    get_signing_backend,
)
from xeddsa.errors import InvalidKey, InvalidSignature, MissingDependency
from xeddsa.sizes import PRIVATE_KEY_SIZE, PUBLIC_KEY_SIZE, RANDOM_SIZE, SIGNATURE_SIZE

if TYPE_CHECKING:  # pragma: no cover
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

__all__ = ["PrivateKey", "PublicKey"]


def _x25519_module() -> Any:
    """Return cryptography's X25519 module, or raise MissingDependency naming the extra."""
    try:
        from cryptography.hazmat.primitives.asymmetric import x25519
    except ImportError as exc:
        raise MissingDependency(
            "converting to or from cryptography's X25519 keys needs the 'cryptography' package: "
            "pip install 'xeddsa[cryptography]'"
        ) from exc
    return x25519


def _no_pickle(self: object, *args: object) -> NoReturn:
    raise TypeError(f"{type(self).__name__} objects cannot be pickled or copied")


@final
class PrivateKey:
    """An X25519 private key k (clamped) that signs with XEdDSA; never printed, never pickled."""

    __slots__ = ("_A", "_a", "_closed", "_k", "_public")

    _k: bytearray
    _closed: bool
    _A: PointBytes | None
    _a: bytearray | None
    _public: PublicKey | None

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError(
            "use PrivateKey.generate(), PrivateKey.from_private_bytes() or "
            "PrivateKey.from_wireguard() to create a private key"
        )

    @classmethod
    def _create(cls, k: bytes) -> PrivateKey:
        self = object.__new__(cls)
        self._k = bytearray(_scheme.clamp(k))
        self._closed = False
        self._A = None
        self._a = None
        self._public = None
        return self

    @classmethod
    def generate(cls) -> PrivateKey:
        """Return a new random private key (32 bytes from :mod:`secrets`, clamped)."""
        return cls._create(secrets.token_bytes(PRIVATE_KEY_SIZE))

    @classmethod
    def from_private_bytes(cls, data: bytes) -> PrivateKey:
        """Load a 32-byte X25519 private key and clamp it per RFC 7748 (bits 0-2 and 255 cleared,
        bit 254 set), as X25519 and WireGuard do.

        :raises InvalidKey: ``data`` is not PRIVATE_KEY_SIZE (32) bytes.
        :raises TypeError: ``data`` is not bytes-like.
        """
        raw = as_bytes(data, "private key")
        if len(raw) != PRIVATE_KEY_SIZE:
            raise InvalidKey(
                f"private key must be PRIVATE_KEY_SIZE ({PRIVATE_KEY_SIZE}) bytes, got {len(raw)}"
            )
        return cls._create(raw)

    @classmethod
    def from_wireguard(cls, text: str | bytes) -> PrivateKey:
        """Load a private key as ``wg genkey`` prints it (44 characters of padded standard base64;
        surrounding whitespace ignored) and clamp it.

        :raises InvalidKey: the text is not exactly one such key; the message never echoes it.
        """
        return cls._create(decode_wireguard(text, "WireGuard private key"))

    @classmethod
    def from_cryptography(cls, key: X25519PrivateKey) -> PrivateKey:
        """Load a :class:`cryptography` ``X25519PrivateKey`` (its raw bytes, clamped).

        :raises MissingDependency: ``cryptography`` is not installed (the ``cryptography`` extra).
        """
        X25519PrivateKey = _x25519_module().X25519PrivateKey  # noqa: N806
        from cryptography.hazmat.primitives import serialization

        if not isinstance(key, X25519PrivateKey):
            raise TypeError(f"expected an X25519PrivateKey, not {type(key).__name__}")
        raw = key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls._create(raw)

    def _secret(self) -> bytes:
        if self._closed:
            raise InvalidKey("this private key was closed and its bytes overwritten")
        return bytes(self._k)

    def private_bytes(self) -> bytes:
        """Return the clamped 32-byte private key."""
        return self._secret()

    def to_wireguard(self) -> str:
        """Return the clamped key as ``wg genkey`` prints it (padded standard base64, 44 chars)."""
        return encode_wireguard(self._secret())

    def to_cryptography(self) -> X25519PrivateKey:
        """Return the key as a :class:`cryptography` ``X25519PrivateKey``.

        :raises MissingDependency: ``cryptography`` is not installed (the ``cryptography`` extra).
        """
        key: X25519PrivateKey = _x25519_module().X25519PrivateKey.from_private_bytes(
            self._secret()
        )
        return key

    def _key_pair(self) -> tuple[PointBytes, ScalarBytes]:
        """Return (A, a) from calculate_key_pair, computed once on the signing backend.

        :raises InvalidKey: the key was closed (its bytes and the cached a are overwritten).
        """
        secret = self._secret()  # raises InvalidKey after close()
        if self._A is None or self._a is None:
            edwards_key, a, _ = _scheme.calculate_key_pair(get_signing_backend(), secret)
            self._A = edwards_key
            self._a = bytearray(a)
        return self._A, ScalarBytes(bytes(self._a))

    def public_key(self) -> PublicKey:
        """Return the public key u = X25519(k, 9), the value ``wg pubkey`` prints."""
        if self._public is None:
            u = get_signing_backend().x25519_base(self._secret())
            edwards_key, _ = self._key_pair()
            self._public = PublicKey._trusted(u, edwards_key)
        return self._public

    def sign(self, message: bytes) -> bytes:
        """Return a 64-byte XEdDSA signature R || s of ``message`` with fresh 64-byte Z.

        Runs on the ``sodium`` backend unless ``"pure"`` was explicitly chosen.

        :raises TypeError: ``message`` is not bytes-like.
        :raises BackendUnavailable: PyNaCl is missing and ``"pure"`` was not chosen.
        """
        msg = as_bytes(message, "message")
        backend = get_signing_backend()
        edwards_key, a = self._key_pair()
        z = os.urandom(RANDOM_SIZE)  # what secrets.token_bytes does, without the extra call
        return _scheme.xeddsa_sign(backend, edwards_key, a, a, msg, z)

    def exchange(self, peer_public_key: PublicKey) -> bytes:
        """Return the 32-byte X25519 shared secret X25519(k, u) with ``peer_public_key``.

        Runs on the ``sodium`` backend unless ``"pure"`` was explicitly chosen. The peer key was
        imported strictly (not of small order), so an all-zero secret cannot occur for it; it is
        still refused, as RFC 7748 §6.1 recommends.

        :raises InvalidKey: the shared secret is all zero, or this key was closed.
        :raises TypeError: ``peer_public_key`` is not a :class:`PublicKey`.
        :raises BackendUnavailable: PyNaCl is missing and ``"pure"`` was not chosen.
        """
        if not isinstance(peer_public_key, PublicKey):
            raise TypeError(f"expected a PublicKey, not {type(peer_public_key).__name__}")
        try:
            return get_signing_backend().x25519(self._secret(), peer_public_key.public_bytes())
        except PrimitiveError:
            raise InvalidKey("X25519 refused the peer key: the shared secret is all zero") from None

    def close(self) -> None:
        """Overwrite the key bytes held by this object (best effort; see docs/security.rst)."""
        self._closed = True
        for buf in (self._k, self._a):
            if buf is not None:
                buf[:] = bytes(len(buf))

    def __enter__(self) -> PrivateKey:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(AttributeError):  # a partially constructed object
            self.close()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PrivateKey):
            return NotImplemented
        return hmac.compare_digest(self._k, other._k)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "<xeddsa.PrivateKey (redacted)>"

    __str__ = __repr__
    __reduce__ = _no_pickle
    __reduce_ex__ = _no_pickle
    __copy__ = _no_pickle
    __deepcopy__ = _no_pickle
    __getstate__ = _no_pickle


@functools.lru_cache(maxsize=4096)
def _import_public(u: bytes, check_subgroup: bool) -> tuple[PointBytes | None, str]:
    """Validate u for strict import (decisions.rst, D4); return (A, "") or (None, reason). Cached
    per key."""
    backend = get_backend()
    if not _scheme.u_is_canonical(u):
        return None, "u >= p (non-canonical or bit 255 set)"
    edwards_key = backend.convert_mont(u)
    if not backend.is_on_curve(edwards_key):
        return None, "u is on the quadratic twist, not on Curve25519"
    if backend.is_small_order(edwards_key):
        return None, "u is a point of small order"
    if check_subgroup and not backend.is_torsion_free(edwards_key):
        return None, "u is not in the prime-order subgroup (it has a torsion component)"
    return edwards_key, ""


@final
class PublicKey:
    """An X25519 public key u (the value ``wg pubkey`` prints) that verifies XEdDSA signatures."""

    __slots__ = ("_A", "_subgroup_checked", "_u")

    _u: bytes
    _A: PointBytes
    _subgroup_checked: bool

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError(
            "use PublicKey.from_public_bytes() or PublicKey.from_wireguard() to create a public key"
        )

    @classmethod
    def _trusted(
        cls, u: bytes, edwards_key: PointBytes, subgroup_checked: bool = True
    ) -> PublicKey:
        self = object.__new__(cls)
        self._u = u
        self._A = edwards_key
        self._subgroup_checked = subgroup_checked
        return self

    @classmethod
    def from_public_bytes(cls, data: bytes, *, check_subgroup: bool = True) -> PublicKey:
        """Import a 32-byte u strictly: u < p, on the curve (not the twist), not of small order,
        and (unless ``check_subgroup=False``) in the prime-order subgroup.

        ``check_subgroup=False`` admits mixed-order keys made on purpose by some X25519 code
        (for example Elligator-encoded "dirty" keys); an honest XEdDSA key never needs it.

        :raises InvalidKey: the bytes are not PUBLIC_KEY_SIZE (32) long or fail a check.
        :raises TypeError: ``data`` is not bytes-like.
        """
        u = as_bytes(data, "public key")
        if len(u) != PUBLIC_KEY_SIZE:
            raise InvalidKey(
                f"public key must be PUBLIC_KEY_SIZE ({PUBLIC_KEY_SIZE}) bytes, got {len(u)}"
            )
        edwards_key, reason = _import_public(u, check_subgroup)
        if edwards_key is None:
            raise InvalidKey(f"invalid public key: {reason}")
        return cls._trusted(u, edwards_key, check_subgroup)

    @classmethod
    def from_wireguard(cls, text: str | bytes, *, check_subgroup: bool = True) -> PublicKey:
        """Import a public key as ``wg pubkey`` prints it, then validate it as
        :meth:`from_public_bytes` does.

        :raises InvalidKey: malformed base64 text or an invalid key.
        """
        return cls.from_public_bytes(
            decode_wireguard(text, "WireGuard public key"), check_subgroup=check_subgroup
        )

    @classmethod
    def from_cryptography(cls, key: X25519PublicKey) -> PublicKey:
        """Import a :class:`cryptography` ``X25519PublicKey`` with the strict checks.

        :raises MissingDependency: ``cryptography`` is not installed (the ``cryptography`` extra).
        """
        X25519PublicKey = _x25519_module().X25519PublicKey  # noqa: N806
        from cryptography.hazmat.primitives import serialization

        if not isinstance(key, X25519PublicKey):
            raise TypeError(f"expected an X25519PublicKey, not {type(key).__name__}")
        return cls.from_public_bytes(
            key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )

    def public_bytes(self) -> bytes:
        """Return the 32-byte little-endian u-coordinate."""
        return self._u

    def to_wireguard(self) -> str:
        """Return u as ``wg pubkey`` prints it (padded standard base64, 44 characters)."""
        return encode_wireguard(self._u)

    def to_cryptography(self) -> X25519PublicKey:
        """Return the key as a :class:`cryptography` ``X25519PublicKey``.

        :raises MissingDependency: ``cryptography`` is not installed (the ``cryptography`` extra).
        """
        key: X25519PublicKey = _x25519_module().X25519PublicKey.from_public_bytes(self._u)
        return key

    def _edwards_point_bytes(self) -> PointBytes:
        """Return the validated Edwards key A = convert_mont(u) (internal, typed)."""
        return self._A

    def ed25519_public_bytes(self) -> bytes:
        """Return convert_mont(u): the Ed25519 public key (sign bit 0) that verifies this key's
        XEdDSA signatures with any RFC 8032 verifier."""
        return bytes(self._A)

    def verify(
        self, signature: bytes, message: bytes, *, policy: _scheme.Policy = "strict"
    ) -> None:
        """Return None if ``signature`` is a valid XEdDSA signature of ``message``, else raise.

        Policies: ``"strict"`` (default; s < q, no small-order R), ``"spec"`` (literal rev 1:
        malleable, for conformance tests) and ``"libsignal"`` (also accepts libsignal's legacy
        format with the sign bit in the top bit of s). No policy falls back to another.

        :raises InvalidSignature: the signature does not verify, or is not SIGNATURE_SIZE (64)
            bytes long.
        :raises ValueError: unknown ``policy``.
        :raises TypeError: ``signature`` or ``message`` is not bytes-like.
        """
        _scheme.check_policy(policy)
        sig = as_bytes(signature, "signature")
        msg = as_bytes(message, "message")
        if len(sig) != SIGNATURE_SIZE:
            raise InvalidSignature(
                f"signature must be SIGNATURE_SIZE ({SIGNATURE_SIZE}) bytes, got {len(sig)}"
            )
        if _scheme.xeddsa_verify_prepared(get_backend(), self._A, msg, sig, policy):
            return
        if policy != "libsignal" and sig[63] & 0x80:
            raise InvalidSignature(
                "signature verification failed: the top bit of s is set, as in libsignal's "
                "legacy format; verify with policy='libsignal' if the signer is libsignal"
            )
        raise InvalidSignature("signature verification failed")

    def __bytes__(self) -> bytes:
        return self._u

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicKey):
            return NotImplemented
        return self._u == other._u

    def __hash__(self) -> int:
        return hash((PublicKey, self._u))

    def __repr__(self) -> str:
        return f"<xeddsa.PublicKey {self.to_wireguard()}>"

    def __reduce__(self) -> tuple[Any, ...]:
        # Unpickling re-validates u with the same import policy the key was created under.
        return (_unpickle_public_key, (self._u, self._subgroup_checked))


def _unpickle_public_key(u: bytes, check_subgroup: bool) -> PublicKey:
    """Rebuild a pickled :class:`PublicKey`, validating u again (pickles are data, not trust)."""
    return PublicKey.from_public_bytes(u, check_subgroup=check_subgroup)
