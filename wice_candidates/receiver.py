"""Receiving signed messages: key binding, trust, freshness and the anti-replay window.

:class:`Receiver` checks a token in the order of docs/design/wice-wire-format.rst and returns a
:class:`VerifiedMessage` only when every check has passed; its replay state changes only then.
:class:`VerifiedMessage` is the only value an ICE endpoint applies, and only a receiver makes one.
Not thread-safe: use one per event loop (asyncio code runs it on one thread).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Final

from xeddsa import InvalidSignature, PublicKey

from ._canonical import canonical_payload_parts
from ._clock import Clock, now_ms
from .errors import (
    BadSignatureError,
    ExpiredError,
    MisaddressedError,
    ReflectedError,
    ReplayStateFullError,
    SenderMismatchError,
    UnknownSenderError,
    WrongRecipientError,
    WrongSenderError,
)
from .message import MAX_TOKEN_SIZE, Body, Message, payload_parts, split_token_parts
from .replay import DEFAULT_REPLAY_WINDOW, MIN_REPLAY_WINDOW, ReplayWindow

__all__ = [
    "DEFAULT_MAX_STATES",
    "DEFAULT_WINDOW_SECONDS",
    "Clock",
    "Receiver",
    "VerifiedMessage",
    "is_controlling",
]

#: Accepted distance between a message's ``ts`` and the receiver's clock, either way.
DEFAULT_WINDOW_SECONDS: Final = 120.0
#: Default maximum number of senders whose replay state is tracked.
DEFAULT_MAX_STATES: Final = 1024

# Only this module holds it: VerifiedMessage refuses to be built without it.
_RECEIVER_ONLY: Final = object()


def is_controlling(own: PublicKey, peer: PublicKey) -> bool:
    """Return whether ``own`` takes the ICE controlling role: the smaller key as a big-endian int.

    This is cunicu's rule; both peers compute it from public data and reach opposite answers.
    """
    own_value = int.from_bytes(own.public_bytes(), "big")
    peer_value = int.from_bytes(peer.public_bytes(), "big")
    if own_value == peer_value:
        raise MisaddressedError("a peer cannot run ICE with its own key")
    return own_value < peer_value


class VerifiedMessage:
    """A message that passed every check of :meth:`Receiver.receive`; only a receiver makes one."""

    __slots__ = ("_message",)

    def __init__(self, message: Message, *, _issuer: object = None) -> None:
        """Internal: raises ``TypeError`` unless called by :class:`Receiver`."""
        if _issuer is not _RECEIVER_ONLY or not isinstance(message, Message):
            raise TypeError("only a Receiver creates a VerifiedMessage (use Receiver.receive)")
        self._message = message

    @property
    def message(self) -> Message:
        """The verified content."""
        return self._message

    @property
    def sender(self) -> PublicKey:
        """The verified sender key."""
        return self._message.sender

    @property
    def recipient(self) -> PublicKey:
        """Our key (the verified recipient)."""
        return self._message.recipient

    @property
    def session(self) -> int:
        """The sender's session epoch."""
        return self._message.session

    @property
    def seq(self) -> int:
        """The sequence number within the session."""
        return self._message.seq

    @property
    def ts(self) -> int:
        """The sender's Unix time in milliseconds."""
        return self._message.ts

    @property
    def body(self) -> Body:
        """Credentials, a candidate or end-of-candidates."""
        return self._message.body

    def __eq__(self, other: object) -> bool:
        """Equal when the verified contents are equal."""
        if not isinstance(other, VerifiedMessage):
            return NotImplemented
        return self._message == other._message

    def __hash__(self) -> int:
        """Hash of the verified content."""
        return hash(self._message)

    def __repr__(self) -> str:
        """Show the content (credentials redact their password)."""
        return f"VerifiedMessage({self._message!r})"


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
        replay_window: int = DEFAULT_REPLAY_WINDOW,
        allow_mdns: bool = False,
    ) -> None:
        """Trust exactly the keys in ``trusted``, re-imported strictly (subgroup check included).

        ``allow_mdns=True`` accepts host candidates named ``<uuid>.local`` (as pion emits); aioice
        resolves them when they are added to an agent.

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
        if type(replay_window) is not int or replay_window < MIN_REPLAY_WINDOW:
            raise ValueError(f"replay_window must be an int >= {MIN_REPLAY_WINDOW}")
        self._replay_window = replay_window
        self._allow_mdns = allow_mdns
        self._own = own_key.public_bytes()
        self._own_key = own_key
        self._trusted = keys
        self._clock = clock
        self._window_ms = int(window_seconds * 1000)
        self._max_states = max_states
        self._max_token_size = max_token_size
        self._states: dict[bytes, ReplayWindow] = {}

    @property
    def trusted(self) -> frozenset[PublicKey]:
        """The trusted sender keys."""
        return frozenset(self._trusted.values())

    def receive(
        self,
        token: str | bytes | bytearray | memoryview,
        *,
        expected_sender: PublicKey | None = None,
    ) -> VerifiedMessage:
        """Verify ``token`` and return its message, or raise the typed error of the first failure.

        Order: size → structure/base64url → header → ``kid`` not our own key → trusted ``kid``
        (before any crypto) →
        XEd25519 ``strict`` verification of the received signing input → payload JSON and schema
        → sender = kid → recipient = us → timestamp window → anti-replay window → capacity.
        The replay state is updated only after all of them passed; each sender keeps one
        :class:`~wice_candidates.replay.ReplayWindow` (constant size), at most ``max_states``.

        :raises InputTooLargeError: the token exceeds ``max_token_size``.
        :raises MalformedTokenError: JWS structure, base64url or header (incl. UnsupportedHeader).
        :raises ReflectedError: ``kid`` is our own key (our message came back to us).
        :raises UnknownSenderError: ``kid`` is not a trusted key.
        :raises BadSignatureError: the signature does not verify.
        :raises MalformedPayloadError: payload JSON or schema (candidate/credentials variants).
        :raises SenderMismatchError: payload ``sender`` differs from ``kid``.
        :raises WrongRecipientError: payload ``recipient`` is not our key.
        :raises WrongSenderError: ``expected_sender`` is given and the (trusted, correctly
            signed) message comes from another key; checked before any state changes.
        :raises ExpiredError: ``ts`` is outside the window around our clock.
        :raises DuplicateError: this (session, seq) was already accepted.
        :raises StaleSessionError: the sender has moved on to a newer session.
        :raises OutsideWindowError: seq is ``replay_window`` or more behind the highest one.
        :raises ReplayStateFullError: a new sender cannot be tracked without eviction.
        """
        kid, signing_input, payload_json, signature = split_token_parts(
            token, self._max_token_size
        )
        if kid == self._own:
            raise ReflectedError("the token is signed by our own key (reflected)")
        key = self._trusted.get(kid)
        if key is None:
            raise UnknownSenderError("kid is not a trusted WireGuard public key")
        try:
            key.verify(signature, signing_input, policy="strict")
        except InvalidSignature:
            raise BadSignatureError("XEd25519 signature does not verify") from None
        # The senders' own form in one match; anything else goes to the general parser.
        parts = canonical_payload_parts(payload_json)
        if parts is None:
            parts = payload_parts(payload_json, self._allow_mdns)
        sender, recipient, session, seq, ts, body = parts
        if sender != kid:
            raise SenderMismatchError("payload sender differs from header kid")
        if recipient != self._own:
            raise WrongRecipientError("message is addressed to another key")
        if expected_sender is not None and key is not expected_sender and key != expected_sender:
            raise WrongSenderError("message is from another trusted peer than the expected one")
        now = now_ms(self._clock)
        if ts < now - self._window_ms:
            raise ExpiredError("message timestamp is too old")
        if ts > now + self._window_ms:
            raise ExpiredError("message timestamp is in the future (not yet valid)")
        state = self._states.get(kid)
        if state is not None:
            state.check(session, seq)
        elif len(self._states) >= self._max_states:
            raise ReplayStateFullError(f"replay state already tracks {self._max_states} senders")
        # All checks passed: record (a newer session starts a new window: ICE restart).
        if state is None:
            self._states[kid] = ReplayWindow.start(session, seq, self._replay_window)
        else:
            state.commit(session, seq)
        message = Message(key, self._own_key, session, seq, ts, body)
        return VerifiedMessage(message, _issuer=_RECEIVER_ONLY)
