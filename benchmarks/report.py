"""Render a benchmark JSON report (``benchmarks/results/*.json``) as the Markdown tables of
benchmarks/README.md.

Usage::

    .venv/bin/python benchmarks/report.py [benchmarks/results/latest.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def render(report: dict[str, object]) -> str:
    """Return Markdown: the machine line, then per run an operations table and a ratios table."""
    machine = report["machine"]
    assert isinstance(machine, dict)
    out = [
        f"Machine: {machine['cpu']} x{machine['cpu_count']}, {machine['python']}, "
        f"PyNaCl {machine['PyNaCl']} ({machine['libsodium']}), ecdsa {machine['ecdsa']}, "
        f"pure25519 {machine['pure25519']}; {machine['rounds']} interleaved rounds, batches >= "
        f"{machine['min_batch_ms']:g} ms, clock {machine.get('clock', 'perf')}; "
        f"load average {machine.get('load_average_1_5_15')}; "
        f"{machine['date']}.",
        "",
    ]
    runs = report["runs"]
    assert isinstance(runs, list)
    for run in runs:
        out += [
            f"**{run['group']}**",
            "",
            "| operation | median µs | min | max |",
            "|---|---|---|---|",
        ]
        for name, op in run["ops"].items():
            out.append(
                f"| {name} | {op['median_us']:.1f} | {op['min_us']:.1f} | {op['max_us']:.1f} |"
            )
        out += ["", "| ratio | median | min | max | target |", "|---|---|---|---|---|"]
        for r in run["ratios"]:
            target = "" if r["target"] is None else f"≤ {r['target']:g}"
            verdict = {None: "", True: " ✔", False: " ✘ missed"}[r["meets_target"]]
            out.append(
                f"| {r['candidate']} / {r['baseline']} | **{r['median']:.3f}** | {r['min']:.3f} "
                f"| {r['max']:.3f} | {target}{verdict} |"
            )
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> None:
    default = Path(__file__).parent / "results" / "latest.json"
    path = Path(argv[1]) if len(argv) > 1 else default
    print(render(json.loads(path.read_text())))


if __name__ == "__main__":
    main(sys.argv)
