"""Shared harness for tests that run two PeerLinks over an in-process reference server, and the
spy agent the end-to-end tests wrap around real aioice agents."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aioice

from wice_candidates.ice import IceAgent
from wice_candidates.link import Backoff, LinkResult, PeerLink
from wice_candidates.signaling.client import GrpcSignaling
from wice_candidates.signaling.faults import FaultInjection
from wice_candidates.signaling.server import SignalingServer, running_server
from xeddsa import PrivateKey, PublicKey


class SpyAgent:
    """Forwards to a real aioice agent and records everything remote data did to it: the
    credential writes, the candidates, and all of it in order in ``writes`` (a candidate as its
    SDP line)."""

    def __init__(
        self, connection: aioice.Connection, writes: list[tuple[str, object]] | None = None
    ) -> None:
        self.connection = connection
        self.writes: list[tuple[str, object]] = [] if writes is None else writes
        self.credential_writes: list[tuple[str, str | None]] = []
        self.candidates: list[aioice.Candidate | None] = []

    def _credential(self, kind: str, value: str | None) -> None:
        self.writes.append((kind, value))
        self.credential_writes.append((kind, value))

    @property
    def remote_username(self) -> str | None:
        return self.connection.remote_username

    @remote_username.setter
    def remote_username(self, value: str | None) -> None:
        self._credential("ufrag", value)
        self.connection.remote_username = value

    @property
    def remote_password(self) -> str | None:
        return self.connection.remote_password

    @remote_password.setter
    def remote_password(self, value: str | None) -> None:
        self._credential("pwd", value)
        self.connection.remote_password = value

    async def add_remote_candidate(self, remote_candidate: aioice.Candidate | None) -> None:
        self.candidates.append(remote_candidate)
        self.writes.append(
            ("candidate", None if remote_candidate is None else remote_candidate.to_sdp())
        )
        await self.connection.add_remote_candidate(remote_candidate)


@dataclass
class Side:
    """One peer of a run: its link, the spy's record and its log."""

    key: PrivateKey
    link: PeerLink | None = None
    channel: GrpcSignaling | None = None
    writes: list[tuple[str, object]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    result: LinkResult | None = None

    def spy(self, connection: aioice.Connection) -> IceAgent:
        return SpyAgent(connection, self.writes)


async def start_side(
    side: Side,
    peer: PublicKey,
    url: str,
    *,
    trusted: list[PublicKey] | None = None,
    attempt_timeout: float = 8.0,
) -> PeerLink:
    side.channel = await GrpcSignaling.connect(url, side.key.public_key())
    side.link = PeerLink(
        side.key,
        peer,
        side.channel,
        trusted=trusted,
        log=side.log.append,
        attempt_timeout=attempt_timeout,
        backoff=Backoff(),
        wrap=side.spy,
    )
    return side.link


async def exchange_datagrams(a: PeerLink, b: PeerLink, timeout: float) -> None:
    assert a.connection is not None and b.connection is not None
    await a.connection.send(b"from a")
    await b.connection.send(b"from b")
    assert await asyncio.wait_for(b.connection.recv(), timeout) == b"from a"
    assert await asyncio.wait_for(a.connection.recv(), timeout) == b"from b"


async def close_side(side: Side) -> None:
    if side.link is not None:
        await asyncio.wait_for(side.link.close(), 5)
    if side.channel is not None:
        await side.channel.close()


@asynccontextmanager
async def two_sides(
    server: SignalingServer | None = None,
) -> AsyncIterator[tuple[Side, Side, str]]:
    """Alice and Bob with fresh keys and the URL of ``server`` (a new one by default), running
    on 127.0.0.1; both sides are closed when the block ends."""
    alice, bob = Side(PrivateKey.generate()), Side(PrivateKey.generate())
    async with running_server(server or SignalingServer()) as port:
        try:
            yield alice, bob, f"grpc://127.0.0.1:{port}"
        finally:
            await close_side(alice)
            await close_side(bob)


async def run_pair(
    faults: FaultInjection | None, *, bob_delay: float = 0.0, timeout: float = 30.0
) -> tuple[float, Side, Side, SignalingServer]:
    """Alice starts, Bob ``bob_delay`` s later; both complete ICE and swap a datagram."""
    server = SignalingServer(faults=faults)
    started = time.monotonic()
    async with two_sides(server) as (alice, bob, url):
        link_a = await start_side(alice, bob.key.public_key(), url)
        task_a = asyncio.create_task(link_a.run())
        await asyncio.sleep(bob_delay)
        link_b = await start_side(bob, alice.key.public_key(), url)
        alice.result, bob.result = await asyncio.wait_for(
            asyncio.gather(task_a, link_b.run()), timeout
        )
        await exchange_datagrams(link_a, link_b, timeout)
    return time.monotonic() - started, alice, bob, server
