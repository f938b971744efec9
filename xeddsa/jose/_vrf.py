"""Strict verification of a VXEd25519 JWS that returns the payload, the headers and the VRF output.

joserfc's ``JWSAlgModel.verify`` can only return a bool, so the VRF output cannot flow through
``jws.deserialize_*``.  :func:`verify_vxed25519` parses the JWS itself (strict base64url, strict
JSON, no ``crit``/``b64`` extensions, ``alg`` exactly ``"VXEd25519"`` in the protected header),
verifies with :func:`xeddsa.vxeddsa.verify` under the ``strict`` policy, and returns the output
that function derives.  Nothing is returned unless verification succeeded.

Uniqueness caveat: the VRF output is unique per key and *exact JWS Signing Input bytes*.  A
different ``kid`` or ``typ``, other whitespace or member order in the protected header all give a
different output for the same payload.  Applications that need one output per message must fix
the protected header to literal bytes (for example exactly ``{"alg":"VXEd25519"}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OKPKey
from joserfc.jws import JWSRegistry

import xeddsa.vxeddsa
from xeddsa import InvalidKey, InvalidSignature, PublicKey
from xeddsa.sizes import VXEDDSA_SIGNATURE_SIZE

from ._models import VXEd25519, public_key_from_okp
from ._strict import (
    MAX_HEADER_SIZE,
    MAX_TOKEN_SIZE,
    b64url_decode,
    b64url_length,
    json_object,
    require_alg,
)

__all__ = ["VXEd25519Result", "verify_vxed25519"]

_ALG: Final = "VXEd25519"
_SIGNATURE_CHARS: Final = b64url_length(VXEDDSA_SIGNATURE_SIZE)
_FLATTENED_MEMBERS: Final = frozenset({"payload", "protected", "header", "signature"})
_GENERAL_MEMBERS: Final = frozenset({"payload", "signatures"})
_SIGNATURE_MEMBERS: Final = frozenset({"protected", "header", "signature"})
_UNSUPPORTED_HEADERS: Final = ("crit", "b64")
_MODEL: Final = VXEd25519()

KeyInput = PublicKey | OKPKey | KeySet


@dataclass(frozen=True, slots=True)
class VXEd25519Result:
    """A verified VXEd25519 JWS: its payload, headers and 32-byte VRF output."""

    #: The decoded JWS Payload.
    payload: bytes
    #: The protected header, parsed strictly.
    protected: dict[str, Any]
    #: The unprotected header of a JSON serialization, or ``None``.
    header: dict[str, Any] | None
    #: The 32-byte VRF output v, derived by :func:`xeddsa.vxeddsa.verify`.
    vrf_output: bytes
    #: The protected header exactly as signed (the decoded octets). The VRF output depends on
    #: these octets, not on the parsed ``protected`` dict: an application that needs one output
    #: per payload must require them to equal a fixed value.
    protected_raw: bytes


@dataclass(frozen=True, slots=True)
class _Parts:
    """The undecoded segments of one signature of a JWS."""

    protected: str
    payload: str
    signature: str
    header: dict[str, Any] | None


def _string_member(obj: Mapping[str, Any], name: str) -> str:
    """Return a required string member of a JSON serialization object."""
    value = obj.get(name)
    if not isinstance(value, str):
        raise InvalidSignature(f"JWS member {name!r} missing or not a string")
    return value


def _header_member(obj: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the optional unprotected ``header`` member, which must be a JSON object."""
    if "header" not in obj:
        return None
    header = obj["header"]
    if not isinstance(header, dict) or not all(isinstance(name, str) for name in header):
        raise InvalidSignature("JWS member 'header' must be a JSON object")
    return header


def _parts_from_json(obj: Mapping[str, Any]) -> _Parts:
    """Pick the single VXEd25519 signature of a flattened or general JSON serialization."""
    names = set(obj)
    payload = _string_member(obj, "payload")
    if "signatures" in names:
        if not names <= _GENERAL_MEMBERS:
            raise InvalidSignature(f"unexpected JWS members {sorted(names - _GENERAL_MEMBERS)}")
        signatures = obj["signatures"]
        if not isinstance(signatures, list) or len(signatures) != 1:
            raise InvalidSignature("general JWS JSON must hold exactly one signature object")
        entry = signatures[0]
        if not isinstance(entry, Mapping):
            raise InvalidSignature("JWS signature entry must be a JSON object")
        if not set(entry) <= _SIGNATURE_MEMBERS:
            raise InvalidSignature("unexpected members in JWS signature object")
    else:
        if not names <= _FLATTENED_MEMBERS:
            raise InvalidSignature(f"unexpected JWS members {sorted(names - _FLATTENED_MEMBERS)}")
        entry = obj
    return _Parts(
        protected=_string_member(entry, "protected"),
        payload=payload,
        signature=_string_member(entry, "signature"),
        header=_header_member(entry),
    )


def _parts(value: str | bytes | Mapping[str, Any]) -> _Parts:
    """Split a compact JWS or parse a JSON serialization into its segments."""
    if isinstance(value, Mapping):
        return _parts_from_json(value)
    if isinstance(value, bytes):
        if len(value) > MAX_TOKEN_SIZE:
            raise InvalidSignature(f"JWS larger than {MAX_TOKEN_SIZE} bytes")
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidSignature("JWS is not UTF-8") from None
    if not isinstance(value, str):
        raise InvalidSignature(f"JWS must be str, bytes or a mapping, got {type(value).__name__}")
    if len(value) > MAX_TOKEN_SIZE:
        raise InvalidSignature(f"JWS longer than {MAX_TOKEN_SIZE} characters")
    if value.startswith("{"):
        obj = json_object(value, what="JWS JSON", error=InvalidSignature, max_chars=MAX_TOKEN_SIZE)
        return _parts_from_json(obj)
    segments = value.split(".")
    if len(segments) != 3:
        raise InvalidSignature("compact JWS must have exactly three '.'-separated segments")
    return _Parts(protected=segments[0], payload=segments[1], signature=segments[2], header=None)


