"""wice_candidates uses only the public API of xeddsa (docs/design/layers.rst, rule 6)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import wice_candidates
import xeddsa

PACKAGE = Path(wice_candidates.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))
FORBIDDEN_TOP = {"nacl", "cryptography", "joserfc", "jwt"}
#: The one module allowed to import PyNaCl (the NaCl box of sealed envelopes).
NACL_MODULE = "sealing.py"


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) for every import statement of one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def test_sources_found() -> None:
    assert len(SOURCES) >= 10


def test_only_the_sealing_module_imports_nacl() -> None:
    importers = {p.name for p in SOURCES for m, _ in _imports(p) if m.split(".")[0] == "nacl"}
    assert importers == {NACL_MODULE}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_only_public_xeddsa_names(path: Path) -> None:
    for module, names in _imports(path):
        top = module.split(".")[0]
        if top == "nacl" and path == PACKAGE / NACL_MODULE:
            continue
        assert top not in FORBIDDEN_TOP, f"{path.name} imports {module}"
        if top == "xeddsa":
            assert module == "xeddsa", f"{path.name} imports the submodule {module}"
            assert names, f"{path.name} must import names from xeddsa explicitly"
            for name in names:
                assert name in xeddsa.__all__, f"{path.name} imports non-public xeddsa.{name}"


def test_no_attribute_access_to_private_xeddsa_modules() -> None:
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for private in (
            "xeddsa.curve",
            "xeddsa.backend",
            "xeddsa.hazmat",
            "xeddsa.jose",
            "xeddsa._",
            "xeddsa.keys",
            "use_backend",
        ):
            assert private not in text.replace("xeddsa.XEdDSAError", ""), (path.name, private)


def test_public_names_exist() -> None:
    for name in wice_candidates.__all__:
        assert hasattr(wice_candidates, name), name
