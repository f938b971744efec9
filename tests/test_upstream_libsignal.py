"""libsignal's signature format: ``curvesigs_legacy.json``, ``libsignal_curve25519_signature.json``.

Both files use the legacy "curvesigs" convention: the Edwards sign bit of kB travels in the top bit
of signature byte 63 (docs/design/decisions.rst, D3). Under ``policy="libsignal"`` every vector
must give its ``expected_valid``. Under ``"strict"`` and ``"spec"`` a signature is rejected exactly
when that
top bit is set (s >= 2^255 > 2^253 > q); valid vectors whose top bit is clear would verify, and
the invalid (bit-flipped) ones fail under every policy.
"""

from __future__ import annotations

from typing import Any

import pytest

import xeddsa
from tests.strategies import policy_names
from tests.vectors import h, ids, load, vectors, verify_inputs
from xeddsa import hazmat
from xeddsa._scheme import Policy

LEGACY = "curvesigs_legacy.json"
LIBSIGNAL = "libsignal_curve25519_signature.json"

LEGACY_VERIFY = vectors(LEGACY, "curvesig_verify")
LIBSIGNAL_VERIFY = vectors(LIBSIGNAL, "curvesig_verify")
ALL_VERIFY = LEGACY_VERIFY + LIBSIGNAL_VERIFY
VALID = [v for v in ALL_VERIFY if v["expected_valid"]]


def _top_bit(signature: bytes) -> int:
    return signature[63] >> 7


def test_file_shape() -> None:
    assert len(LEGACY_VERIFY) == 2
    assert len(LIBSIGNAL_VERIFY) == 65
    # 1 valid + 64 single-bit flips (low bit of each byte), as the file says.
    assert sum(v["expected_valid"] for v in LIBSIGNAL_VERIFY) == 1
    assert load(LIBSIGNAL)["construction_id"] == "libsignal_curve25519_signature"


@pytest.mark.parametrize("vector", ALL_VERIFY, ids=ids(ALL_VERIFY))
def test_libsignal_policy(backend: str, vector: dict[str, Any]) -> None:
    result = hazmat.xeddsa_verify(
        *verify_inputs(vector),
        policy="libsignal",
    )
    assert result is vector["expected_valid"]


@pytest.mark.parametrize("policy", ["strict", "spec"])
@pytest.mark.parametrize("vector", ALL_VERIFY, ids=ids(ALL_VERIFY))
def test_strict_and_spec_reject_exactly_where_sign_bit_set(
    backend: str, vector: dict[str, Any], policy: Policy
) -> None:
    signature = h(vector["signature"])
    expected = bool(vector["expected_valid"]) and _top_bit(signature) == 0
    result = hazmat.xeddsa_verify(
        h(vector["x25519_public"]), h(vector["message"]), signature, policy=policy
    )
    assert result is expected


def test_valid_vectors_carry_the_sign_bit() -> None:
    """Both upstream valid signatures have the top bit set, so the previous test really checks a
    rejection (and the derived field in the libsignal file agrees)."""
    assert [_top_bit(h(v["signature"])) for v in VALID] == [1, 1]
    derived = [v for v in LIBSIGNAL_VERIFY if "spec_xeddsa_verify_expected_derived" in v]
    assert [v["spec_xeddsa_verify_expected_derived"] for v in derived] == [False]


@pytest.mark.parametrize("vector", VALID, ids=ids(VALID))
def test_public_api(backend: str, vector: dict[str, Any]) -> None:
    """Through PublicKey: accepted under "libsignal"; under "strict" and "spec" the error says
    which policy would accept it (decisions.rst, D3)."""
    public = xeddsa.PublicKey.from_public_bytes(h(vector["x25519_public"]))
    signature, message = h(vector["signature"]), h(vector["message"])
    assert public.verify(signature, message, policy="libsignal") is None
    for policy in policy_names("strict", "spec"):
        with pytest.raises(xeddsa.InvalidSignature, match="policy='libsignal'"):
            public.verify(signature, message, policy=policy)


@pytest.mark.parametrize("vector", VALID, ids=ids(VALID))
def test_clearing_or_moving_the_sign_bit_breaks_it(backend: str, vector: dict[str, Any]) -> None:
    """Clearing the top bit names the wrong Edwards key (-A instead of A): no policy accepts it."""
    signature = bytearray(h(vector["signature"]))
    signature[63] &= 0x7F
    for policy in policy_names("strict", "spec", "libsignal"):
        assert not hazmat.xeddsa_verify(
            h(vector["x25519_public"]), h(vector["message"]), bytes(signature), policy=policy
        )


def test_libsignal_private_key_matches(backend: str) -> None:
    """The libsignal vector's private key gives its public key (curve25519_keys.json has it too)."""
    vector = VALID[-1]
    key = xeddsa.PrivateKey.from_private_bytes(h(vector["x25519_private"]))
    assert key.public_key().public_bytes() == h(vector["x25519_public"])


def test_libsignal_policy_accepts_our_signatures(backend: str) -> None:
    """Spec-format signatures (top bit 0) are accepted by "libsignal" too (decisions.rst, D3), and
    the legacy sign vector's key gets a spec signature that libsignal's policy verifies."""
    sign_vector = vectors(LEGACY, "curvesig_sign")[0]
    priv = h(sign_vector["x25519_private"])
    message = h(sign_vector["message"])
    ours = hazmat.xeddsa_sign(priv, message, h(sign_vector["random_Z"]))
    assert _top_bit(ours) == 0
    assert ours != h(sign_vector["expected_signature"])  # different scheme, different bytes
    u = h(sign_vector["x25519_public"])
    for policy in policy_names("strict", "spec", "libsignal"):
        assert hazmat.xeddsa_verify(u, message, ours, policy=policy)
    # The legacy signature of the same inputs verifies under "libsignal" only.
    legacy = h(sign_vector["expected_signature"])
    assert hazmat.xeddsa_verify(u, message, legacy, policy="libsignal")
    assert not hazmat.xeddsa_verify(u, message, legacy, policy="strict")
