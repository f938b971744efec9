"""Sending and receiving signed messages: key binding, trust, freshness and replay protection.

:class:`Sender` numbers and signs messages for one peer. :class:`Receiver` checks a token in the
order of docs/design/wice-wire-format.rst and returns a :class:`~wice_candidates.message.Message`
only when every check has passed; its replay state changes only then. Neither class is
thread-safe: use one per event loop (asyncio code runs them on one thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from xeddsa import InvalidSignature, PrivateKey, PublicKey

from ._strict import MAX_SAFE_INTEGER
from .candidate import Candidate
from .credentials import Credentials, EndOfCandidates
from .errors import (
    BadSignatureError,
    ExpiredError,
    MisaddressedError,
    ReplayError,
    ReplayStateFullError,
    SenderMismatchError,
    UnknownSenderError,
    WrongRecipientError,
    WrongSenderError,
)
from .message import MAX_TOKEN_SIZE, Body, Message, parse_payload, sign_message, split_token

__all__ = [
    "DEFAULT_MAX_STATES",
    "DEFAULT_WINDOW_SECONDS",
    "Clock",
    "Receiver",
    "Sender",
    "is_controlling",
]

#: A clock returns Unix time in seconds, like :func:`time.time`.
Clock = Callable[[], float]
#: Accepted distance between a message's ``ts`` and the receiver's clock, either way.
DEFAULT_WINDOW_SECONDS: Final = 120.0
#: Default maximum number of senders whose replay state is tracked.
DEFAULT_MAX_STATES: Final = 1024


def _now_ms(clock: Clock) -> int:
    """Read ``clock`` as integer Unix milliseconds."""
    return int(clock() * 1000)


def is_controlling(own: PublicKey, peer: PublicKey) -> bool:
    """Return whether ``own`` takes the ICE controlling role: the smaller key as a big-endian int.

    This is cunicu's rule; both peers compute it from public data and reach opposite answers.
    """
    own_value = int.from_bytes(own.public_bytes(), "big")
    peer_value = int.from_bytes(peer.public_bytes(), "big")
    if own_value == peer_value:
        raise MisaddressedError("a peer cannot run ICE with its own key")
    return own_value < peer_value


class Sender:
    """Signs messages from one private key to one recipient, numbering them per session."""

    def __init__(
        self,
        private_key: PrivateKey,
        recipient: PublicKey,
        *,
        clock: Clock = time.time,
        session: int | None = None,
    ) -> None:
        """Start session ``session`` (default: the clock in milliseconds) at ``seq`` 0."""
        if not isinstance(private_key, PrivateKey) or not isinstance(recipient, PublicKey):
            raise TypeError("Sender(PrivateKey, PublicKey)")
        self._private_key = private_key
        self._public_key = private_key.public_key()
        self._recipient = recipient
        self._clock = clock
        start = _now_ms(clock) if session is None else session
        if type(start) is not int or not 0 <= start <= MAX_SAFE_INTEGER:
            raise ValueError("session must be an integer in 0 … 2**53 - 1")
        self._session = start
        self._seq = 0

    @property
    def public_key(self) -> PublicKey:
        """The sender's public key (the token ``kid``)."""
        return self._public_key

    @property
    def recipient(self) -> PublicKey:
        """The peer this sender addresses (the payload ``recipient``)."""
        return self._recipient

    @property
    def session(self) -> int:
        """The current session epoch."""
        return self._session

    def restart(self) -> int:
        """Begin a new session (ICE restart): strictly greater than the last, ``seq`` back to 0."""
        self._session = max(_now_ms(self._clock), self._session + 1)
        self._seq = 0
        return self._session

    def sign(self, body: Body) -> str:
        """Sign ``body`` as the next message of the current session and return the token."""
        message = Message(
            sender=self._public_key,
            recipient=self._recipient,
            session=self._session,
            seq=self._seq,
            ts=_now_ms(self._clock),
            body=body,
        )
        token = sign_message(self._private_key, message)
        self._seq += 1
        return token

    def credentials(self, credentials: Credentials) -> str:
        """Sign ICE credentials."""
        return self.sign(credentials)

    def candidate(self, candidate: Candidate) -> str:
        """Sign one candidate."""
        return self.sign(candidate)

    def end_of_candidates(self) -> str:
        """Sign the end-of-candidates marker."""
        return self.sign(EndOfCandidates())


@dataclass(frozen=True, slots=True)
class _SenderState:
    """The last accepted (session, seq) of one sender."""

    session: int
    seq: int


