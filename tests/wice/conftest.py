"""Fixtures for the wice_candidates tests: fixed WireGuard keys, a controllable clock."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from wice_candidates import Receiver, Sender
from xeddsa import PrivateKey, PublicKey

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


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def alice_key() -> PrivateKey:
    return PrivateKey.from_wireguard(WG_KEYS["alice"][0])


@pytest.fixture(scope="session")
def bob_key() -> PrivateKey:
    return PrivateKey.from_wireguard(WG_KEYS["bob"][0])


@pytest.fixture(scope="session")
def carol_key() -> PrivateKey:
    return PrivateKey.from_wireguard(WG_KEYS["carol"][0])


@pytest.fixture(scope="session")
def alice(alice_key: PrivateKey) -> PublicKey:
    return alice_key.public_key()


@pytest.fixture(scope="session")
def bob(bob_key: PrivateKey) -> PublicKey:
    return bob_key.public_key()


@pytest.fixture(scope="session")
def carol(carol_key: PrivateKey) -> PublicKey:
    return carol_key.public_key()


@pytest.fixture
def alice_to_bob(alice_key: PrivateKey, bob: PublicKey, clock: FakeClock) -> Sender:
    return Sender(alice_key, bob, clock=clock, session=1000)


@pytest.fixture
def bob_receiver(bob: PublicKey, alice: PublicKey, carol: PublicKey, clock: FakeClock) -> Receiver:
    """Bob trusts alice and carol."""
    return Receiver(bob, [alice, carol], clock=clock)
