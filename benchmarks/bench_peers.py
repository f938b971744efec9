"""Every implementation side by side, as ratios to PyNaCl Ed25519 (method: decisions.rst, D13).

(d) One interleaved run, in this process, of sign and verify for: PyNaCl Ed25519 (the baseline),
    cryptography Ed25519 (OpenSSL), python-ecdsa Ed25519 (pure Python, gmpy2 blocked), pure25519,
    ``xeddsa`` XEdDSA and VXEdDSA on both backends, and python-axolotl-curve25519's Python API
    (libsignal's *legacy* curvesigs format, not spec XEdDSA) when it imports.
(e) The Syndace ``xeddsa`` distribution on PyPI shares this project's import name, so it runs in a
    separate virtual environment (``BENCH_PEER_VENV``, default ``benchmarks/.peer-venv``, created
    on first use) through ``peer_syndace.py``, which times PyNaCl Ed25519 in that same process:
    only its ratios to that PyNaCl are comparable with the rows of (d).

A peer that cannot be imported or installed is reported as a row with the reason, never dropped.
The same rules as the other suites hold: keys are built outside the timed loops, signers that take
a 64-byte Z draw it from ``secrets`` inside the timed call, and every callable cycles through the
same distinct messages (signatures made beforehand).
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from _harness import (
    OpStats,
    Run,
    cycling,
    run_interleaved,
)
from bench_xeddsa import Peers as _Ed25519Peers

import xeddsa
from xeddsa import vxeddsa

HERE = Path(__file__).resolve().parent
BASELINE = "PyNaCl Ed25519"
SYNDACE_VERSION = "1.2.0"

#: (implementation, note) in display order; each has a "<name> sign" and "<name> verify" op.
IMPLEMENTATIONS: list[tuple[str, str]] = [
    (BASELINE, "libsodium; the baseline"),
    ("cryptography Ed25519", "OpenSSL"),
    ("ecdsa Ed25519", "python-ecdsa, pure Python, gmpy2 blocked"),
    ("pure25519 Ed25519", "pure Python"),
    ("xeddsa[sodium] XEdDSA", "this project, libsodium via PyNaCl"),
    ("xeddsa[pure] XEdDSA", "this project, pure Python"),
    ("xeddsa[sodium] VXEdDSA", "this project, libsodium via PyNaCl"),
    ("xeddsa[pure] VXEdDSA", "this project, pure Python"),
    ("axolotl-curve25519 XEdDSA (legacy format)", "python-axolotl-curve25519, C (ref10)"),
]
SYNDACE = "Syndace xeddsa XEdDSA (separate venv)"
SYNDACE_NOTE = "PyPI xeddsa (libxeddsa, C ref10); own process, ratios to PyNaCl timed there"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def in_backend(name: str, fn: Callable[[], object]) -> Callable[[], object]:
    """Run ``fn`` with the xeddsa backend ``name`` selected, in a context of its own.

    Costs one ``Context.run`` per call (about 0.1 µs), so sodium and pure callables can share
    one interleaved run.
    """
    ctx = contextvars.copy_context()
    ctx.run(xeddsa.use_backend, name)
    return lambda: ctx.run(fn)


class AllPeers:
    """Keys, signatures and callables for (d), built once outside the timed loops."""

    def __init__(self, seed32: bytes, messages: list[bytes]) -> None:
        self.ed = _Ed25519Peers(seed32, messages)  # PyNaCl, ecdsa, pure25519, xeddsa keys
        self.messages = messages
        self.status: dict[str, str] = {}
        self.ops: dict[str, Callable[[], object]] = {}
        self._xeddsa_and_ed25519()
        self._cryptography(seed32)
        self._axolotl(seed32)

    def _xeddsa_and_ed25519(self) -> None:
        ed = self.ed
        sign, verify = ed.sign_ops(), ed.verify_ops()
        for impl in (BASELINE, "ecdsa Ed25519", "pure25519 Ed25519"):
            self.ops[f"{impl} sign"] = sign[f"{impl} sign"]
            self.ops[f"{impl} verify"] = verify[f"{impl} verify"]
        for backend in ("sodium", "pure"):
            with xeddsa.use_backend(backend):
                vsigs = [(vxeddsa.sign(ed.xk, m), m) for m in self.messages]
            xk, xpub = ed.xk, ed.xpub
            msg, xsig = cycling(self.messages), cycling(ed.xsigs)
            vmsg, vsig = cycling(self.messages), cycling(vsigs)
            x, v = f"xeddsa[{backend}] XEdDSA", f"xeddsa[{backend}] VXEdDSA"
            self.ops[f"{x} sign"] = in_backend(backend, lambda xk=xk, msg=msg: xk.sign(msg()))
            self.ops[f"{x} verify"] = in_backend(
                backend, lambda xpub=xpub, xsig=xsig: xpub.verify(*xsig())
            )
            self.ops[f"{v} sign"] = in_backend(
                backend, lambda xk=xk, vmsg=vmsg: vxeddsa.sign(xk, vmsg())
            )
            self.ops[f"{v} verify"] = in_backend(
                backend, lambda xpub=xpub, vsig=vsig: vxeddsa.verify(xpub, *vsig())
            )
            self.status[x] = self.status[v] = f"xeddsa {xeddsa.__version__}"
        self.status[BASELINE] = f"PyNaCl {_version('PyNaCl')}"
        self.status["ecdsa Ed25519"] = f"ecdsa {_version('ecdsa')}"
        self.status["pure25519 Ed25519"] = f"pure25519 {_version('pure25519')}"

    def _cryptography(self, seed32: bytes) -> None:
        impl = "cryptography Ed25519"
        try:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        except ImportError as exc:
            self.status[impl] = f"unavailable: {exc!r} (pip install cryptography)"
            return
        key = Ed25519PrivateKey.from_private_bytes(seed32)
        pub = key.public_key()
        sigs = [(key.sign(m), m) for m in self.messages]
        msg, sig = cycling(self.messages), cycling(sigs)
        self.ops[f"{impl} sign"] = lambda: key.sign(msg())
        self.ops[f"{impl} verify"] = lambda: pub.verify(*sig())  # raises if invalid
        self.status[impl] = f"cryptography {_version('cryptography')}"

    def _axolotl(self, seed32: bytes) -> None:
        impl = "axolotl-curve25519 XEdDSA (legacy format)"
        try:
            import axolotl_curve25519 as curve
        except ImportError as exc:
            self.status[impl] = (
                f"unavailable: {exc!r} (pip install python-axolotl-curve25519; builds from "
                "source, needs a C compiler and the Python headers)"
            )
            return
        k = curve.generatePrivateKey(seed32)
        u = curve.generatePublicKey(k)
        assert u == self.ed.xk.public_key().public_bytes()
        sigs = [(curve.calculateSignature(secrets.token_bytes(64), k, m), m) for m in self.messages]
        for sig, m in sigs:
            assert curve.verifySignature(u, m, sig) == 0
        msg, sig = cycling(self.messages), cycling(sigs)
        token = secrets.token_bytes
        self.ops[f"{impl} sign"] = lambda: curve.calculateSignature(token(64), k, msg())
        self.ops[f"{impl} verify"] = lambda: _check_zero(curve.verifySignature(u, *_swap(sig())))
        self.status[impl] = (
            f"python-axolotl-curve25519 {_version('python-axolotl-curve25519')}; libsignal's "
            "legacy curvesigs format (sign bit in S), not spec XEdDSA"
        )


def _swap(pair: tuple[bytes, bytes]) -> tuple[bytes, bytes]:
    """(signature, message) -> (message, signature), axolotl's argument order."""
    return pair[1], pair[0]


