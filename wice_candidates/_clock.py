"""The injectable clock shared by senders and receivers."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Clock", "now_ms"]

#: A clock returns Unix time in seconds, like :func:`time.time`.
Clock = Callable[[], float]


def now_ms(clock: Clock) -> int:
    """Read ``clock`` as integer Unix milliseconds."""
    return int(clock() * 1000)
