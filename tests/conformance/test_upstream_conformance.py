"""Upstream Ed25519/X25519 edge cases converted to XEdDSA, verdicts pinned per policy (G1).

Sources (read from ``tests/upstream_vectors`` at pinned SHA-256): Wycheproof
``ed25519_test.json`` (42 eligible), speccheck ``cases.json`` (cases 2-9), CCTV
``ed25519vectors.json`` (342 eligible) and the 493 distinct public keys of Wycheproof
``x25519_test.json``. The expected verdicts live in ``data/upstream_verdicts.json`` (generated
once by ``generate_verdicts.py``); every test here recomputes them on both backends, so a changed
verdict fails. The ``strict`` verdicts are compared with libsodium on every input.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature as CryptographyInvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from nacl.bindings import crypto_scalarmult_ed25519_base_noclamp

import xeddsa
from tests.conformance import _upstream as up
from xeddsa import hazmat

SOURCES = ("wycheproof_ed25519", "speccheck", "cctv")


@functools.cache
def pinned() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(up.VERDICTS_PATH.read_text(encoding="utf-8"))
    return table


@functools.cache
def corpora() -> dict[str, tuple[int, list[up.SignatureCase]]]:
    return up.signature_corpora()


@functools.cache
def x25519_keys() -> list[bytes]:
    return up.x25519_public_keys()


def _rows(source: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pinned()[source]["rows"]
    return rows


def _count(rows: list[dict[str, Any]], column: str) -> int:
    return sum(1 for row in rows if row[column])


# -- the upstream files and the pinned table ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(up.PINNED_SHA256))
def test_upstream_file_hash_is_pinned(name: str) -> None:
    up.read_upstream(name)  # asserts the SHA-256
    assert (up.UPSTREAM_DIR / name).is_file()


def test_pinned_table_records_the_file_hashes() -> None:
    assert pinned()["sha256"] == up.PINNED_SHA256


def test_sha256_mismatch_is_detected(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pin check can fail: a one-byte change in a copied file is refused."""
    name = "speccheck/cases.json"
    (tmp_path / "speccheck").mkdir()
    data = bytearray((up.UPSTREAM_DIR / name).read_bytes())
    data[-2] ^= 0x01
    (tmp_path / name).write_bytes(bytes(data))
    monkeypatch.setattr(up, "UPSTREAM_DIR", tmp_path)
    with pytest.raises(AssertionError, match="SHA-256"):
        up.read_upstream(name)


# -- eligibility and conversion -----------------------------------------------------------------


def test_eligible_counts() -> None:
    got = {source: (total, len(cases)) for source, (total, cases) in corpora().items()}
    assert got == {"wycheproof_ed25519": (151, 42), "speccheck": (12, 8), "cctv": (914, 342)}
    assert [c.case_id for c in corpora()["speccheck"][1]] == [f"case{i}" for i in range(2, 10)]
    labels = Counter(c.label for c in corpora()["wycheproof_ed25519"][1])
    assert labels == {"valid": 41, "invalid": 1}
    (invalid,) = [c for c in corpora()["wycheproof_ed25519"][1] if c.label == "invalid"]
    assert invalid.case_id == "tc151"
    for source in SOURCES:
        assert [r["id"] for r in _rows(source)] == [c.case_id for c in corpora()[source][1]]
        assert [r["u"] for r in _rows(source)] == [c.u.hex() for c in corpora()[source][1]]


def test_cctv_exclusion_reasons() -> None:
    """914 = 342 eligible + 156 non-canonical + 70 undecodable + 324 sign bit 1 + 22 identity
    (first failing rule, in this order)."""
    doc = up.read_upstream("cctv/ed25519vectors.json")
    reasons: Counter[str] = Counter()
    for vector in doc:
        key = bytes.fromhex(vector["key"])
        y = int.from_bytes(key, "little") & ((1 << 255) - 1)
        if y >= up.P:
            reasons["non-canonical"] += 1
        elif up.decode_edwards(key) is None:
            reasons["undecodable"] += 1
        elif key[31] >> 7:
            reasons["sign bit 1"] += 1
        elif key == up.IDENTITY:
            reasons["identity"] += 1
        else:
            reasons["eligible"] += 1
    assert reasons == {
        "eligible": 342,
        "sign bit 1": 324,
        "non-canonical": 156,
        "undecodable": 70,
        "identity": 22,
    }


@pytest.mark.parametrize("backend", up.BACKENDS)
def test_convert_mont_reproduces_the_edwards_key(backend: up.BackendName) -> None:
    with xeddsa.use_backend(backend):
        for source in SOURCES:
            for case in corpora()[source][1]:
                assert hazmat.convert_mont(case.u) == case.edwards_key, (source, case.case_id)


# -- pinned verdicts, both backends -------------------------------------------------------------