def _check_zero(result: int) -> None:
    if result != 0:
        raise AssertionError("axolotl verifySignature rejected a valid signature")


@pytest.fixture(scope="module")
def all_peers(seed32: bytes, messages: list[bytes]) -> AllPeers:
    built = AllPeers(seed32, messages)
    for name, op in built.ops.items():  # every callable works before anything is timed
        for _ in range(3):
            result = op()
            if name.endswith(" verify"):  # each raises, or returns False / -1, on a bad signature
                assert result is None or result is True or isinstance(result, bytes), name
    return built


def overview_rows(run: Run, status: dict[str, str], process: str) -> list[dict[str, Any]]:
    """One row per implementation: median µs and ratio to the baseline, for sign and verify."""
    rows = []
    for impl, note in IMPLEMENTATIONS if process == "main" else [(SYNDACE, SYNDACE_NOTE)]:
        row: dict[str, Any] = {"implementation": impl, "note": note, "process": process}
        row["status"] = status.get(impl, "unavailable")
        for op in ("sign", "verify"):
            name = f"{impl} {op}"
            if name not in run.ops:
                row[op] = None
                continue
            ratio = (
                None
                if impl == BASELINE
                else next(r for r in run.ratios if r.candidate == name and r.baseline.endswith(op))
            )
            row[op] = {
                "median_us": round(run.ops[name].median_us, 3),
                "ratio": None
                if ratio is None
                else {
                    "median": round(ratio.median, 4),
                    "min": round(ratio.min, 4),
                    "max": round(ratio.max, 4),
                },
            }
        if impl.endswith("VXEdDSA") and f"{impl} sign" in run.ops:  # its target is vs verify
            r = next(
                r
                for r in run.ratios
                if r.candidate == f"{impl} sign" and r.baseline.endswith("verify")
            )
            row["sign_vs_pynacl_verify"] = {
                "median": round(r.median, 4),
                "min": round(r.min, 4),
                "max": round(r.max, 4),
            }
        rows.append(row)
    return rows



def test_d_all_peers(
    benchmark: object, all_peers: AllPeers, record: list[Run], report_extra: dict[str, Any]
) -> None:
    """(d) every in-process implementation, sign / PyNaCl sign and verify / PyNaCl verify."""
    run = run_interleaved(benchmark, "(d) all implementations vs PyNaCl Ed25519", all_peers.ops)
    for impl, _ in IMPLEMENTATIONS[1:]:
        for op in ("sign", "verify"):
            if f"{impl} {op}" in run.ops:
                run.ratio(f"{impl} {op}", f"{BASELINE} {op}")
        if impl.endswith("VXEdDSA") and f"{impl} sign" in run.ops:
            run.ratio(f"{impl} sign", f"{BASELINE} verify")
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]
    report_extra.setdefault("overview", []).extend(overview_rows(run, all_peers.status, "main"))


