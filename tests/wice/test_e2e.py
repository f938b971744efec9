"""End to end: two real aioice agents on 127.0.0.1 exchange only verified, signed ICE data.

Every forged, tampered, replayed, misaddressed or stale token travels over the same signaling
channel as the honest ones, raises its typed error, and never reaches the agent (a spy wraps
``add_remote_candidate`` and the remote credentials); ICE still completes with the honest tokens.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import aioice
import pytest

from tests.wice import tokens
from tests.wice.links import SpyAgent
from tests.wice.support import FakeClock
from wice_candidates import (
    BadSignatureError,
    Candidate,
    Credentials,
    ExpiredError,
    ReplayError,
    SenderMismatchError,
    UnknownSenderError,
    UnsupportedHeaderError,
    WiceError,
    WrongRecipientError,
)
from wice_candidates.demo import LoopbackSession
from wice_candidates.ice import loopback_host_addresses
from wice_candidates.sender import Sender
from xeddsa import PrivateKey

pytestmark = pytest.mark.network

TEST_TIMEOUT = 20.0
ROOT = Path(__file__).resolve().parents[2]


def _flip_payload(token: str, old: bytes, new: bytes) -> str:
    header, payload, signature = tokens.segments(token)
    assert old in payload
    return tokens.join(header, payload.replace(old, new, 1), signature)


async def _scenario(timings: dict[str, float]) -> None:
    spies: dict[int, SpyAgent] = {}

    def wrap(connection: aioice.Connection) -> SpyAgent:
        spies[id(connection)] = SpyAgent(connection)
        return spies[id(connection)]

    carol_key = PrivateKey.generate()  # trusted by both, but must not speak for alice
    session = LoopbackSession(wrap=wrap, extra_trusted=[carol_key.public_key()])
    alice, bob = session.alice, session.bob
    bob_spy = spies[id(bob.connection)]
    alice_spy = spies[id(alice.connection)]
    started = time.monotonic()
    try:
        await session.gather()
        timings["gather"] = time.monotonic() - started

        # -- attacker tokens, queued in bob's inbox *before* alice's honest ones -------------
        clock = time.time
        mallory = PrivateKey.generate()
        alice_forger = Sender(alice.private_key, bob.public_key, clock=clock, session=1)
        fake_creds = Credentials.generate()
        evil = Candidate.from_sdp("candidate:1 1 udp 2130706431 127.0.0.1 9 typ host")
        honest_evil = alice_forger.candidate(evil)
        by_mallory = Sender(mallory, bob.public_key, clock=clock).credentials(fake_creds)
        header, _, sig = tokens.segments(honest_evil)
        now_ms = int(time.time() * 1000)
        negatives: list[tuple[str, type[WiceError]]] = [
            # tampered: one byte of payload, header or signature
            (_flip_payload(honest_evil, b'"port":9', b'"port":8'), BadSignatureError),
            (
                tokens.join(
                    header.replace(b"XEd25519", b"XEd25518"), tokens.segments(honest_evil)[1], sig
                ),
                UnsupportedHeaderError,
            ),
            (
                tokens.join(
                    header, tokens.segments(honest_evil)[1], sig[:5] + bytes([sig[5] ^ 4]) + sig[6:]
                ),
                BadSignatureError,
            ),
            # forgery by an untrusted key, and by an untrusted key under alice's kid
            (by_mallory, UnknownSenderError),
            (
                tokens.join(tokens.header_for(alice.public_key), *tokens.segments(by_mallory)[1:]),
                BadSignatureError,
            ),
            # a trusted key (carol) claiming to be alice
            (
                tokens.signed(
                    carol_key,
                    tokens.header_for(carol_key.public_key()),
                    tokens.dumps(tokens.payload_obj(alice.public_key, bob.public_key, ts=now_ms)),
                ),
                SenderMismatchError,
            ),
            # really signed by alice, but addressed to carol
            (
                Sender(alice.private_key, carol_key.public_key(), clock=clock).credentials(
                    fake_creds
                ),
                WrongRecipientError,
            ),
            # really signed by alice, but ten minutes old
            (
                Sender(
                    alice.private_key, bob.public_key, clock=FakeClock(time.time() - 600), session=2
                ).credentials(fake_creds),
                ExpiredError,
            ),
        ]
        for token, _ in negatives:
            await bob.inbox.put(token)

        t0 = time.monotonic()
        await session.publish()
        await session.pump()
        timings["signaling"] = time.monotonic() - t0

        assert [type(e) for e in bob.rejected] == [error for _, error in negatives]
        assert alice.rejected == []
        # Only alice's honest data reached bob's agent, in order, exactly once.
        assert bob_spy.credential_writes == [
            ("ufrag", alice.credentials.ufrag),
            ("pwd", alice.credentials.pwd),
        ]
        expected = [c.to_sdp() for c in alice.connection.local_candidates]
        assert [c.to_sdp() if c else None for c in bob_spy.candidates] == [*expected, None]
        assert len(alice_spy.candidates) == len(bob.connection.local_candidates) + 1
        assert all(m.sender == alice.public_key for m in bob.accepted)

        # -- replays on the same channel after the honest exchange -----------------------------
        seen_creds = list(bob_spy.credential_writes)
        seen_cands = list(bob_spy.candidates)
        older_session = Sender(
            alice.private_key, bob.public_key, clock=clock, session=bob.accepted[0].session - 1
        ).credentials(fake_creds)
        for token, error in (
            (alice.sent[0], ReplayError),  # the very first message again
            (alice.sent[1], ReplayError),  # an older seq
            (alice.sent[-1], ReplayError),  # the last one again
            (older_session, ReplayError),  # an older session, freshly signed
        ):
            result = await session.deliver(bob, token)
            assert isinstance(result, error), result
        assert bob_spy.credential_writes == seen_creds
        assert bob_spy.candidates == seen_cands

        # -- ICE completes and a datagram round-trips ------------------------------------------
        t0 = time.monotonic()
        await session.connect()
        timings["connect"] = time.monotonic() - t0
        t0 = time.monotonic()
        assert await session.ping(b"hello through the signed pair") == (
            b"hello through the signed pair"
        )
        timings["datagram"] = time.monotonic() - t0
        for peer in session.peers:
            nominated = peer.connection._nominated[1]
            assert nominated.local_candidate.host == "127.0.0.1"
            assert nominated.remote_candidate.host == "127.0.0.1"
    finally:
        await session.close()
        timings["total"] = time.monotonic() - started


def test_ice_completes_with_only_verified_messages() -> None:
    timings: dict[str, float] = {}
    asyncio.run(asyncio.wait_for(_scenario(timings), TEST_TIMEOUT * 2))
    print("e2e timings (s):", json.dumps({k: round(v, 3) for k, v in timings.items()}))
    assert timings["total"] < TEST_TIMEOUT


async def _unverified_agent_never_connects() -> None:
    """Control experiment: without bob applying alice's data, ICE cannot complete."""
    session = LoopbackSession(timeout=2.0)
    try:
        await session.gather()
        # Bob only ever sees tampered copies of alice's tokens.
        await session.endpoint_of(session.alice).publish_connection(session.alice.connection)
        tampered = []
        for token in session.alice.sent:
            h, p, s = token.split(".")
            bad = bytearray(tokens.unb64(s))
            bad[0] ^= 1
            tampered.append(f"{h}.{p}.{tokens.b64(bytes(bad))}")
        for token in tampered:
            result = await session.deliver(session.bob, token)
            assert isinstance(result, BadSignatureError)
        assert session.bob.connection.remote_username is None
        assert session.bob.connection.remote_candidates == []
        with pytest.raises(ConnectionError):
            await asyncio.wait_for(session.bob.connection.connect(), 2.0)
    finally:
        await session.close()