def _protected(parts: _Parts) -> dict[str, Any]:
    """Decode and check the protected header: strict JSON, ``alg`` VXEd25519, no extensions."""
    raw = b64url_decode(
        parts.protected, what="protected header", error=InvalidSignature, max_chars=MAX_HEADER_SIZE
    )
    protected = json_object(
        raw, what="protected header", error=InvalidSignature, max_chars=MAX_HEADER_SIZE
    )
    require_alg(protected, _ALG, error=InvalidSignature)
    for name in _UNSUPPORTED_HEADERS:
        if name in protected:
            raise InvalidSignature(f"header parameter {name!r} is not supported")
    if parts.header is not None:
        overlap = set(parts.header) & set(protected)
        if overlap:
            raise InvalidSignature(f"header names in both headers: {sorted(overlap)}")
        if "crit" in parts.header:
            raise InvalidSignature("'crit' must be in the protected header")
    return protected


def _key_from_okp(key: OKPKey, error: type[InvalidKey] | type[InvalidSignature]) -> PublicKey:
    """Check an ``OKPKey`` like the VXEd25519 model does and return its :class:`PublicKey`."""
    try:
        _MODEL.check_key(key)
        key.check_key_op("verify")
    except JoseError as exc:
        raise error(f"key not usable for {_ALG}: {exc.description or exc}") from exc
    try:
        return public_key_from_okp(key)
    except InvalidKey as exc:
        raise error(str(exc)) from exc


def _resolve_key(key: KeyInput, kid: Any) -> PublicKey:
    """Return the verification key: the one given, or the key set's key named by ``kid``."""
    if isinstance(key, PublicKey):
        return key
    if isinstance(key, OKPKey):
        return _key_from_okp(key, InvalidKey)
    if isinstance(key, KeySet):
        if kid is not None and not isinstance(kid, str):
            raise InvalidSignature("header 'kid' must be a string")
        if kid is None:
            if len(key.keys) != 1:
                raise InvalidSignature("JWS has no 'kid' and the key set has several keys")
            chosen = key.keys[0]
        else:
            matches = [k for k in key.keys if k.kid == kid]
            if len(matches) != 1:
                raise InvalidSignature(f"no unique key with kid {kid!r} in the key set")
            chosen = matches[0]
        if not isinstance(chosen, OKPKey):
            raise InvalidSignature(f"key {kid!r} is not an OKP key")
        return _key_from_okp(chosen, InvalidSignature)
    raise TypeError(
        f"key must be xeddsa.PublicKey, joserfc OKPKey or KeySet, got {type(key).__name__}"
    )


def verify_vxed25519(
    value: str | bytes | Mapping[str, Any],
    key: PublicKey | OKPKey | KeySet,
    *,
    registry: JWSRegistry | None = None,
) -> VXEd25519Result:
    """Verify a compact or JSON-serialized VXEd25519 JWS strictly and return payload, headers and v.

    Accepted: a compact JWS (``str`` or ``bytes``), or a flattened or general JSON serialization
    (as text or as a parsed mapping) with exactly one signature; the protected header must carry
    ``"alg": "VXEd25519"`` and must not use ``crit`` or ``b64``; every segment must be canonical
    unpadded base64url; a 96-byte signature.  Detached payloads are not supported.

    :param key: the verification key: an :class:`xeddsa.PublicKey`, a joserfc ``OKPKey`` with
        ``crv`` ``X25519`` (its ``use``, ``key_ops`` and ``alg`` must allow VXEd25519 verification),
        or a joserfc ``KeySet`` from which the header's ``kid`` picks the key
    :param registry: optional joserfc registry; if given, it must allow ``VXEd25519`` and its
        header checks (registered header types, strict header names) also apply
    :returns: the verified payload and headers and the 32-byte VRF output, which equals
        ``xeddsa.vxeddsa.verify(public_key, signature, signing_input)``
    :raises xeddsa.InvalidSignature: on any failure caused by the JWS (including a ``kid`` that
        selects no usable key from a key set)
    :raises xeddsa.InvalidKey: if the ``OKPKey`` passed in cannot verify VXEd25519
    """
    if isinstance(key, OKPKey):
        _key_from_okp(key, InvalidKey)  # a bad caller key is reported as such, before any parsing
    parts = _parts(value)
    protected = _protected(parts)
    merged = {**(parts.header or {}), **protected}
    if registry is not None:
        try:
            registry.get_alg(_ALG)
            registry.check_header(merged)
        except JoseError as exc:
            raise InvalidSignature(f"refused by registry: {exc.description or exc}") from exc
    payload = b64url_decode(parts.payload, what="payload", error=InvalidSignature)
    if len(parts.signature) != _SIGNATURE_CHARS:
        raise InvalidSignature(f"{_ALG} signature must be {_SIGNATURE_CHARS} base64url characters")
    signature = b64url_decode(parts.signature, what="signature", error=InvalidSignature)
    public_key = _resolve_key(key, merged.get("kid"))
    signing_input = f"{parts.protected}.{parts.payload}".encode("ascii")
    vrf_output = xeddsa.vxeddsa.verify(public_key, signature, signing_input, policy="strict")
    return VXEd25519Result(
        payload=payload,
        protected=protected,
        header=parts.header,
        vrf_output=vrf_output,
        protected_raw=b64url_decode(
            parts.protected, what="protected header", error=InvalidSignature
        ),
    )
