"""Prove that the wice-candidates wheel never resolves to the XEdDSA 1.x distribution.

``pip install xeddsa`` on the real index finds XEdDSA 1.x, a different project that shares the
name (this project is its 2.x successor). The wice-candidates wheel pins ``xeddsa>=2.0.0.dev0,<3``.
This script asks pip to resolve the wheel's dependencies against the configured index (dry run,
nothing installed), twice:

1. with the freshly built xeddsa wheel offered next to the index: xeddsa must resolve to that
   wheel's version (2.x);
2. with the index alone (before the first 2.x release is published there): xeddsa must resolve to
   a 2.x release if one exists, and otherwise the resolution must fail naming xeddsa. In no case
   may a 1.x release be selected.

Usage: python .ci/check_resolution.py DIST_DIR   (DIST_DIR holds both built wheels)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def resolve(wheel: Path, find_links: Path | None) -> tuple[int, str, dict[str, str]]:
    """Return (pip's exit code, its output, {name: version}) for a dry-run install of ``wheel``."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
            "--quiet", "--report", str(report), str(wheel),
        ]  # fmt: skip
        if find_links is not None:
            command += ["--find-links", str(find_links)]
        done = subprocess.run(  # noqa: S603 - a fixed pip command line
            command, capture_output=True, text=True, timeout=600, check=False
        )
        selected: dict[str, str] = {}
        if done.returncode == 0:
            for item in json.loads(report.read_text())["install"]:
                meta = item["metadata"]
                selected[meta["name"].lower()] = meta["version"]
        return done.returncode, done.stdout + done.stderr, selected


def major(version: str) -> int:
    """Return the major number of a release string such as ``2.0.0.dev0``."""
    return int(version.split(".", 1)[0])


def main(dist: Path) -> int:
    """Run both resolutions; print the verdicts; return non-zero on any 1.x selection."""
    (wice_wheel,) = dist.glob("wice_candidates-*.whl")
    (own_wheel,) = dist.glob("xeddsa-*.whl")
    own_version = own_wheel.name.split("-")[1]

    code, output, selected = resolve(wice_wheel, dist)
    if code != 0 or selected.get("xeddsa") != own_version:
        print(f"with the built wheel offered, xeddsa resolved to {selected.get('xeddsa')!r}, "
              f"expected {own_version} (pip exit {code}):\n{output}")
        return 1
    print(f"index + built wheel: xeddsa {selected['xeddsa']} selected (aioice "
          f"{selected.get('aioice')})")

    code, output, selected = resolve(wice_wheel, None)
    if code == 0:
        version = selected.get("xeddsa", "")
        if major(version) != 2:
            print(f"index alone selected xeddsa {version!r}: the pin admits a non-2.x release")
            return 1
        print(f"index alone: xeddsa {version} selected (a 2.x release is published)")
    elif "xeddsa" not in output.lower():
        print(f"index alone: resolution failed for another reason (pip exit {code}):\n{output}")
        return 1
    else:
        last = [line for line in output.splitlines() if "xeddsa" in line.lower()][-1]
        print(f"index alone: no 2.x release there yet, resolution refused: {last.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