def test_rejected_messages_leave_the_agent_unable_to_connect() -> None:
    asyncio.run(asyncio.wait_for(_unverified_agent_never_connects(), TEST_TIMEOUT))


def test_loopback_hook_is_restored_and_refuses_other_addresses() -> None:
    import aioice.ice

    original = aioice.ice.get_host_addresses
    with loopback_host_addresses(["127.0.0.1"]):
        assert aioice.ice.get_host_addresses(True, False) == ["127.0.0.1"]
        assert aioice.ice.get_host_addresses(False, True) == []
    assert aioice.ice.get_host_addresses is original
    for bad in (["192.0.2.1"], [], ["example.org"]):
        with pytest.raises(ValueError), loopback_host_addresses(bad):
            pass
    assert aioice.ice.get_host_addresses is original


def test_demo_command() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "wice_candidates", "demo", "--timeout", "20"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for expected in (
        "REJECTED UnknownSenderError",
        "REJECTED BadSignatureError",
        "REJECTED WrongRecipientError",
        "REJECTED DuplicateError",
        "verified Credentials",
        "verified Candidate",
        "verified EndOfCandidates",
        "ICE completed",
        "received datagram b'ping over ICE'",
        "demo: OK",
    ):
        assert expected in out, out
    print(f"demo subprocess: {elapsed:.2f} s")
