"""SignedIceEndpoint: verified remote credentials and candidates reach the ICE agent; nothing
else does."""

from __future__ import annotations

import asyncio

import pytest

from tests.wice.support import FakeClock, RecordingAgent
from wice_candidates import (
    Candidate,
    Credentials,
    IceRestartError,
    Receiver,
    Sender,
    WrongSenderError,
)
from wice_candidates.ice import SignedIceEndpoint, candidate_from_aioice
from xeddsa import PrivateKey, PublicKey


def test_endpoint_events_and_candidates_after_end_of_candidates(
    alice_to_bob: Sender, bob_receiver: Receiver, bob_key: PrivateKey, alice: PublicKey
) -> None:
    agent = RecordingAgent()
    sent: list[str] = []

    async def send(token: str) -> None:
        sent.append(token)

    bob_to_alice = Sender(bob_key, alice, session=1)
    endpoint = SignedIceEndpoint(agent, bob_to_alice, bob_receiver, send)
    credentials = Credentials("ufrag", "p" * 22)
    late = Candidate.from_sdp("candidate:9 1 udp 1 10.0.0.9 9 typ host")

    async def scenario() -> None:
        assert not endpoint.remote_credentials_received.is_set()
        await endpoint.handle(alice_to_bob.credentials(credentials))
        assert endpoint.remote_credentials_received.is_set()
        assert (agent.remote_username, agent.remote_password) == ("ufrag", "p" * 22)

        await endpoint.handle(alice_to_bob.candidate(HOST))
        await endpoint.handle(alice_to_bob.end_of_candidates())
        assert endpoint.remote_end_received.is_set()
        assert [c is None for c in agent.candidates] == [False, True]

        # RFC 8838 §14: verified, returned, but not applied to the agent.
        message = await endpoint.handle(alice_to_bob.candidate(late))
        assert message.body == late
        assert len(agent.candidates) == 2

        # Credentials are still applied after end-of-candidates.
        await endpoint.handle(alice_to_bob.credentials(Credentials("other", "q" * 22)))
        assert agent.remote_username == "other"

    asyncio.run(scenario())
    assert candidate_from_aioice(agent.candidates[0]) == HOST  # type: ignore[arg-type]
    assert sent == []


HOST = Candidate.from_sdp("candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host")


async def _noop_send(token: str) -> None:
    return None


def _setup() -> tuple[
    SignedIceEndpoint, RecordingAgent, Receiver, PrivateKey, PrivateKey, PrivateKey, FakeClock
]:
    me, alice, carol = PrivateKey.generate(), PrivateKey.generate(), PrivateKey.generate()
    clock = FakeClock()
    # The receiver trusts every [Peer], as WireGuardConfig.receiver() does.
    receiver = Receiver(me.public_key(), [alice.public_key(), carol.public_key()], clock=clock)
    agent = RecordingAgent()
    endpoint = SignedIceEndpoint(
        agent, Sender(me, alice.public_key(), clock=clock), receiver, _noop_send
    )
    return endpoint, agent, receiver, me, alice, carol, clock


def test_another_trusted_peer_cannot_reach_this_peers_agent() -> None:
    """Found in review; this test failed before the fix."""
    endpoint, agent, _, me, _, carol, clock = _setup()
    evil = Sender(carol, me.public_key(), clock=clock).credentials(
        Credentials("evilufrag", "x" * 22)
    )
    with pytest.raises(WrongSenderError):
        asyncio.run(endpoint.handle(evil))
    assert agent.remote_username is None and agent.candidates == []


def test_wrong_sender_leaves_the_replay_state_untouched() -> None:
    """Found in review; this test failed before the fix."""
    _, _, receiver, me, alice, carol, clock = _setup()
    token = Sender(carol, me.public_key(), clock=clock).credentials(Credentials("ufrag", "p" * 22))
    with pytest.raises(WrongSenderError):
        receiver.receive(token, expected_sender=alice.public_key())
    # Carol's first message is still fresh: nothing was recorded for her.
    assert receiver.receive(token).sender == carol.public_key()


def test_a_new_session_is_refused_by_a_live_agent_and_handed_back() -> None:
    """Found in review; this test failed before the fix."""
    endpoint, agent, _, me, alice, _, clock = _setup()
    sender = Sender(alice, me.public_key(), clock=clock)

    async def run() -> None:
        await endpoint.handle(sender.credentials(Credentials("ufrag1", "a" * 22)))
        await endpoint.handle(sender.end_of_candidates())
        clock.advance(1)
        sender.restart()
        with pytest.raises(IceRestartError) as info:
            await endpoint.handle(sender.credentials(Credentials("ufrag2", "b" * 22)))
        assert agent.remote_username == "ufrag1"  # the live agent is untouched
        fresh = RecordingAgent()
        new_endpoint = SignedIceEndpoint(fresh, endpoint._sender, endpoint._receiver, _noop_send)
        await new_endpoint.apply(info.value.message)  # type: ignore[arg-type]
        await new_endpoint.handle(sender.candidate(HOST))
        assert fresh.remote_username == "ufrag2" and len(fresh.candidates) == 1

    asyncio.run(run())
