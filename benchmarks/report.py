"""The benchmark report: run the suite, then write the JSON, a Markdown table and a bar chart.

One command, from the repository root (needs the ``bench`` extra; see benchmarks/README.md)::

    .venv/bin/python benchmarks/report.py --run

runs ``python -m pytest benchmarks -p no:cacheprovider --benchmark-only`` (which writes
``benchmarks/results/latest.json``, creating the Syndace peer venv on first use), then writes
``benchmarks/results/latest.md`` (tables) and ``benchmarks/results/latest.png`` (sign and verify
as ratios to PyNaCl Ed25519, log scale) and prints the Markdown. Other forms::

    .venv/bin/python benchmarks/report.py --run --stem reference      # the committed reference.*
    .venv/bin/python benchmarks/report.py --run -- -k "not bench_curve"  # extra pytest arguments
    .venv/bin/python benchmarks/report.py [benchmarks/results/X.json]  # re-render its .md and .png

The rendering functions (:func:`render`, :func:`overview_markdown`, :func:`target_rows`) import
nothing outside the standard library; docs/conf.py uses them. matplotlib is imported only by
:func:`chart`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
COMMAND = ".venv/bin/python benchmarks/report.py --run"
BASELINE = "PyNaCl Ed25519"


def machine_line(machine: dict[str, Any]) -> str:
    """One sentence: CPU, Python, library versions, run settings, load, date."""
    extras = "".join(
        f", {dist} {machine[dist]}"
        for dist in ("cryptography", "python-axolotl-curve25519")
        if dist in machine
    )
    return (
        f"Machine: {machine['cpu']} x{machine['cpu_count']}, {machine['python']}, "
        f"PyNaCl {machine['PyNaCl']} ({machine['libsodium']}), ecdsa {machine['ecdsa']}, "
        f"pure25519 {machine['pure25519']}{extras}; {machine['rounds']} interleaved rounds, "
        f"batches >= {machine['min_batch_ms']:g} ms, clock {machine.get('clock', 'perf')}; "
        f"load average {machine.get('load_average_1_5_15')}; {machine['date']}."
    )


def _ratio_text(ratio: dict[str, float] | None) -> str:
    if ratio is None:
        return "1 (baseline)"
    return f"**{ratio['median']:.3g}** ({ratio['min']:.3g}-{ratio['max']:.3g})"


def _cell_us(cell: dict[str, Any] | None) -> str:
    return "—" if cell is None else f"{cell['median_us']:.1f}"


def overview_markdown(report: dict[str, Any]) -> list[str]:
    """The one-table summary: every implementation's sign and verify as ratios to PyNaCl."""
    rows = report.get("overview")
    if not rows:
        return []
    out = [
        "| implementation | sign µs | sign / PyNaCl sign | verify µs | verify / PyNaCl verify "
        "| notes |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        sign, verify = row["sign"], row["verify"]
        notes = f"{row['note']}; {row['status']}" if row.get("note") else row["status"]
        if row.get("sign_vs_pynacl_verify"):
            notes = f"sign / PyNaCl verify {_ratio_text(row['sign_vs_pynacl_verify'])}; {notes}"
        if sign is None and verify is None:
            out.append(f"| {row['implementation']} | — | — | — | — | **{row['status']}** |")
            continue
        out.append(
            f"| {row['implementation']} | {_cell_us(sign)} | "
            f"{'—' if sign is None else _ratio_text(sign['ratio'])} | {_cell_us(verify)} | "
            f"{'—' if verify is None else _ratio_text(verify['ratio'])} | {notes} |"
        )
    out += [
        "",
        "Ratios: median of the per-round ratios (min-max over rounds) to PyNaCl Ed25519 timed in "
        "the same process and run. The Syndace row comes from a separate process (its own "
        "venv, with its own PyNaCl baseline): compare its ratios, not its µs.",
    ]
    return out


def target_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every ratio that carries a target (benchmarks/README.md), with the suite that measured it."""
    rows = []
    for run in report.get("runs", []):
        for r in run["ratios"]:
            if r.get("target") is not None:
                rows.append({"group": run["group"], **r})
    return rows


def targets_markdown(report: dict[str, Any]) -> list[str]:
    rows = target_rows(report)
    if not rows:
        return []
    out = ["| target | measured (min-max) | verdict | suite |", "|---|---|---|---|"]
    for r in rows:
        verdict = "met" if r["meets_target"] else "**missed**"
        out.append(
            f"| {r['candidate']} / {r['baseline']} ≤ {r['target']:g} | **{r['median']:.3f}** "
            f"({r['min']:.3f}-{r['max']:.3f}) | {verdict} | {r['group']} |"
        )
    out += [
        "",
        "A target counts as met when the median of the per-round ratios is at or below it; the "
        "min-max spread shows how far single rounds strayed on this shared machine.",
    ]
    return out


def runs_markdown(report: dict[str, Any]) -> list[str]:
    """Per suite: an operations table, then a ratios table (median, min, max, target)."""
    out: list[str] = []
    for run in report["runs"]:
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
    return out


def render(report: dict[str, Any]) -> str:
    """Return the whole report as Markdown."""
    out = [machine_line(report["machine"]), ""]
    overview = overview_markdown(report)
    if overview:
        out += ["## All implementations, as ratios to PyNaCl Ed25519", "", *overview, ""]
    targets = targets_markdown(report)
    if targets:
        out += ["## Targets (benchmarks/README.md)", "", *targets, ""]
    out += ["## Every suite", "", *runs_markdown(report)]
    return "\n".join(out)


def chart(report: dict[str, Any], path: Path) -> None:
    """Write a horizontal bar chart of sign and verify ratios to PyNaCl Ed25519 (log scale)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in report.get("overview", []) if r["implementation"] != BASELINE]
    if not rows:
        raise ValueError("the report has no 'overview' section (run bench_peers.py)")
    fig, ax = plt.subplots(figsize=(10, 0.62 * len(rows) + 2.0), dpi=110)
    height = 0.38
    labels = []
    for i, row in enumerate(rows):
        label = row["implementation"]
        labels.append(label)
        for j, (op, colour) in enumerate((("sign", "#4c72b0"), ("verify", "#dd8452"))):
            cell = row[op]
            y = i + (j - 0.5) * height
            if cell is None or cell["ratio"] is None:
                continue
            r = cell["ratio"]
            ax.barh(
                y,
                r["median"],
                height=height,
                color=colour,
                hatch="//" if row["process"] != "main" else None,
                edgecolor="white" if row["process"] == "main" else "black",
                label=op if i == 0 or not ax.get_legend_handles_labels()[1].count(op) else None,
                xerr=[[r["median"] - r["min"]], [r["max"] - r["median"]]],
                error_kw={"ecolor": "#333333", "capsize": 2, "lw": 0.8},
            )
            ax.text(r["max"] * 1.08, y, f"{r['median']:.3g}x", va="center", fontsize=7.5)
        if row["sign"] is None and row["verify"] is None:
            reason = row["status"]
            reason = reason if len(reason) < 90 else reason[:87] + "..."
            ax.text(
                1.05,
                i,
                f"not measured: {reason}",
                va="center",
                fontsize=7.5,
                color="#a00",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
    ax.set_yticks(range(len(rows)), labels, fontsize=8.5)
    ax.set_ylim(len(rows) - 0.45, -0.75)  # first row on top; rows without bars keep their place
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", lw=0.8)
    ax.text(
        1.03,
        0.995,
        "PyNaCl Ed25519 = 1",
        transform=ax.get_xaxis_transform(),
        va="top",
        fontsize=7.5,
    )
    ax.set_xlabel(
        "time / PyNaCl Ed25519 time for the same operation (median of per-round ratios, "
        "bars: min-max; log scale)",
        fontsize=8.5,
    )
    machine = report["machine"]
    ax.set_title(
        f"Sign and verify vs PyNaCl Ed25519 — {machine['cpu']} x{machine['cpu_count']}, "
        f"{machine['python']}, {machine['date'][:10]}\n"
        "hatched: separate process (Syndace xeddsa venv), ratios to PyNaCl timed in that process",
        fontsize=9,
    )
    ax.grid(axis="x", which="both", alpha=0.25)
    ax.legend(loc="lower right", fontsize=8)
    xmin, xmax = ax.get_xlim()
    ax.set_xlim(min(xmin, 0.5), xmax * 2.5)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def run_suite(json_path: Path, argv: list[str], pytest_args: list[str]) -> int:
    """Run the benchmark suite with its results written to ``json_path``; return pytest's code.

    The command line that made the run (with the ``BENCH_*`` settings in force) goes into the
    JSON as ``command``.
    """
    env = dict(os.environ, BENCH_RESULTS=str(json_path))
    cmd = [sys.executable, "-m", "pytest", "benchmarks", "-p", "no:cacheprovider"]
    cmd += ["--benchmark-only", *pytest_args]
    print("+", " ".join(cmd), file=sys.stderr)
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    if json_path.exists():
        knobs = [
            f"{key}={os.environ[key]}"
            for key in ("BENCH_ROUNDS", "BENCH_MIN_BATCH_MS", "BENCH_CLOCK", "BENCH_SYNDACE")
            if key in os.environ
        ]
        report = json.loads(json_path.read_text())
        report["command"] = " ".join([*knobs, ".venv/bin/python benchmarks/report.py", *argv[1:]])
        report["pytest_exit_code"] = code
        json_path.write_text(json.dumps(report, indent=2) + "\n")
    return code


def write_outputs(json_path: Path, *, with_chart: bool = True) -> str:
    """Write ``<stem>.md`` and ``<stem>.png`` next to ``json_path``; return the Markdown."""
    report = json.loads(json_path.read_text())
    markdown = render(report)
    command = report.get("command", f"{COMMAND} (or pytest, then report.py)")
    title = f"# Benchmark report ({json_path.name})\n\nMade with `{command}`.\n\n"
    json_path.with_suffix(".md").write_text(title + markdown + "\n")
    if with_chart and report.get("overview"):
        chart(report, json_path.with_suffix(".png"))
    return markdown


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Run the benchmark suite and/or render its JSON as Markdown and a PNG chart."
    )
    parser.add_argument("json", nargs="?", type=Path, help="report to render (default: STEM.json)")
    parser.add_argument("--run", action="store_true", help="run the whole suite first")
    parser.add_argument("--stem", default="latest", help="results/STEM.{json,md,png} (latest)")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG (no matplotlib)")
    parser.add_argument("pytest_args", nargs="*", help="after --: extra pytest arguments")
    args = parser.parse_args(argv[1:])
    json_path = args.json or RESULTS / f"{args.stem}.json"
    code = 0
    if args.run:
        code = run_suite(json_path, argv, args.pytest_args)
        if not json_path.exists():
            print(f"no results at {json_path} (pytest exit code {code})", file=sys.stderr)
            return code or 1
    print(write_outputs(json_path, with_chart=not args.no_chart))
    print(
        f"wrote {json_path.with_suffix('.md')} and {json_path.with_suffix('.png')}", file=sys.stderr
    )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
