"""Sphinx configuration for the xeddsa documentation (html and doctest builders).

Build (CI runs both with warnings as errors)::

    sphinx-build -W --keep-going -b html docs docs/_build/html
    sphinx-build -W --keep-going -b doctest docs docs/_build/doctest

Two kinds of pages are generated here, at configuration time, so they cannot drift from the code:

- ``_generated/cli-*.txt``: the ``--help`` text of every ``xeddsa`` subcommand, from
  :func:`xeddsa.cli.build_parser`;
- ``_generated/benchmark-*.inc`` and a copy of a ``benchmarks/results/*.png``: the benchmark
  tables from ``benchmarks/results/latest.json`` (written by ``benchmarks/report.py --run``), or
  from the committed ``reference.json`` when there is no local run, and the matching chart.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

import xeddsa  # noqa: E402
import xeddsa.cli  # noqa: E402

project = "xeddsa"
author = "The xeddsa developers"
copyright = "the xeddsa developers"
release = xeddsa.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]

# docs/ietf-draft/ holds the Internet-Draft (its own toolchain), not Sphinx pages.
exclude_patterns = ["_build", "_generated", "ietf-draft", "**/node_modules", "README*"]
root_doc = "index"
source_suffix = {".rst": "restructuredtext"}

html_theme = "alabaster"
html_theme_options = {
    "description": "XEdDSA and VXEdDSA with X25519 / WireGuard keys",
    "fixed_sidebar": True,
    "page_width": "1100px",
}
html_static_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": True}
autoclass_content = "class"

# Every doctest group starts from a clean import; signing is randomized, so examples check
# lengths and verdicts, never signature bytes.
doctest_global_setup = """
import xeddsa
"""
# Sphinx's default adds IGNORE_EXCEPTION_DETAIL; without it the documented error messages are
# checked word for word, so the pages cannot drift from the code.
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1

_GENERATED = DOCS / "_generated"


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it (keeps incremental builds incremental)."""
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _cli_help(argv: list[str]) -> str:
    """Return the ``--help`` text that ``xeddsa ARGV --help`` prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        xeddsa.cli.main([*argv, "--help"])
    return out.getvalue()


_CLI_PAGES = {
    "main": [],
    "genkey": ["genkey"],
    "pubkey": ["pubkey"],
    "sign": ["sign"],
    "verify": ["verify"],
    "vrf-prove": ["vrf", "prove"],
    "vrf-verify": ["vrf", "verify"],
    "jws-sign": ["jws", "sign"],
    "jws-verify": ["jws", "verify"],
}


def _format_ratio(ratio: dict[str, Any] | None) -> str:
    """Return ``median (min-max)``, with the target and whether it is met if one is set."""
    if ratio is None:
        return "1 (baseline)"
    text = f"{ratio['median']:.3g} ({ratio['min']:.3g}-{ratio['max']:.3g})"
    if ratio.get("target") is not None:
        verdict = "met" if ratio.get("meets_target") else "**missed**"
        text += f"; target ≤ {ratio['target']:g}: {verdict}"
    return text


_BENCH_COMMAND = ".venv/bin/python benchmarks/report.py --run"


def _benchmark_source(results: Path) -> Path | None:
    """``latest.json`` from a local run if present, else the committed ``reference.json``."""
    for name in ("latest.json", "reference.json"):
        if (results / name).exists():
            return results / name
    return None


def _benchmark_overview(data: dict[str, Any]) -> list[str]:
    """The one-table summary (``overview`` rows of bench_peers.py) as an RST list-table."""
    rows = data.get("overview") or []
    if not rows:
        return []
    lines = [
        "All implementations",
        "~~~~~~~~~~~~~~~~~~~",
        "",
        ".. list-table:: Median µs and median of per-round ratios to PyNaCl Ed25519 (min-max)",
        "   :header-rows: 1",
        "",
        "   * - implementation",
        "     - sign µs",
        "     - sign / PyNaCl sign",
        "     - verify µs",
        "     - verify / PyNaCl verify",
        "     - notes",
    ]
    for row in rows:
        cells = [row["implementation"]]
        for op in ("sign", "verify"):
            cell = row[op]
            if cell is None:
                cells += ["—", "—"]
            else:
                cells += [f"{cell['median_us']:.1f}", _format_ratio(cell["ratio"])]
        notes = f"{row['note']}; {row['status']}" if row.get("note") else row["status"]
        if row.get("sign_vs_pynacl_verify"):
            notes = f"sign / PyNaCl verify {_format_ratio(row['sign_vs_pynacl_verify'])}; {notes}"
        if row["sign"] is None and row["verify"] is None:
            notes = f"**not measured**: {row['status']}"
        cells.append(notes)
        lines.append(f"   * - {cells[0]}")
        lines += [f"     - {cell}" for cell in cells[1:]]
    lines += [
        "",
        "The Syndace row is timed in its own process (a separate virtual environment, since both "
        "distributions import as ``xeddsa``), against PyNaCl Ed25519 timed in that same process: "
        "compare its ratios, not its microseconds.",
        "",
    ]
    return lines


def _benchmark_targets(data: dict[str, Any]) -> list[str]:
    """Every ratio that carries a target (benchmarks/README.md), as an RST list-table."""
    rows = [
        (run["group"], r)
        for run in data.get("runs", [])
        for r in run.get("ratios", [])
        if r.get("target") is not None
    ]
    if not rows:
        return []
    lines = [
        "Targets",
        "~~~~~~~",
        "",
        ".. list-table:: Targets: median of per-round ratios (min-max)",
        "   :header-rows: 1",
        "",
        "   * - ratio",
        "     - measured",
        "     - suite",
    ]
    for group, r in rows:
        lines += [
            f"   * - {r['candidate']} / {r['baseline']}",
            f"     - {_format_ratio(r)}",
            f"     - {group}",
        ]
    lines.append("")
    return lines


def _benchmark_pages() -> None:
    """Write the benchmark table and chart includes from ``benchmarks/results``.

    ``latest.*`` (a local run, git-ignored) wins; a fresh clone or CI has only the committed
    ``reference.*``, so the pages always show a table and a chart.
    """
    results = ROOT / "benchmarks" / "results"
    source = _benchmark_source(results)
    if source is None:
        _write_if_changed(
            _GENERATED / "benchmark-table.inc",
            ".. note::\n\n   No benchmark results were present when these pages were built. "
            f"Run ``{_BENCH_COMMAND}`` and rebuild.\n",
        )
    else:
        data = json.loads(source.read_text())
        machine = data.get("machine", {})
        lines = [f"From ``benchmarks/results/{source.name}``, measured on:", ""]
        lines += [f"- **{key}**: {value}" for key, value in machine.items()]
        lines.append("")
        lines += _benchmark_overview(data)
        lines += _benchmark_targets(data)
        for run in data.get("runs", []):
            group = run["group"]
            lines += [group, "~" * (len(group) + 4), ""]
            lines += [
                ".. list-table:: Median time per operation (µs), min-max over rounds",
                "   :header-rows: 1",
                "",
                "   * - operation",
                "     - batch",
                "     - median µs",
                "     - min-max µs",
            ]
            for name, op in run["ops"].items():
                lines += [
                    f"   * - {name}",
                    f"     - {op['batch']}",
                    f"     - {op['median_us']:.1f}",
                    f"     - {op['min_us']:.1f}-{op['max_us']:.1f}",
                ]
            lines += [
                "",
                ".. list-table:: Ratios: median of per-round ratios (min-max)",
                "   :header-rows: 1",
                "",
                "   * - candidate",
                "     - baseline",
                "     - candidate / baseline",
            ]
            for ratio in run.get("ratios", []):
                lines += [
                    f"   * - {ratio['candidate']}",
                    f"     - {ratio['baseline']}",
                    f"     - {_format_ratio(ratio)}",
                ]
            lines.append("")
        _write_if_changed(_GENERATED / "benchmark-table.inc", "\n".join(lines) + "\n")
    # The chart of the same run if it has one, else the committed reference chart.
    candidates = [source.with_suffix(".png")] if source is not None else []
    candidates.append(results / "reference.png")
    chart = next((path for path in candidates if path.exists()), None)
    if chart is None:
        chart_lines = [
            ".. note::",
            "",
            "   No chart (``benchmarks/results/*.png``) was present when these pages were built.",
            "",
        ]
    else:
        target = _GENERATED / chart.name
        if not target.exists() or target.read_bytes() != chart.read_bytes():
            shutil.copyfile(chart, target)
        caption = f"``benchmarks/results/{chart.name}``"
        if source is not None and chart.stem != source.stem:
            caption += f" (the committed reference run; ``{source.name}`` has no chart)"
        chart_lines = [
            f".. figure:: /_generated/{chart.name}",
            f"   :alt: sign and verify time as ratios to PyNaCl Ed25519 ({chart.stem} run)",
            "   :width: 100%",
            "",
            f"   {caption}",
            "",
        ]
    _write_if_changed(_GENERATED / "benchmark-charts.inc", "\n".join(chart_lines))


def _generate() -> None:
    """Write every generated include under ``docs/_generated``."""
    _GENERATED.mkdir(exist_ok=True)
    for name, argv in _CLI_PAGES.items():
        _write_if_changed(_GENERATED / f"cli-{name}.txt", _cli_help(argv))
    _benchmark_pages()


_generate()

#: Classes whose constructor refuses to run: their signature would only mislead.
_NO_SIGNATURE = frozenset({"xeddsa.PrivateKey", "xeddsa.PublicKey"})


def _hide_constructor(
    app: Any, what: str, name: str, obj: Any, options: Any, signature: str | None, ret: str | None
) -> tuple[str, str | None] | None:
    """Drop the ``(*args, **kwargs)`` signature of the key classes (use their classmethods)."""
    if what == "class" and name in _NO_SIGNATURE:
        return "", ret
    return None


def setup(app: Any) -> None:
    """Register the signature hook."""
    app.connect("autodoc-process-signature", _hide_constructor)
