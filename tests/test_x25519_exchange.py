"""X25519 on both backends and :meth:`xeddsa.PrivateKey.exchange`: RFC 7748 vectors,
pyca/cryptography as the reference, and the all-zero shared secret refused with a typed error."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

import xeddsa
from xeddsa._params import P
from xeddsa.backend import PrimitiveError, get_signing_backend
from xeddsa.curve.constants import SMALL_ORDER_U
from xeddsa.keys import PublicKey

# RFC 7748 §5.2, the two single-call test vectors (scalar, u, output).
RFC7748_VECTORS = [
    (
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
    ),
    (
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
    ),
]
# RFC 7748 §6.1: Alice's and Bob's private keys and their shared secret.
ALICE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
BOB = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"


@pytest.mark.parametrize(("k", "u", "out"), RFC7748_VECTORS)
def test_rfc7748_vectors(backend: str, k: str, u: str, out: str) -> None:
    assert get_signing_backend().x25519(bytes.fromhex(k), bytes.fromhex(u)).hex() == out


def test_rfc7748_iterated_1000(backend: str) -> None:
    """RFC 7748 §5.2: k = u = 9, then (k, u) = (X25519(k, u), k); after 1,000 iterations."""
    k = u = (9).to_bytes(32, "little")
    for _ in range(1000):
        k, u = get_signing_backend().x25519(k, u), k
    assert k.hex() == "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"


def test_exchange_matches_rfc7748_section_6_1(backend: str) -> None:
    alice = xeddsa.PrivateKey.from_private_bytes(bytes.fromhex(ALICE))
    bob = xeddsa.PrivateKey.from_private_bytes(bytes.fromhex(BOB))
    assert alice.public_key().public_bytes().hex() == ALICE_PUBLIC
    assert bob.public_key().public_bytes().hex() == BOB_PUBLIC
    assert alice.exchange(bob.public_key()).hex() == SHARED
    assert bob.exchange(alice.public_key()).hex() == SHARED


def test_exchange_matches_cryptography(backend: str) -> None:
    for i in range(8):
        ours = xeddsa.PrivateKey.from_private_bytes(hashlib.sha256(b"a%d" % i).digest())
        theirs = X25519PrivateKey.from_private_bytes(hashlib.sha256(b"b%d" % i).digest())
        peer = PublicKey.from_cryptography(theirs.public_key())
        expected = theirs.exchange(
            X25519PublicKey.from_public_bytes(ours.public_key().public_bytes())
        )
        assert ours.exchange(peer) == expected


def test_backend_x25519_matches_cryptography_on_raw_u(backend: str) -> None:
    """Unclamped k, u with bit 255 set, twist points: the primitive follows RFC 7748 exactly."""
    for i in range(12):
        k = hashlib.sha256(b"k%d" % i).digest()
        u = hashlib.sha256(b"u%d" % i).digest()
        expected = X25519PrivateKey.from_private_bytes(k).exchange(
            X25519PublicKey.from_public_bytes(u)
        )
        assert get_signing_backend().x25519(k, u) == expected


@pytest.mark.parametrize("u", sorted(SMALL_ORDER_U | {P, P + 1}))
def test_small_order_u_is_refused(backend: str, u: int) -> None:
    k = hashlib.sha256(b"k").digest()
    with pytest.raises(PrimitiveError):
        get_signing_backend().x25519(k, u.to_bytes(32, "little"))


def test_exchange_refuses_an_all_zero_secret(backend: str) -> None:
    """Defence in depth: a PublicKey that bypassed import (u = 0) gives InvalidKey, not zeros."""
    key = xeddsa.PrivateKey.generate()
    bad_peer = PublicKey._trusted(bytes(32), xeddsa.hazmat.convert_mont(bytes(32)))  # type: ignore[arg-type]
    with pytest.raises(xeddsa.InvalidKey, match="all zero"):
        key.exchange(bad_peer)


def test_exchange_type_and_closed_key() -> None:
    key = xeddsa.PrivateKey.generate()
    with pytest.raises(TypeError):
        key.exchange(bytes(32))  # type: ignore[arg-type]
    peer = xeddsa.PrivateKey.generate().public_key()
    key.close()
    with pytest.raises(xeddsa.InvalidKey):
        key.exchange(peer)
