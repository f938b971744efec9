"""Strict verification of a VXEd25519 JWS that returns the payload, the headers and the VRF output.

joserfc's ``JWSAlgModel.verify`` can only return a bool, so the VRF output cannot flow through
``jws.deserialize_*``.  :func:`verify_vxed25519` parses the JWS itself (strict base64url, strict
JSON, no ``crit``/``b64`` extensions in either header, ``alg`` exactly ``"VXEd25519"`` in the
protected header), verifies with :func:`xeddsa.vxeddsa.verify` under the ``strict`` policy, and
returns the output that function derives.  Nothing is returned unless verification succeeded.

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
from ._parse import JWSSignature, ParsedJWS, parse_compact, parse_json
from ._strict import MAX_TOKEN_SIZE, b64url_decode, require_alg

__all__ = ["VXEd25519Result", "verify_vxed25519"]

_ALG: Final = "VXEd25519"
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


def _signature(value: str | bytes | Mapping[str, Any]) -> tuple[ParsedJWS, JWSSignature]:
    """Parse a compact or JSON-serialized JWS strictly; return it and its only signature."""
    is_json = isinstance(value, (str, bytes)) and value[:1] in ("{", b"{")
    if is_json or isinstance(value, Mapping):
        parsed = parse_json(value, max_size=MAX_TOKEN_SIZE)
    else:
        parsed = parse_compact(value, max_size=MAX_TOKEN_SIZE)
    if len(parsed.signatures) != 1:
        raise InvalidSignature("general JWS JSON must hold exactly one signature object")
    return parsed, parsed.signatures[0]


def _check_protected(signature: JWSSignature) -> None:
    """Require ``alg`` VXEd25519 in the protected header and no extension in either header."""
    require_alg(signature.protected, _ALG, error=InvalidSignature)
    for name in _UNSUPPORTED_HEADERS:
        if name in signature.protected:
            raise InvalidSignature(f"header parameter {name!r} is not supported")
    # The parser already refuses both names in the unprotected header (RFC 7515 §4.1.11, RFC 7797
    # §3): they change how the JWS is read, so an unprotected copy must never be honoured.


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


def _strict_public_key(key: PublicKey) -> PublicKey:
    """Re-import ``key`` strictly (cached), so a key imported with ``check_subgroup=False`` fails.

    :raises xeddsa.InvalidKey: the key is not in the prime-order subgroup
    """
    return PublicKey.from_public_bytes(key.public_bytes())


def _resolve_key(key: KeyInput, kid: Any) -> PublicKey:
    """Return the verification key: the one given, or the key set's key named by ``kid``."""
    if isinstance(key, PublicKey):
        return _strict_public_key(key)
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
    ``"alg": "VXEd25519"``, and neither header may hold ``crit`` or ``b64``; every segment must be
    canonical unpadded base64url; a 96-byte signature.  Detached payloads are not supported.

    :param key: the verification key: an :class:`xeddsa.PublicKey`, a joserfc ``OKPKey`` with
        ``crv`` ``X25519`` (its ``use``, ``key_ops`` and ``alg`` must allow VXEd25519 verification),
        or a joserfc ``KeySet`` from which the header's ``kid`` picks the key
    :param registry: optional joserfc registry; if given, it must allow ``VXEd25519`` and its
        header checks (registered header types, strict header names) also apply
    :returns: the verified payload and headers and the 32-byte VRF output, which equals
        ``xeddsa.vxeddsa.verify(public_key, signature, signing_input)``
    :raises xeddsa.InvalidSignature: on any failure caused by the JWS (including a ``kid`` that
        selects no usable key from a key set)
    :raises xeddsa.InvalidKey: if the ``OKPKey`` passed in cannot verify VXEd25519, or the
        ``PublicKey`` is not in the prime-order subgroup (one imported with
        ``check_subgroup=False`` is re-checked here)
    """
    if isinstance(key, OKPKey):
        _key_from_okp(key, InvalidKey)  # a bad caller key is reported as such, before any parsing
    elif isinstance(key, PublicKey):
        _strict_public_key(key)  # the draft's MUST: no key outside the prime-order subgroup
    parsed, signature = _signature(value)
    _check_protected(signature)
    merged = {**(signature.header or {}), **signature.protected}
    if registry is not None:
        try:
            registry.get_alg(_ALG)
            registry.check_header(merged)
        except JoseError as exc:
            raise InvalidSignature(f"refused by registry: {exc.description or exc}") from exc
    if len(signature.signature) != VXEDDSA_SIGNATURE_SIZE:
        raise InvalidSignature(f"{_ALG} signature must be {VXEDDSA_SIGNATURE_SIZE} bytes")
    public_key = _resolve_key(key, merged.get("kid"))
    signing_input = f"{signature.protected_segment}.{parsed.payload_segment}".encode("ascii")
    vrf_output = xeddsa.vxeddsa.verify(
        public_key, signature.signature, signing_input, policy="strict"
    )
    return VXEd25519Result(
        payload=parsed.payload,
        protected=signature.protected,
        header=signature.header,
        vrf_output=vrf_output,
        protected_raw=b64url_decode(
            signature.protected_segment, what="protected header", error=InvalidSignature
        ),
    )
