"""Fixtures for the wice_candidates tests: fixed WireGuard keys, a controllable clock."""

from __future__ import annotations

import pytest

from tests.wice.support import T0, WG_KEYS, FakeClock  # noqa: F401 - re-exported for fixtures
from wice_candidates import Receiver, Sender
from xeddsa import PrivateKey, PublicKey


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
