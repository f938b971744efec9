"""The XEdDSA 1.x function API (PyPI ``XEdDSA`` 1.2.0), byte for byte, on this package's backends.

Existing dependents (``x3dh``, ``omemo``, ``oldmemo``, ``twomemo``, ``slixmpp-omemo``) call these
functions on raw bytes; they keep working unchanged. New code should use :class:`xeddsa.PrivateKey`
and :class:`xeddsa.PublicKey`, which validate keys on import and cannot be misused this way.

The contract is 1.2.0's measured behaviour (``tests/compat_v1``): for the same inputs, including
an explicit 64-byte nonce, every function returns the same bytes and raises the same exception
types. Secret operations run on the ``sodium`` backend unless ``"pure"`` was explicitly chosen.

What 1.2.0 does, and therefore this module:

- ``priv`` is a raw 32-byte scalar. :func:`priv_to_curve25519_pub`, :func:`priv_to_ed25519_pub`,
  :func:`priv_force_sign` and :func:`x25519` clamp it (RFC 7748); :func:`ed25519_priv_sign` does
  not: it signs with a = priv (mod q) under A = [a]B with A's own sign bit and the nonce
  r = hash_1(priv || msg || nonce). So the usual call signs with ``priv_force_sign(k, False)``.
- For a ``priv`` with bit 255 set (never produced by :func:`priv_force_sign` or
  :func:`seed_to_priv`), 1.2.0's base-point multiplication drops its top radix-16 digit when that
  digit exceeds 8; :func:`ed25519_priv_sign` reproduces the resulting A.
- :func:`ed25519_verify` is strict: s < q, canonical A, neither A nor R of small order, which is
  libsodium's ``crypto_sign_verify_detached`` (1.2.0 measured equal; see ``docs/migration.rst``).
- Side channels: the secret scalar arithmetic runs in libsodium; the top-digit correction above
  reads one nibble and one carry bit of ``priv`` in Python (fixed-size integers, no branch), and
  the public-point cache lets timing tell whether a key signed recently.
- Wrong sizes raise ``ValueError`` (for keys :class:`~xeddsa.errors.InvalidKey`, a subclass;
  for a signature or nonce ``ValueError`` itself, a programming error);
  refused keys and all-zero shared secrets raise :class:`~xeddsa.errors.XEdDSAException`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Final, TypeAlias

from xeddsa._encoding import as_bytes
from xeddsa._scheme import clamp, hash_i
from xeddsa.backend import (
    Backend,
    PointBytes,
    PrimitiveError,
    ScalarBytes,
    get_backend,
    get_signing_backend,
)
from xeddsa.errors import InvalidKey, XEdDSAException

__all__ = [
    "CURVE_25519_PUB_SIZE",
    "ED_25519_PUB_SIZE",
    "ED_25519_SIGNATURE_SIZE",
    "NONCE_SIZE",
    "PRIV_SIZE",
    "SEED_SIZE",
    "SHARED_SECRET_SIZE",
    "Curve25519Pub",
    "Ed25519Pub",
    "Ed25519Signature",
    "Nonce",
    "Priv",
    "Seed",
    "SharedSecret",
    "XEdDSAException",
    "curve25519_pub_to_ed25519_pub",
    "ed25519_priv_sign",
    "ed25519_pub_to_curve25519_pub",
    "ed25519_seed_sign",
    "ed25519_verify",
    "priv_force_sign",
    "priv_to_curve25519_pub",
    "priv_to_ed25519_pub",
    "seed_to_ed25519_pub",
    "seed_to_priv",
    "x25519",
]

#: A Curve25519/Ed25519 private key: a 32-byte little-endian scalar.
Priv: TypeAlias = bytes
#: An Ed25519 seed (RFC 8032's private key): 32 bytes.
Seed: TypeAlias = bytes
#: A Curve25519 (X25519) public key: the 32-byte Montgomery u-coordinate.
Curve25519Pub: TypeAlias = bytes
#: An Ed25519 public key: a 32-byte Edwards point encoding.
Ed25519Pub: TypeAlias = bytes
#: An Ed25519 signature R || s.
Ed25519Signature: TypeAlias = bytes
#: The 64 bytes of signing randomness (XEdDSA's Z).
Nonce: TypeAlias = bytes
#: An X25519 shared secret.
SharedSecret: TypeAlias = bytes

PRIV_SIZE: Final = 32
SEED_SIZE: Final = 32
CURVE_25519_PUB_SIZE: Final = 32
ED_25519_PUB_SIZE: Final = 32
ED_25519_SIGNATURE_SIZE: Final = 64
NONCE_SIZE: Final = 64
SHARED_SECRET_SIZE: Final = 32

_Q: Final = 2**252 + 27742317777372353535851937790883648493
_IDENTITY: Final = PointBytes((1).to_bytes(32, "little"))
_ZERO: Final = ScalarBytes(bytes(32))
_ONE: Final = ScalarBytes((1).to_bytes(32, "little"))

# ref10's fixed-base multiplication recodes a 256-bit scalar into 64 signed radix-16 digits; the
# top digit d = (bit 252..255 nibble) + carry is looked up in a table of 1..8 multiples only, so a
# d of 9..16 (possible only with bit 255 set) contributes nothing: A = [a - d 16^63]B. The carry
# out of the low 63 digits is bit 252 of (a mod 2^252) + 0x88..8 (63 eights). Measured on 1.2.0.
_LOW_252: Final = (1 << 252) - 1
_CARRY_BIAS: Final = int("8" * 63, 16)
_FIXED_WIDTH: Final = 1 << 253  # keeps the Python integers one size, whatever the key
_DROPPED_DIGIT: Final = tuple(
    ScalarBytes((-(d * 16**63) % _Q if d > 8 else 0).to_bytes(32, "little")) for d in range(17)
)

# Public points of recent keys, by keyed hash (no key bytes kept): dependents sign many messages
# under one key and 1.x recomputes A on every call. A is public; the hash key is per process.
_POINT_CACHE_KEY: Final = os.urandom(32)
_POINT_CACHE_SIZE: Final = 256
_point_cache: dict[bytes, PointBytes] = {}


def _sized(data: object, size: int, what: str, error: type[ValueError] = ValueError) -> bytes:
    raw = as_bytes(data, what)
    if len(raw) != size:
        raise error(f"{what} must be {size} bytes, got {len(raw)}")
    return raw


def _priv(priv: object) -> bytes:
    return _sized(priv, PRIV_SIZE, "private key (PRIV_SIZE)", InvalidKey)


def _seed(seed: object) -> bytes:
    return _sized(seed, SEED_SIZE, "seed (SEED_SIZE)", InvalidKey)


def _ed25519_pub(pub: object) -> bytes:
    return _sized(pub, ED_25519_PUB_SIZE, "Ed25519 public key (ED_25519_PUB_SIZE)", InvalidKey)


def _base_mul(backend: Backend, a: ScalarBytes) -> PointBytes:
    """Return [a]B for a reduced a, with the identity for a = 0 (libsodium refuses it)."""
    try:
        return backend.base_mul(a)
    except PrimitiveError:
        return _IDENTITY


def _priv_point(backend: Backend, priv: bytes, a: ScalarBytes) -> PointBytes:
    """Return 1.2.0's A for the raw scalar ``priv`` (a = priv mod q), cached by keyed hash."""
    tag = hmac.digest(_POINT_CACHE_KEY, priv, "sha256")
    cached = _point_cache.get(tag)
    if cached is not None:
        return cached
    top_digit = (priv[31] >> 4) + (
        ((int.from_bytes(priv, "little") & _LOW_252 | _FIXED_WIDTH) + _CARRY_BIAS) >> 252 & 1
    )
    point = _base_mul(backend, backend.scalar_muladd(_ONE, a, _DROPPED_DIGIT[top_digit]))
    if len(_point_cache) >= _POINT_CACHE_SIZE:
        _point_cache.clear()
    _point_cache[tag] = point
    return point


