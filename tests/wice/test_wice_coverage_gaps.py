"""Edge cases of wice_candidates that the example-driven suites do not reach.

Each test goes through a public entry point (the :class:`Candidate` constructor and converters,
:meth:`Receiver.receive`, :class:`Sender`, the WireGuard configuration loaders,
:class:`SignedIceEndpoint`) and asserts the exact typed outcome.
"""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import aioice
import pytest
from wice_support import WG_KEYS, FakeClock

from wice_candidates import (
    Candidate,
    CandidateType,
    Credentials,
    InputTooLargeError,
    MalformedCandidateError,
    MalformedTokenError,
    NetworkType,
    Receiver,
    RelatedAddress,
    Sender,
    WireGuardConfigError,
    load_wireguard_config,
    parse_wireguard_config,
)
from wice_candidates._strict import wireguard_key_bytes, wireguard_key_text
from wice_candidates.ice import SignedIceEndpoint
from wice_candidates.message import split_token
from wice_candidates.wgconfig import MAX_CONFIG_SIZE
from xeddsa import PrivateKey, PublicKey

HOST = Candidate(
    type=CandidateType.HOST,
    network_type=NetworkType.UDP4,
    foundation="1",
    component=1,
    priority=2130706431,
    address="10.0.0.1",
    port=8998,
)

# -- candidate model ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("type", 1, "type must be one of host, srflx, prflx, relay"),
        ("type", None, "type must be one of host, srflx, prflx, relay"),
        ("network_type", 4, "network_type must be one of udp4, udp6, tcp4, tcp6"),
        ("network_type", b"udp4", "network_type must be one of udp4, udp6, tcp4, tcp6"),
    ],
)
def test_enum_fields_refuse_non_string_values(field: str, value: object, message: str) -> None:
    fields: dict[str, object] = {
        "type": "host",
        "network_type": "udp4",
        "foundation": "1",
        "component": 1,
        "priority": 2130706431,
        "address": "10.0.0.1",
        "port": 8998,
    }
    assert Candidate(**fields) == HOST  # type: ignore[arg-type]
    fields[field] = value
    with pytest.raises(MalformedCandidateError, match=message):
        Candidate(**fields)  # type: ignore[arg-type]


