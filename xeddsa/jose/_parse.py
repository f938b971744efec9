"""A strict structural parser for JWS compact and JSON serializations, run before joserfc sees one.

joserfc (1.8.0 and earlier) indexes and iterates untrusted JWS values without checking their
types, so a malformed token raises ``TypeError``, ``ValueError``, ``KeyError`` or
``AttributeError`` instead of a :class:`joserfc.errors.JoseError` (the reproducers are listed in
``docs/guides/jose.rst``).  :func:`parse_compact` and :func:`parse_json` check every member and
header parameter joserfc touches before it touches it, and raise :class:`MalformedJWSError`
(both a joserfc ``DecodeError`` and an :class:`xeddsa.InvalidSignature`) with a one-line
message.  The rules, each from the RFC named:

* every base64url segment is canonical and unpadded (RFC 7515 §2), JSON is strict (RFC 8259 §4,
  duplicate names refused as RFC 7515 §5.2 allows), the protected header is a JSON object;
* ``alg`` is a string in the protected or the unprotected header (RFC 7515 §4.1.1), and no
  parameter name is in both (RFC 7515 §7.2.1);
* ``crit`` is in the protected header only, a non-empty array of distinct strings naming
  parameters present in the protected header and not defined by RFC 7515 (§4.1.11);
* ``b64`` is in the protected header only, is a boolean and is listed in ``crit`` (RFC 7797 §3,
  §6), with the same value in every signature of a JSON serialization (RFC 7797 §7);
* a JSON serialization has only the members RFC 7515 §7.2 defines (stricter than the RFC, which
  says to ignore others), at least one signature, and ``protected`` or ``header`` in each.

Detached content (RFC 7515 Appendix F) is not supported: an empty payload segment is the empty
payload.  The parser checks structure only; whether a signature verifies is joserfc's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from joserfc.errors import DecodeError

from xeddsa import InvalidSignature

from ._strict import MAX_HEADER_SIZE, MAX_TOKEN_SIZE, b64url_decode, json_object

__all__ = [
    "JWSSignature",
    "MalformedJWSError",
    "ParsedJWS",
    "jws_json_object",
    "parse_compact",
    "parse_json",
]

_FLATTENED_MEMBERS: Final = frozenset({"payload", "protected", "header", "signature"})
_GENERAL_MEMBERS: Final = frozenset({"payload", "signatures"})
_SIGNATURE_MEMBERS: Final = frozenset({"protected", "header", "signature"})
#: Header parameters defined by RFC 7515 §4.1; ``crit`` must not list them (§4.1.11).
_RFC7515_HEADERS: Final = frozenset(
    {"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"}
)
#: Parameters that must be integrity protected (RFC 7515 §4.1.11, RFC 7797 §3).
_PROTECTED_ONLY: Final = ("crit", "b64")


class MalformedJWSError(DecodeError, InvalidSignature):
    """A JWS refused by the strict parser of :mod:`xeddsa.jose` before joserfc processed it.

    It is a :class:`joserfc.errors.DecodeError` (so ``except JoseError`` catches it) and an
    :class:`xeddsa.InvalidSignature` (so ``except XEdDSAError`` catches it too).  The message is
    one line; it may quote parts of the token with :func:`repr`.
    """


@dataclass(frozen=True, slots=True)
class JWSSignature:
    """One signature of a strictly parsed JWS: its headers and signature bytes."""

    #: The protected header segment exactly as received (base64url text, ``""`` if absent).
    protected_segment: str
    #: The protected header, parsed strictly (empty if absent).
    protected: dict[str, Any]
    #: The unprotected header of a JSON serialization, or ``None``.
    header: dict[str, Any] | None
    #: The decoded signature.
    signature: bytes
    #: The ``alg`` of this signature, from whichever header holds it.
    alg: str


@dataclass(frozen=True, slots=True)
class ParsedJWS:
    """A JWS that passed the strict structural checks; nothing here has been verified."""

    #: The payload segment exactly as received.
    payload_segment: str
    #: The JWS Payload (decoded unless ``b64`` is ``false``).
    payload: bytes
    #: The signatures, in order; a compact JWS has exactly one.
    signatures: tuple[JWSSignature, ...]


def _fail(message: str) -> MalformedJWSError:
    """Return the error for a malformed JWS with a one-line message."""
    return MalformedJWSError(message.replace("\n", " "))


def _text(value: object, max_size: int) -> str:
    """Return a JWS given as ``str`` or UTF-8 ``bytes``; refuse other types and too large input."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        if len(raw) > max_size:
            raise _fail(f"JWS larger than {max_size} bytes")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _fail("JWS is not UTF-8 text") from None
    if not isinstance(value, str):
        raise _fail(f"JWS must be str or bytes, got {type(value).__name__}")
    if len(value) > max_size:
        raise _fail(f"JWS longer than {max_size} characters")
    return value


