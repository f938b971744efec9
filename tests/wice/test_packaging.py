"""The separate wice-candidates distribution builds a wheel holding only wice_candidates."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "packaging" / "wice-candidates"


def test_wheel_contains_only_wice_candidates(tmp_path: Path) -> None:
    # With hatchling installed, build offline; otherwise pip fetches it for an isolated build.
    offline = ["--no-build-isolation", "--no-index"] if find_spec("hatchling") else []
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *offline, "-q", "-w", str(tmp_path),
         str(PROJECT)],
        check=False, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("wice_candidates-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packages = {name.split("/")[0] for name in names}
    assert packages == {"wice_candidates", wheel.name.split("-py3")[0] + ".dist-info"}
    shipped = ("*.py", "*.pyi", "*.proto", "py.typed")
    sources = {
        p.relative_to(ROOT).as_posix()
        for pattern in shipped
        for p in (ROOT / "wice_candidates").rglob(pattern)
        if "__pycache__" not in p.parts
    }
    assert "wice_candidates/signaling/cunicu_signaling.proto" in sources
    assert sources == {n for n in names if "dist-info" not in n}
    metadata = zipfile.ZipFile(wheel).read(f"{wheel.name.split('-py3')[0]}.dist-info/METADATA")
    assert b"Requires-Dist: xeddsa" in metadata
    assert b"Requires-Dist: aioice" in metadata
    assert b"Provides-Extra: grpc" in metadata
    assert b"Requires-Dist: grpcio" in metadata
