"""``curve25519_keys.json``: X25519 key generation through ``PrivateKey.public_key()``, and the
curve25519-java 1000-step keygen chain through :mod:`xeddsa.curve` (its scalars are unclamped, so
it cannot go through the public API, which clamps).

The agreement vector has no counterpart (the library has no key-agreement API); its two keypairs
still serve as keygen checks, and its shared secret is checked with ``cryptography``'s X25519 on
keys converted by ``PrivateKey.to_cryptography`` / ``PublicKey.from_cryptography``.
"""

from __future__ import annotations

from typing import Any

import pytest

import xeddsa
from tests.vectors import h, ids, vectors
from xeddsa.curve import EdwardsPoint, edwards_to_u

FILE = "curve25519_keys.json"
KEYGEN = vectors(FILE, "x25519_public")
AGREEMENT = vectors(FILE, "x25519_shared")
CHAIN = vectors(FILE, "keygen_chain")


def test_file_shape() -> None:
    assert (len(KEYGEN), len(AGREEMENT), len(CHAIN)) == (4, 1, 1)


@pytest.mark.parametrize("vector", KEYGEN, ids=ids(KEYGEN))
def test_keygen(backend: str, vector: dict[str, Any]) -> None:
    key = xeddsa.PrivateKey.from_private_bytes(h(vector["x25519_private"]))
    public = key.public_key()
    assert public.public_bytes().hex() == vector["expected_public"]
    # The public key imports strictly (an honest key is in the prime-order subgroup).
    assert xeddsa.PublicKey.from_public_bytes(public.public_bytes()) == public


@pytest.mark.parametrize("vector", KEYGEN, ids=ids(KEYGEN))
def test_keys_already_clamped(vector: dict[str, Any]) -> None:
    """The file says every listed private key is already clamped: loading must not change it."""
    raw = h(vector["x25519_private"])
    assert xeddsa.PrivateKey.from_private_bytes(raw).private_bytes() == raw


@pytest.mark.parametrize("vector", AGREEMENT, ids=ids(AGREEMENT))
def test_agreement_keypairs(backend: str, vector: dict[str, Any]) -> None:
    for side in ("alice", "bob"):
        key = xeddsa.PrivateKey.from_private_bytes(h(vector[f"{side}_private"]))
        assert key.public_key().public_bytes().hex() == vector[f"{side}_public"]


@pytest.mark.parametrize("vector", AGREEMENT, ids=ids(AGREEMENT))
def test_agreement_through_cryptography(vector: dict[str, Any]) -> None:
    alice = xeddsa.PrivateKey.from_private_bytes(h(vector["alice_private"])).to_cryptography()
    bob_public = xeddsa.PublicKey.from_public_bytes(h(vector["bob_public"])).to_cryptography()
    assert alice.exchange(bob_public).hex() == vector["expected_shared"]


def _keygen_unclamped(k: bytes) -> bytes:
    """curve25519_keygen without clamping: u of [k]B for the raw little-endian k."""
    return edwards_to_u(EdwardsPoint.base_mul(int.from_bytes(k, "little"))).to_bytes(32, "little")


@pytest.mark.parametrize("vector", CHAIN, ids=ids(CHAIN))
def test_keygen_chain(vector: dict[str, Any]) -> None:
    value = h(vector["start"])
    assert value[0] == 123 and not any(value[1:])
    for _ in range(int(vector["iterations"])):
        value = _keygen_unclamped(value)
    assert value.hex() == vector["expected"]
