"""Generate (once) or check the pinned verdict table ``data/upstream_verdicts.json``.

Usage from the repository root::

    .venv/bin/python -m tests.conformance.generate_verdicts --check   # exit 1 on any difference
    .venv/bin/python -m tests.conformance.generate_verdicts --write   # only after a reviewed change

The table is computed on the ``pure`` backend and must equal the ``sodium`` backend's verdicts; the
tests in ``test_upstream_conformance.py`` recompute it on both backends and compare row by row. A
changed verdict is a policy change (docs/design/decisions.rst, D12): it needs a changelog entry,
not a regenerated file.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import xeddsa
from tests.conformance import _upstream as up


def build() -> dict[str, Any]:
    """Compute every row on the pure backend (and check the sodium backend agrees)."""
    table: dict[str, Any] = {
        "policy_version": "xeddsa 2.0 (strict/spec/libsignal as in docs/guides/policies.rst)",
        "sha256": dict(up.PINNED_SHA256),
    }
    for source, (total, cases) in up.signature_corpora().items():
        rows = []
        for case in cases:
            per_backend = []
            for name in up.BACKENDS:
                with xeddsa.use_backend(name):
                    up.clear_import_cache()
                    per_backend.append(up.signature_verdicts(case.u, case.message, case.signature))
            up.clear_import_cache()
            assert per_backend[0] == per_backend[1], (source, case.case_id, per_backend)
            rows.append(
                {"id": case.case_id, "u": case.u.hex(), "label": case.label, **per_backend[0]}
            )
        table[source] = {"total": total, "eligible": len(rows), "rows": rows}
    key_rows = []
    for u in up.x25519_public_keys():
        key_backend: list[dict[str, bool]] = []
        for name in up.BACKENDS:
            with xeddsa.use_backend(name):
                up.clear_import_cache()
                key_backend.append(up.key_verdicts(u))
        up.clear_import_cache()
        assert key_backend[0] == key_backend[1], (u.hex(), key_backend)
        key_rows.append({"u": u.hex(), "class": up.sodium_classify(u), **key_backend[0]})
    table["wycheproof_x25519_keys"] = {"distinct": len(key_rows), "rows": key_rows}
    return table


def dumps(table: dict[str, Any]) -> str:
    """Serialize deterministically (one row per line keeps diffs reviewable)."""
    lines = ["{"]
    items = list(table.items())
    for index, (name, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, dict) and "rows" in value:
            head = {k: v for k, v in value.items() if k != "rows"}
            lines.append(f"  {json.dumps(name)}: {{")
            for k, v in head.items():
                lines.append(f"    {json.dumps(k)}: {json.dumps(v)},")
            lines.append('    "rows": [')
            rows = value["rows"]
            for i, row in enumerate(rows):
                lines.append(f"      {json.dumps(row)}{',' if i < len(rows) - 1 else ''}")
            lines.append("    ]")
            lines.append(f"  }}{comma}")
        else:
            lines.append(f"  {json.dumps(name)}: {json.dumps(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write or check the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = dumps(build())
    if args.write:
        up.VERDICTS_PATH.parent.mkdir(parents=True, exist_ok=True)
        up.VERDICTS_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {up.VERDICTS_PATH}")
        return 0
    if up.VERDICTS_PATH.read_text(encoding="utf-8") != text:
        print("pinned verdict table differs from the computed one", file=sys.stderr)
        return 1
    print("pinned verdict table matches")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
