"""Two aioice agents on 127.0.0.1 that exchange only signed, verified ICE data, then a datagram.

:class:`LoopbackSession` is the harness behind ``wice-candidates demo`` and the
end-to-end tests: each peer has a fresh WireGuard-format key pair, trusts only the other, publishes
its credentials, candidates and end-of-candidates as signed tokens over an in-process asyncio queue
pair, and applies the other's tokens through :class:`~wice_candidates.ice.SignedIceEndpoint`.
Every network operation is bounded by ``asyncio.wait_for``; only loopback sockets are used.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Final

import aioice

from xeddsa import PrivateKey, PublicKey

from ._clock import Clock
from .credentials import Credentials
from .errors import WiceError
from .ice import IceAgent, SignedIceEndpoint, loopback_host_addresses, new_connection
from .receiver import Receiver, VerifiedMessage, is_controlling
from .sender import Sender

__all__ = ["DEFAULT_TIMEOUT", "DemoPeer", "LoopbackSession", "run_demo"]

#: Upper bound (seconds) for each network phase: gathering, signaling, connect, datagram.
DEFAULT_TIMEOUT: Final = 20.0


@dataclass(eq=False)
class DemoPeer:
    """One side of the loopback session: keys, aioice agent, endpoint and its signaling inbox."""

    name: str
    private_key: PrivateKey = field(repr=False)
    peer_key: PublicKey
    credentials: Credentials
    connection: aioice.Connection
    inbox: asyncio.Queue[str]
    endpoint: SignedIceEndpoint | None = None
    sent: list[str] = field(default_factory=list)
    accepted: list[VerifiedMessage] = field(default_factory=list)
    rejected: list[WiceError] = field(default_factory=list)

    @property
    def public_key(self) -> PublicKey:
        """This peer's WireGuard public key."""
        return self.private_key.public_key()

    @property
    def controlling(self) -> bool:
        """Whether this peer is the ICE controlling agent (smaller key, as cunicu decides)."""
        return is_controlling(self.public_key, self.peer_key)


class LoopbackSession:
    """Two signed ICE endpoints wired back to back over asyncio queues (the signaling channel)."""

    def __init__(
        self,
        alice_key: PrivateKey | None = None,
        bob_key: PrivateKey | None = None,
        *,
        clock: Clock = time.time,
        wrap: Callable[[aioice.Connection], IceAgent] | None = None,
        log: Callable[[str], None] = lambda line: None,
        timeout: float = DEFAULT_TIMEOUT,
        extra_trusted: Iterable[PublicKey] = (),
    ) -> None:
        """Create both peers (fresh keys unless given); ``wrap`` may interpose on each agent.

        Each peer trusts the other plus ``extra_trusted`` (to test impersonation by a trusted key).
        """
        extra = list(extra_trusted)
        alice_key = alice_key if alice_key is not None else PrivateKey.generate()
        bob_key = bob_key if bob_key is not None else PrivateKey.generate()
        self.log = log
        self.timeout = timeout
        self.clock = clock
        self.alice = self._make_peer("alice", alice_key, bob_key.public_key())
        self.bob = self._make_peer("bob", bob_key, alice_key.public_key())
        for me, other in ((self.alice, self.bob), (self.bob, self.alice)):
            agent: IceAgent = me.connection if wrap is None else wrap(me.connection)
            me.endpoint = SignedIceEndpoint(
                agent,
                Sender(me.private_key, other.public_key, clock=clock),
                Receiver(me.public_key, [other.public_key, *extra], clock=clock),
                self._sender_to(me, other),
            )

    @staticmethod
    def _make_peer(name: str, key: PrivateKey, peer_key: PublicKey) -> DemoPeer:
        credentials = Credentials.generate()
        controlling = is_controlling(key.public_key(), peer_key)
        return DemoPeer(
            name=name,
            private_key=key,
            peer_key=peer_key,
            credentials=credentials,
            connection=new_connection(controlling=controlling, credentials=credentials),
            inbox=asyncio.Queue(),
        )

    @staticmethod
    def _sender_to(me: DemoPeer, other: DemoPeer) -> Callable[[str], Awaitable[None]]:
        async def send(token: str) -> None:
            me.sent.append(token)
            await other.inbox.put(token)

        return send

    @property
    def peers(self) -> tuple[DemoPeer, DemoPeer]:
        """(alice, bob)."""
        return (self.alice, self.bob)

    @staticmethod
    def endpoint_of(peer: DemoPeer) -> SignedIceEndpoint:
        """The peer's endpoint (always set after construction)."""
        assert peer.endpoint is not None
        return peer.endpoint

    async def gather(self) -> None:
        """Gather host candidates on 127.0.0.1 only (no STUN, TURN, IPv6 or mDNS)."""
        with loopback_host_addresses(["127.0.0.1"]):
            await asyncio.wait_for(
                asyncio.gather(*(p.connection.gather_candidates() for p in self.peers)),
                self.timeout,
            )
        for peer in self.peers:
            for candidate in peer.connection.local_candidates:
                self.log(f"{peer.name}: gathered candidate:{candidate.to_sdp()}")

    async def publish(self) -> None:
        """Each peer signs and sends its credentials, candidates and end-of-candidates."""
        for peer in self.peers:
            count = await self.endpoint_of(peer).publish_connection(peer.connection)
            self.log(f"{peer.name}: sent {count} signed messages to the signaling channel")

    async def deliver(self, peer: DemoPeer, token: str) -> VerifiedMessage | WiceError:
        """Hand one token to ``peer``'s endpoint; return the message or the typed rejection."""
        try:
            message = await self.endpoint_of(peer).handle(token)
        except WiceError as error:
            peer.rejected.append(error)
            self.log(f"{peer.name}: REJECTED {type(error).__name__}: {error}")
            return error
        peer.accepted.append(message)
        kind = type(message.body).__name__
        self.log(f"{peer.name}: verified {kind} (session {message.session}, seq {message.seq})")
        return message

    async def pump(self) -> None:
        """Deliver inbox tokens to each peer until it has applied a verified end-of-candidates."""

        async def run(peer: DemoPeer) -> None:
            endpoint = self.endpoint_of(peer)
            while not endpoint.remote_end_received.is_set():
                await self.deliver(peer, await peer.inbox.get())

        await asyncio.wait_for(asyncio.gather(*(run(p) for p in self.peers)), self.timeout)

    async def connect(self) -> None:
        """Run ICE connectivity checks on both agents until a pair is nominated."""
        for peer in self.peers:
            role = "controlling" if peer.controlling else "controlled"
            self.log(f"{peer.name}: connect() as {role}")
        await asyncio.wait_for(
            asyncio.gather(*(p.connection.connect() for p in self.peers)), self.timeout
        )
        for peer in self.peers:
            pair = peer.connection._nominated.get(1)  # aioice keeps the selected pair here
            self.log(f"{peer.name}: ICE completed, selected pair {pair}")

    async def ping(self, payload: bytes = b"ping over ICE") -> bytes:
        """Send a datagram from the controlling peer and return what the other side received."""
        first, second = sorted(self.peers, key=lambda p: not p.controlling)
        await first.connection.send(payload)
        received = await asyncio.wait_for(second.connection.recv(), self.timeout)
        self.log(f"{second.name}: received datagram {received!r} from {first.name}")
        await second.connection.send(b"pong: " + received)
        reply = await asyncio.wait_for(first.connection.recv(), self.timeout)
        self.log(f"{first.name}: received datagram {reply!r} from {second.name}")
        return received

    async def close(self) -> None:
        """Close both agents (bounded in time)."""
        await asyncio.wait_for(
            asyncio.gather(*(p.connection.close() for p in self.peers)), self.timeout
        )


