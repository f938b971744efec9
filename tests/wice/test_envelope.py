"""Sealed envelopes: sign-then-seal, cunicu's NaCl box, and the typed error of each misuse."""

from __future__ import annotations

import dataclasses

import nacl.public
import pytest

from tests.wice.support import FakeClock
from wice_candidates import (
    Credentials,
    DuplicateError,
    MalformedEnvelopeError,
    ReflectedError,
    Sender,
    UnknownSenderError,
    UnsealError,
    WrongRecipientError,
    WrongSenderError,
)
from wice_candidates.envelope import (
    EnvelopeOpener,
    EnvelopeSealer,
    SealedEnvelope,
    decode_inner_message,
    encode_inner_message,
)
from wice_candidates.receiver import Receiver
from xeddsa import PrivateKey, PublicKey


@pytest.fixture
def alice_sealer(alice_key: PrivateKey) -> EnvelopeSealer:
    return EnvelopeSealer(alice_key)


@pytest.fixture
def bob_opener(
    bob_key: PrivateKey, alice: PublicKey, carol: PublicKey, clock: FakeClock
) -> EnvelopeOpener:
    return EnvelopeOpener(bob_key, Receiver(bob_key.public_key(), [alice, carol], clock=clock))


def _sealed_creds(
    alice_key: PrivateKey, to: PublicKey, clock: FakeClock, creds: Credentials
) -> SealedEnvelope:
    token = Sender(alice_key, to, clock=clock, session=7).credentials(creds)
    return EnvelopeSealer(alice_key).seal(token, to)


def test_round_trip_and_no_password_in_the_clear(
    alice_key: PrivateKey, bob: PublicKey, bob_opener: EnvelopeOpener, clock: FakeClock
) -> None:
    creds = Credentials.generate()
    envelope = _sealed_creds(alice_key, bob, clock, creds)
    assert envelope.sender == alice_key.public_key().public_bytes()
    assert envelope.recipient == bob.public_bytes()
    wire = envelope.sender + envelope.recipient + envelope.body + envelope.nonce
    assert creds.pwd.encode() not in wire and creds.ufrag.encode() not in wire
    message = bob_opener.open(envelope)
    assert message.body == creds and message.sender == alice_key.public_key()


def test_box_is_cunicus_nacl_box(
    alice_key: PrivateKey, bob_key: PrivateKey, clock: FakeClock
) -> None:
    """body = NaCl box(inner, nonce, their_pk, our_sk), as cunicu's EncryptedMessage.Marshal."""
    envelope = _sealed_creds(alice_key, bob_key.public_key(), clock, Credentials.generate())
    box = nacl.public.Box(
        nacl.public.PrivateKey(bob_key.private_bytes()),
        nacl.public.PublicKey(alice_key.public_key().public_bytes()),
    )
    inner = box.decrypt(envelope.body, envelope.nonce)
    assert inner[:2] == bytes([0xA2, 0x06])  # field 100, wire type 2
    assert decode_inner_message(inner).count(b".") == 2  # a compact JWS


def test_reflected_envelope(
    alice_key: PrivateKey, bob: PublicKey, clock: FakeClock, carol: PublicKey
) -> None:
    """Swapping sender and recipient opens the box (same shared key) but is ReflectedError."""
    envelope = _sealed_creds(alice_key, bob, clock, Credentials.generate())
    reflected = dataclasses.replace(envelope, sender=envelope.recipient, recipient=envelope.sender)
    alice_opener = EnvelopeOpener(alice_key, Receiver(alice_key.public_key(), [bob, carol]))
    with pytest.raises(ReflectedError):
        alice_opener.open(reflected)


