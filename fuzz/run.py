"""Run the atheris fuzz targets: a deterministic CI pass, or a timed exploration with random seeds.

Usage from the repository root::

    .venv/bin/python fuzz/run.py --ci                       # CI: fixed seed, fixed executions
    .venv/bin/python fuzz/run.py --ci --target jwk --json out.json
    .venv/bin/python fuzz/run.py --explore --seconds 180    # every target, random seeds
    .venv/bin/python fuzz/run.py --explore --seconds 600 --target jws_json --work /tmp/xf

``--ci`` (the default) replays the committed seeds of each target (``fuzz/corpus/<target>/`` and
the reproducers ``fuzz/crashes/<target>-*``, in sorted order, through libFuzzer's
``-seed_inputs``) and then runs a fixed number of executions (``-runs``, :data:`CI_RUNS`) from a
fixed ``-seed`` with ``PYTHONHASHSEED=0``, into an empty scratch corpus. Nothing depends on the
clock: the same commit (and the same Python and dependency versions) does the same executions,
reaches the same coverage and corpus, and gives the same verdict. The per-input limit is a
hang guard only (``-timeout=30``), so a loaded machine cannot change the verdict.

``--explore`` fuzzes each target for ``--seconds`` with a random seed (libFuzzer picks it from
the clock and prints it; it is reported) and the tight limits (``-timeout=1``, slow inputs are
findings). Not part of CI.

Both modes: each target runs as its own process (``fuzz/fuzz_target.py``) with
``-rss_limit_mb=512``; new inputs go to a scratch corpus under ``--work`` (default: a temporary
directory), never to the committed corpus. A crash is an exception the target does not allow, an
oracle mismatch (``fuzz/targets.py``), a timeout or an RSS over the limit: libFuzzer writes the
input to ``<work>/<target>/crash-*`` (``timeout-*``, ``oom-*``) and this script prints it and exits
1. Builtin exceptions that joserfc raises on tokens our strict parser refuses are upstream defects
(``fuzz/upstream.py``): counted and reported per target, not crashes. Reproduce an input with
``python fuzz/fuzz_target.py TARGET FILE``; commit reproducers of real findings to
``fuzz/corpus/<target>/`` (regression inputs) and describe them in ``fuzz/crashes/README.md``.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import os
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
sys.path.insert(0, str(ROOT))

from fuzz.upstream import COUNTS_ENV  # noqa: E402

#: Executions per target in CI mode (seed replay included), sized so that the ten targets, two
#: at a time, take about two minutes on two idle cores (measured rates in fuzz/README.md).
CI_RUNS: Final = {
    "public_key": 18_000,
    "xeddsa_verify": 15_000,
    "vxeddsa_verify": 12_000,
    "jws_compact": 75_000,
    "jws_json": 75_000,
    "jwk": 90_000,
    "candidate_line": 120_000,
    "signed_message": 36_000,
    "wice_payload": 60_000,
    "wg_config": 120_000,
}
TARGET_NAMES: Final = tuple(CI_RUNS)
#: The libFuzzer seed of CI mode.
CI_SEED: Final = 20261207
_DONE_RE: Final = re.compile(r"Done (\d+) runs in (\d+) second")
_STAT_RE: Final = re.compile(
    r"#(\d+)\s+(?:pulse|NEW|REDUCE|DONE|INITED)\b.*?cov: (\d+) ft: (\d+) corp: (\d+)/"
)
_SEED_RE: Final = re.compile(r"INFO: Seed: (\d+)")
_CRASH_PREFIXES: Final = ("crash-", "timeout-", "oom-", "leak-")


@dataclass
class Result:
    """The outcome of one target run."""

    target: str
    mode: str
    seed: int
    seconds: float
    executions: int
    coverage: int
    features: int
    corpus: int
    returncode: int
    upstream: dict[str, int] = field(default_factory=dict)
    corpus_digest: str = ""
    artifacts: list[str] = field(default_factory=list)
    log: str = ""

    @property
    def crashed(self) -> bool:
        return bool(self.artifacts) or self.returncode != 0

    def verdict(self) -> dict[str, object]:
        """The fields that must be identical between two CI runs of one commit."""
        return {
            "target": self.target,
            "executions": self.executions,
            "coverage": self.coverage,
            "features": self.features,
            "corpus": self.corpus,
            "corpus_digest": self.corpus_digest,
            "upstream": self.upstream,
            "crashed": self.crashed,
        }


#: personality(2) flag: exec'd children get no address-space randomisation.
_ADDR_NO_RANDOMIZE: Final = 0x0040000


def disable_aslr_for_children() -> bool:
    """Ask Linux to start this process's children without ASLR; return whether it took effect.

    libFuzzer keys its table of recent comparisons by the caller's address, so with ASLR the
    mutations drawn from that table (and hence the inputs tried) differ from run to run. Without
    ASLR a fixed ``-seed`` replays the same executions. Containers whose seccomp profile refuses
    the flag keep ASLR; the run then warns that it may not be reproducible.
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    current = libc.personality(0xFFFFFFFF)
    if current == -1:
        return False
    if not current & _ADDR_NO_RANDOMIZE:
        libc.personality(current | _ADDR_NO_RANDOMIZE)
    return bool(libc.personality(0xFFFFFFFF) & _ADDR_NO_RANDOMIZE)