class Receiver:
    """Verifies tokens addressed to ``own_key`` from a fixed set of trusted WireGuard keys."""

    def __init__(
        self,
        own_key: PublicKey,
        trusted: Iterable[PublicKey],
        *,
        clock: Clock = time.time,
        window_seconds: float = DEFAULT_WINDOW_SECONDS,
        max_states: int = DEFAULT_MAX_STATES,
        max_token_size: int = MAX_TOKEN_SIZE,
    ) -> None:
        """Trust exactly the keys in ``trusted``, re-imported strictly (subgroup check included).

        :raises xeddsa.InvalidKey: a trusted key fails strict import (e.g. mixed order).
        """
        if not isinstance(own_key, PublicKey):
            raise TypeError("own_key must be an xeddsa.PublicKey")
        keys: dict[bytes, PublicKey] = {}
        for key in trusted:
            if not isinstance(key, PublicKey):
                raise TypeError("trusted keys must be xeddsa.PublicKey")
            # Re-import strictly (cached by xeddsa): a key imported elsewhere with
            # check_subgroup=False must not become a trusted signer here (decisions.rst, D4).
            keys[key.public_bytes()] = PublicKey.from_public_bytes(key.public_bytes())
        if window_seconds < 0 or max_states < 1 or max_token_size < 1:
            raise ValueError("window_seconds >= 0, max_states >= 1, max_token_size >= 1")
        self._own = own_key.public_bytes()
        self._own_key = own_key
        self._trusted = keys
        self._clock = clock
        self._window_ms = int(window_seconds * 1000)
        self._max_states = max_states
        self._max_token_size = max_token_size
        self._states: dict[bytes, _SenderState] = {}

    @property
    def trusted(self) -> frozenset[PublicKey]:
        """The trusted sender keys."""
        return frozenset(self._trusted.values())

    def receive(
        self,
        token: str | bytes | bytearray | memoryview,
        *,
        expected_sender: PublicKey | None = None,
    ) -> Message:
        """Verify ``token`` and return its message, or raise the typed error of the first failure.

        Order: size → structure/base64url → header → trusted ``kid`` (before any crypto) →
        XEd25519 ``strict`` verification of the received signing input → payload JSON and schema
        → sender = kid → recipient = us → timestamp window → (session, seq) freshness → capacity.
        The replay state is updated only after all of them passed.

        :raises InputTooLargeError: the token exceeds ``max_token_size``.
        :raises MalformedTokenError: JWS structure, base64url or header (incl. UnsupportedHeader).
        :raises UnknownSenderError: ``kid`` is not a trusted key.
        :raises BadSignatureError: the signature does not verify.
        :raises MalformedPayloadError: payload JSON or schema (candidate/credentials variants).
        :raises SenderMismatchError: payload ``sender`` differs from ``kid``.
        :raises WrongRecipientError: payload ``recipient`` is not our key.
        :raises WrongSenderError: ``expected_sender`` is given and the (trusted, correctly
            signed) message comes from another key; checked before any state changes.
        :raises ExpiredError: ``ts`` is outside the window around our clock.
        :raises ReplayError: (session, seq) is not strictly newer than the last accepted one.
        :raises ReplayStateFullError: a new sender cannot be tracked without eviction.
        """
        parsed = split_token(token, max_size=self._max_token_size)
        key = self._trusted.get(parsed.kid)
        if key is None:
            raise UnknownSenderError("kid is not a trusted WireGuard public key")
        try:
            key.verify(parsed.signature, parsed.signing_input, policy="strict")
        except InvalidSignature:
            raise BadSignatureError("XEd25519 signature does not verify") from None
        payload = parse_payload(parsed.payload)
        if payload.sender != parsed.kid:
            raise SenderMismatchError("payload sender differs from header kid")
        if payload.recipient != self._own:
            raise WrongRecipientError("message is addressed to another key")
        if expected_sender is not None and key != expected_sender:
            raise WrongSenderError("message is from another trusted peer than the expected one")
        now = _now_ms(self._clock)
        if payload.ts < now - self._window_ms:
            raise ExpiredError("message timestamp is too old")
        if payload.ts > now + self._window_ms:
            raise ExpiredError("message timestamp is in the future (not yet valid)")
        state = self._states.get(parsed.kid)
        if state is not None:
            if payload.session < state.session:
                raise ReplayError("message from an older session")
            if payload.session == state.session and payload.seq <= state.seq:
                raise ReplayError("sequence number not greater than the last accepted one")
        elif len(self._states) >= self._max_states:
            raise ReplayStateFullError(f"replay state already tracks {self._max_states} senders")
        # All checks passed: a newer session replaces the old one (ICE restart).
        self._states[parsed.kid] = _SenderState(payload.session, payload.seq)
        return Message(
            sender=key,
            recipient=self._own_key,
            session=payload.session,
            seq=payload.seq,
            ts=payload.ts,
            body=payload.body,
        )