def test_re_addressed_envelopes(
    alice_key: PrivateKey,
    bob: PublicKey,
    carol_key: PrivateKey,
    bob_opener: EnvelopeOpener,
    clock: FakeClock,
) -> None:
    carol = carol_key.public_key()
    to_bob = _sealed_creds(alice_key, bob, clock, Credentials.generate())
    # The recipient field changed: bob refuses before any cryptography.
    with pytest.raises(WrongRecipientError):
        bob_opener.open(dataclasses.replace(to_bob, recipient=carol.public_bytes()))
    # Delivered to carol with her key as recipient: the box does not open for her.
    carol_opener = EnvelopeOpener(carol_key, Receiver(carol, [alice_key.public_key(), bob]))
    with pytest.raises(UnsealError):
        carol_opener.open(dataclasses.replace(to_bob, recipient=carol.public_bytes()))
    # The sender field changed to another trusted key: the box does not open either.
    with pytest.raises(UnsealError):
        bob_opener.open(dataclasses.replace(to_bob, sender=carol.public_bytes()))
    # Carol (trusted by bob) re-seals a token alice signed for carol: the signed recipient
    # is carol, so bob refuses it; a token alice signed for bob, re-sealed by carol, names
    # alice as signer while the envelope names carol.
    for_carol = Sender(alice_key, carol, clock=clock).credentials(Credentials.generate())
    with pytest.raises(WrongRecipientError):
        bob_opener.open(EnvelopeSealer(carol_key).seal(for_carol, bob))
    for_bob = Sender(alice_key, bob, clock=clock).credentials(Credentials.generate())
    with pytest.raises(WrongSenderError):
        bob_opener.open(EnvelopeSealer(carol_key).seal(for_bob, bob))


def test_injected_and_replayed_envelopes(
    alice_key: PrivateKey, bob: PublicKey, bob_opener: EnvelopeOpener, clock: FakeClock
) -> None:
    mallory = PrivateKey.generate()
    token = Sender(mallory, bob, clock=clock).credentials(Credentials.generate())
    with pytest.raises(UnknownSenderError):
        bob_opener.open(EnvelopeSealer(mallory).seal(token, bob))
    envelope = _sealed_creds(alice_key, bob, clock, Credentials.generate())
    forged = dataclasses.replace(envelope, body=bytes(len(envelope.body)))
    with pytest.raises(UnsealError):
        bob_opener.open(forged)
    bob_opener.open(envelope)
    with pytest.raises(DuplicateError):
        bob_opener.open(envelope)


@pytest.mark.parametrize(
    ("field", "value"),
    [("sender", b"\x01" * 31), ("recipient", b""), ("nonce", b"\x00" * 23), ("body", b"x" * 16)],
)
def test_malformed_envelope_sizes(
    alice_key: PrivateKey,
    bob: PublicKey,
    bob_opener: EnvelopeOpener,
    clock: FakeClock,
    field: str,
    value: bytes,
) -> None:
    envelope = _sealed_creds(alice_key, bob, clock, Credentials.generate())
    with pytest.raises(MalformedEnvelopeError):
        bob_opener.open(dataclasses.replace(envelope, **{field: value}))


@pytest.mark.parametrize(
    "inner",
    [
        b"",
        b"\x0a\x00",  # cunicu credentials (field 1), no token
        b"\xa2\x06\x05abc",  # length past the end
        b"\xa2\x06\x01a\x00",  # trailing bytes
        b"\xa2\x06\x81\x00a",  # non-minimal varint
        b"\xa2\x06\xff\xff\xff\xff\xff",  # truncated / oversized varint
        b"\xa2\x06" + b"\x80\x80\x02" + b"a" * 32768,  # longer than a token may be
    ],
)
def test_malformed_inner_message(inner: bytes) -> None:
    with pytest.raises(MalformedEnvelopeError):
        decode_inner_message(inner)


def test_inner_message_encoding_lengths() -> None:
    for size in (0, 1, 127, 128, 300, 16384):
        token = b"t" * size
        assert decode_inner_message(encode_inner_message(token)) == token


def test_sealed_by_an_inner_non_token(
    alice_key: PrivateKey, bob_key: PrivateKey, bob_opener: EnvelopeOpener
) -> None:
    from wice_candidates.sealing import BoxCache

    body, nonce = BoxCache(alice_key).seal(bob_key.public_key(), b"\x0a\x00")
    envelope = SealedEnvelope(
        alice_key.public_key().public_bytes(), bob_key.public_key().public_bytes(), body, nonce
    )
    with pytest.raises(MalformedEnvelopeError):
        bob_opener.open(envelope)
    assert "BoxCache(<" in repr(BoxCache(alice_key))


def test_reflected_is_also_an_unknown_sender() -> None:
    """Our own key is never a trusted sender: code that catches UnknownSenderError still works."""
    assert issubclass(ReflectedError, UnknownSenderError)
    from wice_candidates import MisaddressedError

    assert issubclass(ReflectedError, MisaddressedError)
