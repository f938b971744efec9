"""wice_candidates: the receiver's whole path vs a bare verify, and the reference server's relay.

(a) Opening one sealed envelope (size checks, NaCl box open, inner message, token split, strict
    XEdDSA verify, strict JSON + schema, addressing, timestamp, anti-replay window) against a bare
    ``PublicKey.verify`` of the same token's signature over its signing input, interleaved in one
    process. Target: at most 1.6 x.
(b) Envelopes relayed per second by ``SignalingServer`` on 127.0.0.1 with 2 and with 100
    subscribers on one topic (each published envelope is delivered to every subscriber); an
    absolute figure for this machine, reported, not checked against a target.

Every envelope carries a distinct (session, seq), so no call is a replay; when the pool is used
up, the next call switches to a fresh receiver (the window would refuse a second pass).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from _harness import Run, bench_min_batch_s, bench_rounds, interleave

from wice_candidates import Candidate, Credentials, Receiver, Sender
from wice_candidates.envelope import EnvelopeOpener, EnvelopeSealer, SealedEnvelope
from wice_candidates.message import split_token
from wice_candidates.signaling.client import GrpcSignaling
from wice_candidates.signaling.server import SignalingServer, running_server
from xeddsa import PrivateKey, PublicKey

POOL = 3000
RELAY_ENVELOPES = 2000


class Pool:
    """POOL sealed envelopes alice -> bob (a mix of candidates and credentials) and their tokens."""

    def __init__(self, seed32: bytes) -> None:
        self.alice = PrivateKey.from_private_bytes(seed32)
        self.bob = PrivateKey.from_private_bytes(bytes(reversed(seed32)))
        sender = Sender(self.alice, self.bob.public_key(), session=1)
        sealer = EnvelopeSealer(self.alice)
        candidate = Candidate.from_sdp(
            "candidate:1 1 udp 2130706431 192.0.2.10 51820 typ srflx raddr 10.0.0.2 rport 51820"
        )
        self.tokens: list[str] = []
        self.envelopes: list[SealedEnvelope] = []
        for i in range(POOL):
            token = (
                sender.credentials(Credentials.generate()) if i % 10 == 0
                else sender.candidate(candidate)
            )  # fmt: skip
            self.tokens.append(token)
            self.envelopes.append(sealer.seal(token, self.bob.public_key()))
        self.alice_pub = PublicKey.from_public_bytes(self.alice.public_key().public_bytes())

    def opener(self) -> EnvelopeOpener:
        receiver = Receiver(self.bob.public_key(), [self.alice_pub], window_seconds=10**9)
        return EnvelopeOpener(self.bob, receiver)

    def whole_path(self) -> Callable[[], object]:
        state = {"i": 0, "opener": self.opener()}

        def call() -> object:
            i = state["i"]
            if i == POOL:
                state["opener"], i = self.opener(), 0
            state["i"] = i + 1
            return state["opener"].open(self.envelopes[i])  # type: ignore[attr-defined]

        return call

    def bare_verify(self) -> Callable[[], object]:
        parsed = [split_token(t) for t in self.tokens]
        pairs = [(p.signature, p.signing_input) for p in parsed]
        key = self.alice_pub
        state = {"i": 0}

        def call() -> object:
            i = state["i"] % POOL
            state["i"] = i + 1
            return key.verify(*pairs[i])

        return call


@pytest.fixture(scope="module")
def pool(seed32: bytes) -> Pool:
    return Pool(seed32)


def test_a_receiver_whole_path_vs_bare_verify(
    benchmark: object, pool: Pool, record: list[Run]
) -> None:
    """(a) EnvelopeOpener.open / PublicKey.verify of the same tokens (target <= 1.6)."""
    ops = {
        "wice open+verify+parse+window": pool.whole_path(),
        "xeddsa verify (same token)": pool.bare_verify(),
    }
    run: Run = benchmark.pedantic(  # type: ignore[attr-defined]
        interleave,
        args=("(wice a) receiver whole path vs bare verify", ops),
        kwargs={"rounds": bench_rounds(), "min_batch_s": bench_min_batch_s()},
        rounds=1,
        iterations=1,
    )
    run.ratio("wice open+verify+parse+window", "xeddsa verify (same token)", target=1.6)
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]


async def _relay(subscribers: int) -> float:
    alice, bob = PrivateKey.generate().public_key(), PrivateKey.generate().public_key()
    envelope = SealedEnvelope(alice.public_bytes(), bob.public_bytes(), b"x" * 600, bytes(24))
    server = SignalingServer(max_per_topic=subscribers, queue_size=RELAY_ENVELOPES)
    async with running_server(server) as port:
        url = f"grpc://127.0.0.1:{port}"
        readers = [await GrpcSignaling.connect(url, bob) for _ in range(subscribers)]
        publisher = await GrpcSignaling.connect(url, alice)

        async def drain(client: GrpcSignaling) -> None:
            for _ in range(RELAY_ENVELOPES):
                await client.receive()

        started = time.perf_counter()
        tasks = [asyncio.create_task(drain(r)) for r in readers]
        for _ in range(RELAY_ENVELOPES):
            await publisher.publish(envelope)
        await asyncio.wait_for(asyncio.gather(*tasks), 300)
        elapsed = time.perf_counter() - started
        for client in (*readers, publisher):
            await client.close()
    assert server.stats.delivered == RELAY_ENVELOPES * subscribers
    return RELAY_ENVELOPES * subscribers / elapsed


@pytest.mark.parametrize("subscribers", [2, 100])
def test_b_reference_server_relay(benchmark: object, subscribers: int) -> None:
    """(b) Envelopes delivered per second (publish -> every subscriber's stream), loopback."""
    rate = benchmark.pedantic(  # type: ignore[attr-defined]
        lambda: asyncio.run(_relay(subscribers)), rounds=1, iterations=1
    )
    benchmark.extra_info.update(  # type: ignore[attr-defined]
        {"subscribers": subscribers, "envelopes": RELAY_ENVELOPES, "relayed_per_s": rate}
    )
    print(f"\nreference server, {subscribers} subscribers: {rate:,.0f} relayed envelopes/s")
