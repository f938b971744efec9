"""Sphinx configuration for the xeddsa documentation (html and doctest builders).

Build (CI runs both with warnings as errors)::

    sphinx-build -W --keep-going -b html docs docs/_build/html
    sphinx-build -W --keep-going -b doctest docs docs/_build/doctest

Two kinds of pages are generated here, at configuration time, so they cannot drift from the code:

- ``_generated/cli-*.txt``: the ``--help`` text of every ``xeddsa`` subcommand, from
  :func:`xeddsa.cli.build_parser`;
- ``_generated/benchmark-*.inc`` and copies of ``benchmarks/results/*.png``: the benchmark table
  from ``benchmarks/results/latest.json`` (written by ``pytest benchmarks``) and its chart(s).
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


def _format_ratio(ratio: dict[str, Any]) -> str:
    """Return ``median (min-max)``, with the target and whether it is met if one is set."""
    text = f"{ratio['median']:.3g} ({ratio['min']:.3g}-{ratio['max']:.3g})"
    if ratio.get("target") is not None:
        verdict = "met" if ratio.get("meets_target") else "**missed**"
        text += f"; target ≤ {ratio['target']:g}: {verdict}"
    return text


def _benchmark_pages() -> None:
    """Write the benchmark table and chart includes from ``benchmarks/results``."""
    results = ROOT / "benchmarks" / "results"
    latest = results / "latest.json"
    if not latest.exists():
        _write_if_changed(
            _GENERATED / "benchmark-table.inc",
            ".. note::\n\n   No benchmark results were present when these pages were built. "
            "Run ``python -m pytest benchmarks -p no:cacheprovider --benchmark-only`` and "
            "rebuild.\n",
        )
    else:
        data = json.loads(latest.read_text())
        machine = data.get("machine", {})
        lines = ["Measured on:", ""]
        lines += [f"- **{key}**: {value}" for key, value in machine.items()]
        lines.append("")
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
    charts = sorted(results.glob("*.png")) if results.exists() else []
    chart_lines: list[str] = []
    for chart in charts:
        target = _GENERATED / chart.name
        if not target.exists() or target.read_bytes() != chart.read_bytes():
            shutil.copyfile(chart, target)
        chart_lines += [
            f".. figure:: /_generated/{chart.name}",
            f"   :alt: benchmark chart {chart.stem}",
            "   :width: 100%",
            "",
            f"   ``benchmarks/results/{chart.name}``",
            "",
        ]
    if not chart_lines:
        chart_lines = [
            ".. note::",
            "",
            "   No chart (``benchmarks/results/*.png``) was present when these pages were built.",
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
