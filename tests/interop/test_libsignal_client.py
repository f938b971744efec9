"""Interop with a real peer: Signal's ``@signalapp/libsignal-client`` (npm, pinned 0.103.0).

libsignal-client wraps Signal's Rust libsignal. Its Curve25519 signatures use the legacy
"curvesigs" convention (docs/design/decisions.rst, D3): a = k without negation, and the Edwards
sign bit of A = kB is stored in the top bit of signature byte 63. Its verifier reads that bit, so it
accepts
both the legacy format and spec-format XEdDSA signatures (whose top bit is always 0). A rev-1
verifier, and our ``strict`` and ``spec`` policies, reject exactly the legacy signatures whose
key has sign bit 1 (about half of all keys); ``policy="libsignal"`` accepts all of them.

Everything goes through ``node/bridge.mjs`` in batches: one Node start per batch of 200+ ops.
Keys and messages come from a seeded ``random.Random``; a failure message names the case index,
and re-running reproduces the same keys and messages (libsignal's own signing is randomised, so
its signature bytes differ between runs; the failing indices are printed with their bytes).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import nacl.bindings
import pytest

import xeddsa

pytestmark = pytest.mark.interop

SEED = 20161020  # the date of XEdDSA revision 1; any fixed value reproduces the same cases
N_KEYS = 200
MAX_MESSAGE_LEN = 1000
N_RESIGN = 20  # cases libsignal signs twice, to observe its internal randomness
PINNED_VERSION = "0.103.0"
DJB_TYPE = b"\x05"  # libsignal's key-type byte in front of a serialized Curve25519 public key
SIGN_BIT = 0x80  # bit 7 of byte 63: the top bit of s, where curvesigs store A's sign bit
BRIDGE_TIMEOUT_S = 120.0
ROOT = Path(__file__).resolve().parents[2]
PACKAGE_JSON = Path(__file__).resolve().parent / "node" / "package.json"

JSON = dict[str, Any]
Policy = Literal["strict", "spec", "libsignal"]


@dataclass(frozen=True)
class Case:
    """One deterministic interop input: a clamped X25519 private key and a message."""

    index: int
    k: bytes
    message: bytes

    def describe(self) -> str:
        return f"case {self.index} (seed {SEED}): k={self.k.hex()} len(M)={len(self.message)}"


@dataclass(frozen=True)
class PeerSignature:
    """A signature made by libsignal-client, with the public key it reported."""

    signature: bytes
    serialized_public_key: bytes  # 0x05 || u


@dataclass(frozen=True)
class PeerData:
    """Everything libsignal produced for the cases, from one bridge run."""

    signed: list[PeerSignature]
    resigned: list[PeerSignature]  # a second signature for each of the first N_RESIGN cases


class BridgeError(Exception):
    """The Node bridge did not produce a well-formed response."""


def clamp(k: bytearray) -> bytes:
    """Clamp a 32-byte X25519 scalar as RFC 7748 does."""
    k[0] &= 0xF8
    k[31] &= 0x7F
    k[31] |= 0x40
    return bytes(k)


def make_cases(seed: int = SEED, n: int = N_KEYS) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for index in range(n):
        k = clamp(bytearray(rng.randbytes(32)))
        message = rng.randbytes(rng.randint(0, MAX_MESSAGE_LEN))
        cases.append(Case(index, k, message))
    return cases


def flip_one_bit(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    bit = rng.randrange(8 * len(out))
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def edwards_sign_bit(k: bytes) -> int:
    """The sign bit of the Edwards point A = kB (no negation), computed with libsodium."""
    a_point: bytes = nacl.bindings.crypto_scalarmult_ed25519_base_noclamp(k)
    return a_point[31] >> 7


def run_bridge_raw(argv: list[str], request: str) -> tuple[int, JSON, str]:
    """Run the bridge once with ``request`` on stdin; return (exit status, response, stderr)."""
    proc = subprocess.run(
        argv,
        input=request,
        capture_output=True,
        text=True,
        timeout=BRIDGE_TIMEOUT_S,
        check=False,
    )
    try:
        response = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise BridgeError(
            f"bridge exited {proc.returncode} without a JSON response: {exc}\n"
            f"stdout: {proc.stdout[:2000]!r}\nstderr: {proc.stderr[-4000:]}"
        ) from exc
    if not isinstance(response, dict):
        raise BridgeError(f"bridge response is not a JSON object: {proc.stdout[:2000]!r}")
    return proc.returncode, response, proc.stderr


def run_batch(argv: list[str], ops: list[JSON]) -> tuple[JSON, list[JSON]]:
    """Run one batch of ops; return (response, results) after checking the envelope."""
    status, response, stderr = run_bridge_raw(argv, json.dumps({"ops": ops}))
    if status != 0 or response.get("ok") is not True:
        raise BridgeError(f"bridge failed (exit {status}): {response!r}\nstderr: {stderr[-4000:]}")
    results = response.get("results")
    if not isinstance(results, list) or len(results) != len(ops):
        raise BridgeError(f"bridge returned {results!r} for {len(ops)} ops")
    return response, results


def ok_result(result: JSON, what: str) -> JSON:
    if result.get("ok") is not True:
        raise BridgeError(f"bridge op failed for {what}: {result.get('error')!r}")
    return result


def sign_op(k: bytes, message: bytes) -> JSON:
    return {"op": "sign", "private_key": k.hex(), "message": message.hex()}


def verify_op(serialized_public_key: bytes, message: bytes, signature: bytes) -> JSON:
    return {
        "op": "verify",
        "public_key": serialized_public_key.hex(),
        "message": message.hex(),
        "signature": signature.hex(),
    }


def verdicts(results: list[JSON], cases: list[Case]) -> list[bool]:
    out = []
    for result, case in zip(results, cases, strict=True):
        valid = ok_result(result, case.describe()).get("valid")
        assert isinstance(valid, bool), f"verify result is not a bool: {result!r}"
        out.append(valid)
    return out


def our_verdict(u: bytes, signature: bytes, message: bytes, policy: Policy) -> bool:
    """Our verdict through the public API: verify returns None or raises InvalidSignature."""
    key = xeddsa.PublicKey.from_public_bytes(u)
    try:
        key.verify(signature, message, policy=policy)  # typed -> None; raises on failure
    except xeddsa.InvalidSignature:
        return False
    return True


def summarize(indices: list[int], cases: list[Case], limit: int = 5) -> str:
    shown = "; ".join(cases[i].describe() for i in indices[:limit])
    more = f" (+{len(indices) - limit} more)" if len(indices) > limit else ""
    return f"{len(indices)} cases: {shown}{more}"


# --------------------------------------------------------------------------------------------
# fixtures (the ``backend`` fixture, over "pure" and "sodium", comes from tests/conftest.py)


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return make_cases()


@pytest.fixture(scope="module")
def peer(libsignal_bridge_argv: list[str], cases: list[Case]) -> PeerData:
    """libsignal signs every case once, and the first N_RESIGN cases a second time."""
    ops = [sign_op(c.k, c.message) for c in cases]
    ops += [sign_op(c.k, c.message) for c in cases[:N_RESIGN]]
    _, results = run_batch(libsignal_bridge_argv, ops)
    signatures = []
    for result, case in zip(results, cases + cases[:N_RESIGN], strict=True):
        ok_result(result, case.describe())
        signature = bytes.fromhex(result["signature"])
        serialized = bytes.fromhex(result["public_key"])
        assert len(signature) == 64, f"{case.describe()}: signature of {len(signature)} bytes"
        assert len(serialized) == 33 and serialized[:1] == DJB_TYPE, (
            f"{case.describe()}: public key {serialized.hex()} is not 0x05 || 32 bytes"
        )
        signatures.append(PeerSignature(signature, serialized))
    return PeerData(signatures[:N_KEYS], signatures[N_KEYS:])


# --------------------------------------------------------------------------------------------
# the bridge itself (no xeddsa involved)


def test_bridge_runs_the_pinned_libsignal_version(libsignal_bridge_argv: list[str]) -> None:
    pinned = json.loads(PACKAGE_JSON.read_text())["dependencies"]["@signalapp/libsignal-client"]
    assert pinned == PINNED_VERSION, "package.json must pin an exact version"
    response, results = run_batch(libsignal_bridge_argv, [])
    assert results == []
    assert response["libsignal_version"] == PINNED_VERSION, (
        "node_modules holds another libsignal-client; run: "
        "npm ci --prefix tests/interop/node --no-audit --no-fund"
    )


def test_bridge_libsignal_checks_its_own_signatures(
    libsignal_bridge_argv: list[str], cases: list[Case], peer: PeerData
) -> None:
    """libsignal accepts its own signatures and rejects one-bit changes (so False is reachable)."""
    rng = random.Random(SEED + 1)
    honest = [
        verify_op(p.serialized_public_key, c.message, p.signature)
        for c, p in zip(cases, peer.signed, strict=True)
    ]
    tampered = [
        verify_op(p.serialized_public_key, c.message, flip_one_bit(p.signature, rng))
        for c, p in zip(cases, peer.signed, strict=True)
    ]
    _, results = run_batch(libsignal_bridge_argv, honest + tampered)
    accepted = verdicts(results[:N_KEYS], cases)
    rejected_tampered = [not v for v in verdicts(results[N_KEYS:], cases)]
    assert all(accepted), summarize([i for i, v in enumerate(accepted) if not v], cases)
    assert all(rejected_tampered), summarize(
        [i for i, v in enumerate(rejected_tampered) if not v], cases
    )


def test_bridge_reports_bad_ops_and_keeps_going(libsignal_bridge_argv: list[str]) -> None:
    k = clamp(bytearray(range(32)))
    good = sign_op(k, b"hello")
    ops: list[Any] = [
        {"op": "frobnicate"},
        {"op": "sign", "private_key": "zz" * 32, "message": ""},  # not hex
        {"op": "sign", "private_key": "abc", "message": ""},  # odd-length hex
        {"op": "sign", "private_key": 5, "message": ""},  # not a string
        {"op": "sign", "message": ""},  # field missing
        {"op": "sign", "private_key": k[:31].hex(), "message": ""},  # 31-byte private key
        good,
        # a bare 32-byte u without libsignal's 0x05 type byte
        {"op": "verify", "public_key": "09" + "00" * 31, "message": "", "signature": "00" * 64},
        "not an object",
        {"op": "public_key", "private_key": k.hex()},
    ]
    _, results = run_batch(libsignal_bridge_argv, ops)
    expected_errors = {
        0: "unknown op",
        1: "not valid hex",
        2: "not valid hex",
        3: "must be a hex string",
        4: "must be a hex string",
        5: "bad key length <31>",
        7: "bad key type",
        8: "must be a JSON object",
    }
    for i, needle in expected_errors.items():
        assert results[i]["ok"] is False, f"op {i} ({ops[i]!r}) should fail: {results[i]!r}"
        assert needle in results[i]["error"], f"op {i}: {results[i]['error']!r} lacks {needle!r}"
    signed = ok_result(results[6], "the valid sign op between bad ones")
    derived = ok_result(results[9], "public_key op")
    assert signed["public_key"] == derived["public_key"]
    expected_u: bytes = nacl.bindings.crypto_scalarmult_base(k)
    assert bytes.fromhex(derived["public_key"]) == DJB_TYPE + expected_u


def test_bridge_rejects_malformed_requests(libsignal_bridge_argv: list[str]) -> None:
    for request in ("not json", "", "[]", "{}", '{"ops": 5}', '{"ops": null}'):
        status, response, _ = run_bridge_raw(libsignal_bridge_argv, request)
        assert status == 2, f"request {request!r}: exit {status}, response {response!r}"
        assert response["ok"] is False and isinstance(response["error"], str), response


def test_bridge_verify_answers_false_for_wrong_length_signatures(
    libsignal_bridge_argv: list[str], cases: list[Case], peer: PeerData
) -> None:
    c, p = cases[0], peer.signed[0]
    ops = [
        verify_op(p.serialized_public_key, c.message, p.signature[:63]),
        verify_op(p.serialized_public_key, c.message, p.signature + b"\x00"),
        verify_op(p.serialized_public_key, c.message, b""),
    ]
    _, results = run_batch(libsignal_bridge_argv, ops)
    assert verdicts(results, [c] * len(ops)) == [False] * len(ops)


@pytest.mark.parametrize("ci", [True, False], ids=["CI", "local"])
def test_missing_node_modules_fails_in_ci_and_skips_locally(tmp_path: Path, ci: bool) -> None:
    """Without node_modules the interop tests must fail under CI=true, and only skip locally."""
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["XEDDSA_INTEROP_NODE_DIR"] = str(tmp_path)  # an empty directory: no bridge, no modules
    if ci:
        env["CI"] = "true"
    target = f"{Path(__file__).resolve()}::test_bridge_runs_the_pinned_libsignal_version"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BRIDGE_TIMEOUT_S,
        check=False,
    )
    output = proc.stdout + proc.stderr
    if ci:
        assert proc.returncode == 1, output
        assert "interop peer unavailable in CI" in output, output
        assert "1 error" in output or "1 failed" in output, output
    else:
        assert proc.returncode == 0, output
        assert "1 skipped" in output, output


# --------------------------------------------------------------------------------------------
# xeddsa against libsignal-client, on both backends


def test_public_keys_agree(backend: str, cases: list[Case], peer: PeerData) -> None:
    mismatched = []
    for case, p in zip(cases, peer.signed, strict=True):
        ours = xeddsa.PrivateKey.from_private_bytes(case.k).public_key().public_bytes()
        if DJB_TYPE + ours != p.serialized_public_key:
            mismatched.append(case.index)
    assert mismatched == [], f"[{backend}] public keys differ for " + summarize(mismatched, cases)


def test_libsignal_verifies_our_signatures(
    backend: str, libsignal_bridge_argv: list[str], cases: list[Case]
) -> None:
    rng = random.Random(SEED + 2)
    honest_ops = []
    tampered_ops = []
    for case in cases:
        key = xeddsa.PrivateKey.from_private_bytes(case.k)
        signature = key.sign(case.message)
        assert len(signature) == 64
        # spec format: s < q < 2^253, so the bit libsignal reads as A's sign bit is always 0
        assert signature[63] & SIGN_BIT == 0, f"[{backend}] {case.describe()}"
        serialized = DJB_TYPE + key.public_key().public_bytes()
        honest_ops.append(verify_op(serialized, case.message, signature))
        tampered_ops.append(verify_op(serialized, case.message, flip_one_bit(signature, rng)))
    _, results = run_batch(libsignal_bridge_argv, honest_ops + tampered_ops)
    accepted = verdicts(results[:N_KEYS], cases)
    tampered_accepted = verdicts(results[N_KEYS:], cases)
    refused = [i for i, v in enumerate(accepted) if not v]
    assert refused == [], f"[{backend}] libsignal refused our signatures in " + summarize(
        refused, cases
    )
    fooled = [i for i, v in enumerate(tampered_accepted) if v]
    assert fooled == [], f"[{backend}] libsignal accepted tampered signatures in " + summarize(
        fooled, cases
    )


def test_we_verify_libsignal_signatures_under_libsignal_policy(
    backend: str, cases: list[Case], peer: PeerData
) -> None:
    rng = random.Random(SEED + 3)
    refused = []
    fooled = []
    for case, p in zip(cases, peer.signed, strict=True):
        u = p.serialized_public_key[1:]
        if not our_verdict(u, p.signature, case.message, "libsignal"):
            refused.append(case.index)
        if our_verdict(u, flip_one_bit(p.signature, rng), case.message, "libsignal"):
            fooled.append(case.index)
    assert refused == [], f"[{backend}] we refused libsignal signatures in " + summarize(
        refused, cases
    )
    assert fooled == [], f"[{backend}] we accepted tampered signatures in " + summarize(
        fooled, cases
    )


@pytest.mark.parametrize("policy", ["strict", "spec"])
def test_rev1_policies_reject_exactly_the_legacy_sign_bit_signatures(
    backend: str, policy: Policy, cases: list[Case], peer: PeerData
) -> None:
    """Rejected under strict/spec <=> sig[63] has bit 7 set <=> A = kB has Edwards sign bit 1."""
    rejected = set()
    sign_bit_set = set()
    for case, p in zip(cases, peer.signed, strict=True):
        u = p.serialized_public_key[1:]
        if not our_verdict(u, p.signature, case.message, policy):
            rejected.add(case.index)
        if p.signature[63] & SIGN_BIT:
            sign_bit_set.add(case.index)
        # the documented reason: libsignal stores A's sign bit in the top bit of s
        assert bool(p.signature[63] & SIGN_BIT) == bool(edwards_sign_bit(case.k)), (
            f"top bit of s is not the Edwards sign bit of kB for {case.describe()}"
        )
    accepted = N_KEYS - len(rejected)
    assert 60 <= len(rejected) <= 140, f"[{backend}/{policy}] rejected {len(rejected)}/{N_KEYS}"
    assert 60 <= accepted <= 140, f"[{backend}/{policy}] accepted {accepted}/{N_KEYS}"
    wrongly_rejected = sorted(rejected - sign_bit_set)
    wrongly_accepted = sorted(sign_bit_set - rejected)
    assert wrongly_rejected == [], f"[{backend}/{policy}] rejected with bit clear: " + summarize(
        wrongly_rejected, cases
    )
    assert wrongly_accepted == [], f"[{backend}/{policy}] accepted with bit set: " + summarize(
        wrongly_accepted, cases
    )


def test_libsignal_signing_is_randomised(backend: str, cases: list[Case], peer: PeerData) -> None:
    """Re-signing gives new bytes (no explicit Z in libsignal's API); both signatures verify."""
    for case, first, second in zip(cases, peer.signed, peer.resigned, strict=False):
        assert second.serialized_public_key == first.serialized_public_key
        assert second.signature != first.signature, f"identical re-signature: {case.describe()}"
        assert our_verdict(
            second.serialized_public_key[1:], second.signature, case.message, "libsignal"
        ), case.describe()