def seed_files(target: str) -> list[Path]:
    """The committed inputs replayed first: the seed corpus and the target's reproducers."""
    files = sorted((HERE / "corpus" / target).iterdir())
    files += sorted((HERE / "crashes").glob(f"{target}-*"))
    return [p for p in files if p.is_file()]


@dataclass(frozen=True)
class Mode:
    """How to run: CI (fixed runs and seed) or explore (seconds, random seed)."""

    ci: bool
    seconds: int
    seed: int
    rss_limit_mb: int
    runs_scale: float


def _command(target: str, mode: Mode, scratch: Path, python: str) -> list[str]:
    corpus = scratch / "corpus"
    command = [
        python,
        str(HERE / "fuzz_target.py"),
        target,
        str(corpus),
        f"-rss_limit_mb={mode.rss_limit_mb}",
        f"-artifact_prefix={scratch}/",
        "-print_final_stats=1",
    ]
    if mode.ci:
        seeds = seed_files(target)
        if any("," in str(p) for p in seeds):
            raise SystemExit("a seed path contains ',', which -seed_inputs cannot carry")
        command += [
            f"-seed_inputs={','.join(str(p) for p in seeds)}",
            f"-runs={max(len(seeds) + 1, round(CI_RUNS[target] * mode.runs_scale))}",
            f"-seed={mode.seed}",
            "-timeout=30",
            "-report_slow_units=1000000",
            "-reload=0",
        ]
    else:
        command += [
            str(HERE / "corpus" / target),
            f"-max_total_time={mode.seconds}",
            "-timeout=1",
        ]
        if mode.seed:
            command.append(f"-seed={mode.seed}")
    return command


def run_target(target: str, mode: Mode, work: Path, python: str) -> Result:
    """Run ``target`` once and return its result (never raises on a crash)."""
    scratch = work / target
    (scratch / "corpus").mkdir(parents=True, exist_ok=True)
    log_path = scratch / "fuzz.log"
    counts_path = scratch / "upstream.json"
    env = dict(os.environ, **{COUNTS_ENV: str(counts_path)})
    if mode.ci:
        env["PYTHONHASHSEED"] = "0"
    command = _command(target, mode, scratch, python)
    start = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log:
        try:
            proc = subprocess.run(  # noqa: S603 - fixed argv, no shell
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                env=env,
                timeout=(3600 if mode.ci else mode.seconds + 120),
                check=False,
            )
            returncode = proc.returncode
        except subprocess.TimeoutExpired:
            returncode = -9
    elapsed = time.monotonic() - start
    text = log_path.read_text(encoding="utf-8", errors="replace")
    done = _DONE_RE.findall(text)
    stats = _STAT_RE.findall(text)
    seed = _SEED_RE.findall(text)
    executions = int(done[-1][0]) if done else (int(stats[-1][0]) if stats else 0)
    upstream = (
        json.loads(counts_path.read_text(encoding="utf-8")) if counts_path.is_file() else {}
    )
    names = sorted(p.name for p in (scratch / "corpus").iterdir())
    return Result(
        target=target,
        mode="ci" if mode.ci else "explore",
        seed=int(seed[0]) if seed else 0,
        seconds=round(elapsed, 1),
        executions=executions,
        coverage=int(stats[-1][1]) if stats else 0,
        features=int(stats[-1][2]) if stats else 0,
        corpus=int(stats[-1][3]) if stats else 0,
        returncode=returncode,
        upstream=upstream,
        corpus_digest=hashlib.sha256("\n".join(names).encode()).hexdigest()[:16],
        artifacts=sorted(str(p) for p in scratch.iterdir() if p.name.startswith(_CRASH_PREFIXES)),
        log=str(log_path),
    )


