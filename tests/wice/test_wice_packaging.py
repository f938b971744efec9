"""The separate wice-candidates distribution builds a wheel holding only wice_candidates."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "packaging" / "wice-candidates"


def test_wheel_contains_only_wice_candidates(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:
        if os.environ.get("CI"):
            pytest.fail("hatchling is required in CI to build the wice-candidates wheel")
        pytest.skip("hatchling not installed")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(tmp_path), str(PROJECT)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("wice_candidates-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packages = {name.split("/")[0] for name in names}
    assert packages == {"wice_candidates", wheel.name.split("-py3")[0] + ".dist-info"}
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "wice_candidates").glob("*.py")}
    assert sources | {"wice_candidates/py.typed"} == {n for n in names if "dist-info" not in n}
    metadata = zipfile.ZipFile(wheel).read(f"{wheel.name.split('-py3')[0]}.dist-info/METADATA")
    assert b"Requires-Dist: xeddsa" in metadata
    assert b"Requires-Dist: aioice" in metadata
