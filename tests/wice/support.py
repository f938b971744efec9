"""Shared test data for the wice_candidates tests: fixed WireGuard keys and a controllable clock.

A module with a unique name, so test files import it without depending on which ``conftest``
pytest registered first.
"""

from __future__ import annotations

from dataclasses import dataclass

import aioice

# Produced by `wg genkey` / `wg pubkey` (Debian wireguard-tools); test data only.
WG_KEYS = {
    "alice": (
        "IBWz3RuOaNUK1b/OhNKfFnjtBhK1Ct0INWR+se20D34=",
        "UrsX/6UbY32a1rlKG9QlWj6Xh8Idc9cC+GgQ688BAlM=",
    ),
    "bob": (
        "ULzioZvBBu9fCC91EhtfwFZnVVgENfG2ZmAX/r3A8ks=",
        "SwY+u/Dr8tItssZvrkA+yMvJ6ZQCztd7qCtawE3qqy8=",
    ),
    "carol": (
        "8EuQldY7DJyxzxEFOb6quGFBAeXVyRLzsd7AqOfl0l0=",
        "fKRtl87v0QsaEurB26m7V16XVu6KvADVXl1JFG5ijQY=",
    ),
}

#: 2026-01-01T00:00:00Z; every clock-dependent test starts here.
T0 = 1_767_225_600.0


@dataclass
class FakeClock:
    """An injectable clock (Unix seconds) that tests move explicitly."""

    now: float = T0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingAgent:
    """An IceAgent that records what verified remote data did to it."""

    def __init__(self) -> None:
        self.remote_username: str | None = None
        self.remote_password: str | None = None
        self.candidates: list[aioice.Candidate | None] = []

    async def add_remote_candidate(self, remote_candidate: aioice.Candidate | None) -> None:
        self.candidates.append(remote_candidate)
