"""Glue between signed messages and an aioice agent: publish signed local data, apply verified data.

:class:`SignedIceEndpoint` is the only path from the signaling channel into the agent: a token is
handed to :meth:`SignedIceEndpoint.handle`, which calls :meth:`Receiver.receive` first and touches
the agent (remote credentials, :meth:`aioice.Connection.add_remote_candidate`) only with the
verified result. A token that fails any check raises its typed error and changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Protocol

import aioice
import aioice.ice

from .candidate import Candidate, NetworkType, RelatedAddress, _canonical_ip, _parse_ip
from .credentials import Credentials
from .errors import IceRestartError, MalformedCandidateError, WrongSenderError
from .receiver import Receiver, VerifiedMessage
from .sender import Sender

__all__ = [
    "IceAgent",
    "SignedIceEndpoint",
    "candidate_from_aioice",
    "candidate_to_aioice",
    "loopback_host_addresses",
    "new_connection",
]


@contextlib.contextmanager
def loopback_host_addresses(addresses: Iterable[str] = ("127.0.0.1",)) -> Iterator[None]:
    """Make aioice gather host candidates only on the given loopback addresses inside the block.

    aioice's ``get_host_addresses`` skips ``127.0.0.1`` and ``::1`` and enumerates every interface;
    this context manager replaces that module-level function (the only gathering hook aioice 0.13
    offers) and restores it on exit. It affects every ``Connection`` gathering meanwhile in the
    process, so keep the block around ``gather_candidates()`` only. Non-loopback addresses are
    refused so the hook cannot widen what is exposed.
    """
    chosen = [str(ipaddress.ip_address(address)) for address in addresses]
    if not chosen or not all(ipaddress.ip_address(a).is_loopback for a in chosen):
        raise ValueError("loopback_host_addresses() accepts loopback addresses only")
    original = aioice.ice.get_host_addresses

    def only_loopback(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        return [
            a
            for a in chosen
            if (use_ipv4 and ipaddress.ip_address(a).version == 4)
            or (use_ipv6 and ipaddress.ip_address(a).version == 6)
        ]

    setattr(aioice.ice, "get_host_addresses", only_loopback)  # noqa: B010 - module hook
    try:
        yield
    finally:
        setattr(aioice.ice, "get_host_addresses", original)  # noqa: B010


def new_connection(*, controlling: bool, credentials: Credentials) -> aioice.Connection:
    """Create an IPv4-only, single-component aioice agent with no STUN/TURN and our credentials."""
    return aioice.Connection(
        ice_controlling=controlling,
        components=1,
        use_ipv4=True,
        use_ipv6=False,
        local_username=credentials.ufrag,
        local_password=credentials.pwd,
    )


def candidate_to_aioice(candidate: Candidate) -> aioice.Candidate:
    """Return a new ``aioice.Candidate``; ``relay_protocol`` (no aioice field) is dropped."""
    related = candidate.related_address
    return aioice.Candidate(
        foundation=candidate.foundation,
        component=candidate.component,
        transport=candidate.network_type.transport,
        priority=candidate.priority,
        host=candidate.address,
        port=candidate.port,
        type=candidate.type.value,
        related_address=None if related is None else related.address,
        related_port=None if related is None else related.port,
        tcptype=None if candidate.tcp_type is None else candidate.tcp_type.value,
    )


def candidate_from_aioice(candidate: aioice.Candidate) -> Candidate:
    """Validate an ``aioice.Candidate`` into the model; normalizes address, drops generation."""
    if not isinstance(candidate, aioice.Candidate):
        raise TypeError("expected an aioice.Candidate")
    transport = candidate.transport.lower() if isinstance(candidate.transport, str) else ""
    if transport not in ("udp", "tcp"):
        raise MalformedCandidateError("transport must be UDP or TCP")
    ip = _parse_ip(candidate.host, "address")
    related: RelatedAddress | None = None
    if (candidate.related_address is None) != (candidate.related_port is None):
        raise MalformedCandidateError("related address and port must appear together")
    if candidate.related_address is not None and candidate.related_port is not None:
        related = RelatedAddress(
            _canonical_ip(candidate.related_address, "related address"),
            candidate.related_port,
        )
    return Candidate._from_fields(
        {
            "type": candidate.type,
            "network_type": NetworkType(f"{transport}{ip.version}"),
            "foundation": candidate.foundation,
            "component": candidate.component,
            "priority": candidate.priority,
            "address": str(ip),
            "port": candidate.port,
            "tcp_type": candidate.tcptype,
            "related_address": related,
        }
    )


class IceAgent(Protocol):
    """The part of :class:`aioice.Connection` that remote signaling data may reach."""

    remote_username: str | None
    remote_password: str | None

    async def add_remote_candidate(self, remote_candidate: aioice.Candidate | None) -> None:
        """Add a remote candidate, or signal end-of-candidates with ``None``."""


class SignedIceEndpoint:
    """Publishes this agent's signed ICE data and applies the peer's verified ICE data."""

    def __init__(
        self,
        agent: IceAgent,
        sender: Sender,
        receiver: Receiver,
        send: Callable[[str], Awaitable[None]],
    ) -> None:
        """Bind an agent to a sender (to the peer), a receiver (from the peer) and a channel."""
        self._agent = agent
        self._sender = sender
        self._receiver = receiver
        self._send = send
        self._remote_credentials: asyncio.Event = asyncio.Event()
        self._remote_end: asyncio.Event = asyncio.Event()
        # The peer's session this agent belongs to, fixed by the first applied message.
        self._session: int | None = None

    @property
    def remote_credentials_received(self) -> asyncio.Event:
        """Set once verified remote credentials were applied (``connect()`` may start)."""
        return self._remote_credentials

    @property
    def remote_end_received(self) -> asyncio.Event:
        """Set once a verified end-of-candidates was applied."""
        return self._remote_end

    async def publish(self, credentials: Credentials, candidates: Iterable[Candidate]) -> int:
        """Send signed credentials, one signed message per candidate, then end-of-candidates."""
        count = 0
        await self._send(self._sender.credentials(credentials))
        count += 1
        for candidate in candidates:
            await self._send(self._sender.candidate(candidate))
            count += 1
        await self._send(self._sender.end_of_candidates())
        return count + 1

    async def publish_connection(self, connection: aioice.Connection) -> int:
        """Publish an aioice agent's local credentials and gathered candidates, signed."""
        credentials = Credentials(connection.local_username, connection.local_password)
        candidates = [candidate_from_aioice(c) for c in connection.local_candidates]
        return await self.publish(credentials, candidates)

    async def handle(self, token: str | bytes | bytearray | memoryview) -> VerifiedMessage:
        """Verify ``token`` and apply it to the agent; on any error the agent is left untouched.

        Only messages from this endpoint's peer (the sender's recipient) are accepted, even if
        the receiver trusts other keys: another trusted peer cannot reach this agent.

        :raises WrongSenderError: a trusted, correctly signed message from another peer.
        :raises IceRestartError: the peer started a new session; aioice has no ICE restart, so
            the verified message (``error.message``) belongs to a new agent's endpoint.
        :raises WiceError: any other subclass raised by :meth:`Receiver.receive`.
        """
        message = self._receiver.receive(token, expected_sender=self._sender.recipient)
        await self.apply(message)
        return message

    async def apply(self, message: VerifiedMessage) -> None:
        """Apply a verified message of this endpoint's peer to the agent.

        Only a :class:`~wice_candidates.receiver.VerifiedMessage` (made by a
        :class:`~wice_candidates.receiver.Receiver`) is accepted; a plain
        :class:`~wice_candidates.message.Message` raises ``TypeError``.

        Credentials set the agent's remote ufrag/pwd; a candidate is converted with
        :func:`candidate_to_aioice`; end-of-candidates calls ``add_remote_candidate(None)``.
        Candidates arriving after end-of-candidates are not applied (RFC 8838 §14: ignored).
        The first applied message fixes the session this agent belongs to.

        :raises IceRestartError: the message belongs to another session than this agent's; the
            agent is left untouched.
        """
        if not isinstance(message, VerifiedMessage):
            raise TypeError("apply() takes a VerifiedMessage from Receiver.receive()")
        if message.sender != self._sender.recipient:
            raise WrongSenderError("the verified message is from another peer than this agent's")
        if self._session is not None and message.session != self._session:
            raise IceRestartError(
                "the peer restarted ICE (new session); apply this message to a new agent",
                message,
            )
        self._session = message.session
        body = message.body
        if isinstance(body, Credentials):
            self._agent.remote_username = body.ufrag
            self._agent.remote_password = body.pwd
            self._remote_credentials.set()
        elif self._remote_end.is_set():
            pass
        elif isinstance(body, Candidate):
            await self._agent.add_remote_candidate(candidate_to_aioice(body))
        else:  # EndOfCandidates, the last member of the Body union
            await self._agent.add_remote_candidate(None)
            self._remote_end.set()
