"""A mallory process on the (unauthenticated) signaling server attacks two running peers.

Replayed, reflected, re-addressed, reordered and injected envelopes each get their typed error;
a spy on both agents proves that nothing reached them meanwhile and that every write before came
from the honest peer; no envelope mallory captured contains an ICE password or ufrag.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.wice.links import Side, close_side, exchange_datagrams, start_side
from wice_candidates import (
    DuplicateError,
    ReflectedError,
    UnknownSenderError,
    UnsealError,
)
from wice_candidates.signaling import cunicu_signaling_pb2 as pb
from wice_candidates.signaling.server import SignalingServer, running_server
from xeddsa import PrivateKey

pytestmark = pytest.mark.network

ROOT = Path(__file__).resolve().parents[2]
MALLORY = Path(__file__).with_name("mallory.py")


def _read_captured(path: Path) -> list[bytes]:
    data = path.read_bytes()
    items = []
    while data:
        size = int.from_bytes(data[:4], "big")
        items.append(data[4 : 4 + size])
        data = data[4 + size :]
    return items


def test_mallory_gets_a_typed_error_for_every_attack(tmp_path: Path) -> None:
    out = tmp_path / "captured.bin"

    async def scenario() -> tuple[Side, Side, str]:
        alice, bob = Side(PrivateKey.generate()), Side(PrivateKey.generate())
        carol = PrivateKey.generate().public_key()  # a third trusted peer, not running
        a_pub, b_pub = alice.key.public_key(), bob.key.public_key()
        server = SignalingServer()
        async with running_server(server) as port:
            url = f"grpc://127.0.0.1:{port}"
            mallory = await asyncio.create_subprocess_exec(
                sys.executable, str(MALLORY), str(port),
                a_pub.to_wireguard(), b_pub.to_wireguard(), carol.to_wireguard(), str(out),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
            assert mallory.stdin is not None and mallory.stdout is not None
            try:
                ready = await asyncio.wait_for(mallory.stdout.readline(), 20)
                assert ready == b"ready\n"
                link_a = await start_side(alice, b_pub, url, trusted=[b_pub, carol])
                link_b = await start_side(bob, a_pub, url, trusted=[a_pub, carol])
                await asyncio.wait_for(asyncio.gather(link_a.run(), link_b.run()), 20)
                await exchange_datagrams(link_a, link_b, 10)
                before = (list(alice.writes), list(bob.writes))
                rejected_before = (len(link_a.rejected), len(link_b.rejected))
                mallory.stdin.write(b"attack\n")
                await mallory.stdin.drain()
                report = (await asyncio.wait_for(mallory.stdout.read(), 20)).decode()
                assert await asyncio.wait_for(mallory.wait(), 20) == 0
                for _ in range(100):  # let the last attacks arrive (bounded)
                    if len(link_a.rejected) + len(link_b.rejected) >= sum(rejected_before) + 8:
                        break
                    await asyncio.sleep(0.02)
                # The spy: not one write into either agent during the attack.
                assert (alice.writes, bob.writes) == before
                return alice, bob, report
            finally:
                if mallory.returncode is None:
                    mallory.kill()
                    await mallory.wait()
                await close_side(alice)
                await close_side(bob)

    alice, bob, report = asyncio.run(scenario())
    assert alice.link is not None and bob.link is not None
    assert "done" in report
    on_alice = Counter(type(e) for e in alice.link.rejected)
    on_bob = Counter(type(e) for e in bob.link.rejected)
    assert on_alice[ReflectedError] == 1  # reflect
    assert on_alice[DuplicateError] >= 3  # reorder (3 old envelopes, reversed)
    assert on_bob[DuplicateError] >= 1  # replay
    assert on_bob[UnsealError] == 2  # re-address (sender = carol) and injected garbage
    assert on_bob[UnknownSenderError] == 1  # injected by mallory's own key
    # Every write into an agent is the honest peer's data.
    for me, other in ((alice, bob), (bob, alice)):
        assert other.link is not None
        honest = {c.ufrag for c in other.link.local_credentials} | {
            c.pwd for c in other.link.local_credentials
        }
        for kind, value in me.writes:
            if kind in ("ufrag", "pwd"):
                assert value in honest
        assert any(kind == "pwd" for kind, _ in me.writes)
    # Nothing mallory captured contains an ICE password or ufrag.
    captured = _read_captured(out)
    assert len(captured) >= 4
    for raw in captured:
        envelope = pb.Envelope.FromString(raw)
        assert len(envelope.sender) == len(envelope.recipient) == 32
        for link in (alice.link, bob.link):
            for creds in link.local_credentials:
                assert creds.pwd.encode() not in raw and creds.ufrag.encode() not in raw
