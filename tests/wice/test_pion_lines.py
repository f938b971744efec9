"""Candidate lines as pion/ice emits them: mDNS host names (opt-in) and TCP without tcptype."""

from __future__ import annotations

import aioice
import pytest

from tests.wice.support import FakeClock
from wice_candidates import (
    Candidate,
    CandidateType,
    MalformedCandidateError,
    NetworkType,
    Receiver,
    RelatedAddress,
    Sender,
)
from wice_candidates.ice import candidate_to_aioice
from xeddsa import PrivateKey, PublicKey

# pion's Marshal() form (no "candidate:" prefix, lower-case transport); UUID as pion generates.
MDNS_HOST = "3259440705 1 udp 2130706431 0a6b6d2f-6c35-4c51-9a3b-2c86d8e3f1a7.local 50302 typ host"
TCP_SRFLX = "842163049 1 tcp 1694498815 192.0.2.7 50303 typ srflx raddr 10.0.0.5 rport 50303"
TCP_RELAY = "1234 1 tcp 16777215 198.51.100.1 3478 typ relay raddr 192.0.2.7 rport 50304"


def test_mdns_host_candidate_needs_the_opt_in() -> None:
    with pytest.raises(MalformedCandidateError, match="mDNS"):
        Candidate.from_sdp(MDNS_HOST)
    candidate = Candidate.from_sdp(MDNS_HOST, allow_mdns=True)
    assert candidate.address == "0a6b6d2f-6c35-4c51-9a3b-2c86d8e3f1a7.local"
    assert candidate.type is CandidateType.HOST
    assert candidate.network_type is NetworkType.UDP4
    assert candidate.to_sdp(prefix=False) == MDNS_HOST
    assert Candidate.from_json(candidate.to_json(), allow_mdns=True) == candidate
    with pytest.raises(MalformedCandidateError):
        Candidate.from_json(candidate.to_json())


@pytest.mark.parametrize(
    "address",
    [
        "0A6B6D2F-6C35-4C51-9A3B-2C86D8E3F1A7.local",  # not the canonical lower case
        "0a6b6d2f-6c35-4c51-9a3b-2c86d8e3f1a7.local.",
        "printer.local",
        "0a6b6d2f-6c35-4c51-9a3b-2c86d8e3f1a7.example",
    ],
)
def test_other_host_names_stay_refused(address: str) -> None:
    line = MDNS_HOST.replace("0a6b6d2f-6c35-4c51-9a3b-2c86d8e3f1a7.local", address)
    with pytest.raises(MalformedCandidateError):
        Candidate.from_sdp(line, allow_mdns=True)


def test_mdns_name_only_for_host_candidates() -> None:
    with pytest.raises(MalformedCandidateError, match="host"):
        Candidate(
            type=CandidateType.SERVER_REFLEXIVE, network_type=NetworkType.UDP4, foundation="1",
            component=1, priority=1,
            address="0a6b6d2f-6c35-4c51-9a3b-2c86d8e3f1a7.local", port=1,
            related_address=RelatedAddress("10.0.0.1", 1),
        )  # fmt: skip


@pytest.mark.parametrize("line", [TCP_SRFLX, TCP_RELAY])
def test_non_host_tcp_without_tcptype(line: str) -> None:
    candidate = Candidate.from_sdp(line)
    assert candidate.network_type is NetworkType.TCP4 and candidate.tcp_type is None
    assert candidate.to_sdp(prefix=False) == line
    assert Candidate.from_json(candidate.to_json()) == candidate


def test_host_tcp_still_needs_tcptype() -> None:
    with pytest.raises(MalformedCandidateError, match="tcp_type"):
        Candidate.from_sdp("1 1 tcp 1 192.0.2.1 9 typ host")
    assert Candidate.from_sdp("1 1 tcp 1 192.0.2.1 9 typ host tcptype passive").tcp_type


def test_receiver_opt_in_and_aioice_gets_the_name(
    alice_key: PrivateKey, alice: PublicKey, bob: PublicKey, clock: FakeClock
) -> None:
    candidate = Candidate.from_sdp(MDNS_HOST, allow_mdns=True)
    token = Sender(alice_key, bob, clock=clock).candidate(candidate)
    with pytest.raises(MalformedCandidateError):
        Receiver(bob, [alice], clock=clock).receive(token)
    message = Receiver(bob, [alice], clock=clock, allow_mdns=True).receive(token)
    assert message.body == candidate
    converted = candidate_to_aioice(candidate)
    # aioice resolves the name itself (multicast DNS) when the candidate reaches an agent; that
    # traffic leaves loopback, so the tests stop at the conversion.
    assert isinstance(converted, aioice.Candidate) and converted.host == candidate.address