def _sign(backend: Backend, point: PointBytes, a: ScalarBytes, r_hash: bytes, m: bytes) -> bytes:
    """Return R || s with r = r_hash mod q, R = [r]B, s = r + SHA-512(R || A || m) a mod q, where
    A is ``point``."""
    try:
        r, commitment = backend.scalar_reduce_base_mul(r_hash)
    except PrimitiveError:  # r = 0 (probability 2^-252): R is the identity
        r, commitment = _ZERO, _IDENTITY
    h = hashlib.sha512(commitment + point + m).digest()
    return commitment + backend.scalar_reduce_muladd(h, a, r)


def ed25519_priv_sign(priv: Priv, msg: bytes, nonce: Nonce | None = None) -> Ed25519Signature:
    """Return the 64-byte signature of ``msg`` under the raw scalar ``priv`` (not clamped) with
    r = hash_1(priv || msg || nonce); ``nonce`` is 64 random bytes, drawn here when ``None``.

    :raises InvalidKey: ``priv`` is not 32 bytes (a ``ValueError``).
    :raises ValueError: ``nonce`` is not 64 bytes.
    """
    k = _priv(priv)
    m = as_bytes(msg, "msg")
    z = os.urandom(NONCE_SIZE) if nonce is None else _sized(nonce, NONCE_SIZE, "nonce")
    backend = get_signing_backend()
    a = backend.scalar_reduce(k + bytes(32))
    return _sign(backend, _priv_point(backend, k, a), a, hash_i(1, k + m + z), m)


