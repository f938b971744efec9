"""The gRPC signaling channel: cunicu's server behaviour, bounds, the client, fault injection.

Everything runs on 127.0.0.1 with servers started and stopped by the tests.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc
import grpc.aio
import pytest

from wice_candidates import Credentials, MalformedEnvelopeError, SignalingError
from wice_candidates.cli import PROG, main
from wice_candidates.envelope import SealedEnvelope, encode_inner_message
from wice_candidates.signaling import SERVICE
from wice_candidates.signaling import cunicu_signaling_pb2 as pb
from wice_candidates.signaling.client import GrpcSignaling, parse_signaling_url
from wice_candidates.signaling.faults import FaultInjection, parse_fault_injection
from wice_candidates.signaling.server import SignalingServer, running_server
from xeddsa import PrivateKey, PublicKey

pytestmark = pytest.mark.network

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 10.0


def _run(coro: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(coro(), 30))


def _envelope(sender: PublicKey, recipient: PublicKey, body: bytes = b"x" * 40) -> SealedEnvelope:
    return SealedEnvelope(sender.public_bytes(), recipient.public_bytes(), body, bytes(24))


def test_inner_message_matches_the_proto_field_100() -> None:
    for size in (1, 5, 200, 16384):  # proto3 omits an empty field; tokens are never empty
        token = bytes([0x41 + size % 26]) * size
        assert encode_inner_message(token) == pb.Message(wice_token=token).SerializeToString()
    assert pb.Message.DESCRIPTOR.fields_by_name["wice_token"].number == 100
    assert pb.Envelope.DESCRIPTOR.full_name == "cunicu.signaling.Envelope"
    numbers = {f.name: f.number for f in pb.Envelope.DESCRIPTOR.fields}
    assert numbers == {"sender": 1, "recipient": 2, "contents": 3}
    assert pb.DESCRIPTOR.services_by_name["Signaling"].full_name == SERVICE


def test_cunicu_fields_in_message_are_reserved_not_reused() -> None:
    """A cunicu Message (credentials = field 1) is not a wice token, and vice versa."""
    cunicu_like = b"\x0a\x04\x0a\x02ab"  # field 1 (credentials), a nested ufrag
    parsed = pb.Message.FromString(cunicu_like)
    assert parsed.wice_token == b""
    from wice_candidates.envelope import decode_inner_message

    with pytest.raises(MalformedEnvelopeError):
        decode_inner_message(cunicu_like)


def test_sync_envelope_routing_and_no_buffering() -> None:
    alice, bob, carol = (PrivateKey.generate().public_key() for _ in range(3))

    async def scenario() -> None:
        server = SignalingServer()
        async with running_server(server) as port:
            url = f"grpc://127.0.0.1:{port}"
            # Published before anyone subscribed to bob: not buffered.
            early = await GrpcSignaling.connect(url, carol)
            await early.publish(_envelope(alice, bob, b"e" * 40))
            bob_client = await GrpcSignaling.connect(url, bob)  # returns after the sync envelope
            carol_client = early
            assert server.subscriber_count(bob.public_bytes()) == 1
            await carol_client.publish(_envelope(alice, bob, b"1" * 40))
            await carol_client.publish(_envelope(alice, carol, b"c" * 40))
            await carol_client.publish(_envelope(alice, bob, b"2" * 40))
            first = await asyncio.wait_for(bob_client.receive(), TIMEOUT)
            second = await asyncio.wait_for(bob_client.receive(), TIMEOUT)
            assert (first.body, second.body) == (b"1" * 40, b"2" * 40)  # order kept, topic only
            mine = await asyncio.wait_for(carol_client.receive(), TIMEOUT)
            assert mine.body == b"c" * 40
            assert server.stats.published == 4 and server.stats.delivered == 3
            await bob_client.close()
            await carol_client.close()
            for _ in range(100):
                if not server.subscriber_count(bob.public_bytes()):
                    break
                await asyncio.sleep(0.01)
            assert server.subscriber_count(bob.public_bytes()) == 0

    _run(scenario)


def test_server_refuses_malformed_requests_and_too_many_subscribers() -> None:
    alice, bob = (PrivateKey.generate().public_key() for _ in range(2))

    async def scenario() -> None:
        server = SignalingServer(max_per_topic=1)
        async with running_server(server) as port:
            url = f"grpc://127.0.0.1:{port}"
            client = await GrpcSignaling.connect(url, bob)
            with pytest.raises(SignalingError, match="RESOURCE_EXHAUSTED"):
                await GrpcSignaling.connect(url, bob)
            bad = SealedEnvelope(b"\x01" * 31, bob.public_bytes(), b"x" * 40, bytes(24))
            with pytest.raises(SignalingError, match="INVALID_ARGUMENT"):
                await client.publish(bad)
            too_big = _envelope(alice, bob, b"x" * (17 * 1024))
            with pytest.raises(SignalingError):
                await client.publish(too_big)
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                subscribe = channel.unary_stream(
                    f"/{SERVICE}/Subscribe",
                    request_serializer=pb.SubscribeParams.SerializeToString,
                    response_deserializer=pb.Envelope.FromString,
                )
                call = subscribe(pb.SubscribeParams(key=b"short"))
                with pytest.raises(grpc.RpcError) as caught:
                    await call.read()
                assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
                info = channel.unary_unary(
                    f"/{SERVICE}/GetBuildInfo",
                    request_serializer=pb.Empty.SerializeToString,
                    response_deserializer=pb.BuildInfo.FromString,
                )
                assert (await info(pb.Empty())).version == "wice-candidates"
            assert server.stats.refused == 3
            await client.close()

    _run(scenario)


def test_slow_subscriber_loses_only_its_own_overflow() -> None:
    alice, bob = (PrivateKey.generate().public_key() for _ in range(2))

    async def scenario() -> None:
        server = SignalingServer(queue_size=4)
        async with running_server(server) as port:
            client = await GrpcSignaling.connect(f"grpc://127.0.0.1:{port}", bob)
            # Fill the queue faster than anyone reads: route directly (no network timing).
            for i in range(50):
                server._deliver(
                    pb.Envelope(
                        sender=alice.public_bytes(),
                        recipient=bob.public_bytes(),
                        contents=pb.EncryptedMessage(body=bytes([i]) * 20, nonce=bytes(24)),
                    )
                )
            assert server.stats.dropped_slow_subscriber >= 50 - 4 - 1
            await client.close()

    _run(scenario)


def test_unreachable_server_is_a_signaling_error() -> None:
    key = PrivateKey.generate().public_key()

    async def scenario() -> None:
        with pytest.raises(SignalingError, match="cannot subscribe"):
            await GrpcSignaling.connect("grpc://127.0.0.1:9", key, timeout=1.0)

    _run(scenario)


@pytest.mark.parametrize(
    ("url", "target", "insecure"),
    [
        ("grpc://127.0.0.1:8080", "127.0.0.1:8080", True),
        ("grpc://[::1]:8080", "[::1]:8080", True),
        ("grpc://signal.example.com:443", "signal.example.com:443", False),
        ("grpc://signal.example.com", "signal.example.com:443", False),
        ("grpc://localhost:8080?insecure=true", "localhost:8080", True),
    ],
)
def test_signaling_urls(url: str, target: str, insecure: bool) -> None:
    parsed = parse_signaling_url(url)
    assert (parsed.target, parsed.insecure) == (target, insecure)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:1", "grpc://", "grpc://h:99999", "grpc://h:1/path", "127.0.0.1:1"]
)
def test_bad_signaling_urls(url: str) -> None:
    with pytest.raises(SignalingError):
        parse_signaling_url(url)


def test_fault_injection_spec() -> None:
    faults = parse_fault_injection("drop=0.2,duplicate=0.2,reorder=0.3,delay=5,seed=7")
    assert (faults.drop, faults.duplicate, faults.reorder, faults.delay_ms, faults.seed) == (
        0.2,
        0.2,
        0.3,
        5,
        7,
    )
    again = parse_fault_injection("seed=7,drop=0.2,duplicate=0.2,reorder=0.3,delay=5")
    assert [faults.decide() for _ in range(50)] == [again.decide() for _ in range(50)]
    decisions = [FaultInjection(drop=0.5, seed=1).decide() for _ in range(1)]
    assert decisions[0].copies in (0, 1)
    for bad in ("drop=2", "drop=nan", "bogus=1", "drop=0.1,drop=0.2", "delay=x", "drop", ""):
        with pytest.raises(SignalingError):
            parse_fault_injection(bad)


def test_fault_injection_drops_duplicates_and_reorders() -> None:
    alice, bob = (PrivateKey.generate().public_key() for _ in range(2))

    async def scenario() -> None:
        faults = FaultInjection(drop=0.2, duplicate=0.2, reorder=0.3, seed=3)
        server = SignalingServer(faults=faults)
        async with running_server(server) as port:
            url = f"grpc://127.0.0.1:{port}"
            client = await GrpcSignaling.connect(url, bob)
            for i in range(60):
                await client.publish(_envelope(alice, bob, i.to_bytes(2, "big") * 20))
            received: list[int] = []
            while True:
                try:
                    item = await asyncio.wait_for(client.receive(), 0.5)
                except TimeoutError:
                    break
                received.append(int.from_bytes(item.body[:2], "big"))
            await client.close()
        assert server.stats.dropped_by_fault > 0
        assert len(received) != len(set(received))  # duplicates
        assert received != sorted(received)  # reordered
        assert len(set(received)) == 60 - server.stats.dropped_by_fault

    _run(scenario)


def test_help_names_the_command_and_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert capsys.readouterr().out.startswith(f"usage: {PROG} ")
    for command in ("demo", "signal", "connect"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert f"usage: {PROG} {command}" in text
        examples = text.split("examples:")[1]
        assert 1 <= examples.count(f"{PROG} {command}") <= 2


def test_connect_reports_bad_inputs_in_one_line(tmp_path: Path) -> None:
    conf = tmp_path / "a.conf"
    key = PrivateKey.generate()
    peer = PrivateKey.generate().public_key().to_wireguard()
    conf.write_text(f"[Interface]\nPrivateKey = {key.to_wireguard()}\n[Peer]\nPublicKey = {peer}\n")
    conf.chmod(0o600)
    other = PrivateKey.generate().public_key().to_wireguard()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cases = [
        (["--config", str(tmp_path / "missing.conf"), "--peer", peer], 2, "cannot read"),
        (["--config", str(conf), "--peer", "nope"], 2, "not a WireGuard public key"),
        (["--config", str(conf), "--peer", other], 2, "not a [Peer]"),
        (["--config", str(conf), "--peer", peer, "--signal", "http://x"], 1, "grpc://HOST:PORT"),
    ]
    for extra, status, reason in cases:
        args = ["--signal", "grpc://127.0.0.1:9", *extra] if "--signal" not in extra else extra
        result = subprocess.run(
            [sys.executable, "-m", "wice_candidates", "connect", *args, "--timeout", "3"],
            capture_output=True, text=True, timeout=60, env=env, check=False,
        )  # fmt: skip
        assert result.returncode == status, result.stderr
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith(f"{PROG}: ") and reason in last, result.stderr
        assert key.to_wireguard() not in result.stderr + result.stdout


def test_credentials_never_show_the_password() -> None:
    creds = Credentials.generate()
    assert creds.pwd not in repr(creds)
