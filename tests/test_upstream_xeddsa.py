"""Every vector of ``xeddsa_rev1.json`` (libsignal-protocol-c's XEdDSA rev 1 tests), both backends.

- The fast sign KAT uses a key whose Edwards sign bit is 1, so both nonce modes must reproduce it
  (docs/design/decisions.rst, D2).
- The three verify vectors run under every policy: the valid one is honest, so every policy
  accepts it; the two invalid ones (flipped R bit, u = ff..ff) fail everywhere.
- The two 10k chains mix keys with E.s = 0 and 1 and reproduce only with
  ``nonce_scalar="libsignal-c"``; the file also documents the spec-mode result of the first chain
  as a derived value, which ``nonce_scalar="spec"`` must reproduce.
- ``generalized_xeddsa.json``'s "old-verify" vector is a rev-1 verify vector (empty label, plain
  challenge) and must pass; its signature bytes must *not* come out of the rev-1 signer.
"""

from __future__ import annotations

from typing import Any

import pytest

import xeddsa
from tests.vectors import (
    Chain,
    by_id,
    derived_hex_in_note,
    h,
    ids,
    load,
    require_backend,
    vectors,
    verify_inputs,
)
from xeddsa import hazmat
from xeddsa._scheme import POLICIES, Policy
from xeddsa.backend import BACKENDS, BackendName

FILE = "xeddsa_rev1.json"
SIGN = vectors(FILE, "xeddsa_sign")
VERIFY = vectors(FILE, "xeddsa_verify")
CHAINS = vectors(FILE, "chain")


def test_file_shape() -> None:
    """The file holds six vectors: 1 sign, 3 verify, 2 chains."""
    assert load(FILE)["construction_id"] == "xeddsa_rev1"
    assert (len(SIGN), len(VERIFY), len(CHAINS)) == (1, 3, 2)


@pytest.mark.parametrize("nonce_scalar", ["spec", "libsignal-c"])
@pytest.mark.parametrize("vector", SIGN, ids=ids(SIGN))
def test_sign_kat(backend: str, vector: dict[str, Any], nonce_scalar: str) -> None:
    # The KAT is valid in both nonce modes only because E.s = 1 for this key (recorded in the file).
    assert vector["edwards_sign_bit_of_kB"] == 1
    signature = hazmat.xeddsa_sign(
        h(vector["x25519_private"]),
        h(vector["message"]),
        h(vector["random_Z"]),
        nonce_scalar=nonce_scalar,  # type: ignore[arg-type]
    )
    assert signature.hex() == vector["expected_signature"]


@pytest.mark.parametrize("vector", SIGN, ids=ids(SIGN))
def test_sign_kat_public_key(backend: str, vector: dict[str, Any]) -> None:
    key = xeddsa.PrivateKey.from_private_bytes(h(vector["x25519_private"]))
    assert key.public_key().public_bytes().hex() == vector["x25519_public"]


@pytest.mark.parametrize("vector", SIGN, ids=ids(SIGN))
def test_sign_kat_verifies_through_public_api(backend: str, vector: dict[str, Any]) -> None:
    public = xeddsa.PublicKey.from_public_bytes(h(vector["x25519_public"]))
    for policy in POLICIES:
        public.verify(h(vector["expected_signature"]), h(vector["message"]), policy=policy)
    with pytest.raises(xeddsa.InvalidSignature):
        public.verify(h(vector["expected_signature"]), h(vector["message"]) + b"\x00")


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("vector", VERIFY, ids=ids(VERIFY))
def test_verify_vector(backend: str, vector: dict[str, Any], policy: Policy) -> None:
    result = hazmat.xeddsa_verify(
        *verify_inputs(vector),
        policy=policy,
    )
    assert result is vector["expected_valid"]


def _chain_signer(nonce_scalar: str) -> Any:
    def sign(priv: bytes, msg: bytes, z: bytes) -> bytes:
        return hazmat.xeddsa_sign(priv, msg, z, nonce_scalar=nonce_scalar)  # type: ignore[arg-type]

    return sign


def _chain_param(backend_name: BackendName, vector: dict[str, Any]) -> Any:
    # The pure backend takes seconds to minutes per 10k chain: CI runs it (slow marker).
    marks = [pytest.mark.slow] if backend_name == "pure" else []
    return pytest.param(backend_name, vector, id=f"{vector['id']}-{backend_name}", marks=marks)


