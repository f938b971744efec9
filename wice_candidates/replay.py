"""Per-sender anti-replay state: the current session and a sliding window of accepted ``seq``.

Signaling channels may reorder and duplicate messages (cunicu's backends do). As in IPsec ESP
(RFC 4303 §3.4.3) and DTLS (RFC 9147 §4.5.1), each sender's state is the highest accepted ``seq``
of its current session plus a bitmap of the ``size`` sequence numbers at and below it:

- ``session`` greater than the current one: a new session; the window starts over at ``seq``.
- ``session`` smaller: :class:`StaleSessionError`.
- ``seq`` above the highest: accepted; the window slides forward.
- ``seq`` inside the window and not yet seen: accepted (a reordered message).
- ``seq`` inside the window and already seen: :class:`DuplicateError`.
- ``seq`` at or below ``highest - size``: :class:`OutsideWindowError`.

:meth:`ReplayWindow.check` never changes anything; :meth:`ReplayWindow.commit` records a message
that passed every other check. Memory per sender is constant (one int of ``size`` bits).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .errors import DuplicateError, OutsideWindowError, StaleSessionError

__all__ = ["DEFAULT_REPLAY_WINDOW", "MIN_REPLAY_WINDOW", "ReplayWindow"]

#: RFC 4303 §3.4.3 requires at least 32 and recommends 64; this is the floor accepted here.
MIN_REPLAY_WINDOW: Final = 64
#: Window size used when none is given.
DEFAULT_REPLAY_WINDOW: Final = 64


@dataclass(slots=True)
class ReplayWindow:
    """The anti-replay state of one sender: session, highest accepted seq and the seen bitmap.

    Bit ``i`` of ``seen`` is set when ``highest - i`` was accepted (bit 0 is ``highest`` itself).
    """

    session: int
    highest: int
    seen: int
    size: int = DEFAULT_REPLAY_WINDOW

    @classmethod
    def start(cls, session: int, seq: int, size: int = DEFAULT_REPLAY_WINDOW) -> ReplayWindow:
        """The state after accepting the first message ``(session, seq)`` of a sender."""
        if size < MIN_REPLAY_WINDOW:
            raise ValueError(f"replay window must be at least {MIN_REPLAY_WINDOW}")
        return cls(session=session, highest=seq, seen=1, size=size)

    def check(self, session: int, seq: int) -> None:
        """Raise the :class:`~wice_candidates.errors.ReplayError` subclass ``(session, seq)``
        deserves, or return if it may be accepted; the state is not changed either way."""
        if session < self.session:
            raise StaleSessionError("message from an older session than the sender's current one")
        if session > self.session or seq > self.highest:
            return
        behind = self.highest - seq
        if behind >= self.size:
            raise OutsideWindowError(
                f"seq is {behind} behind the highest accepted one (window {self.size})"
            )
        if self.seen >> behind & 1:
            raise DuplicateError("this seq was already accepted")

    def commit(self, session: int, seq: int) -> None:
        """Record an accepted message; :meth:`check` must have passed for the same values."""
        mask = (1 << self.size) - 1
        if session > self.session:
            self.session, self.highest, self.seen = session, seq, 1
        elif seq > self.highest:
            shift = seq - self.highest
            self.seen = ((self.seen << shift) | 1) & mask if shift < self.size else 1
            self.highest = seq
        else:
            self.seen |= 1 << (self.highest - seq)