@pytest.mark.parametrize("backend", up.BACKENDS)
@pytest.mark.parametrize("source", SOURCES)
def test_signature_verdicts_match_pinned_table(source: str, backend: up.BackendName) -> None:
    mismatches = []
    with xeddsa.use_backend(backend):
        up.clear_import_cache()
        try:
            for case, row in zip(corpora()[source][1], _rows(source), strict=True):
                got = up.signature_verdicts(case.u, case.message, case.signature)
                want = {k: row[k] for k in got}
                if got != want:
                    mismatches.append((case.case_id, got, want))
        finally:
            up.clear_import_cache()
    assert not mismatches, f"{len(mismatches)} changed verdicts: {mismatches[:5]}"


@pytest.mark.parametrize("backend", up.BACKENDS)
def test_x25519_key_verdicts_match_pinned_table(backend: up.BackendName) -> None:
    rows = pinned()["wycheproof_x25519_keys"]["rows"]
    keys = x25519_keys()
    assert [r["u"] for r in rows] == [u.hex() for u in keys]
    mismatches = []
    with xeddsa.use_backend(backend):
        up.clear_import_cache()
        try:
            for u, row in zip(keys, rows, strict=True):
                got = up.key_verdicts(u)
                want = {k: row[k] for k in got}
                if got != want:
                    mismatches.append((row["u"], got, want))
        finally:
            up.clear_import_cache()
    assert not mismatches, f"{len(mismatches)} changed verdicts: {mismatches[:5]}"


# -- counts per policy ----------------------------------------------------------------------------


def test_wycheproof_ed25519_verdicts() -> None:
    rows = _rows("wycheproof_ed25519")
    for case, row in zip(corpora()["wycheproof_ed25519"][1], rows, strict=True):
        expected = case.label == "valid"
        assert row["strict"] == row["spec"] == row["libsignal"] == expected, case.case_id
        assert row["import"] and row["import_no_subgroup"], case.case_id
        assert row["key_strict"] == row["key_spec"] == expected, case.case_id


def test_speccheck_verdicts() -> None:
    """speccheck verdicts (V accept, X reject) for the expressible cases 2-9."""
    rows = {r["id"]: r for r in _rows("speccheck")}
    spec = {f"case{i}": i in (2, 3, 6) for i in range(2, 10)}
    strict = {f"case{i}": i == 3 for i in range(2, 10)}
    assert {k: r["spec"] for k, r in rows.items()} == spec
    assert {k: r["strict"] for k, r in rows.items()} == strict
    assert {k: r["libsignal"] for k, r in rows.items()} == strict
    # Only the keys of cases 6 and 7 are in the prime-order subgroup; cases 2-5, 8 and 9 use
    # mixed-order keys, which strict key import (subgroup check) refuses.
    assert {k: r["import"] for k, r in rows.items()} == {
        f"case{i}": i in (6, 7) for i in range(2, 10)
    }
    assert all(r["import_no_subgroup"] for r in rows.values())


def test_cctv_verdict_counts() -> None:
    rows = _rows("cctv")
    assert len(rows) == 342
    assert _count(rows, "spec") == 86
    assert _count(rows, "strict") == 21
    assert _count(rows, "libsignal") == 21
    assert all(not r["strict"] or r["spec"] for r in rows), "strict must imply spec"


def test_every_policy_count() -> None:
    """The per-policy acceptance counts that the hardening note reports."""
    counts = {
        source: {
            col: _count(_rows(source), col)
            for col in ("strict", "spec", "libsignal", "import", "import_no_subgroup")
        }
        for source in SOURCES
    }
    assert counts == {
        "wycheproof_ed25519": {
            "strict": 41,
            "spec": 41,
            "libsignal": 41,
            "import": 42,
            "import_no_subgroup": 42,
        },
        "speccheck": {"strict": 1, "spec": 3, "libsignal": 1, "import": 2, "import_no_subgroup": 8},
        "cctv": {
            "strict": 21,
            "spec": 86,
            "libsignal": 21,
            "import": 28,
            "import_no_subgroup": 188,
        },
    }


def test_x25519_key_classes() -> None:
    rows = pinned()["wycheproof_x25519_keys"]["rows"]
    assert pinned()["wycheproof_x25519_keys"]["distinct"] == len(x25519_keys()) == 493
    assert Counter(r["class"] for r in rows) == {
        "prime_order": 47,
        "mixed_order": 212,
        "twist": 207,
        "u_ge_p": 6,
        "u_ge_2_255": 16,
        "small_order": 5,
    }
    for row in rows:
        cls = row["class"]
        assert row["import"] == (cls == "prime_order"), row
        assert row["import_no_subgroup"] == (cls in ("prime_order", "mixed_order")), row
        assert row["strict"] == row["libsignal"] == (cls in ("prime_order", "mixed_order")), row
        assert row["spec"] == (cls in ("prime_order", "mixed_order", "small_order")), row


