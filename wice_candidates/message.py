"""Signed wice-candidates messages: a JWS compact serialization with ``alg`` ``XEd25519``.

Wire format (specified in docs/design/wice-wire-format.rst)::

    BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)
    header  = {"alg":"XEd25519","kid":<sender WireGuard key>,"typ":"wice-candidates+json"}
    payload = {"proto":"wice-candidates","v":1,"sender":…,"recipient":…,
               "session":…,"seq":…,"ts":…, <exactly one of credentials|candidate|end_of_candidates>}

The signature is an XEdDSA signature by the sender's WireGuard (X25519) key over the ASCII signing
input ``BASE64URL(header) "." BASE64URL(payload)`` (RFC 7515 §5.1). Verification works on the exact
received bytes and happens before the payload is parsed; nothing is ever re-serialized to verify.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from xeddsa import PrivateKey, PublicKey

from ._strict import (
    MAX_SAFE_INTEGER,
    b64url_decode,
    b64url_encode,
    dumps_compact,
    loads_strict,
    wireguard_key_bytes,
)
from .candidate import Candidate
from .credentials import Credentials, EndOfCandidates
from .errors import (
    InputTooLargeError,
    MalformedPayloadError,
    MalformedTokenError,
    SenderMismatchError,
    UnsupportedHeaderError,
)

__all__ = [
    "ALG",
    "MAX_TOKEN_SIZE",
    "PROTO",
    "TYP",
    "VERSION",
    "Body",
    "Message",
    "ParsedToken",
    "Payload",
    "PayloadParts",
    "TokenParts",
    "check_counters",
    "parse_payload",
    "payload_parts",
    "sign_message",
    "split_token",
    "split_token_parts",
]

#: JWS ``alg`` of XEdDSA on Curve25519 (see the project's Internet-Draft).
ALG: Final = "XEd25519"
#: JWS ``typ``: the media type suffix of this payload.
TYP: Final = "wice-candidates+json"
#: Payload ``proto``: domain separation from other uses of the same WireGuard key.
PROTO: Final = "wice-candidates"
#: Payload ``v``: protocol version.
VERSION: Final = 1
#: Default size limit for a whole token, checked before anything is decoded.
MAX_TOKEN_SIZE: Final = 16 * 1024
#: XEdDSA signatures are R || s.
_SIGNATURE_SIZE: Final = 64

Body = Credentials | Candidate | EndOfCandidates

_ENVELOPE: Final = frozenset({"proto", "v", "sender", "recipient", "session", "seq", "ts"})
_BODIES: Final = frozenset({"credentials", "candidate", "end_of_candidates"})
_BODY_TYPES: Final = (Credentials, Candidate, EndOfCandidates)
#: Members of a valid payload: the envelope ones and one body.
_MEMBER_COUNT: Final = len(_ENVELOPE) + 1
_BYTES_LIKE: Final = (bytes, bytearray, memoryview)


def _check_counter(value: object, what: str, error: type[Exception]) -> int:
    """Require an ``int`` (not ``bool``) in 0 … 2**53 - 1."""
    if type(value) is not int or not 0 <= value <= MAX_SAFE_INTEGER:
        raise error(f"{what} must be an integer in 0 … 2**53 - 1")
    return value


def check_counters(session: object, seq: object, ts: object) -> None:
    """Raise :class:`MalformedPayloadError` unless ``session``, ``seq`` and ``ts`` (named in this
    order) are integers in 0 … 2**53 - 1; one test decides the common case."""
    if not (
        type(session) is int
        and type(seq) is int
        and type(ts) is int
        and 0 <= session <= MAX_SAFE_INTEGER
        and 0 <= seq <= MAX_SAFE_INTEGER
        and 0 <= ts <= MAX_SAFE_INTEGER
    ):
        _check_counter(session, "session", MalformedPayloadError)
        _check_counter(seq, "seq", MalformedPayloadError)
        _check_counter(ts, "ts", MalformedPayloadError)


@dataclass(frozen=True, slots=True)
class Message:
    """A message to sign or a verified message: envelope fields plus exactly one body."""

    sender: PublicKey
    recipient: PublicKey
    session: int
    seq: int
    ts: int
    body: Body

    def __post_init__(self) -> None:
        """Reject non-key addresses, counters outside 0 … 2**53 - 1 and unknown body types."""
        if not isinstance(self.sender, PublicKey) or not isinstance(self.recipient, PublicKey):
            raise TypeError("sender and recipient must be xeddsa.PublicKey")
        check_counters(self.session, self.seq, self.ts)
        if not isinstance(self.body, _BODY_TYPES):
            raise TypeError("body must be Credentials, Candidate or EndOfCandidates")

    def payload_bytes(self) -> bytes:
        """Serialize the payload as compact ASCII JSON with members in the documented order."""
        obj: dict[str, object] = {
            "proto": PROTO,
            "v": VERSION,
            "sender": self.sender.to_wireguard(),
            "recipient": self.recipient.to_wireguard(),
            "session": self.session,
            "seq": self.seq,
            "ts": self.ts,
        }
        if isinstance(self.body, Credentials):
            obj["credentials"] = self.body.to_json()
        elif isinstance(self.body, Candidate):
            obj["candidate"] = self.body.to_json()
        else:
            obj["end_of_candidates"] = True
        return dumps_compact(obj)


def _header_bytes(kid: str) -> bytes:
    """The protected header: exactly alg, kid, typ in this order with no whitespace."""
    return dumps_compact({"alg": ALG, "kid": kid, "typ": TYP})


def sign_message(
    private_key: PrivateKey, message: Message, *, max_size: int = MAX_TOKEN_SIZE
) -> str:
    """Sign ``message`` with the sender's key and return the compact JWS; the key must match.

    :raises SenderMismatchError: ``message.sender`` is not ``private_key``'s public key.
    :raises InputTooLargeError: the token would exceed ``max_size`` (receivers would refuse it).
    """
    if not isinstance(private_key, PrivateKey) or not isinstance(message, Message):
        raise TypeError("sign_message(PrivateKey, Message)")
    if private_key.public_key().public_bytes() != message.sender.public_bytes():
        raise SenderMismatchError("message.sender is not the signing key's public key")
    header = b64url_encode(_header_bytes(message.sender.to_wireguard()))
    payload = b64url_encode(message.payload_bytes())
    signing_input = f"{header}.{payload}"
    signature = private_key.sign(signing_input.encode("ascii"))
    token = f"{signing_input}.{b64url_encode(signature)}"
    if len(token) > max_size:
        raise InputTooLargeError(f"token of {len(token)} bytes exceeds max_size ({max_size})")
    return token


@dataclass(frozen=True, slots=True)
class ParsedToken:
    """A token split and decoded, with a checked header, but neither verified nor parsed."""

    kid: bytes
    signing_input: bytes
    payload: bytes
    signature: bytes


def _check_header(header_b64: str) -> bytes:
    """Decode and check the protected header; return the ``kid`` key bytes."""
    header_raw = b64url_decode(header_b64, MalformedTokenError, "protected header")
    header = loads_strict(header_raw, MalformedTokenError, "protected header")
    if not isinstance(header, dict):
        raise MalformedTokenError("protected header must be a JSON object")
    if set(header) != {"alg", "kid", "typ"}:
        extra = sorted(set(header) - {"alg", "kid", "typ"})
        missing = sorted({"alg", "kid", "typ"} - set(header))
        raise UnsupportedHeaderError(
            f"header must have exactly alg, kid, typ (extra {extra}, missing {missing})"
        )
    if header["alg"] != ALG:
        raise UnsupportedHeaderError(f"alg must be {ALG!r}")
    if header["typ"] != TYP:
        raise UnsupportedHeaderError(f"typ must be {TYP!r}")
    return wireguard_key_bytes(header["kid"], MalformedTokenError, "kid")


#: Accepted headers (base64url text -> kid): a sender's header is the same in every token, so
#: the check is a pure function worth remembering. Only short, accepted headers are kept.
_ACCEPTED_HEADERS: dict[str, bytes] = {}
_MAX_CACHED_HEADERS: Final = 1024
_MAX_CACHED_HEADER_LENGTH: Final = 256


def _header_kid(header_b64: str) -> bytes:
    """:func:`_check_header`, remembered for accepted headers (errors are never cached)."""
    kid = _ACCEPTED_HEADERS.get(header_b64)
    if kid is None:
        kid = _check_header(header_b64)
        if len(header_b64) <= _MAX_CACHED_HEADER_LENGTH:
            if len(_ACCEPTED_HEADERS) >= _MAX_CACHED_HEADERS:
                _ACCEPTED_HEADERS.clear()
            _ACCEPTED_HEADERS[header_b64] = kid
    return kid


def split_token(
    token: str | bytes | bytearray | memoryview, *, max_size: int = MAX_TOKEN_SIZE
) -> ParsedToken:
    """Split a compact JWS strictly and check its header; the payload stays undecoded JSON.

    Order: size limit, ASCII, exactly three non-empty segments, strict base64url, strict header
    JSON with exactly ``alg`` = ``XEd25519``, ``kid`` (a WireGuard key), ``typ``.

    :raises InputTooLargeError: ``token`` is longer than ``max_size``.
    :raises MalformedTokenError: structure, base64url or header JSON is malformed.
    :raises UnsupportedHeaderError: the header has other members or other alg/typ values.
    """
    return ParsedToken(*split_token_parts(token, max_size))


#: (kid, signing_input, payload, signature), as :class:`ParsedToken` holds them.
TokenParts = tuple[bytes, bytes, bytes, bytes]


def split_token_parts(token: str | bytes | bytearray | memoryview, max_size: int) -> TokenParts:
    """:func:`split_token` without the :class:`ParsedToken` (the receiver's path)."""
    if isinstance(token, _BYTES_LIKE):
        raw = bytes(token)  # no copy when token is already bytes
        if len(raw) > max_size:
            raise InputTooLargeError(f"token longer than max_size ({max_size})")
        if not raw.isascii():
            raise MalformedTokenError("token must be ASCII")
    elif isinstance(token, str):
        if len(token) > max_size:
            raise InputTooLargeError(f"token longer than max_size ({max_size})")
        if not token.isascii():
            raise MalformedTokenError("token must be ASCII")
        raw = token.encode("ascii")
    else:
        raise TypeError("token must be str or bytes")

    # Split and decode the ASCII bytes themselves: the signing input is a slice of them, never
    # a re-encoding.
    parts = raw.split(b".")
    if len(parts) != 3:
        raise MalformedTokenError(f"a compact JWS has 3 segments, got {len(parts)}")
    header_b64, payload_b64, signature_b64 = parts
    if not header_b64 or not payload_b64 or not signature_b64:
        raise MalformedTokenError("empty JWS segment")
    kid = _header_kid(header_b64.decode("ascii"))
    payload = b64url_decode(payload_b64, MalformedTokenError, "payload")
    signature = b64url_decode(signature_b64, MalformedTokenError, "signature")
    if len(signature) != _SIGNATURE_SIZE:
        # Decided before any key lookup: the structure is wrong, not the signature's math.
        raise MalformedTokenError(f"signature must be {_SIGNATURE_SIZE} bytes")
    return kid, raw[: len(header_b64) + 1 + len(payload_b64)], payload, signature


@dataclass(frozen=True, slots=True)
class Payload:
    """A schema-checked payload whose keys are still raw 32-byte values (not yet imported)."""

    sender: bytes
    recipient: bytes
    session: int
    seq: int
    ts: int
    body: Body


def parse_payload(data: bytes, *, allow_mdns: bool = False) -> Payload:
    """Parse verified payload bytes with strict JSON and the exact payload schema of
    docs/design/wice-wire-format.rst.

    mDNS host names in a candidate are refused unless ``allow_mdns`` is true.

    :raises MalformedPayloadError: JSON, member set, types, ``proto`` or ``v`` are wrong.
    :raises MalformedCandidateError: the candidate body is invalid.
    :raises MalformedCredentialsError: the credentials body is invalid.
    """
    return Payload(*payload_parts(data, allow_mdns))


#: (sender, recipient, session, seq, ts, body), as :class:`Payload` holds them.
PayloadParts = tuple[bytes, bytes, int, int, int, Body]


def payload_parts(data: bytes, allow_mdns: bool) -> PayloadParts:
    """:func:`parse_payload` without the :class:`Payload` (the receiver's path)."""
    obj = loads_strict(data, MalformedPayloadError, "payload")
    if not isinstance(obj, Mapping):
        raise MalformedPayloadError("payload must be a JSON object")
    bodies = obj.keys() - _ENVELOPE
    if len(obj) != _MEMBER_COUNT or len(bodies) != 1 or not bodies <= _BODIES:
        # Not the common shape (every envelope member and one body): name the first problem.
        names = set(obj)
        missing = _ENVELOPE - names
        if missing:
            raise MalformedPayloadError(f"payload misses {sorted(missing)}")
        unknown = names - _ENVELOPE - _BODIES
        if unknown:
            raise MalformedPayloadError(f"unknown payload members {sorted(unknown)}")
        raise MalformedPayloadError(
            "payload needs exactly one of credentials, candidate, end_of_candidates"
        )
    if obj["proto"] != PROTO:
        raise MalformedPayloadError(f"proto must be {PROTO!r}")
    if type(obj["v"]) is not int or obj["v"] != VERSION:
        raise MalformedPayloadError(f"unsupported version; v must be {VERSION}")
    sender_text, recipient_text = obj["sender"], obj["recipient"]
    if not isinstance(sender_text, str) or not isinstance(recipient_text, str):
        raise MalformedPayloadError("sender and recipient must be strings")
    sender = wireguard_key_bytes(sender_text, MalformedPayloadError, "sender")
    recipient = wireguard_key_bytes(recipient_text, MalformedPayloadError, "recipient")
    session, seq, ts = obj["session"], obj["seq"], obj["ts"]
    check_counters(session, seq, ts)
    (kind,) = bodies
    body: Body
    if kind == "credentials":
        body = Credentials.from_json(obj["credentials"])
    elif kind == "candidate":
        body = Candidate.from_json(obj["candidate"], allow_mdns=allow_mdns)
    else:
        if obj["end_of_candidates"] is not True:
            raise MalformedPayloadError("end_of_candidates must be the literal true")
        body = EndOfCandidates()
    return sender, recipient, session, seq, ts, body
