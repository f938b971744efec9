"""This distribution is the 2.x successor of XEdDSA 1.x: its version and internal pins say so."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import xeddsa

ROOT = Path(__file__).resolve().parent.parent
INTERNAL_PIN = "xeddsa>=2.0.0.dev0,<3"


def test_version_is_on_the_2x_line() -> None:
    assert re.fullmatch(r"2\.\d+\.\d+((a|b|rc)\d+)?(\.dev\d+)?", xeddsa.__version__)


def test_installed_metadata_matches_the_package_version() -> None:
    assert importlib.metadata.version("xeddsa") == xeddsa.__version__


def test_version_has_one_home() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project
    assert "version" in project["dynamic"]


def test_wice_candidates_pins_the_2x_line() -> None:
    path = ROOT / "packaging" / "wice-candidates" / "pyproject.toml"
    requirements = tomllib.loads(path.read_text())["project"]["dependencies"]
    assert [r for r in requirements if r.startswith("xeddsa")] == [INTERNAL_PIN]


def test_no_internal_requirement_admits_1x() -> None:
    """Every ``xeddsa`` requirement in the repository's project files is the 2.x pin."""
    found = []
    for path in [ROOT / "pyproject.toml", *ROOT.glob("packaging/*/pyproject.toml")]:
        for line in path.read_text().splitlines():
            found += re.findall(r'"(xeddsa\s*[<>=!~][^"]*)"', line)
    assert found
    assert set(found) == {INTERNAL_PIN}
