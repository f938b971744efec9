"""Regression tests for review findings in wice_candidates; each failed before its fix."""

from __future__ import annotations

import asyncio

import aioice
import pytest
from wice_support import FakeClock

from wice_candidates import (
    Candidate,
    Credentials,
    IceRestartError,
    MalformedCandidateError,
    Receiver,
    Sender,
    WrongSenderError,
)
from wice_candidates.ice import SignedIceEndpoint
from xeddsa import PrivateKey


class RecordingAgent:
    """An IceAgent that records every write remote data makes."""

    def __init__(self) -> None:
        self.remote_username: str | None = None
        self.remote_password: str | None = None
        self.candidates: list[aioice.Candidate | None] = []

    async def add_remote_candidate(self, remote_candidate: aioice.Candidate | None) -> None:
        self.candidates.append(remote_candidate)


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
    endpoint, agent, _, me, _, carol, clock = _setup()
    evil = Sender(carol, me.public_key(), clock=clock).credentials(
        Credentials("evilufrag", "x" * 22)
    )
    with pytest.raises(WrongSenderError):
        asyncio.run(endpoint.handle(evil))
    assert agent.remote_username is None and agent.candidates == []


def test_wrong_sender_leaves_the_replay_state_untouched() -> None:
    _, _, receiver, me, alice, carol, clock = _setup()
    token = Sender(carol, me.public_key(), clock=clock).credentials(Credentials("ufrag", "p" * 22))
    with pytest.raises(WrongSenderError):
        receiver.receive(token, expected_sender=alice.public_key())
    # Carol's first message is still fresh: nothing was recorded for her.
    assert receiver.receive(token).sender == carol.public_key()


def test_a_new_session_is_refused_by_a_live_agent_and_handed_back() -> None:
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


@pytest.mark.parametrize(
    "address", ["::ffff:1.2.3.4", "::ffff:7f00:1", "::1.2.3.4", "::7f00:1"]
)
def test_ipv4_mapped_and_compatible_ipv6_addresses_are_refused(address: str) -> None:
    with pytest.raises(MalformedCandidateError, match="IPv4-mapped"):
        Candidate.from_sdp(f"1 1 udp 1 {address} 1 typ host")
    with pytest.raises(MalformedCandidateError, match="IPv4-mapped"):
        Candidate.from_sdp(f"1 1 udp 1 2001:db8::1 1 typ srflx raddr {address} rport 2")


@pytest.mark.parametrize("address", ["::1", "::", "2001:db8::1", "fe80::1"])
def test_ordinary_ipv6_addresses_still_parse(address: str) -> None:
    assert Candidate.from_sdp(f"1 1 udp 1 {address} 1 typ host").address == address


def test_a_mixed_order_key_imported_without_subgroup_check_is_not_trusted() -> None:
    from xeddsa import InvalidKey, PublicKey
    from xeddsa.curve import EdwardsPoint, edwards_to_u
    from xeddsa.curve.montgomery import u_to_y

    order8_u = 325606250916557431795983626356110631294008115727848805560023387167927233504
    torsion = EdwardsPoint.from_y_and_sign(u_to_y(order8_u), 0)
    assert torsion is not None
    u = edwards_to_u(EdwardsPoint.base_mul(99) + torsion).to_bytes(32, "little")
    mixed = PublicKey.from_public_bytes(u, check_subgroup=False)
    with pytest.raises(InvalidKey, match="subgroup"):
        Receiver(PrivateKey.generate().public_key(), [mixed])


@pytest.mark.parametrize("space", ["\u00a0", "\u000b", "\u000c"])
def test_non_ascii_whitespace_around_a_config_key_is_refused(space: str) -> None:
    from wice_candidates import WireGuardConfigError, parse_wireguard_config

    key = PrivateKey.generate()
    text = f"[Interface]\nPrivateKey = {key.to_wireguard()}{space}\n"
    with pytest.raises(WireGuardConfigError) as info:
        parse_wireguard_config(text)
    assert key.to_wireguard() not in str(info.value)
