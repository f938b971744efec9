"""Interleaved timing harness for ratio benchmarks (method: docs/design/decisions.rst, D13).

pytest-benchmark times one callable's rounds back to back, so drift and noisy neighbours can hit a
baseline and a candidate differently. :func:`interleave` times several callables in the same
process, one batch of each per round, in a freshly shuffled order every round:

- each callable is warmed up, then calibrated to a batch of at least ``min_batch_s`` seconds;
- every batch runs with the garbage collector collected and disabled, for all callables alike;
- a callable's figure is the **median** per-operation time over the rounds, with min and max;
- a ratio is the **median of the per-round ratios** candidate / baseline, with min and max.

Absolute microseconds from one machine mean little (about +-30 % on a shared host); the ratios are
what the targets in benchmarks/README.md are checked against.
"""

from __future__ import annotations

import gc
import itertools
import math
import os
import random
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

__all__ = [
    "OpStats",
    "RatioStats",
    "Run",
    "bench_clock",
    "bench_min_batch_s",
    "bench_rounds",
    "cycling",
    "interleave",
    "run_interleaved",
]


@dataclass(frozen=True)
class OpStats:
    """Per-operation times of one callable, in microseconds, over all rounds."""

    name: str
    batch: int
    per_round_us: list[float]

    @property
    def median_us(self) -> float:
        return statistics.median(self.per_round_us)

    @property
    def min_us(self) -> float:
        return min(self.per_round_us)

    @property
    def max_us(self) -> float:
        return max(self.per_round_us)


@dataclass(frozen=True)
class RatioStats:
    """candidate / baseline, computed round by round; ``median`` is the median of those ratios."""

    candidate: str
    baseline: str
    per_round: list[float]
    target: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.per_round)

    @property
    def min(self) -> float:
        return min(self.per_round)

    @property
    def max(self) -> float:
        return max(self.per_round)

    @property
    def meets_target(self) -> bool | None:
        return None if self.target is None else self.median <= self.target


@dataclass
class Run:
    """The result of one interleaved run: per-operation stats and the requested ratios."""

    group: str
    rounds: int
    ops: dict[str, OpStats] = field(default_factory=dict)
    ratios: list[RatioStats] = field(default_factory=list)

    def ratio(self, candidate: str, baseline: str, *, target: float | None = None) -> RatioStats:
        """Record and return the per-round ratio candidate / baseline."""
        a = self.ops[candidate].per_round_us
        b = self.ops[baseline].per_round_us
        stats = RatioStats(candidate, baseline, [x / y for x, y in zip(a, b, strict=True)], target)
        self.ratios.append(stats)
        return stats

    def as_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "rounds": self.rounds,
            "ops": {
                name: {
                    "batch": op.batch,
                    "median_us": round(op.median_us, 3),
                    "min_us": round(op.min_us, 3),
                    "max_us": round(op.max_us, 3),
                }
                for name, op in self.ops.items()
            },
            "ratios": [
                {
                    "candidate": r.candidate,
                    "baseline": r.baseline,
                    "median": round(r.median, 4),
                    "min": round(r.min, 4),
                    "max": round(r.max, 4),
                    "target": r.target,
                    "meets_target": r.meets_target,
                }
                for r in self.ratios
            ],
        }


def bench_rounds() -> int:
    """Interleaved rounds per ratio benchmark (``BENCH_ROUNDS``, at least 9)."""
    return max(9, int(os.environ.get("BENCH_ROUNDS", "15")))


def bench_min_batch_s() -> float:
    """Minimum batch length in seconds (``BENCH_MIN_BATCH_MS``, at least 1 ms)."""
    return max(1.0, float(os.environ.get("BENCH_MIN_BATCH_MS", "5"))) / 1000


_T = TypeVar("_T")


def cycling(items: Sequence[_T]) -> Callable[[], _T]:
    """Return a zero-argument callable that yields ``items`` in turn, forever (cost ~50 ns)."""
    return itertools.cycle(items).__next__


def bench_clock() -> Callable[[], int]:
    """The clock (``BENCH_CLOCK``): ``process`` (default) is this process's CPU time,
    ``time.process_time_ns``; ``perf`` is wall time, ``time.perf_counter_ns``.

    Everything timed here is single-threaded and CPU-bound, so both measure the same work on a
    quiet machine; on a loaded one (other processes competing for the cores) wall time also counts
    the time the process waited for a core, and per-round ratios spread several times wider.
    """
    name = os.environ.get("BENCH_CLOCK", "process")
    clocks = {"perf": time.perf_counter_ns, "process": time.process_time_ns}
    if name not in clocks:
        raise ValueError(f"BENCH_CLOCK must be one of {sorted(clocks)}, got {name!r}")
    return clocks[name]


def _time_batch(fn: Callable[[], object], n: int, clock: Callable[[], int]) -> int:
    """Return the nanoseconds that n calls of fn take, with the collector disabled."""
    gc.collect()
    gc.disable()
    try:
        start = clock()
        for _ in range(n):
            fn()
        return clock() - start
    finally:
        gc.enable()


def interleave(
    group: str,
    callables: Mapping[str, Callable[[], object]],
    *,
    rounds: int = 9,
    min_batch_s: float = 0.002,
    seed: int = 0,
) -> Run:
    """Time every callable once per round, in a shuffled order, for ``rounds`` rounds.

    :param callables: name -> zero-argument callable doing exactly one operation; all setup (key
        construction, conversion, validation) must already be done.
    :param rounds: at least 9 (decisions.rst, D13).
    :param min_batch_s: each batch lasts at least this long (>= 1 ms).
    """
    if rounds < 9:
        raise ValueError("at least 9 rounds (docs/design/decisions.rst, D13)")
    if min_batch_s < 0.001:
        raise ValueError("batches of at least 1 ms (docs/design/decisions.rst, D13)")
    clock = bench_clock()
    batch: dict[str, int] = {}
    for name, fn in callables.items():
        for _ in range(3):  # warm up: lazy tables, caches, specialisation
            fn()
        n = 1
        while True:  # calibrate: grow the batch until it takes >= min_batch_s
            # The fastest of three tries, so a burst of load during calibration cannot shrink
            # the batch below the minimum length for the rest of the run.
            elapsed = min(_time_batch(fn, n, clock) for _ in range(3))
            if elapsed >= min_batch_s * 1e9:
                break
            n = max(n + 1, math.ceil(n * 1.2 * min_batch_s * 1e9 / max(elapsed, 1)))
        batch[name] = n
    per_round: dict[str, list[float]] = {name: [] for name in callables}
    order = list(callables)
    rng = random.Random(seed)
    for _ in range(rounds):
        rng.shuffle(order)
        for name in order:
            ns = _time_batch(callables[name], batch[name], clock)
            per_round[name].append(ns / batch[name] / 1000)
    run = Run(group, rounds)
    for name in callables:
        run.ops[name] = OpStats(name, batch[name], per_round[name])
    return run


def run_interleaved(benchmark: object, group: str, ops: Mapping[str, Callable[[], object]]) -> Run:
    """Run :func:`interleave` once inside pytest-benchmark's ``pedantic`` mode and return its Run.

    pytest-benchmark times the whole interleaved run as one round; the ratios come from the Run.
    """
    run: Run = benchmark.pedantic(  # type: ignore[attr-defined]
        interleave,
        args=(group, ops),
        kwargs={"rounds": bench_rounds(), "min_batch_s": bench_min_batch_s()},
        rounds=1,
        iterations=1,
    )
    return run
