"""Numbering and signing messages from one private key to one peer."""

from __future__ import annotations

import time

from xeddsa import PrivateKey, PublicKey

from ._clock import Clock, now_ms
from ._strict import MAX_SAFE_INTEGER
from .candidate import Candidate
from .credentials import Credentials, EndOfCandidates
from .message import Body, Message, sign_message

__all__ = ["Sender"]


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
        start = now_ms(clock) if session is None else session
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
        self._session = max(now_ms(self._clock), self._session + 1)
        self._seq = 0
        return self._session

    def sign(self, body: Body) -> str:
        """Sign ``body`` as the next message of the current session and return the token."""
        message = Message(
            sender=self._public_key,
            recipient=self._recipient,
            session=self._session,
            seq=self._seq,
            ts=now_ms(self._clock),
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
