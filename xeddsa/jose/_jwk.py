"""Conversion between :class:`xeddsa.PrivateKey` / :class:`xeddsa.PublicKey` and RFC 8037 OKP JWKs.

An XEdDSA key *is* an X25519 key, so the JWK is the RFC 8037 form with ``"kty": "OKP"`` and
``"crv": "X25519"``; no new ``kty``, ``crv`` or parameter exists.  ``x`` is the 32-byte u-coordinate
and ``d`` the 32-byte private key, which :meth:`xeddsa.PrivateKey.from_private_bytes` clamps on
load (RFC 7748), so ``d`` from any X25519 implementation gives the key that matches ``x``.

The RFC 7638 thumbprint covers ``crv``, ``kty`` and ``x`` only: it is the same for the ECDH and the
XEdDSA use of a key and for its private and public forms.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Final

from xeddsa import InvalidKey, PrivateKey, PublicKey
from xeddsa.sizes import PUBLIC_KEY_SIZE

from ._strict import MAX_JWK_SIZE, b64url_decode, b64url_encode, b64url_length, json_object

__all__ = [
    "ALGORITHM_NAMES",
    "jwk_thumbprint",
    "private_key_from_jwk",
    "private_key_to_jwk",
    "public_key_from_jwk",
    "public_key_to_jwk",
]

#: The JWS ``alg`` values that may appear in a JWK used with this package.
ALGORITHM_NAMES: Final = ("XEd25519", "VXEd25519")
_KEY_CHARS: Final = b64url_length(PUBLIC_KEY_SIZE)


def jwk_thumbprint(key: PublicKey | PrivateKey) -> str:
    """Return the RFC 7638 SHA-256 thumbprint (base64url) of the key's public OKP X25519 JWK."""
    public = key.public_key() if isinstance(key, PrivateKey) else key
    if not isinstance(public, PublicKey):
        raise TypeError(f"expected xeddsa.PublicKey or PrivateKey, got {type(key).__name__}")
    # RFC 7638 §3.2: required members only, lexicographic order, no whitespace.
    members = {"crv": "X25519", "kty": "OKP", "x": b64url_encode(public.public_bytes())}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canonical.encode("ascii")).digest())


def _decorate(
    jwk: dict[str, str],
    key: PublicKey | PrivateKey,
    alg: str | None,
    kid: str | None,
    thumbprint_kid: bool,
) -> dict[str, str]:
    """Add the optional ``alg`` and ``kid`` members to a freshly built JWK."""
    if alg is not None:
        if alg not in ALGORITHM_NAMES:
            raise ValueError(f"alg must be one of {ALGORITHM_NAMES}, got {alg!r}")
        jwk["alg"] = alg
    if kid is not None and thumbprint_kid:
        raise ValueError("pass either kid or thumbprint_kid=True, not both")
    if thumbprint_kid:
        jwk["kid"] = jwk_thumbprint(key)
    elif kid is not None:
        jwk["kid"] = kid
    return jwk


def public_key_to_jwk(
    key: PublicKey, *, alg: str | None = None, kid: str | None = None, thumbprint_kid: bool = False
) -> dict[str, str]:
    """Return the public OKP X25519 JWK of ``key``, optionally with ``alg`` and ``kid``.

    :param alg: ``"XEd25519"`` or ``"VXEd25519"`` to restrict the key to one algorithm; omit it
        for a key that is also used for ECDH-ES
    :param kid: an explicit key id
    :param thumbprint_kid: use the RFC 7638 thumbprint as ``kid``
    """
    if not isinstance(key, PublicKey):
        raise TypeError(f"expected xeddsa.PublicKey, got {type(key).__name__}")
    jwk = {"kty": "OKP", "crv": "X25519", "x": b64url_encode(key.public_bytes())}
    return _decorate(jwk, key, alg, kid, thumbprint_kid)


def private_key_to_jwk(
    key: PrivateKey, *, alg: str | None = None, kid: str | None = None, thumbprint_kid: bool = False
) -> dict[str, str]:
    """Return the private OKP X25519 JWK of ``key`` (``d`` is the clamped key), with ``x``.

    :param alg: as for :func:`public_key_to_jwk`
    :param kid: an explicit key id
    :param thumbprint_kid: use the RFC 7638 thumbprint (of the public part) as ``kid``
    """
    if not isinstance(key, PrivateKey):
        raise TypeError(f"expected xeddsa.PrivateKey, got {type(key).__name__}")
    jwk = {
        "kty": "OKP",
        "crv": "X25519",
        "x": b64url_encode(key.public_key().public_bytes()),
        "d": b64url_encode(key.private_bytes()),
    }
    return _decorate(jwk, key, alg, kid, thumbprint_kid)


def _load_jwk(jwk: Mapping[str, Any] | str | bytes) -> Mapping[str, Any]:
    """Parse JWK text strictly, or accept an already parsed mapping."""
    if isinstance(jwk, (str, bytes)):
        return json_object(jwk, what="JWK", error=InvalidKey, max_chars=MAX_JWK_SIZE)
    if isinstance(jwk, Mapping):
        return jwk
    raise InvalidKey(f"JWK must be a mapping or JSON text, got {type(jwk).__name__}")