def ed25519_seed_sign(seed: Seed, msg: bytes) -> Ed25519Signature:
    """Return the RFC 8032 Ed25519 signature of ``msg`` under ``seed`` (deterministic).

    :raises InvalidKey: ``seed`` is not 32 bytes (a ``ValueError``).
    """
    expanded = hashlib.sha512(_seed(seed)).digest()
    m = as_bytes(msg, "msg")
    backend = get_signing_backend()
    a = backend.scalar_reduce(clamp(expanded[:32]) + bytes(32))
    point = _base_mul(backend, a)
    return _sign(backend, point, a, hashlib.sha512(expanded[32:] + m).digest(), m)


def ed25519_verify(sig: Ed25519Signature, ed25519_pub: Ed25519Pub, msg: bytes) -> bool:
    """Return whether ``sig`` is a valid Ed25519 signature of ``msg`` under ``ed25519_pub``:
    s < q, A canonical, A and R not of small order, and R = [s]B - [SHA-512(R || A || M)]A.

    :raises ValueError: ``sig`` is not 64 bytes.
    :raises InvalidKey: ``ed25519_pub`` is not 32 bytes (a ``ValueError``).
    """
    # The common case (bytes of the right sizes) skips the copies: this is the hot path.
    if type(sig) is not bytes or len(sig) != ED_25519_SIGNATURE_SIZE:
        sig = _sized(sig, ED_25519_SIGNATURE_SIZE, "signature (ED_25519_SIGNATURE_SIZE)")
    if type(ed25519_pub) is not bytes or len(ed25519_pub) != ED_25519_PUB_SIZE:
        ed25519_pub = _ed25519_pub(ed25519_pub)
    if type(msg) is not bytes:
        msg = as_bytes(msg, "msg")
    return get_backend().ed25519_verify_strict(ed25519_pub, sig, msg)