def test_tcp_type_refuses_its_cunicu_number() -> None:
    with pytest.raises(
        MalformedCandidateError, match="tcp_type must be one of active, passive, so"
    ):
        Candidate(
            type="host",  # type: ignore[arg-type]
            network_type="tcp4",  # type: ignore[arg-type]
            foundation="1",
            component=1,
            priority=1,
            address="10.0.0.1",
            port=9,
            tcp_type=2,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("rport", ["x", "-1", "1.5", "123456"])
def test_from_sdp_refuses_non_decimal_rport(rport: str) -> None:
    line = f"candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.0.1 rport {rport}"
    with pytest.raises(MalformedCandidateError, match="rport must be a decimal number"):
        Candidate.from_sdp(line)
    good = Candidate.from_sdp(line.replace(f"rport {rport}", "rport 8998"))
    assert good.related_address == RelatedAddress("10.0.0.1", 8998)


@pytest.mark.parametrize("value", [HOST.to_cunicu().items(), [("type", 1)], "candidate", None, 1])
def test_from_cunicu_refuses_non_mapping(value: object) -> None:
    assert Candidate.from_cunicu(HOST.to_cunicu()) == HOST
    with pytest.raises(MalformedCandidateError, match="cunicu candidate must be a mapping"):
        Candidate.from_cunicu(value)  # type: ignore[arg-type]


def _aioice(**changes: object) -> aioice.Candidate:
    fields: dict[str, object] = {
        "foundation": "1",
        "component": 1,
        "transport": "udp",
        "priority": 2130706431,
        "host": "10.0.0.1",
        "port": 8998,
        "type": "host",
    }
    fields.update(changes)
    return aioice.Candidate(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("transport", ["sctp", "", "udp4", None, 17])
def test_from_aioice_refuses_other_transports(transport: object) -> None:
    assert Candidate.from_aioice(_aioice()) == HOST
    with pytest.raises(MalformedCandidateError, match="transport must be UDP or TCP"):
        Candidate.from_aioice(_aioice(transport=transport))


@pytest.mark.parametrize(
    "related",
    [{"related_address": "10.0.0.2"}, {"related_port": 4242}],
    ids=["address only", "port only"],
)
def test_from_aioice_refuses_half_a_related_address(related: dict[str, object]) -> None:
    candidate = _aioice(type="srflx", **related)
    with pytest.raises(MalformedCandidateError, match="related address and port must appear"):
        Candidate.from_aioice(candidate)
    complete = _aioice(type="srflx", related_address="10.0.0.2", related_port=4242)
    assert Candidate.from_aioice(complete).related_address == RelatedAddress("10.0.0.2", 4242)


# -- token splitting ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_non_ascii_byte_token_is_malformed(
    kind: type, alice_to_bob: Sender, bob_receiver: Receiver
) -> None:
    token = alice_to_bob.end_of_candidates().encode("ascii")
    # A Latin-1 byte in the signature segment (the rest is intact): refused before base64url.
    broken = kind(token[:-1] + b"\xe9")
    with pytest.raises(MalformedTokenError, match="token must be ASCII"):
        split_token(broken)
    with pytest.raises(MalformedTokenError, match="token must be ASCII"):
        bob_receiver.receive(broken)
    # The intact token, as the same buffer type, is accepted.
    assert bob_receiver.receive(kind(token)).sender == alice_to_bob.public_key


# -- Sender ---------------------------------------------------------------------------------------


def test_sender_argument_types(alice_key: PrivateKey, bob: PublicKey, clock: FakeClock) -> None:
    with pytest.raises(TypeError, match=r"Sender\(PrivateKey, PublicKey\)"):
        Sender(alice_key.public_key(), bob, clock=clock)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Sender\(PrivateKey, PublicKey\)"):
        Sender(alice_key, alice_key, clock=clock)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Sender\(PrivateKey, PublicKey\)"):
        Sender(WG_KEYS["alice"][0], bob, clock=clock)  # type: ignore[arg-type]


@pytest.mark.parametrize("session", [-1, 2**53, True, 1.0, "5"])
def test_sender_session_range(
    session: object, alice_key: PrivateKey, bob: PublicKey, clock: FakeClock
) -> None:
    with pytest.raises(ValueError, match="session must be an integer in 0"):
        Sender(alice_key, bob, clock=clock, session=session)  # type: ignore[arg-type]
    assert Sender(alice_key, bob, clock=clock, session=2**53 - 1).session == 2**53 - 1
    assert Sender(alice_key, bob, clock=clock, session=0).session == 0


def test_sender_clock_before_the_epoch_is_refused(alice_key: PrivateKey, bob: PublicKey) -> None:
    with pytest.raises(ValueError, match="session must be an integer in 0"):
        Sender(alice_key, bob, clock=lambda: -1.0)


def test_sender_public_key_is_the_token_kid(
    alice_to_bob: Sender, alice_key: PrivateKey, alice: PublicKey
) -> None:
    assert alice_to_bob.public_key == alice == alice_key.public_key()
    parsed = split_token(alice_to_bob.end_of_candidates())
    assert parsed.kid == alice_to_bob.public_key.public_bytes()


# -- WireGuard configuration ----------------------------------------------------------------------

ALICE_PRIV = WG_KEYS["alice"][0]


@pytest.mark.parametrize(
    "line", ["ListenPort 51820", "PrivateKey", "Endpoint: 192.0.2.1:51820"], ids=repr
)
def test_config_setting_without_equals_sign(line: str) -> None:
    text = f"[Interface]\nPrivateKey = {ALICE_PRIV}\n{line}\n"
    with pytest.raises(WireGuardConfigError, match="line 3: expected Key = Value"):
        parse_wireguard_config(text)
    assert parse_wireguard_config(f"[Interface]\nPrivateKey = {ALICE_PRIV}\n").peers == ()


def test_config_file_over_the_size_limit(tmp_path: Path) -> None:
    config = f"[Interface]\nPrivateKey = {ALICE_PRIV}\n"
    path = tmp_path / "wg0.conf"
    path.write_text(config + "#" * (MAX_CONFIG_SIZE + 1 - len(config)))
    path.chmod(0o600)
    with pytest.raises(InputTooLargeError, match=f"larger than {MAX_CONFIG_SIZE} bytes"):
        load_wireguard_config(path)
    # Exactly at the limit the file is read and parsed.
    path.write_text(config + "#" * (MAX_CONFIG_SIZE - len(config)))
    loaded = load_wireguard_config(path)
    assert loaded.private_key.public_key() == PrivateKey.from_wireguard(ALICE_PRIV).public_key()


# -- WireGuard key text ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(WG_KEYS))
def test_wireguard_key_text_matches_wg_output(name: str) -> None:
    private_text, public_text = WG_KEYS[name]
    raw = wireguard_key_bytes(public_text, ValueError, "k")
    assert wireguard_key_text(raw) == public_text  # the `wg pubkey` output, byte for byte
    assert wireguard_key_text(raw) == PublicKey.from_wireguard(public_text).to_wireguard()
    assert wireguard_key_text(wireguard_key_bytes(private_text, ValueError, "k")) == private_text
    assert wireguard_key_text(bytes(32)) == base64.b64encode(bytes(32)).decode()


# -- SignedIceEndpoint ----------------------------------------------------------------------------


class RecordingAgent:
    """An IceAgent that records what verified remote data did to it."""

    def __init__(self) -> None:
        self.remote_username: str | None = None
        self.remote_password: str | None = None
        self.candidates: list[aioice.Candidate | None] = []

    async def add_remote_candidate(self, remote_candidate: aioice.Candidate | None) -> None:
        self.candidates.append(remote_candidate)


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
    assert Candidate.from_aioice(agent.candidates[0]) == HOST  # type: ignore[arg-type]
    assert sent == []
