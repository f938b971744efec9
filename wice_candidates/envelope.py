"""Sealed envelopes: a signed token inside cunicu's ``Message``, boxed for the recipient.

Sending is sign-then-seal::

    token    = the signed JWS (payload binds sender, recipient, session, seq)
    inner    = cunicu.signaling.Message with only field 100 (bytes) = token       (protobuf)
    body     = crypto_box(inner, nonce, recipient WireGuard key, sender WireGuard key)
    envelope = cunicu.signaling.Envelope{sender=1, recipient=2, contents=3{body=1, nonce=2}}

cunicu's own ``Message`` uses fields 1-4, so a cunicu daemon that opens such a box finds none of
its fields set and ignores it. The signaling server sees the two keys, never the token.

Opening checks, in this order, before anything reaches the token verifier: sizes, envelope
recipient is us, envelope sender is not us, envelope sender is trusted, the box opens, the inner
message holds exactly one token. The token is then verified with the envelope's sender as the
only acceptable signer, so a reflected, re-addressed or re-sealed envelope fails with a typed error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from xeddsa import PrivateKey, PublicKey

from .errors import (
    MalformedEnvelopeError,
    ReflectedError,
    UnknownSenderError,
    WrongRecipientError,
)
from .message import MAX_TOKEN_SIZE
from .receiver import Receiver, VerifiedMessage
from .sealing import NONCE_SIZE, TAG_SIZE, BoxCache

__all__ = [
    "KEY_SIZE",
    "MAX_BODY_SIZE",
    "WICE_TOKEN_FIELD",
    "EnvelopeOpener",
    "EnvelopeSealer",
    "SealedEnvelope",
    "decode_inner_message",
    "encode_inner_message",
]

#: Field number of the token inside ``cunicu.signaling.Message`` (cunicu uses 1-4).
WICE_TOKEN_FIELD: Final = 100
#: WireGuard public keys are 32 bytes.
KEY_SIZE: Final = 32
#: Largest sealed body accepted: a maximal token, its protobuf framing and the Poly1305 tag.
MAX_BODY_SIZE: Final = MAX_TOKEN_SIZE + 8 + TAG_SIZE
# Tag of field 100 with wire type 2 (length-delimited), as a protobuf varint: 802 = A2 06.
_TOKEN_TAG: Final = bytes([0xA2, 0x06])


def _varint(value: int) -> bytes:
    """Protobuf base-128 varint of a non-negative int."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_inner_message(token: bytes) -> bytes:
    """Serialize ``cunicu.signaling.Message{wice_token(100) = token}`` (protobuf wire format)."""
    return _TOKEN_TAG + _varint(len(token)) + token


def decode_inner_message(data: bytes) -> bytes:
    """Return the token of an inner message holding exactly field 100 once, and nothing else.

    :raises MalformedEnvelopeError: another field, a bad length, trailing bytes, or no token.
    """
    if not data.startswith(_TOKEN_TAG):
        raise MalformedEnvelopeError("inner message must hold exactly one wice token (field 100)")
    length = 0
    shift = 0
    index = len(_TOKEN_TAG)
    while True:
        if index >= len(data) or shift > 28:
            raise MalformedEnvelopeError("inner message: truncated or oversized length varint")
        byte = data[index]
        index += 1
        length |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    if data[index - 1] == 0 and index - len(_TOKEN_TAG) > 1:
        raise MalformedEnvelopeError("inner message: non-minimal length varint")
    if length > MAX_TOKEN_SIZE or index + length != len(data):
        raise MalformedEnvelopeError("inner message: token length does not match the data")
    return data[index:]


@dataclass(frozen=True, slots=True)
class SealedEnvelope:
    """cunicu's ``Envelope``: two 32-byte keys in the clear and the boxed inner message."""

    sender: bytes
    recipient: bytes
    body: bytes
    nonce: bytes

    def check_sizes(self) -> None:
        """Raise :class:`MalformedEnvelopeError` unless keys, nonce and body have valid sizes."""
        if len(self.sender) != KEY_SIZE or len(self.recipient) != KEY_SIZE:
            raise MalformedEnvelopeError("envelope keys must be 32 bytes")
        if len(self.nonce) != NONCE_SIZE:
            raise MalformedEnvelopeError(f"envelope nonce must be {NONCE_SIZE} bytes")
        if not TAG_SIZE < len(self.body) <= MAX_BODY_SIZE:
            raise MalformedEnvelopeError(
                f"envelope body must be {TAG_SIZE + 1}-{MAX_BODY_SIZE} bytes"
            )


class EnvelopeSealer:
    """Seals signed tokens from one private key for its peers (sign first, then seal)."""

    def __init__(self, private_key: PrivateKey, boxes: BoxCache | None = None) -> None:
        """Seal as ``private_key``; ``boxes`` may be shared with an :class:`EnvelopeOpener`."""
        self._own = private_key.public_key().public_bytes()
        self._boxes = boxes if boxes is not None else BoxCache(private_key)

    def seal(self, token: str, recipient: PublicKey) -> SealedEnvelope:
        """Box ``token`` (already signed for ``recipient``) into an envelope addressed to it."""
        body, nonce = self._boxes.seal(recipient, encode_inner_message(token.encode("ascii")))
        return SealedEnvelope(self._own, recipient.public_bytes(), body, nonce)


class EnvelopeOpener:
    """Opens envelopes addressed to one key and verifies the token inside with a Receiver."""

    def __init__(self, private_key: PrivateKey, receiver: Receiver, boxes: BoxCache | None = None):
        """Open as ``private_key``; trust exactly the keys ``receiver`` trusts."""
        self._own = private_key.public_key().public_bytes()
        self._receiver = receiver
        self._trusted = {key.public_bytes(): key for key in receiver.trusted}
        self._boxes = boxes if boxes is not None else BoxCache(private_key)

    def open(self, envelope: SealedEnvelope) -> VerifiedMessage:
        """Return the verified message of ``envelope`` or raise the first failure's typed error.

        :raises MalformedEnvelopeError: sizes, or the inner message is not exactly one token.
        :raises WrongRecipientError: the envelope is addressed to another key.
        :raises ReflectedError: the envelope claims to come from our own key.
        :raises UnknownSenderError: the envelope sender is not trusted (no cryptography done).
        :raises UnsealError: the box does not open (forged, re-addressed or corrupted).
        :raises WiceError: the token's own errors (:meth:`Receiver.receive`); a token signed by
            another key than the envelope sender is :class:`WrongSenderError`.
        """
        envelope.check_sizes()
        if envelope.recipient != self._own:
            raise WrongRecipientError("envelope is addressed to another key")
        if envelope.sender == self._own:
            raise ReflectedError("envelope claims to come from our own key")
        sender = self._trusted.get(envelope.sender)
        if sender is None:
            raise UnknownSenderError("envelope sender is not a trusted WireGuard key")
        inner = self._boxes.open(sender, envelope.body, envelope.nonce)
        token = decode_inner_message(inner)
        return self._receiver.receive(token, expected_sender=sender)
