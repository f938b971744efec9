"""One peer's ICE session over a real signaling channel: the channel's delivery rules.

A :class:`PeerLink` owns an aioice agent for one peer and talks to it only through sealed,
signed envelopes on a :class:`Channel` (e.g. the gRPC client). The rules follow cunicu's
endpoint discovery (its signaling documentation and ``pkg/daemon/feature/epdisc``, at
github.com/cunicu/cunicu) where it has them:

- **Re-send with back-off.** Our credentials are sent at once and re-sent after 0.5 s, 1 s, 2 s …
  up to 60 s (cunicu's bounds) with ``need_creds`` true while the peer's credentials are
  missing. A channel without buffering drops what is published before the peer subscribes, so
  this is how the first exchange happens at all.
- **need_creds honoured.** Verified credentials with ``need_creds`` make us send ours (and our
  candidates) at once, whatever the back-off timer says.
- **Candidates after the peer is known.** Once the peer's credentials arrived (so it is
  subscribed), each round also carries one message per local candidate. Like cunicu, no
  end-of-candidates is sent: reordering could deliver it before a candidate, which aioice would
  then ignore; an attempt that does not complete within ``attempt_timeout`` fails instead.
- **Reordering and duplicates** are the receiver's sliding window: late messages apply,
  duplicates are :class:`~wice_candidates.errors.DuplicateError` and change nothing.
- **Agent rebuild.** aioice cannot restart an agent, so a verified message of a newer peer
  session, or a failed, timed-out or disconnected local agent, closes the agent and builds a new
  one with new credentials in a new session of ours. After our own failure the new agent waits
  for a newer peer session (the peer rebuilds when it sees ours); after the peer's restart it
  starts with the message that announced it. This keeps the two sides from restarting each
  other forever.

Only :meth:`~wice_candidates.ice.SignedIceEndpoint.apply` writes into the agent, and only with a
:class:`~wice_candidates.receiver.VerifiedMessage` that :class:`EnvelopeOpener` produced.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Final, Protocol

import aioice

from xeddsa import PrivateKey, PublicKey

from ._clock import Clock
from .credentials import Credentials
from .envelope import EnvelopeOpener, EnvelopeSealer, SealedEnvelope
from .errors import IceRestartError, SignalingError, StaleSessionError, WiceError
from .ice import (
    IceAgent,
    SignedIceEndpoint,
    candidate_from_aioice,
    loopback_host_addresses,
    new_connection,
)
from .receiver import Receiver, VerifiedMessage, is_controlling
from .sealing import BoxCache
from .sender import Sender

__all__ = ["Backoff", "Channel", "LinkResult", "PeerLink"]

#: Messages that arrive while an agent is being built wait here (at most this many).
_MAX_PENDING: Final = 64
#: Most recent accepted / rejected messages and local credentials kept for inspection.
_MAX_RECORDS: Final = 1024


class Channel(Protocol):
    """A signaling channel subscribed to our key."""

    async def publish(self, envelope: SealedEnvelope) -> None:
        """Send one envelope to its recipient's topic."""

    async def receive(self) -> SealedEnvelope:
        """Wait for the next envelope addressed to us."""


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential back-off: ``initial``, doubling, capped at ``maximum`` seconds (cunicu's)."""

    initial: float = 0.5
    maximum: float = 60.0

    def delays(self) -> Iterator[float]:
        """0.5, 1, 2, 4 … 60, 60, … seconds."""
        delay = self.initial
        while True:
            yield delay
            delay = min(delay * 2, self.maximum)


@dataclass(frozen=True, slots=True)
class LinkResult:
    """A completed ICE session: the selected pair and the attempts it took."""

    local: tuple[str, int]
    remote: tuple[str, int]
    attempts: int


class PeerLink:
    """Runs ICE with one peer through sealed, signed messages and cunicu's delivery rules."""

    def __init__(
        self,
        private_key: PrivateKey,
        peer: PublicKey,
        channel: Channel,
        *,
        trusted: Iterable[PublicKey] | None = None,
        clock: Clock = time.time,
        log: Callable[[str], None] = lambda line: None,
        backoff: Backoff = Backoff(),
        attempt_timeout: float = 10.0,
        loopback_only: bool = True,
        wrap: Callable[[aioice.Connection], IceAgent] | None = None,
    ) -> None:
        """Talk to ``peer`` over ``channel``; ``trusted`` (default: only the peer) may sign to us.

        ``wrap`` may interpose on every agent the link builds (tests use a spy).
        """
        self._key = private_key
        self._own = private_key.public_key()
        self._peer = peer
        self._channel = channel
        self._log = log
        self._backoff = backoff
        self._attempt_timeout = attempt_timeout
        self._loopback_only = loopback_only
        self._wrap = wrap
        self._controlling = is_controlling(self._own, peer)
        boxes = BoxCache(private_key)
        self._receiver = Receiver(self._own, list(trusted) if trusted else [peer], clock=clock)
        self._opener = EnvelopeOpener(private_key, self._receiver, boxes)
        self._sealer = EnvelopeSealer(private_key, boxes)
        self._sender = Sender(private_key, peer, clock=clock)
        # Bounded records for logs and tests: a long-lived link (or a flood of forgeries) must
        # not grow memory without limit.
        self.accepted: deque[VerifiedMessage] = deque(maxlen=_MAX_RECORDS)
        self.rejected: deque[WiceError] = deque(maxlen=_MAX_RECORDS)
        self.local_credentials: deque[Credentials] = deque(maxlen=_MAX_RECORDS)
        self._latest_peer_session = -1
        self.attempts = 0
        self.connection: aioice.Connection | None = None
        self._endpoint: SignedIceEndpoint | None = None
        self._pending: list[VerifiedMessage] = []
        self._min_peer_session = 0
        self._wake = asyncio.Event()
        self._restart = asyncio.Event()
        self._restart_message: VerifiedMessage | None = None
        self._reader: asyncio.Task[None] | None = None
        self._connected = False

    @property
    def controlling(self) -> bool:
        """Whether we are the ICE controlling agent (smaller key, as cunicu decides)."""
        return self._controlling

    # -- sending ------------------------------------------------------------------------------

    async def _send(self, token: str) -> None:
        try:
            await self._channel.publish(self._sealer.seal(token, self._peer))
        except SignalingError as error:
            self._log(f"publish failed: {error}")

    async def _send_round(self, connection: aioice.Connection, endpoint: SignedIceEndpoint) -> int:
        """Our credentials, and our candidates once the peer's credentials are known."""
        have_peer = endpoint.remote_credentials_received.is_set()
        credentials = Credentials(
            connection.local_username, connection.local_password, need_creds=not have_peer
        )
        await self._send(self._sender.credentials(credentials))
        sent = 1
        if have_peer:
            for candidate in connection.local_candidates:
                await self._send(self._sender.candidate(candidate_from_aioice(candidate)))
                sent += 1
        return sent

    async def _resend_loop(
        self, connection: aioice.Connection, endpoint: SignedIceEndpoint
    ) -> None:
        for delay in self._backoff.delays():
            sent = await self._send_round(connection, endpoint)
            self._log(f"sent {sent} sealed message(s) (session {self._sender.session})")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
            self._wake.clear()

    # -- receiving ----------------------------------------------------------------------------

    async def _read_loop(self) -> None:
        while True:
            envelope = await self._channel.receive()
            try:
                message = self._opener.open(envelope)
            except WiceError as error:
                self._reject(error)
                continue
            await self._dispatch(message)

    def _reject(self, error: WiceError) -> None:
        self.rejected.append(error)
        self._log(f"rejected {type(error).__name__}: {error}")

    async def _dispatch(self, message: VerifiedMessage) -> None:
        if message.session < self._min_peer_session:
            self._reject(StaleSessionError("peer session older than the one this agent awaits"))
            return
        self.accepted.append(message)
        self._latest_peer_session = max(self._latest_peer_session, message.session)
        kind = type(message.body).__name__
        self._log(f"verified {kind} (session {message.session}, seq {message.seq})")
        if self._endpoint is None or self._restart.is_set():
            if len(self._pending) < _MAX_PENDING:
                self._pending.append(message)
            return
        await self._apply(self._endpoint, message)

    async def _apply(self, endpoint: SignedIceEndpoint, message: VerifiedMessage) -> None:
        had_peer = endpoint.remote_credentials_received.is_set()
        try:
            await endpoint.apply(message)
        except IceRestartError:
            self._log(f"peer started session {message.session}: rebuilding the agent")
            self._restart_message = message
            self._restart.set()
            return
        body = message.body
        if isinstance(body, Credentials) and (body.need_creds or not had_peer):
            self._wake.set()  # the peer is subscribed (and may lack ours): send now

    # -- agents -------------------------------------------------------------------------------

    async def _build(self) -> tuple[aioice.Connection, SignedIceEndpoint]:
        credentials = Credentials.generate()
        self.local_credentials.append(credentials)
        connection = new_connection(controlling=self._controlling, credentials=credentials)
        if self._loopback_only:
            with loopback_host_addresses(["127.0.0.1"]):
                await connection.gather_candidates()
        else:
            await connection.gather_candidates()
        agent: IceAgent = connection if self._wrap is None else self._wrap(connection)
        endpoint = SignedIceEndpoint(agent, self._sender, self._receiver, self._send)
        return connection, endpoint

    async def _attempt(self) -> bool:
        """One agent's life until ICE completes (True) or it must be rebuilt (False)."""
        self.attempts += 1
        if self.attempts > 1:
            self._sender.restart()
        connection, endpoint = await self._build()
        self.connection = connection
        pending, self._pending = self._pending, []
        if self._restart_message is not None:
            pending.insert(0, self._restart_message)
            self._restart_message = None
        self._restart.clear()
        self._endpoint = endpoint
        role = "controlling" if self._controlling else "controlled"
        self._log(f"agent {self.attempts} ({role}), session {self._sender.session}")
        for message in pending:
            if message.session >= self._min_peer_session:
                await self._apply(endpoint, message)
        resend = asyncio.create_task(self._resend_loop(connection, endpoint))
        connect = asyncio.create_task(self._connect(connection, endpoint))
        restart = asyncio.create_task(self._restart.wait())
        try:
            done, _ = await asyncio.wait(
                {connect, restart},
                timeout=self._attempt_timeout,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            for task in (resend, restart):
                task.cancel()
        if connect in done and connect.result():
            return True
        connect.cancel()
        self._endpoint = None
        restarted_by_peer = self._peer_restart_session()
        if restarted_by_peer is not None:
            self._min_peer_session = restarted_by_peer
        else:
            # Our own failure: the peer will restart when it sees our new session; do not
            # rebind this agent to the peer's old session.
            reason = "failed" if connect in done else "timed out"
            self._log(f"agent {self.attempts} {reason}: rebuilding")
            self._min_peer_session = self._latest_peer_session + 1
        await connection.close()
        return False

    def _peer_restart_session(self) -> int | None:
        """The session of the peer message that asked for a new agent, if any."""
        return None if self._restart_message is None else self._restart_message.session

    async def _connect(self, connection: aioice.Connection, endpoint: SignedIceEndpoint) -> bool:
        await endpoint.remote_credentials_received.wait()
        try:
            await connection.connect()
        except ConnectionError:
            return False
        return True

    async def run(self) -> LinkResult:
        """Build agents until ICE completes; return the selected pair (the agent stays open)."""
        if self._reader is None:
            self._reader = asyncio.create_task(self._read_loop())
        reader = self._reader
        while True:
            attempt = asyncio.create_task(self._attempt())
            done, _ = await asyncio.wait({attempt, reader}, return_when=asyncio.FIRST_COMPLETED)
            if reader in done:
                attempt.cancel()
                error = reader.exception()  # the channel's SignalingError
                raise error if error is not None else SignalingError("the channel closed")
            if attempt.result():
                break
        assert self.connection is not None
        pair = self.connection._nominated.get(1)  # aioice keeps the selected pair here
        if pair is None:  # pragma: no cover - connect() returned without nomination
            raise SignalingError("ICE completed without a selected pair")
        self._connected = True
        local = (pair.local_candidate.host, pair.local_candidate.port)
        remote = (pair.remote_candidate.host, pair.remote_candidate.port)
        return LinkResult(local=local, remote=remote, attempts=self.attempts)

    async def serve(self, on_datagram: Callable[[bytes], None]) -> None:
        """Keep an ICE session up for good: run ICE, hand every datagram to ``on_datagram``, and
        rebuild when the local agent disconnects or fails (``recv`` raises) or the peer starts a
        new session. Returns only by cancellation or a :class:`SignalingError` of the channel."""
        while True:
            if not self._connected:
                await self.run()
            connection = self.connection
            assert connection is not None
            restart = asyncio.create_task(self._restart.wait())
            try:
                while True:
                    receive = asyncio.create_task(connection.recv())
                    done, _ = await asyncio.wait(
                        {receive, restart}, return_when=asyncio.FIRST_COMPLETED
                    )
                    if receive not in done:
                        receive.cancel()
                        break  # the peer restarted: _attempt() starts from its message
                    if receive.exception() is not None:
                        self._log("agent disconnected: rebuilding")
                        self._min_peer_session = self._latest_peer_session + 1
                        break
                    on_datagram(receive.result())
            finally:
                restart.cancel()
            self._connected = False
            self._endpoint = None
            await connection.close()

    async def close(self) -> None:
        """Stop reading and close the agent."""
        reader = self._reader
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, WiceError):
                await reader
        if self.connection is not None:
            await self.connection.close()
