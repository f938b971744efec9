"""Every honest XEdDSA signature is a plain Ed25519 signature under ``ed25519_public_bytes()``.

XEdDSA's challenge is Ed25519's (plain SHA-512 of R || A || M), and A has sign bit 0, so any
RFC 8032 verifier checks XEdDSA signatures with the converted key
(``PublicKey.ed25519_public_bytes``). Checked with PyNaCl (``nacl.signing.VerifyKey``, libsodium)
and with pyca/cryptography
(``Ed25519PublicKey``, OpenSSL), independent of both our backends.
"""

from __future__ import annotations

import nacl.exceptions
import nacl.signing
import pytest
from cryptography.exceptions import InvalidSignature as CryptographyInvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from hypothesis import HealthCheck, example, given, settings

import xeddsa
from tests.strategies import examples, flip_bit, messages, private_keys, randomness
from tests.vectors import by_id, h
from xeddsa import hazmat


def ed25519_accepts(ed_key: bytes, signature: bytes, message: bytes) -> tuple[bool, bool]:
    """Return (PyNaCl verdict, cryptography verdict)."""
    try:
        nacl.signing.VerifyKey(ed_key).verify(message, signature)
        by_nacl = True
    except nacl.exceptions.BadSignatureError:
        by_nacl = False
    try:
        Ed25519PublicKey.from_public_bytes(ed_key).verify(signature, message)
        by_cryptography = True
    except CryptographyInvalidSignature:
        by_cryptography = False
    return by_nacl, by_cryptography


@settings(
    max_examples=examples(40, 400), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(k=private_keys, message=messages)
@example(k=bytes(32), message=b"")
def test_private_key_sign(backend: str, k: bytes, message: bytes) -> None:
    key = xeddsa.PrivateKey.from_private_bytes(k)
    signature = key.sign(message)
    ed_key = key.public_key().ed25519_public_bytes()
    assert ed25519_accepts(ed_key, signature, message) == (True, True)
    # And a one-bit change is refused by both, so the check above can fail.
    assert ed25519_accepts(ed_key, flip_bit(signature, 9), message) == (False, False)


@settings(
    max_examples=examples(40, 400), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(k=private_keys, message=messages, z=randomness)
def test_hazmat_sign_both_nonce_modes(backend: str, k: bytes, message: bytes, z: bytes) -> None:
    ed_key = xeddsa.PrivateKey.from_private_bytes(k).public_key().ed25519_public_bytes()
    for mode in ("spec", "libsignal-c"):
        signature = hazmat.xeddsa_sign(k, message, z, nonce_scalar=mode)
        assert ed25519_accepts(ed_key, signature, message) == (True, True)


def test_ed25519_key_equals_calculate_key_pair(backend: str) -> None:
    k = bytes(range(32))
    A, _ = hazmat.calculate_key_pair(k)
    public = xeddsa.PrivateKey.from_private_bytes(k).public_key()
    assert public.ed25519_public_bytes() == A
    assert hazmat.convert_mont(public.public_bytes()) == A


def test_upstream_kat_is_ed25519(backend: str) -> None:
    """The upstream XEdDSA KAT signature verifies as Ed25519 too (its key has E.s = 1)."""
    vector = by_id("xeddsa_rev1.json", "xeddsa_fast_test/sign")
    public = xeddsa.PublicKey.from_public_bytes(h(vector["x25519_public"]))
    signature = h(vector["expected_signature"])
    message = h(vector["message"])
    assert ed25519_accepts(public.ed25519_public_bytes(), signature, message) == (True, True)


def test_not_with_the_sign_bit_set(backend: str) -> None:
    """With the sign bit of the Ed25519 key set (the other point with that y), it fails: the
    sign-0 convention is what makes the conversion work."""
    key = xeddsa.PrivateKey.from_private_bytes(bytes(range(32)))
    signature = key.sign(b"m")
    ed_key = bytearray(key.public_key().ed25519_public_bytes())
    ed_key[31] |= 0x80
    assert ed25519_accepts(bytes(ed_key), signature, b"m") == (False, False)


@pytest.mark.parametrize("message", [b"", b"x" * 257, bytes(range(256)) * 8])
def test_message_lengths(backend: str, message: bytes) -> None:
    """No message length limit (the C reference verifier's 256-byte buffer is not ours)."""
    key = xeddsa.PrivateKey.from_private_bytes(b"\x07" * 32)
    signature = key.sign(message)
    key.public_key().verify(signature, message)
    assert ed25519_accepts(key.public_key().ed25519_public_bytes(), signature, message) == (
        True,
        True,
    )