def _check_binding(jwk: Mapping[str, Any], alg: str | None) -> None:
    """Refuse a JWK whose ``alg`` binding the caller would drop or contradict.

    A :class:`PublicKey` or :class:`PrivateKey` does not carry the JWK's ``alg``, so a key bound
    to one algorithm loads only when the caller names that algorithm (draft §5: a key bound to
    one algorithm MUST NOT be used with the other).
    """
    if alg is not None and alg not in ALGORITHM_NAMES:
        raise ValueError(f"alg must be one of {ALGORITHM_NAMES}, got {alg!r}")
    bound = jwk.get("alg")
    if bound is None or bound == alg:
        return
    if alg is None:
        raise InvalidKey(
            f"JWK is bound to {bound!r} by its 'alg'; pass alg={bound!r} to load it for that "
            "algorithm (the loaded key does not carry the binding)"
        )
    raise InvalidKey(f"JWK is bound to {bound!r} by its 'alg' and cannot be used for {alg!r}")


def _check_common(jwk: Mapping[str, Any], operation: str) -> bytes:
    """Check ``kty``, ``crv``, ``use``, ``key_ops`` and ``alg`` and return the decoded ``x``."""
    if jwk.get("kty") != "OKP":
        raise InvalidKey(f"JWK kty must be 'OKP', got {jwk.get('kty')!r}")
    if jwk.get("crv") != "X25519":
        raise InvalidKey(f"JWK crv must be 'X25519', got {jwk.get('crv')!r}")
    use = jwk.get("use")
    if use is not None and use != "sig":
        raise InvalidKey(f"JWK use {use!r} does not allow signatures")
    key_ops = jwk.get("key_ops")
    if key_ops is not None:
        if not isinstance(key_ops, list) or not all(isinstance(op, str) for op in key_ops):
            raise InvalidKey("JWK key_ops must be an array of strings")
        if operation not in key_ops:
            raise InvalidKey(f"JWK key_ops {key_ops!r} does not allow {operation!r}")
    alg = jwk.get("alg")
    if alg is not None and alg not in ALGORITHM_NAMES:
        raise InvalidKey(f"JWK alg {alg!r} is not one of {ALGORITHM_NAMES}")
    x = jwk.get("x")
    if not isinstance(x, str):
        raise InvalidKey("JWK member 'x' missing or not a string")
    if len(x) != _KEY_CHARS:
        raise InvalidKey(f"JWK member 'x' must be {_KEY_CHARS} base64url characters, got {len(x)}")
    return b64url_decode(x, what="JWK member 'x'", error=InvalidKey)


def public_key_from_jwk(
    jwk: Mapping[str, Any] | str | bytes, *, alg: str | None = None
) -> PublicKey:
    """Load a public OKP X25519 JWK (``d`` refused) into a strictly validated :class:`PublicKey`.

    The JWK must have ``kty`` ``OKP``, ``crv`` ``X25519`` and a 43-character ``x``; ``use`` (if
    present) must be ``sig``, ``key_ops`` (if present) must contain ``verify``, ``alg`` (if
    present) must be ``XEd25519`` or ``VXEd25519`` and equal the ``alg`` argument.  JSON text is
    parsed strictly.

    :param alg: the algorithm the key will verify; required when the JWK has an ``alg`` member,
        because the returned key does not carry that binding
    :raises xeddsa.InvalidKey: on any violation, including a private JWK (member ``d``), a JWK
        bound to another algorithm than ``alg`` (or bound while ``alg`` is omitted), and any u
        that :meth:`xeddsa.PublicKey.from_public_bytes` rejects
    :raises ValueError: ``alg`` is not ``None``, ``"XEd25519"`` or ``"VXEd25519"``
    """
    obj = _load_jwk(jwk)
    if "d" in obj:
        raise InvalidKey("JWK has private member 'd' where a public key is expected")
    key = PublicKey.from_public_bytes(_check_common(obj, "verify"))
    _check_binding(obj, alg)
    return key


def private_key_from_jwk(
    jwk: Mapping[str, Any] | str | bytes, *, alg: str | None = None
) -> PrivateKey:
    """Load a private OKP X25519 JWK into a :class:`PrivateKey` (``d`` clamped; ``x`` must match).

    The same rules as :func:`public_key_from_jwk` apply, ``alg`` included, with ``key_ops`` (if
    present) containing ``sign`` and a 43-character ``d``.

    :param alg: the algorithm the key will sign with; required when the JWK has an ``alg`` member
    :raises xeddsa.InvalidKey: on any violation, or when ``x`` is not the public key of ``d``
    :raises ValueError: ``alg`` is not ``None``, ``"XEd25519"`` or ``"VXEd25519"``
    """
    obj = _load_jwk(jwk)
    x = _check_common(obj, "sign")
    _check_binding(obj, alg)
    d = obj.get("d")
    if not isinstance(d, str):
        raise InvalidKey("JWK member 'd' missing or not a string")
    if len(d) != _KEY_CHARS:
        raise InvalidKey(f"JWK member 'd' must be {_KEY_CHARS} base64url characters, got {len(d)}")
    key = PrivateKey.from_private_bytes(b64url_decode(d, what="JWK member 'd'", error=InvalidKey))
    if key.public_key().public_bytes() != x:
        raise InvalidKey("JWK member 'x' is not the public key of 'd'")
    return key