def test_x25519_key_classes_are_libsodiums() -> None:
    """The pinned class column is recomputed from libsodium's point functions on every run."""
    rows = pinned()["wycheproof_x25519_keys"]["rows"]
    for u, row in zip(x25519_keys(), rows, strict=True):
        assert up.sodium_classify(u) == row["class"], row["u"]


# -- strict == libsodium, spec == OpenSSL -------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES)
def test_strict_equals_libsodium(source: str) -> None:
    """``strict`` == ``crypto_sign_open(sig || M, convert_mont(u))`` on every eligible vector."""
    disagreements = [
        case.case_id
        for case, row in zip(corpora()[source][1], _rows(source), strict=True)
        if row["strict"] != up.sodium_verify(case.edwards_key, case.message, case.signature)
    ]
    assert disagreements == []


@pytest.mark.parametrize("source", ["wycheproof_ed25519", "cctv"])
def test_spec_equals_openssl(source: str) -> None:
    """``spec`` == OpenSSL's Ed25519 verify (through pyca/cryptography) on these two corpora."""
    disagreements = []
    for case, row in zip(corpora()[source][1], _rows(source), strict=True):
        try:
            Ed25519PublicKey.from_public_bytes(case.edwards_key).verify(
                case.signature, case.message
            )
            openssl = True
        except CryptographyInvalidSignature:
            openssl = False
        if row["spec"] != openssl:
            disagreements.append(case.case_id)
    assert disagreements == []


@pytest.mark.parametrize("source", SOURCES)
def test_signature_key_import_equals_libsodium(source: str) -> None:
    """Import columns == libsodium's view of A: ``is_valid_point`` / not of small order."""
    for case, row in zip(corpora()[source][1], _rows(source), strict=True):
        cls = up.sodium_classify(case.u)
        assert row["import"] == (cls == "prime_order"), case.case_id
        assert row["import_no_subgroup"] == (cls != "small_order"), case.case_id
        assert cls in ("prime_order", "mixed_order", "small_order"), case.case_id


@pytest.mark.parametrize("backend", up.BACKENDS)
def test_x25519_import_equals_libsodium_valid_point(backend: up.BackendName) -> None:
    """Subgroup import == u < p and ``crypto_core_ed25519_is_valid_point(convert_mont(u))``."""
    from nacl.bindings import crypto_core_ed25519_is_valid_point

    with xeddsa.use_backend(backend):
        up.clear_import_cache()
        try:
            for u in x25519_keys():
                sodium = int.from_bytes(u, "little") < up.P and bool(
                    crypto_core_ed25519_is_valid_point(hazmat.convert_mont(u))
                )
                assert up.import_verdict(u, True) == sodium, u.hex()
        finally:
            up.clear_import_cache()


# -- real keyless forgeries under the Wycheproof small-order keys -------------------------------


def _forge(u: bytes) -> tuple[bytes, bytes]:
    """Forge under a small-order u without any key: R = rB, s = r, grind M until 8 | h."""
    A = hazmat.convert_mont(u)
    r = int.from_bytes(hashlib.sha512(b"forgery " + u).digest(), "little") % up.L
    R = crypto_scalarmult_ed25519_base_noclamp(r.to_bytes(32, "little"))
    for counter in range(512):
        message = b"forged %d" % counter
        h = int.from_bytes(hashlib.sha512(R + A + message).digest(), "little") % up.L
        if h % 8 == 0:
            return message, R + r.to_bytes(32, "little")
    raise AssertionError("no forgery in 512 tries")  # pragma: no cover


@pytest.mark.parametrize("backend", up.BACKENDS)
def test_small_order_keys_admit_forgeries_only_under_spec(backend: up.BackendName) -> None:
    small = [
        bytes.fromhex(r["u"])
        for r in pinned()["wycheproof_x25519_keys"]["rows"]
        if r["class"] == "small_order"
    ]
    assert len(small) == 5
    with xeddsa.use_backend(backend):
        for u in small:
            message, signature = _forge(u)
            assert hazmat.xeddsa_verify(u, message, signature, policy="spec"), u.hex()
            assert not hazmat.xeddsa_verify(u, message, signature, policy="strict"), u.hex()
            assert not hazmat.xeddsa_verify(u, message, signature, policy="libsignal"), u.hex()
            assert not up.sodium_verify(hazmat.convert_mont(u), message, signature), u.hex()
            with pytest.raises(xeddsa.InvalidKey, match="small order"):
                xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)


def test_key_admission_harness_can_fail() -> None:
    """With the equation stubbed, a bad signature still fails on non-key checks (s >= q)."""
    u = bytes.fromhex(_rows("wycheproof_ed25519")[0]["u"])
    bad = bytes(32) + (up.L).to_bytes(32, "little")
    with up.equation_accepts():
        assert not hazmat.xeddsa_verify(u, b"m", bad, policy="strict")
        assert hazmat.xeddsa_verify(u, b"m", bad, policy="spec")
    assert not hazmat.xeddsa_verify(u, b"m", bad, policy="spec")