def curve25519_pub_to_ed25519_pub(curve25519_pub: Curve25519Pub, set_sign_bit: bool) -> Ed25519Pub:
    """Return the Edwards y = (u - 1) / (u + 1) of u (bit 255 masked, reduced mod p; no checks)
    with the sign bit set as requested.

    :raises InvalidKey: ``curve25519_pub`` is not 32 bytes (a ``ValueError``).
    """
    u = _sized(curve25519_pub, CURVE_25519_PUB_SIZE, "Curve25519 public key", InvalidKey)
    y = get_backend().convert_mont(u)
    return y[:31] + bytes([y[31] | (0x80 if set_sign_bit else 0)])


def ed25519_pub_to_curve25519_pub(ed25519_pub: Ed25519Pub) -> Curve25519Pub:
    """Return u = (1 + y) / (1 - y) of an Ed25519 public key.

    :raises XEdDSAException: the key is of small order, off the curve or has a torsion component.
    :raises InvalidKey: ``ed25519_pub`` is not 32 bytes (a ``ValueError``).
    """
    try:
        return get_backend().edwards_to_montgomery(_ed25519_pub(ed25519_pub))
    except PrimitiveError:
        raise XEdDSAException(
            "Ed25519 public key refused: small order, off the curve or not in the subgroup"
        ) from None


def priv_to_curve25519_pub(priv: Priv) -> Curve25519Pub:
    """Return the X25519 public key X25519(clamp(priv), 9).

    :raises InvalidKey: ``priv`` is not 32 bytes (a ``ValueError``).
    """
    return get_signing_backend().x25519_base(clamp(_priv(priv)))


def priv_to_ed25519_pub(priv: Priv) -> Ed25519Pub:
    """Return [clamp(priv)]B with its own sign bit.

    :raises InvalidKey: ``priv`` is not 32 bytes (a ``ValueError``).
    """
    backend = get_signing_backend()
    return bytes(backend.base_mul(backend.scalar_reduce(clamp(_priv(priv)) + bytes(32))))


def seed_to_ed25519_pub(seed: Seed) -> Ed25519Pub:
    """Return the RFC 8032 Ed25519 public key of ``seed``.

    :raises InvalidKey: ``seed`` is not 32 bytes (a ``ValueError``).
    """
    return priv_to_ed25519_pub(seed_to_priv(seed))


def priv_force_sign(priv: Priv, set_sign_bit: bool) -> Priv:
    """Return k = clamp(priv) if [k]B has the requested sign bit, else -k mod q (whose point is
    [k]B negated): the scalar :func:`ed25519_priv_sign` signs with under a chosen sign bit.

    :raises InvalidKey: ``priv`` is not 32 bytes (a ``ValueError``).
    """
    k = clamp(_priv(priv))
    backend = get_signing_backend()
    k_mod_q = backend.scalar_reduce(k + bytes(32))
    flip = (backend.base_mul(k_mod_q)[31] >> 7) ^ (1 if set_sign_bit else 0)
    return (k, bytes(backend.scalar_negate(k_mod_q)))[flip]


def seed_to_priv(seed: Seed) -> Priv:
    """Return clamp(SHA-512(seed)[:32]), the X25519 key of an Ed25519 seed.

    :raises InvalidKey: ``seed`` is not 32 bytes (a ``ValueError``).
    """
    return clamp(hashlib.sha512(_seed(seed)).digest()[:32])


def x25519(priv: Priv, curve25519_pub: Curve25519Pub) -> SharedSecret:
    """Return the X25519 shared secret X25519(clamp(priv), u).

    :raises XEdDSAException: u is of small order or the shared secret is all zero.
    :raises InvalidKey: a wrong-size argument (a ``ValueError``).
    """
    k = _priv(priv)
    u = _sized(curve25519_pub, CURVE_25519_PUB_SIZE, "Curve25519 public key", InvalidKey)
    try:
        return get_signing_backend().x25519(k, u)
    except PrimitiveError:
        raise XEdDSAException(
            "X25519 refused: the public key is of small order or the shared secret is all zero"
        ) from None
