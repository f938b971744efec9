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

What it does not check: Python-level byte indexing in the scheme layer. ``calculate_key_pair``
reads the sign bit E.s with ``E[31] >> 7`` and selects k or -k by indexing, the one-bit residual
docs/security.rst documents. It also cannot see inside libsodium or hashlib.

The same probe run on the pure backend must detect curve calls, which shows the probe can fail.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import xeddsa
from tests.vectors import require_backend
from xeddsa import hazmat

PACKAGE = Path(xeddsa.__file__).resolve().parent
FORBIDDEN_FILES = (
    str(PACKAGE / "curve") + "/",
    str(PACKAGE / "backend" / "pure.py"),
    str(PACKAGE / "backend" / "_public.py"),
)


class Probe:
    def __init__(self) -> None:
        self.forbidden_frames: list[str] = []
        self.int_calls: list[str] = []

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(FORBIDDEN_FILES):
                self.forbidden_frames.append(f"{filename}:{frame.f_code.co_name}")
        elif event == "c_call":
            name = getattr(arg, "__name__", "")
            owner = getattr(arg, "__self__", None)
            makes_int = name == "from_bytes" and owner is int
            uses_int = name == "pow" or (name == "to_bytes" and isinstance(owner, int))
            if makes_int or uses_int:
                self.int_calls.append(name)


@contextmanager
def probing() -> Iterator[Probe]:
    probe = Probe()
    previous = sys.getprofile()
    sys.setprofile(probe)
    try:
        yield probe
    finally:
        sys.setprofile(previous)


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
    with xeddsa.use_backend("sodium"):
        signing_workload()  # warm caches and lazy imports first
        with probing() as probe:
            signing_workload()
    assert probe.forbidden_frames == []


def test_sodium_signing_never_makes_ints() -> None:
    with xeddsa.use_backend("sodium"):
        signing_workload()
        with probing() as probe:
            signing_workload()
    assert probe.int_calls == []


def test_default_backend_is_the_one_probed() -> None:
    """Without an explicit choice the signer is sodium, so the probes above cover the default."""
    assert xeddsa.backend.get_signing_backend().name == "sodium"
    signing_workload()
    with probing() as probe:
        signing_workload()
    assert probe.forbidden_frames == [] and probe.int_calls == []


def test_probe_detects_the_pure_signer() -> None:
    """Control: the same probe on the pure backend sees curve code and int conversions."""
    with xeddsa.use_backend("pure"):
        signing_workload()
        with probing() as probe:
            signing_workload()
    assert any("/curve/" in f for f in probe.forbidden_frames)
    assert "from_bytes" in probe.int_calls


def _raiser(name: str) -> Callable[..., Any]:
    def fail(*args: object, **kwargs: object) -> Any:
        raise AssertionError(f"{name} called while signing on sodium")

    return fail


def test_signing_works_with_curve_arithmetic_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    from xeddsa.curve import edwards, montgomery

    patched = {
        (edwards.EdwardsPoint, "base_mul"),
        (edwards.EdwardsPoint, "double_scalar_mul_base"),
        (edwards.EdwardsPoint, "__mul__"),
        (edwards.EdwardsPoint, "__add__"),
        (edwards.EdwardsPoint, "decompress"),
        (edwards.EdwardsPoint, "decompress_lenient"),
        (edwards.EdwardsPoint, "compress"),
        (montgomery, "convert_mont"),
        (montgomery, "edwards_to_u"),
    }
    with xeddsa.use_backend("sodium"):
        for owner, name in patched:
            monkeypatch.setattr(owner, name, _raiser(name))
        key = xeddsa.PrivateKey.from_private_bytes(bytes(range(32)))
        public = key.public_key()
        signature = key.sign(b"m")
        hazmat.xeddsa_sign(bytes(range(32)), b"m", bytes(64))
        monkeypatch.undo()
        public.verify(signature, b"m")
    # Control: with the pure backend the patched functions are needed.
    with xeddsa.use_backend("pure"):
        monkeypatch.setattr(edwards.EdwardsPoint, "base_mul", _raiser("base_mul"))
        with pytest.raises(AssertionError, match="base_mul called"):
            xeddsa.PrivateKey.from_private_bytes(bytes(range(1, 33))).sign(b"m")
