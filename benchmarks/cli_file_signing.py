"""Signing and verifying a large file from the command line: wall time and peak RSS, side by side.

Run from the repository root (about a minute with the defaults)::

    .venv/bin/python benchmarks/cli_file_signing.py [--size-mb 300] [--rounds 5] [--raw]

One run creates a file of ``--size-mb`` MiB in ``/tmp`` (deleted at the end), warms the page
cache, then runs, in interleaved rounds, ``sha512sum FILE`` (the baseline), ``xeddsa sign -n``,
``xeddsa verify -n`` and, if installed, ``minisign -S`` / ``minisign -V`` on the same file. Each
command is a fresh process; its wall time comes from ``time.perf_counter`` around the process and
its peak RSS from GNU ``time`` (``%M``, that command alone). The report gives the median of
each, the median of the per-round ratios to ``sha512sum`` and the targets (peak RSS at
most 64 MiB; wall time at most 1.3x ``sha512sum``). ``--raw`` adds ``xeddsa sign --raw`` (the
whole-file mode, which reads the file into memory) for comparison. Targets are reported, not
asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RSS_TARGET_MB = 64.0
TIME = "/usr/bin/time"  # GNU time (Debian package "time") for the peak RSS of one command
TIME_TARGET = 1.3


@dataclass
class Command:
    """One command line measured in every round."""

    name: str
    argv: list[str]
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def run_once(argv: list[str], work: Path) -> tuple[float, float]:
    """Run ``argv`` under GNU ``time`` (stdout discarded); return (wall seconds, peak RSS MiB).

    The peak RSS is ``time``'s ``%M`` for the command alone: ``os.wait4`` on a child forked from
    this Python process would also count the parent's pages the child held before ``exec``.
    """
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("XEDDSA_BACKEND", None)
    rss_file = work / "rss.txt"
    start = time.perf_counter()
    done = subprocess.run(
        [TIME, "-f", "%M", "-o", str(rss_file), *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed, int(rss_file.read_text().split()[-1]) / 1024  # %M is in KiB


def make_file(path: Path, size_mb: int) -> None:
    """Write ``size_mb`` MiB: one random MiB repeated (hashing speed does not depend on content)."""
    block = os.urandom(1 << 20)
    with path.open("wb") as f:
        for _ in range(size_mb):
            f.write(block)


def commands(work: Path, data: Path, raw: bool) -> list[Command]:
    """The measured command lines (minisign only if installed)."""
    python = sys.executable
    key = work / "private.key"
    key.touch(mode=0o600)
    subprocess.run(
        [python, "-m", "xeddsa", "genkey"],
        stdout=key.open("w"),
        check=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    key.chmod(0o600)
    pub = (
        subprocess.run(
            [python, "-m", "xeddsa", "pubkey"],
            stdin=key.open("rb"),
            capture_output=True,
            check=True,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
        )
        .stdout.decode()
        .strip()
    )
    sig = work / "data.xsig"
    subprocess.run(
        [python, "-m", "xeddsa", "sign", "-k", str(key), "-n", "file", "-o", str(sig), str(data)],
        check=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    out = [
        Command("sha512sum", ["sha512sum", str(data)]),
        Command(
            "xeddsa sign -n",
            [python, "-m", "xeddsa", "sign", "-k", str(key), "-n", "file", "-o", "-", str(data)],
        ),
        Command(
            "xeddsa verify -n",
            [python, "-m", "xeddsa", "verify", "-p", pub, "-n", "file", str(data), str(sig)],
        ),
    ]
    minisign = shutil.which("minisign")
    if minisign is not None:
        msec, mpub, msig = work / "minisign.key", work / "minisign.pub", work / "data.minisig"
        subprocess.run(
            [minisign, "-G", "-W", "-s", str(msec), "-p", str(mpub)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [minisign, "-S", "-s", str(msec), "-m", str(data), "-x", str(msig)],
            check=True,
            capture_output=True,
        )
        out += [
            Command(
                "minisign -S",
                [minisign, "-S", "-s", str(msec), "-m", str(data), "-x", str(work / "m2.minisig")],
            ),
            Command(
                "minisign -V", [minisign, "-Vq", "-p", str(mpub), "-m", str(data), "-x", str(msig)]
            ),
        ]
    if raw:
        out.append(
            Command(
                "xeddsa sign --raw",
                [python, "-m", "xeddsa", "sign", "--raw", "-k", str(key), str(data)],
            )
        )
    return out


def report(cmds: list[Command], size_mb: int, rounds: int) -> str:
    """Return the Markdown table of medians, ratios to sha512sum and the targets."""
    base = cmds[0]
    lines = [
        f"{size_mb} MiB file, {rounds} interleaved rounds, {platform.machine()} "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs",
        "",
        "| command | median wall (s) | ratio to sha512sum (median of rounds) | peak RSS (MiB) | "
        "targets |",
        "|---|---|---|---|---|",
    ]
    for cmd in cmds:
        ratios = [t / b for t, b in zip(cmd.times, base.times, strict=True)]
        ratio = statistics.median(ratios)
        rss = max(cmd.rss_mb)
        target = ""
        if cmd.name.startswith("xeddsa") and "--raw" not in cmd.name:
            ok_time = "ok" if ratio <= TIME_TARGET else "MISSED"
            ok_rss = "ok" if rss <= RSS_TARGET_MB else "MISSED"
            target = f"time <= {TIME_TARGET}x: {ok_time}; RSS <= {RSS_TARGET_MB:.0f} MiB: {ok_rss}"
        lines.append(
            f"| `{cmd.name}` | {statistics.median(cmd.times):.3f} | {ratio:.2f} | {rss:.1f} | "
            f"{target} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--raw", action="store_true", help="also time xeddsa sign --raw")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xeddsa-bench-") as tmp:
        work = Path(tmp)
        data = work / "data.bin"
        make_file(data, args.size_mb)
        cmds = commands(work, data, args.raw)
        run_once(cmds[0].argv, work)  # warm the page cache
        for _ in range(args.rounds):
            for cmd in cmds:
                elapsed, rss = run_once(cmd.argv, work)
                cmd.times.append(elapsed)
                cmd.rss_mb.append(rss)
        print(report(cmds, args.size_mb, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
