"""Run the atheris fuzz targets for a bounded time and summarise executions and crashes.

Usage from the repository root::

    .venv/bin/python fuzz/run.py --target all --seconds 12          # CI: 10 targets, 2 at a time
    .venv/bin/python fuzz/run.py --target jwk --seconds 300         # one target, longer
    .venv/bin/python fuzz/run.py --target all --seconds 300 --jobs 2 --json fuzz-summary.json

Each target runs as its own process (``fuzz/fuzz_target.py``) with libFuzzer's
``-rss_limit_mb=512 -timeout=1 -max_total_time=N``, reading the committed seeds in
``fuzz/corpus/<target>/`` and writing new inputs to a scratch corpus under ``--work`` (default: a
temporary directory), never to the committed corpus. A crash is an uncaught exception or an
oracle mismatch (see ``fuzz/targets.py``), a single input taking over 1 s, or RSS over 512 MiB;
libFuzzer writes the input to ``<work>/<target>/crash-*`` / ``timeout-*`` / ``oom-*`` and this
script lists it and exits 1. Reproduce with ``python fuzz/fuzz_target.py TARGET FILE``; commit
reproducers of real bugs to ``fuzz/crashes/``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
ROOT: Final = HERE.parent
TARGET_NAMES: Final = (
    "public_key",
    "xeddsa_verify",
    "vxeddsa_verify",
    "jws_compact",
    "jws_json",
    "jwk",
    "candidate_line",
    "signed_message",
    "wice_payload",
    "wg_config",
)
_DONE_RE: Final = re.compile(r"Done (\d+) runs in (\d+) second")
_STAT_RE: Final = re.compile(r"#(\d+)\s+(?:pulse|NEW|REDUCE|DONE|INITED)\b.*?cov: (\d+)")
_ARTIFACT_PREFIXES: Final = ("crash-", "timeout-", "oom-", "leak-", "slow-unit-")


@dataclass
class Result:
    """The outcome of one target run."""

    target: str
    seconds: float
    executions: int
    coverage: int
    returncode: int
    artifacts: list[str] = field(default_factory=list)
    log: str = ""

    @property
    def crashed(self) -> bool:
        return bool(self.artifacts) or self.returncode != 0


def run_target(
    target: str, seconds: int, work: Path, rss_limit_mb: int, timeout: int, python: str
) -> Result:
    """Fuzz ``target`` for ``seconds`` and return its result (never raises on a crash)."""
    scratch = work / target
    corpus = scratch / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    log_path = scratch / "fuzz.log"
    command = [
        python,
        str(HERE / "fuzz_target.py"),
        target,
        str(corpus),
        str(HERE / "corpus" / target),
        f"-max_total_time={seconds}",
        f"-rss_limit_mb={rss_limit_mb}",
        f"-timeout={timeout}",
        f"-artifact_prefix={scratch}/",
        "-print_final_stats=1",
    ]
    start = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log:
        try:
            proc = subprocess.run(  # noqa: S603 - fixed argv, no shell
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                timeout=seconds + 120,
                check=False,
            )
            returncode = proc.returncode
        except subprocess.TimeoutExpired:
            returncode = -9
    elapsed = time.monotonic() - start
    text = log_path.read_text(encoding="utf-8", errors="replace")
    done = _DONE_RE.findall(text)
    stats = _STAT_RE.findall(text)
    executions = int(done[-1][0]) if done else (int(stats[-1][0]) if stats else 0)
    coverage = int(stats[-1][1]) if stats else 0
    artifacts = sorted(str(p) for p in scratch.iterdir() if p.name.startswith(_ARTIFACT_PREFIXES))
    return Result(
        target, round(elapsed, 1), executions, coverage, returncode, artifacts, str(log_path)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--target", default="all", help="a target name or 'all'")
    parser.add_argument("--seconds", type=int, default=12, help="fuzzing time per target")
    parser.add_argument("--jobs", type=int, default=2, help="targets run in parallel")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temp dir)")
    parser.add_argument("--rss-limit-mb", type=int, default=512)
    parser.add_argument("--timeout", type=int, default=1, help="seconds per input")
    parser.add_argument("--json", type=Path, help="also write the summary as JSON")
    args = parser.parse_args(argv)

    if args.target == "all":
        targets = list(TARGET_NAMES)
    elif args.target in TARGET_NAMES:
        targets = [args.target]
    else:
        parser.error(f"unknown target {args.target!r}; choose from {', '.join(TARGET_NAMES)}")

    with tempfile.TemporaryDirectory(prefix="xeddsa-fuzz-") as tmp:
        work = args.work.resolve() if args.work else Path(tmp)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(
                pool.map(
                    lambda t: run_target(
                        t, args.seconds, work, args.rss_limit_mb, args.timeout, sys.executable
                    ),
                    targets,
                )
            )
        print(f"{'target':<16} {'seconds':>8} {'executions':>11} {'exec/s':>8} {'cov':>6}  result")
        for r in results:
            rate = r.executions / r.seconds if r.seconds else 0.0
            status = "CRASH" if r.crashed else "ok"
            print(
                f"{r.target:<16} {r.seconds:>8.1f} {r.executions:>11} {rate:>8.0f} "
                f"{r.coverage:>6}  {status}"
            )
            if r.crashed:
                print(f"  returncode {r.returncode}; log {r.log}")
                for artifact in r.artifacts:
                    print(f"  reproducer: {artifact}")
                tail = Path(r.log).read_text(encoding="utf-8", errors="replace").splitlines()
                print("\n".join("  | " + line for line in tail[-25:]))
        total = sum(r.executions for r in results)
        crashes = sum(r.crashed for r in results)
        print(f"total: {total} executions, {crashes} crashing target(s)")
        if args.json:
            args.json.write_text(
                json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8"
            )
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
