"""The default (sodium) signer does no Python-integer arithmetic on secret scalars
(docs/security.rst).

What this checks, precisely:

1. While a key is loaded, its key pair and public key are computed, and messages are signed (through
   ``PrivateKey`` and through ``hazmat.xeddsa_sign``) on the sodium backend, **no Python function
   defined in** ``xeddsa/curve/``, ``xeddsa/backend/pure.py`` or ``xeddsa/backend/_public.py``
   runs (a ``sys.setprofile`` hook sees every Python-level call);
2. in the same window, the builtins that turn bytes into Python integers and back
   (``int.from_bytes``, ``int.to_bytes``, ``pow``) are never called, so no secret byte string
   becomes an ``int``;
3. with the curve layer's arithmetic entry points patched to raise, signing still works.

The probe and the patches live in tests/secret_probe.py (tests/conformance/test_secrets.py
runs them on VXEdDSA).

What it does not check: Python-level byte indexing in the scheme layer. ``calculate_key_pair``
reads the sign bit E.s with ``E[31] >> 7`` and selects k or -k by indexing, the one-bit residual
docs/security.rst documents. It also cannot see inside libsodium or hashlib.

The same probe run on the pure backend must detect curve calls, which shows the probe can fail.
"""

from __future__ import annotations

import pytest

import xeddsa
from tests.secret_probe import patch_arithmetic, probe_workload, raiser
from tests.vectors import require_backend
from xeddsa import hazmat


def signing_workload() -> None:
    """Everything that touches a secret: load, key pair, public key, sign (twice), hazmat."""
    key = xeddsa.PrivateKey.from_private_bytes(bytes(range(7, 39)))
    key.public_key()
    key.sign(b"first message")
    key.sign(b"second message")
    hazmat.xeddsa_sign(bytes(range(32)), b"m", bytes(64))
    hazmat.xeddsa_sign(bytes(range(32)), b"m", bytes(64), nonce_scalar="libsignal-c")
    hazmat.calculate_key_pair(b"\x01" * 32)
    xeddsa.PrivateKey.generate().sign(b"fresh")


@pytest.fixture(autouse=True)
def _need_sodium() -> None:
    require_backend("sodium")


def test_sodium_signing_never_enters_the_curve_layer() -> None:
    probe = probe_workload(signing_workload, "sodium")
    assert probe.forbidden_frames == []


def test_sodium_signing_never_makes_ints() -> None:
    probe = probe_workload(signing_workload, "sodium")
    assert probe.int_calls == []


def test_default_backend_is_the_one_probed() -> None:
    """Without an explicit choice the signer is sodium, so the probes above cover the default."""
    assert xeddsa.backend.get_signing_backend().name == "sodium"
    probe = probe_workload(signing_workload)
    assert probe.forbidden_frames == [] and probe.int_calls == []


def test_probe_detects_the_pure_signer() -> None:
    """Control: the same probe on the pure backend sees curve code and int conversions."""
    probe = probe_workload(signing_workload, "pure")
    assert any("/curve/" in f for f in probe.forbidden_frames)
    assert "from_bytes" in probe.int_calls


def test_signing_works_with_curve_arithmetic_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    from xeddsa.curve import edwards

    with xeddsa.use_backend("sodium"):
        patch_arithmetic(monkeypatch)
        key = xeddsa.PrivateKey.from_private_bytes(bytes(range(32)))
        public = key.public_key()
        signature = key.sign(b"m")
        hazmat.xeddsa_sign(bytes(range(32)), b"m", bytes(64))
        monkeypatch.undo()
        public.verify(signature, b"m")
    # Control: with the pure backend the patched functions are needed.
    with xeddsa.use_backend("pure"):
        monkeypatch.setattr(edwards.EdwardsPoint, "base_mul", raiser("base_mul"))
        with pytest.raises(AssertionError, match="base_mul called"):
            xeddsa.PrivateKey.from_private_bytes(bytes(range(1, 33))).sign(b"m")