def _decode(segment: str, what: str, max_chars: int = MAX_TOKEN_SIZE) -> bytes:
    """Decode a canonical base64url segment or raise :class:`MalformedJWSError`."""
    try:
        return b64url_decode(segment, what=what, error=InvalidSignature, max_chars=max_chars)
    except InvalidSignature as exc:
        raise _fail(f"JWS {exc}") from None


def _protected_header(segment: str) -> dict[str, Any]:
    """Decode and strictly parse a protected header segment into a JSON object."""
    raw = _decode(segment, "protected header", MAX_HEADER_SIZE)
    try:
        return json_object(
            raw, what="protected header", error=InvalidSignature, max_chars=MAX_HEADER_SIZE
        )
    except InvalidSignature as exc:
        raise _fail(f"JWS {exc}") from None


def _check_headers(protected: dict[str, Any], header: dict[str, Any] | None) -> tuple[str, bool]:
    """Check ``alg``, ``crit``, ``b64`` and disjointness; return ``alg`` and whether the payload
    is base64url-encoded."""
    unprotected = header or {}
    overlap = sorted(set(protected) & set(unprotected))
    if overlap:
        raise _fail(f"JWS header parameters in both headers: {overlap!r}")
    for name in _PROTECTED_ONLY:
        if name in unprotected:
            raise _fail(f"JWS header parameter {name!r} must be in the protected header")
    alg = protected.get("alg", unprotected.get("alg"))
    if not isinstance(alg, str):
        raise _fail("JWS header parameter 'alg' missing or not a string")
    crit = protected.get("crit")
    if crit is not None or "crit" in protected:
        if not isinstance(crit, list) or not crit:
            raise _fail("JWS header parameter 'crit' must be a non-empty array of strings")
        if not all(isinstance(name, str) for name in crit):
            raise _fail("JWS header parameter 'crit' must hold strings only")
        if len(set(crit)) != len(crit):
            raise _fail("JWS header parameter 'crit' lists a name twice")
        for name in crit:
            if name in _RFC7515_HEADERS:
                raise _fail(f"JWS 'crit' lists {name!r}, which RFC 7515 defines")
            if name not in protected:
                raise _fail(f"JWS 'crit' lists {name!r}, which the protected header lacks")
    if "b64" not in protected:
        return alg, True
    b64 = protected["b64"]
    if not isinstance(b64, bool):
        raise _fail("JWS header parameter 'b64' must be true or false")
    if crit is None or "b64" not in crit:
        raise _fail("JWS header parameter 'b64' must be listed in 'crit' (RFC 7797 §6)")
    return alg, b64


def _payload(segment: str, encoded: bool) -> bytes:
    """Return the JWS Payload of a payload segment."""
    if encoded:
        return _decode(segment, "payload", max_chars=len(segment))
    return segment.encode("utf-8")


def parse_compact(value: str | bytes, *, max_size: int = MAX_TOKEN_SIZE) -> ParsedJWS:
    """Parse a JWS Compact Serialization strictly (structure only, no signature check).

    :param value: the token, ``str`` or UTF-8 ``bytes``; surrounding whitespace is not removed
    :param max_size: longest accepted token, checked before anything else
    :raises MalformedJWSError: on any deviation from the rules of this module, with a one-line
        message
    """
    text = _text(value, max_size)
    segments = text.split(".")
    if len(segments) != 3:
        raise _fail("compact JWS must have exactly three '.'-separated segments")
    protected_segment, payload_segment, signature_segment = segments
    protected = _protected_header(protected_segment)
    alg, encoded = _check_headers(protected, None)
    if not encoded and not payload_segment.isascii():
        raise _fail("compact JWS with 'b64': false must have an ASCII payload")
    payload = _payload(payload_segment, encoded)
    signature = _decode(signature_segment, "signature")
    return ParsedJWS(
        payload_segment=payload_segment,
        payload=payload,
        signatures=(JWSSignature(protected_segment, protected, None, signature, alg),),
    )