def report(results: list[Result]) -> int:
    """Print the summary table and the crashes; return the number of crashing targets."""
    print(
        f"{'target':<16} {'seed':>10} {'seconds':>8} {'executions':>11} {'exec/s':>7} "
        f"{'cov':>5} {'ft':>6} {'corp':>5}  {'upstream':>8}  result"
    )
    for r in results:
        rate = r.executions / r.seconds if r.seconds else 0.0
        print(
            f"{r.target:<16} {r.seed:>10} {r.seconds:>8.1f} {r.executions:>11} {rate:>7.0f} "
            f"{r.coverage:>5} {r.features:>6} {r.corpus:>5}  {sum(r.upstream.values()):>8}  "
            f"{'CRASH' if r.crashed else 'ok'}"
        )
    for r in results:
        for label, count in sorted(r.upstream.items()):
            print(f"  upstream joserfc defect ({r.target}): {label}: {count}")
    for r in (r for r in results if r.crashed):
        print(f"CRASH {r.target}: returncode {r.returncode}; log {r.log}")
        for artifact in r.artifacts:
            print(f"  reproducer: {artifact}")
        tail = Path(r.log).read_text(encoding="utf-8", errors="replace").splitlines()
        print("\n".join("  | " + line for line in tail[-30:]))
    total = sum(r.executions for r in results)
    crashes = sum(r.crashed for r in results)
    upstream = sum(sum(r.upstream.values()) for r in results)
    print(
        f"total: {total} executions, {upstream} upstream joserfc defects (tolerated), "
        f"{crashes} crashing target(s)"
    )
    return crashes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--ci", action="store_true", help="fixed seed and executions (default)")
    kind.add_argument("--explore", action="store_true", help="timed run with random seeds")
    parser.add_argument("--target", default="all", help="a target name or 'all'")
    parser.add_argument("--seconds", type=int, help="--explore: fuzzing time per target (120)")
    parser.add_argument("--seed", type=int, help=f"libFuzzer seed (CI default {CI_SEED})")
    parser.add_argument(
        "--runs-scale", type=float, default=1.0, help="--ci: multiply every CI_RUNS budget"
    )
    parser.add_argument("--jobs", type=int, default=2, help="targets run in parallel")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temp dir)")
    parser.add_argument("--rss-limit-mb", type=int, default=512)
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    if args.seconds is not None and not args.explore:
        parser.error("--seconds is for --explore; CI mode counts executions, not seconds")
    if args.target == "all":
        targets = list(TARGET_NAMES)
    elif args.target in TARGET_NAMES:
        targets = [args.target]
    else:
        parser.error(f"unknown target {args.target!r}; choose from {', '.join(TARGET_NAMES)}")
    mode = Mode(
        ci=not args.explore,
        seconds=args.seconds or 120,
        seed=args.seed if args.seed is not None else (0 if args.explore else CI_SEED),
        rss_limit_mb=args.rss_limit_mb,
        runs_scale=args.runs_scale,
    )

    if mode.ci and not disable_aslr_for_children():
        print("WARNING: could not disable ASLR for the fuzz processes (personality(2) refused);"
              " this CI run may not repeat the previous one exactly", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="xeddsa-fuzz-") as tmp:
        work = args.work.resolve() if args.work else Path(tmp)
        if mode.ci:
            stale = [t for t in targets if (work / t / "corpus").is_dir()
                     and any((work / t / "corpus").iterdir())]
            if stale:
                parser.error(f"--ci needs an empty --work; {work} has corpora for {stale}")
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(
                pool.map(lambda t: run_target(t, mode, work, sys.executable), targets)
            )
        crashes = report(results)
        if args.json:
            args.json.write_text(
                json.dumps([{**asdict(r), "crashed": r.crashed} for r in results], indent=2)
                + "\n",
                encoding="utf-8",
            )
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