def _forgeries(session: LoopbackSession) -> list[tuple[str, str]]:
    """Tokens an attacker on the channel could send to bob, each with the reason it must fail."""
    mallory = PrivateKey.generate()
    bob = session.bob.public_key
    fake = Credentials.generate()
    by_mallory = Sender(mallory, bob, clock=session.clock).credentials(fake)
    # Mallory's signature under alice's kid: rewrite the header only; the signature cannot match.
    as_alice = Sender(session.alice.private_key, bob, clock=session.clock).credentials(fake)
    header = as_alice.split(".")[0]
    _, payload, signature = by_mallory.split(".")
    # A token alice really signed, but addressed to a third key instead of bob.
    third = PrivateKey.generate().public_key()
    misaddressed = Sender(session.alice.private_key, third, clock=session.clock).credentials(fake)
    return [
        ("signed by an untrusted key", by_mallory),
        ("alice's kid, mallory's signature", f"{header}.{payload}.{signature}"),
        ("not a token at all", "candidate:1 1 udp 1 127.0.0.1 9 typ host"),
        ("signed by alice but addressed to someone else", misaddressed),
    ]


async def run_demo(log: Callable[[str], None] = print, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Run the demo end to end and return whether everything behaved as expected."""
    session = LoopbackSession(log=log, timeout=timeout)
    for peer in session.peers:
        log(f"{peer.name}: WireGuard public key {peer.public_key.to_wireguard()}")
    ok = True
    try:
        await session.gather()
        log("mallory: injecting forged messages into bob's signaling inbox")
        for reason, token in _forgeries(session):
            log(f"mallory: sends a token ({reason})")
            result = await session.deliver(session.bob, token)
            ok &= isinstance(result, WiceError)
        ok &= session.bob.connection.remote_username is None
        await session.publish()
        await session.pump()
        replay = session.alice.sent[0]
        log("mallory: replays alice's first (valid) token to bob")
        ok &= isinstance(await session.deliver(session.bob, replay), WiceError)
        await session.connect()
        ok &= (await session.ping()) == b"ping over ICE"
    finally:
        await session.close()
    log("demo: " + ("OK" if ok else "FAILED"))
    return ok