def _string_member(obj: Mapping[str, Any], name: str) -> str:
    """Return a required string member of a JSON serialization object."""
    value = obj.get(name)
    if not isinstance(value, str):
        raise _fail(f"JWS member {name!r} missing or not a string")
    return value


def _signature(entry: Mapping[str, Any]) -> tuple[JWSSignature, bool]:
    """Parse one signature object (or the flattened serialization); return it and its b64."""
    header: dict[str, Any] | None = None
    if "header" in entry:
        raw_header = entry["header"]
        if not isinstance(raw_header, dict) or not all(isinstance(k, str) for k in raw_header):
            raise _fail("JWS member 'header' must be a JSON object")
        header = raw_header
    if "protected" in entry:
        protected_segment = _string_member(entry, "protected")
        protected = _protected_header(protected_segment)
    elif header is None:
        raise _fail("JWS signature has neither 'protected' nor 'header'")
    else:
        protected_segment, protected = "", {}
    alg, encoded = _check_headers(protected, header)
    signature = _decode(_string_member(entry, "signature"), "signature")
    return JWSSignature(protected_segment, protected, header, signature, alg), encoded


def jws_json_object(value: object, max_size: int) -> Mapping[str, Any]:
    """Return a JWS JSON serialization as a mapping, parsing text strictly (structure unchecked).

    :raises MalformedJWSError: for text that is not strict JSON, or member names not strings
    """
    if isinstance(value, Mapping):
        if not all(isinstance(name, str) for name in value):
            raise _fail("JWS JSON member names must be strings")
        return value
    text = _text(value, max_size)
    try:
        return json_object(text, what="JWS JSON", error=InvalidSignature, max_chars=max_size)
    except InvalidSignature as exc:
        raise _fail(str(exc)) from None


def parse_json(
    value: str | bytes | Mapping[str, Any], *, max_size: int = MAX_TOKEN_SIZE
) -> ParsedJWS:
    """Parse a flattened or general JWS JSON Serialization strictly (structure only).

    :param value: JSON text (``str`` or UTF-8 ``bytes``, parsed with the strict JSON rules of
        this package) or an already parsed mapping
    :param max_size: longest accepted JSON text, checked before parsing (not applied to a mapping)
    :raises MalformedJWSError: on any deviation from the rules of this module, with a one-line
        message
    """
    obj = jws_json_object(value, max_size)
    names = set(obj)
    payload_segment = _string_member(obj, "payload")
    if "signatures" in names:
        if not names <= _GENERAL_MEMBERS:
            raise _fail(f"unexpected JWS members {sorted(names - _GENERAL_MEMBERS)!r}")
        entries = obj["signatures"]
        if not isinstance(entries, list) or not entries:
            raise _fail("JWS member 'signatures' must be a non-empty array")
        for entry in entries:
            if not isinstance(entry, Mapping):
                raise _fail("JWS signature entry must be a JSON object")
            if not set(entry) <= _SIGNATURE_MEMBERS:
                raise _fail("unexpected members in a JWS signature object")
    else:
        if not names <= _FLATTENED_MEMBERS:
            raise _fail(f"unexpected JWS members {sorted(names - _FLATTENED_MEMBERS)!r}")
        entries = [obj]
    parsed = [_signature(entry) for entry in entries]
    encodings = {encoded for _, encoded in parsed}
    if len(encodings) != 1:
        raise _fail("JWS header parameter 'b64' differs between signatures")
    return ParsedJWS(
        payload_segment=payload_segment,
        payload=_payload(payload_segment, encodings.pop()),
        signatures=tuple(signature for signature, _ in parsed),
    )
