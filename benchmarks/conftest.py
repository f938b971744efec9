"""Benchmark configuration: collection of ``bench_*.py``, the ecdsa gmpy block, shared fixtures,
and the summary table + JSON report written at the end of the session.

Run (see benchmarks/README.md)::

    .venv/bin/python -m pytest benchmarks -p no:cacheprovider --benchmark-only

Environment knobs: ``BENCH_ROUNDS`` (interleaved rounds, default 15, minimum 9),
``BENCH_MIN_BATCH_MS`` (minimum batch length, default 5), ``BENCH_CLOCK`` (``process`` CPU time,
default, or ``perf`` wall time), ``BENCH_RESULTS`` (JSON path, default
``benchmarks/results/latest.json``), ``BENCH_PEER_VENV`` (the Syndace peer venv, default
``benchmarks/.peer-venv``), ``BENCH_SYNDACE=0`` (skip that peer; reported as skipped).

One command for the whole report (JSON, Markdown table, PNG chart)::

    .venv/bin/python benchmarks/report.py --run
"""

from __future__ import annotations

import sys

# python-ecdsa silently switches to gmpy2 / gmpy when they import (decisions.rst, D13). Block both
# before anything can import ecdsa, so its Ed25519 is the pure-Python one; bench_xeddsa.py asserts
# the backend it got.
sys.modules["gmpy2"] = None  # type: ignore[assignment]
sys.modules["gmpy"] = None  # type: ignore[assignment]

import datetime  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
from importlib import metadata  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from _harness import Run, bench_min_batch_s, bench_rounds  # noqa: E402

_RESULTS: list[Run] = []
_EXTRA: dict[str, object] = {}
_DEFAULT_RESULTS = Path(__file__).parent / "results" / "latest.json"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Collect ``bench_*.py`` here without touching the project's ``python_files`` setting."""
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        patterns = parent.config.getini("python_files")
        if "bench_*.py" not in patterns:
            return pytest.Module.from_parent(parent, path=file_path)
    return None


#: Number of distinct messages the signature benchmarks cycle through: more than any plausible
#: cache keyed on message-derived data (e.g. an ``lru_cache(maxsize=256)`` of hash_to_point
#: results), so no implementation is timed on a cache hit that real traffic would not give it.
MESSAGE_COUNT = 521


@pytest.fixture(scope="session")
def messages() -> list[bytes]:
    """MESSAGE_COUNT fixed, distinct 100-byte messages (deterministic, not random)."""
    return [
        hashlib.shake_256(b"xeddsa benchmark message %d" % i).digest(100)
        for i in range(MESSAGE_COUNT)
    ]


@pytest.fixture(scope="session")
def seed32() -> bytes:
    """A fixed 32-byte secret from which every benchmark key is derived."""
    return hashlib.sha256(b"xeddsa benchmark key").digest()


@pytest.fixture(scope="session")
def record() -> list[Run]:
    """Collector: ratio benchmarks append their :class:`Run` for the summary and the JSON file."""
    return _RESULTS


@pytest.fixture(scope="session")
def report_extra() -> dict[str, object]:
    """Collector: extra top-level JSON sections (``overview``: one row per implementation, from
    bench_peers.py, including the peers that could not be imported or installed)."""
    return _EXTRA


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict[str, object]:
    """Python, library versions, CPU model and core count (reported with every result)."""
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "PyNaCl": _version("PyNaCl"),
        "libsodium": f"bundled with PyNaCl {_version('PyNaCl')}",
        "ecdsa": _version("ecdsa") + " (pure int, gmpy2/gmpy blocked)",
        "pure25519": _version("pure25519"),
        "cryptography": _version("cryptography"),
        "python-axolotl-curve25519": _version("python-axolotl-curve25519"),
        "pytest-benchmark": _version("pytest-benchmark"),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "clock": os.environ.get("BENCH_CLOCK", "process"),
        "rounds": bench_rounds(),
        "min_batch_ms": bench_min_batch_s() * 1000,
    }


def format_runs(runs: list[Run]) -> list[str]:
    """Render the runs as plain-text tables: operations, then ratios with their targets."""
    lines: list[str] = []
    for run in runs:
        lines.append(f"== {run.group} ({run.rounds} interleaved rounds)")
        lines.append(f"  {'operation':<34} {'median us':>11} {'min':>11} {'max':>11} {'batch':>6}")
        for op in run.ops.values():
            lines.append(
                f"  {op.name:<34} {op.median_us:>11.1f} {op.min_us:>11.1f} {op.max_us:>11.1f}"
                f" {op.batch:>6}"
            )
        lines.append(
            f"  {'ratio (median of per-round)':<52} {'median':>8} {'min':>7} {'max':>7}"
            f" {'target':>7}"
        )
        for r in run.ratios:
            verdict = {None: "", True: "ok", False: "MISSED"}[r.meets_target]
            target = "" if r.target is None else f"<={r.target:g}"
            lines.append(
                f"  {r.candidate + ' / ' + r.baseline:<52} {r.median:>8.3f} {r.min:>7.3f}"
                f" {r.max:>7.3f} {target:>7} {verdict}"
            )
    return lines


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the ratio tables and write them, with the machine details, to the JSON report."""
    if not _RESULTS and not _EXTRA:
        return
    _RESULTS.sort(key=lambda run: run.group)  # (a), (b), (c) in order, whatever the file order
    info = machine_info()
    terminalreporter.section("xeddsa interleaved benchmarks")
    terminalreporter.write_line(
        f"{info['cpu']} x{info['cpu_count']}, {info['python']}, PyNaCl {info['PyNaCl']}, "
        f"ecdsa {info['ecdsa']}, pure25519 {info['pure25519']}, "
        f"load average {info['load_average_1_5_15']}"
    )
    for line in format_runs(_RESULTS):
        terminalreporter.write_line(line)
    for row in _EXTRA.get("overview", []):  # type: ignore[attr-defined]
        if row["sign"] is None and row["verify"] is None:
            terminalreporter.write_line(f"  {row['implementation']}: {row['status']}")
    path = Path(os.environ.get("BENCH_RESULTS", _DEFAULT_RESULTS))
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {"machine": info, **_EXTRA, "runs": [run.as_dict() for run in _RESULTS]}
    path.write_text(json.dumps(report, indent=2) + "\n")
    terminalreporter.write_line(f"results written to {path}")
