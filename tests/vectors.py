"""Load the upstream known-answer files from ``tests/upstream_vectors/`` at pinned hashes.

The files live in the repository with their provenance and licenses
(``tests/upstream_vectors/README.md``). Every file a test reads has its SHA-256 pinned here: a
changed file fails loudly instead of silently changing which verdicts are asserted. The
third-party folders (wycheproof/, speccheck/, cctv/) carry their hashes in that folder's README;
the Signal-derived JSON files were pinned when these tests were written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

import xeddsa
from tests.ci import running_in_ci

REPO_ROOT = Path(__file__).resolve().parent.parent
UPSTREAM_DIR = REPO_ROOT / "tests" / "upstream_vectors"

#: SHA-256 of every upstream file the tests read. The last six come from the folder's README.
PINNED_SHA256: dict[str, str] = {
    "canonicality_checks.json": "6a675a8856404b4f255a66ddef0d1aa2684ef4bdc6fa6745f24789c450b5458d",
    "curve25519_keys.json": "0be89adba0f6d52b9ed977dbe9935f08b5f9bff00cd30fcaee9f450caf5482c0",
    "curvesigs_legacy.json": "8827b35b2049c1db6636f4cb8ead4f2acf4e93d90cbfd77c744ef3928f9ff944",
    "elligator2_hash_to_point.json": (
        "850d715359f2326e154eb59580321aadfcd0eab57d2b29fe60db64ba707df5da"
    ),
    "generalized_xeddsa.json": "a9d377297d242d07e9082dbfd981b665d6f6e93af984145acbff9ea804a9fd1a",
    "generalized_xveddsa.json": "4aec5c1fc7a70271804662de71a211ad9a80eccf6931c232d98f5a6c67f7e0e5",
    "libsignal_curve25519_signature.json": (
        "206c543f64f9d22d2eccbb81d53818c3b4dc9837e1898605abcec7decfefaaf5"
    ),
    "vxeddsa_rev1.json": "b83da032f9d8bb86e4683ba2155a34d04a5ecb88fc8136c4f1f46ad2a857eb34",
    "xeddsa_rev1.json": "3a14879da1628b23eafed5bd62079def9a1349c68195670a7fa520b4dd774e6c",
    "wycheproof/ed25519_test.json": (
        "752d2ea7d7c6cf4736381b6cbacb61f8182b126ab7cd9b058f00c50084975536"
    ),
    "wycheproof/x25519_test.json": (
        "35c3f5231cf25cc640b524d403461deee9e49441d5d915a3a25b2c8ff5adbe7d"
    ),
    "speccheck/cases.json": "08e47a36d9aead288664930505584f353fff113ab854f2800db1e4f5b3540450",
    "cctv/ed25519vectors.json": "b38e84caf3e7e89170ff520292dbeae421b0a794c27408ce5ce973018fe3d7f9",
}


@functools.cache
def _read_verified(name: str) -> bytes:
    if name not in PINNED_SHA256:
        raise KeyError(f"{name} has no pinned SHA-256 in tests/vectors.py")
    path = UPSTREAM_DIR / name
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != PINNED_SHA256[name]:
        raise AssertionError(
            f"{path} changed: SHA-256 {digest}, pinned {PINNED_SHA256[name]}; re-review the "
            "vectors before updating the pin"
        )
    return data


def load(name: str) -> dict[str, Any]:
    """Return the parsed JSON file ``name`` (relative to the upstream folder), hash-checked."""
    result: dict[str, Any] = json.loads(_read_verified(name))
    return result


def vectors(name: str, *checks: str) -> list[dict[str, Any]]:
    """Return the vectors of file ``name`` whose ``check`` is one of ``checks`` (all if none)."""
    found = load(name).get("vectors", [])
    return [v for v in found if not checks or v.get("check") in checks]


def by_id(name: str, vector_id: str) -> dict[str, Any]:
    """Return the vector of file ``name`` whose ``id`` is ``vector_id``."""
    for v in load(name).get("vectors", []):
        if v.get("id") == vector_id:
            return v
    raise KeyError(f"{name} has no vector {vector_id!r}")


def ids(cases: list[dict[str, Any]]) -> list[str]:
    """Return the vector ids, for ``pytest.mark.parametrize(..., ids=...)``."""
    return [str(c["id"]) for c in cases]


def h(value: str) -> bytes:
    """Decode a hex field."""
    return bytes.fromhex(value)


def sign_inputs(vector: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    """The (private key, message, Z) a sign vector gives, decoded."""
    return h(vector["x25519_private"]), h(vector["message"]), h(vector["random_Z"])


def verify_inputs(vector: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    """The (u, message, signature) a verify vector gives, decoded."""
    return h(vector["x25519_public"]), h(vector["message"]), h(vector["signature"])


def derived_hex_in_note(vector: dict[str, Any], length: int) -> str:
    """Return the single hex string of ``length`` bytes quoted in the vector's ``note``.

    Used for values the vector file documents in prose as derived (for example the spec-mode
    result of the 10k chain, "gives 1f7392b8... (derived, not upstream)").
    """
    found = re.findall(rf"\b[0-9a-f]{{{2 * length}}}\b", vector.get("note", ""))
    if len(found) != 1:
        raise AssertionError(f"expected one {length}-byte hex value in the note of {vector['id']}")
    return found[0]


def clamp(k: bytes) -> bytes:
    """RFC 7748 clamping, written independently of :func:`xeddsa._scheme.clamp` for the chains."""
    out = bytearray(k)
    out[0] &= 248
    out[31] &= 127
    out[31] |= 64
    return bytes(out)


class Chain:
    """The upstream signature chain: sig = init byte x sig_len, msg = 200 zero bytes; each step
    derives (priv, Z) from SHA-512 of the previous signature, signs, then tampers with the
    signature or the message. Run with a signer ``sign(priv, msg, Z) -> sig``.

    ``on_step(priv, msg, sig)`` (optional) sees every fresh, untampered signature, as the
    upstream loop verifies each one.
    """

    def __init__(self, vector: dict[str, Any]) -> None:
        self.init = int(vector["init_sig_byte"])
        self.sig_len = int(vector["sig_len"])
        self.iterations = int(vector["iterations"])

    def run(self, sign: Any, on_step: Any = None, iterations: int | None = None) -> bytes:
        sig = bytearray([self.init] * self.sig_len)
        msg = bytearray(200)
        n = self.iterations if iterations is None else iterations
        for count in range(1, n + 1):
            b = hashlib.sha512(bytes(sig[: self.sig_len])).digest()
            priv = b[:32]
            b = hashlib.sha512(priv).digest()  # priv BEFORE clamping
            Z = b
            priv = clamp(priv)
            new = sign(priv, bytes(msg), Z)
            sig[: len(new)] = new
            if on_step is not None:
                on_step(priv, bytes(msg), bytes(new))
            if b[63] & 1:
                sig[count % self.sig_len] ^= 1
            else:
                msg[count % 200] ^= 1
        return bytes(sig[: self.sig_len])


def sodium_available() -> bool:
    """Return whether the ``sodium`` backend loads (PyNaCl importable and recent enough)."""
    try:
        with xeddsa.use_backend("sodium"):
            pass
    except xeddsa.BackendUnavailable:
        return False
    return True


def require_backend(name: str) -> None:
    """Skip (fail under CI) when backend ``name`` cannot load here."""
    if name == "sodium" and not sodium_available():
        reason = "PyNaCl (the 'sodium' backend) is not installed"
        if running_in_ci():
            pytest.fail(f"{reason}, and CI must run both backends", pytrace=False)
        pytest.skip(reason)
