"""Hypothesis properties of sign/verify on both backends.

- round trip: every signature verifies under every policy;
- flipping any bit of any signature byte makes every policy reject it;
- flipping any bit of the message rejects;
- another key rejects;
- s + q is rejected by strict and accepted by spec (the documented malleability);
- signing is randomized (fresh Z) but hazmat signing is deterministic in (k, M, Z).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import xeddsa
from tests.strategies import (
    Q,
    add_q,
    examples,
    flip_bit,
    messages,
    nonce_modes,
    private_keys,
    randomness,
)
from xeddsa import hazmat
from xeddsa._scheme import POLICIES

FIXTURE_OK = [HealthCheck.function_scoped_fixture]


def _u(k: bytes) -> bytes:
    return xeddsa.PrivateKey.from_private_bytes(k).public_key().public_bytes()


@settings(max_examples=examples(50, 500), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, message=messages)
@example(k=bytes(32), message=b"")  # the smallest clamped scalar, 2^254
@example(k=b"\xff" * 32, message=b"\x00" * 300)  # the largest clamped scalar
def test_round_trip(backend: str, k: bytes, message: bytes) -> None:
    key = xeddsa.PrivateKey.from_private_bytes(k)
    signature = key.sign(message)
    assert len(signature) == xeddsa.SIGNATURE_SIZE
    public = key.public_key()
    for policy in POLICIES:
        assert public.verify(signature, message, policy=policy) is None
    # Through the wire formats too.
    again = xeddsa.PublicKey.from_wireguard(public.to_wireguard())
    again.verify(signature, bytearray(message))  # type: ignore[arg-type]


@settings(max_examples=examples(50, 500), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, message=messages, z=randomness, mode=nonce_modes)
def test_hazmat_round_trip(backend: str, k: bytes, message: bytes, z: bytes, mode: str) -> None:
    signature = hazmat.xeddsa_sign(k, message, z, nonce_scalar=mode)  # type: ignore[arg-type]
    u = _u(k)
    for policy in POLICIES:
        assert hazmat.xeddsa_verify(u, message, signature, policy=policy)
    assert hazmat.xeddsa_sign(k, message, z, nonce_scalar=mode) == signature  # type: ignore[arg-type]


@settings(max_examples=examples(15, 60), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, message=messages, z=randomness, data=st.data())
def test_bit_flip_in_every_signature_byte_rejects(
    backend: str, k: bytes, message: bytes, z: bytes, data: st.DataObject
) -> None:
    """For each of the 64 signature bytes, flip one (drawn) bit: every policy rejects."""
    signature = hazmat.xeddsa_sign(k, message, z)
    u = _u(k)
    bits = data.draw(st.lists(st.integers(0, 7), min_size=64, max_size=64), label="bits")
    for index, bit in enumerate(bits):
        bad = flip_bit(signature, 8 * index + bit)
        for policy in POLICIES:
            assert not hazmat.xeddsa_verify(u, message, bad, policy=policy), (index, bit, policy)


@pytest.mark.parametrize("label", ["a", "b"])
def test_all_512_bit_flips_reject(backend: str, label: str) -> None:
    """Exhaustively, for two fixed signatures: each of the 512 single-bit flips is rejected
    (under every policy on sodium; under strict on pure, to keep the default run fast)."""
    k = (label * 32).encode()
    message = b"exhaustive " + k
    signature = hazmat.xeddsa_sign(k, message, bytes(64))
    u = _u(k)
    policies = POLICIES if backend == "sodium" else ("strict",)
    for bit in range(512):
        bad = flip_bit(signature, bit)
        for policy in policies:
            assert not hazmat.xeddsa_verify(u, message, bad, policy=policy), (bit, policy)


@settings(max_examples=examples(50, 500), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, message=messages, data=st.data())
def test_random_bit_flip_rejects_public_api(
    backend: str, k: bytes, message: bytes, data: st.DataObject
) -> None:
    key = xeddsa.PrivateKey.from_private_bytes(k)
    signature = key.sign(message)
    bit = data.draw(st.integers(0, 511), label="bit")
    policy = data.draw(st.sampled_from(POLICIES), label="policy")
    with pytest.raises(xeddsa.InvalidSignature):
        key.public_key().verify(flip_bit(signature, bit), message, policy=policy)


@settings(max_examples=examples(50, 500), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, message=messages.filter(len), data=st.data())
def test_message_bit_flip_rejects(
    backend: str, k: bytes, message: bytes, data: st.DataObject
) -> None:
    key = xeddsa.PrivateKey.from_private_bytes(k)
    signature = key.sign(message)
    bit = data.draw(st.integers(0, 8 * len(message) - 1), label="bit")
    for policy in POLICIES:
        with pytest.raises(xeddsa.InvalidSignature):
            key.public_key().verify(signature, flip_bit(message, bit), policy=policy)


@settings(max_examples=examples(50, 500), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, other=private_keys, message=messages)
def test_wrong_key_rejects(backend: str, k: bytes, other: bytes, message: bytes) -> None:
    key = xeddsa.PrivateKey.from_private_bytes(k)
    other_key = xeddsa.PrivateKey.from_private_bytes(other)
    assume(key != other_key)
    signature = key.sign(message)
    for policy in POLICIES:
        with pytest.raises(xeddsa.InvalidSignature):
            other_key.public_key().verify(signature, message, policy=policy)


@settings(max_examples=examples(50, 500), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, message=messages, z=randomness)
def test_s_plus_q_strict_rejects_spec_accepts(
    backend: str, k: bytes, message: bytes, z: bytes
) -> None:
    signature = hazmat.xeddsa_sign(k, message, z)
    s = int.from_bytes(signature[32:], "little")
    assert s < Q  # honest signers produce canonical s
    assume(s + Q < 2**253)  # fails with probability ~1e-38
    twin = add_q(signature)
    u = _u(k)
    assert not hazmat.xeddsa_verify(u, message, twin, policy="strict")
    assert not hazmat.xeddsa_verify(u, message, twin, policy="libsignal")
    assert hazmat.xeddsa_verify(u, message, twin, policy="spec")


@settings(max_examples=examples(20, 200), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, message=messages)
def test_signing_is_randomized(backend: str, k: bytes, message: bytes) -> None:
    key = xeddsa.PrivateKey.from_private_bytes(k)
    assert key.sign(message) != key.sign(message)


@settings(max_examples=examples(30, 300), suppress_health_check=FIXTURE_OK)
@given(k=private_keys, message=messages, z1=randomness, z2=randomness)
def test_z_changes_signature(backend: str, k: bytes, message: bytes, z1: bytes, z2: bytes) -> None:
    """The nonce depends on Z: different Z give different R (and both verify)."""
    assume(z1 != z2)
    s1 = hazmat.xeddsa_sign(k, message, z1)
    s2 = hazmat.xeddsa_sign(k, message, z2)
    assert s1[:32] != s2[:32]


@settings(max_examples=examples(30, 300), suppress_health_check=FIXTURE_OK)
@given(k=private_keys)
def test_public_key_encoding_round_trips(backend: str, k: bytes) -> None:
    public = xeddsa.PrivateKey.from_private_bytes(k).public_key()
    for again in (
        xeddsa.PublicKey.from_public_bytes(public.public_bytes()),
        xeddsa.PublicKey.from_public_bytes(bytes(public)),
        xeddsa.PublicKey.from_wireguard(public.to_wireguard()),
        xeddsa.PublicKey.from_cryptography(public.to_cryptography()),
    ):
        assert again == public and hash(again) == hash(public)
        assert again.ed25519_public_bytes() == public.ed25519_public_bytes()