CHAIN_PARAMS = [_chain_param(b, v) for v in CHAINS for b in ("pure", "sodium")]


@pytest.mark.parametrize(("backend_name", "vector"), CHAIN_PARAMS)
def test_chain_libsignal_c(backend_name: BackendName, vector: dict[str, Any]) -> None:
    """The 10k chains with the C reference's nonce input; every fresh signature must verify
    (under "libsignal" for the to-curvesigs chain, which upstream checks with curvesig_verify)
    and the tampered one must not, as the upstream loop asserts."""
    require_backend(backend_name)
    policy = "libsignal" if "curvesigs" in vector["id"] else "strict"
    checked = {"n": 0}

    def on_step(priv: bytes, msg: bytes, sig: bytes) -> None:
        # Verify a sample of steps (every 97th) to keep the chain affordable on the pure backend.
        checked["n"] += 1
        if checked["n"] % 97:
            return
        u = xeddsa.PrivateKey.from_private_bytes(priv).public_key().public_bytes()
        assert hazmat.xeddsa_verify(u, msg, sig, policy=policy)  # type: ignore[arg-type]
        assert not hazmat.xeddsa_verify(u, msg + b"\x01", sig, policy=policy)  # type: ignore[arg-type]

    with xeddsa.use_backend(backend_name):
        result = Chain(vector).run(_chain_signer("libsignal-c"), on_step)
    assert result.hex() == vector["expected"]
    assert checked["n"] == vector["iterations"]


SPEC_CHAIN = [v for v in CHAINS if v["id"] == "xeddsa_slow_test/10k"]


@pytest.mark.parametrize(
    ("backend_name", "vector"), [_chain_param(b, v) for v in SPEC_CHAIN for b in ("pure", "sodium")]
)
def test_chain_spec_mode_derived(backend_name: BackendName, vector: dict[str, Any]) -> None:
    """The spec-literal signer gives the derived chain value the file documents (1f7392b8...),
    not the upstream one: D2's two nonce modes really differ when E.s = 0."""
    require_backend(backend_name)
    expected = derived_hex_in_note(vector, 64)
    assert expected != vector["expected"]
    with xeddsa.use_backend(backend_name):
        result = Chain(vector).run(_chain_signer("spec"))
    assert result.hex() == expected


@pytest.mark.parametrize("nonce_scalar", ["spec", "libsignal-c"])
def test_short_chain_backends_agree(nonce_scalar: str) -> None:
    """A 200-step prefix of the chain gives identical bytes on both backends (fast smoke test of
    the chain machinery in the default run)."""
    require_backend("sodium")
    vector = CHAINS[0]
    results = []
    for name in BACKENDS:
        with xeddsa.use_backend(name):
            results.append(Chain(vector).run(_chain_signer(nonce_scalar), iterations=200))
    assert results[0] == results[1]


GENERALIZED = "generalized_xeddsa.json"
GEN_VERIFY = vectors(GENERALIZED, "xeddsa_verify", "gen_xeddsa_verify")


@pytest.mark.parametrize("vector", GEN_VERIFY, ids=ids(GEN_VERIFY))
def test_generalized_rev1_verify(backend: str, vector: dict[str, Any]) -> None:
    """"old-verify": a generalized-XEdDSA signature with an empty label verifies under rev 1.
    "verify cross": that signature on another message does not."""
    for policy in POLICIES:
        result = hazmat.xeddsa_verify(
            *verify_inputs(vector),
            policy=policy,
        )
        assert result is vector["expected_valid"]


def test_generalized_signature_is_not_rev1(backend: str) -> None:
    """Rev-1 signing of the generalized sign#1 inputs gives different bytes (different nonce),
    a signature that still verifies (decisions.rst, D3)."""
    vector = by_id(GENERALIZED, "generalized_xeddsa_fast_test/sign#1")
    msg = h(vector["message"])
    for mode in ("spec", "libsignal-c"):
        ours = hazmat.xeddsa_sign(
            h(vector["x25519_private"]), msg, h(vector["random_Z"]), nonce_scalar=mode
        )
        assert ours.hex() != vector["expected_signature_derived"]
        assert hazmat.xeddsa_verify(h(vector["x25519_public"]), msg, ours)
