"""Fixtures for the JOSE adapter tests: fixed WireGuard keys, joserfc keys, an isolated registry."""

from __future__ import annotations

import pytest
from joserfc.jwk import OKPKey
from joserfc.jws import JWSRegistry

from xeddsa import PrivateKey, PublicKey
from xeddsa.jose import isolated_registry, okp_key, register_algorithms

# Produced by `wg genkey | tee wg.key | wg pubkey` (WireGuard tools); used as test data only.
WG_PRIVATE = "SGUqCtyzpKqCQMRBBnGGgN5+LKk5Hs20bbh1a1yANW4=\n"
WG_PUBLIC = "I+i9/SiHP4kiknVRBSHwVGwyLGB8Umg844hl2zQDayo="


@pytest.fixture(scope="session")
def wg_private() -> str:
    return WG_PRIVATE


@pytest.fixture(scope="session")
def wg_public() -> str:
    return WG_PUBLIC


@pytest.fixture(scope="session")
def private_key() -> PrivateKey:
    return PrivateKey.from_wireguard(WG_PRIVATE)


@pytest.fixture(scope="session")
def public_key(private_key: PrivateKey) -> PublicKey:
    return private_key.public_key()


@pytest.fixture(scope="session")
def other_private_key() -> PrivateKey:
    return PrivateKey.from_private_bytes(bytes(range(1, 33)))


@pytest.fixture(scope="session")
def signer(private_key: PrivateKey) -> OKPKey:
    return okp_key(private_key)


@pytest.fixture(scope="session")
def verifier(public_key: PublicKey) -> OKPKey:
    return okp_key(public_key)


@pytest.fixture(scope="session")
def registry() -> JWSRegistry:
    """An isolated registry allowing both algorithms; joserfc's global state stays untouched."""
    return isolated_registry()


@pytest.fixture(scope="session")
def global_registration() -> None:
    """Register both algorithms on joserfc's global registry (idempotent)."""
    register_algorithms()
