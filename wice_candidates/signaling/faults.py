"""Fault injection for the reference signaling server (a testing aid, off by default).

``drop=P,duplicate=P,reorder=P,delay=MS,seed=N``: each published envelope is dropped with
probability ``drop``; otherwise delivered twice with probability ``duplicate``; held back and
delivered after the next envelope for the same topic (or after a short timer) with probability
``reorder``; and every delivery waits ``delay`` milliseconds. Decisions come from one
``random.Random(seed)``, so a run with a fixed seed makes the same sequence of decisions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Final

from ..errors import SignalingError

__all__ = ["FaultDecision", "FaultInjection", "parse_fault_injection"]

_PROBABILITIES: Final = ("drop", "duplicate", "reorder")


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What happens to one published envelope."""

    copies: int
    hold_back: bool


@dataclass
class FaultInjection:
    """Probabilities, a delay and a seeded generator; :meth:`decide` draws one decision."""

    drop: float = 0.0
    duplicate: float = 0.0
    reorder: float = 0.0
    delay_ms: int = 0
    seed: int = 0
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Seed the generator; probabilities must lie in [0, 1], the delay in 0 … 10000 ms."""
        for name in _PROBABILITIES:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SignalingError(f"fault injection: {name} must lie in [0, 1]")
        if not 0 <= self.delay_ms <= 10_000:
            raise SignalingError("fault injection: delay must lie in 0 … 10000 ms")
        self._random = random.Random(self.seed)  # noqa: S311 - test traffic shaping, not crypto

    def decide(self) -> FaultDecision:
        """Draw the fate of the next envelope (three draws, always, to keep runs aligned)."""
        drop, dup, hold = (self._random.random() for _ in range(3))
        if drop < self.drop:
            return FaultDecision(copies=0, hold_back=False)
        return FaultDecision(copies=2 if dup < self.duplicate else 1, hold_back=hold < self.reorder)


def parse_fault_injection(text: str) -> FaultInjection:
    """Parse ``drop=P,duplicate=P,reorder=P,delay=MS,seed=N`` (any subset, each at most once)."""
    values: dict[str, str] = {}
    for item in text.split(","):
        name, sep, value = item.strip().partition("=")
        if not sep or name not in (*_PROBABILITIES, "delay", "seed") or name in values:
            raise SignalingError(f"fault injection: bad item {item.strip()!r}")
        values[name] = value.strip()
    try:
        return FaultInjection(
            drop=float(values.get("drop", "0")),
            duplicate=float(values.get("duplicate", "0")),
            reorder=float(values.get("reorder", "0")),
            delay_ms=int(values.get("delay", "0")),
            seed=int(values.get("seed", "0")),
        )
    except ValueError:
        raise SignalingError("fault injection: values must be numbers") from None
