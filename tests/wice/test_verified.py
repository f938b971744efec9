"""Only a Receiver makes the value an ICE endpoint applies: a plain Message is refused."""

from __future__ import annotations

import asyncio

import pytest

from tests.wice.support import WG_KEYS, FakeClock, RecordingAgent
from wice_candidates import (
    Credentials,
    Message,
    Receiver,
    Sender,
    VerifiedMessage,
    WireGuardConfigError,
    WrongSenderError,
    parse_wireguard_config,
)
from wice_candidates.ice import SignedIceEndpoint
from xeddsa import PrivateKey, PublicKey


async def _nothing(token: str) -> None:
    return None


def _endpoint(
    bob_key: PrivateKey, alice: PublicKey, clock: FakeClock
) -> tuple[SignedIceEndpoint, RecordingAgent]:
    spy = RecordingAgent()
    endpoint = SignedIceEndpoint(
        spy,
        Sender(bob_key, alice, clock=clock),
        Receiver(bob_key.public_key(), [alice], clock=clock),
        _nothing,
    )
    return endpoint, spy


def test_apply_refuses_an_unverified_message(
    bob_key: PrivateKey, alice: PublicKey, bob: PublicKey, clock: FakeClock
) -> None:
    endpoint, spy = _endpoint(bob_key, alice, clock)
    forged = Message(alice, bob, 1, 0, int(clock() * 1000), Credentials.generate())
    with pytest.raises(TypeError):
        asyncio.run(endpoint.apply(forged))  # type: ignore[arg-type]
    assert spy.remote_username is None and spy.remote_password is None


def test_verified_message_cannot_be_built_outside_a_receiver(
    alice: PublicKey, bob: PublicKey
) -> None:
    message = Message(alice, bob, 1, 0, 0, Credentials.generate())
    with pytest.raises(TypeError):
        VerifiedMessage(message)


def test_apply_refuses_a_verified_message_of_another_peer(
    bob_key: PrivateKey,
    alice: PublicKey,
    bob: PublicKey,
    carol_key: PrivateKey,
    clock: FakeClock,
) -> None:
    endpoint, spy = _endpoint(bob_key, alice, clock)
    from_carol = Receiver(bob, [carol_key.public_key()], clock=clock).receive(
        Sender(carol_key, bob, clock=clock).credentials(Credentials.generate())
    )
    with pytest.raises(WrongSenderError):
        asyncio.run(endpoint.apply(from_carol))
    assert spy.remote_username is None


def test_apply_accepts_what_the_receiver_verified(
    bob_key: PrivateKey, alice_key: PrivateKey, bob: PublicKey, clock: FakeClock
) -> None:
    endpoint, spy = _endpoint(bob_key, alice_key.public_key(), clock)
    creds = Credentials.generate()
    verified = Receiver(bob, [alice_key.public_key()], clock=clock).receive(
        Sender(alice_key, bob, clock=clock).credentials(creds)
    )
    asyncio.run(endpoint.apply(verified))
    assert (spy.remote_username, spy.remote_password) == (creds.ufrag, creds.pwd)


@pytest.mark.parametrize("line", ["Private\u212aey = {key}", "[\u212aeys]"])
def test_kelvin_sign_is_not_a_k(line: str) -> None:
    """`wg` compares names ASCII-case-insensitively; U+212A KELVIN SIGN lowercases to 'k'."""
    private, _ = WG_KEYS["alice"]
    text = f"[Interface]\n{line.format(key=private)}\n"
    with pytest.raises(WireGuardConfigError):
        parse_wireguard_config(text)