# -- (e) Syndace xeddsa in its own virtual environment ------------------------------------------


def peer_venv() -> Path:
    return Path(os.environ.get("BENCH_PEER_VENV", HERE / ".peer-venv"))


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _isolated(python: Path, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``python -I ARGS`` outside the repository, so this project's ``xeddsa`` never imports."""
    return subprocess.run(
        [str(python), "-I", *args],
        cwd=str(python.parent),
        capture_output=True,
        text=True,
        timeout=timeout,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")},
    )


def ensure_syndace_venv() -> Path:
    """Create the peer venv with Syndace ``xeddsa`` and the same PyNaCl as here, if needed.

    :raises RuntimeError: with the reason, when it cannot be created or installed.
    """
    venv = peer_venv()
    python = _venv_python(venv)
    probe = ["-c", "import xeddsa, nacl; xeddsa.ed25519_priv_sign"]
    if python.exists() and _isolated(python, probe, 60).returncode == 0:
        return python
    made = subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=300
    )
    if made.returncode != 0:
        raise RuntimeError(f"python -m venv {venv} failed: {made.stderr.strip()[-500:]}")
    reqs = [f"xeddsa=={SYNDACE_VERSION}", f"PyNaCl=={_version('PyNaCl')}"]
    pip = _isolated(python, ["-m", "pip", "install", "-q", *reqs], 900)
    if pip.returncode != 0:
        raise RuntimeError(f"pip install {' '.join(reqs)} failed: {pip.stderr.strip()[-500:]}")
    check = _isolated(python, probe, 60)
    if check.returncode != 0:
        raise RuntimeError(f"Syndace xeddsa does not import: {check.stderr.strip()[-500:]}")
    return python


def run_syndace(seed32: bytes) -> dict[str, Any]:
    """Run ``peer_syndace.py`` in the peer venv and return its JSON report."""
    python = ensure_syndace_venv()
    proc = _isolated(
        python,
        [str(HERE / "peer_syndace.py"), "--seed", seed32.hex()],
        timeout=1800,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"peer_syndace.py failed: {proc.stderr.strip()[-800:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def run_from_dict(data: dict[str, Any]) -> Run:
    """Rebuild a :class:`Run` from ``Run.as_dict()`` output that includes per-round times."""
    run = Run(data["group"], data["rounds"])
    for name, op in data["ops"].items():
        run.ops[name] = OpStats(name, op["batch"], op["per_round_us"])
    return run


def test_e_syndace_separate_venv(
    benchmark: object,
    seed32: bytes,
    messages: list[bytes],
    record: list[Run],
    report_extra: dict[str, Any],
) -> None:
    """(e) Syndace xeddsa sign / PyNaCl sign and verify / PyNaCl verify, both timed in the peer
    venv's process. Its absolute µs come from another process, so only the ratios compare."""
    rows = report_extra.setdefault("overview", [])
    if os.environ.get("BENCH_SYNDACE", "1") == "0":
        rows.append(_unavailable_row("skipped: BENCH_SYNDACE=0"))
        pytest.skip("BENCH_SYNDACE=0")
    try:
        data = benchmark.pedantic(  # type: ignore[attr-defined]
            run_syndace, args=(seed32,), rounds=1, iterations=1
        )
    except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as exc:
        rows.append(_unavailable_row(f"unavailable: {exc}"))
        pytest.skip(f"Syndace xeddsa peer unavailable: {exc}")
    run = run_from_dict(data["run"])
    for op in ("sign", "verify"):
        run.ratio(f"{SYNDACE} {op}", f"{BASELINE} {op}")
    # The peer signs spec-format XEdDSA: its signature of message 0 must verify here.
    pub = xeddsa.PublicKey.from_public_bytes(bytes.fromhex(data["public_key"]))
    with xeddsa.use_backend("sodium"):
        cross = pub.verify(bytes.fromhex(data["signature_0"]), messages[0])
    assert cross is None or cross is True
    assert data["message_0_sha256"] == hashlib.sha256(messages[0]).hexdigest()
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]
    status = {
        SYNDACE: f"xeddsa (Syndace) {data['versions']['xeddsa']} with PyNaCl "
        f"{data['versions']['PyNaCl']} in {_display(peer_venv())}; its spec-format signatures "
        "verify under this project's verifier"
    }
    rows.extend(overview_rows(run, status, "peer venv"))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(HERE.parent))
    except ValueError:
        return str(path)


def _unavailable_row(reason: str) -> dict[str, Any]:
    return {
        "implementation": SYNDACE,
        "note": SYNDACE_NOTE,
        "process": "peer venv",
        "status": reason,
        "sign": None,
        "verify": None,
    }
