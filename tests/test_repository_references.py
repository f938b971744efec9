"""Every document the code, tests and docs point to is in the repository.

The design once lived in notes outside the repository, in a folder beside the checkout, cited by
file name, section ("design B.1") or ticket ("issue 9"); a reader of a fresh clone could not
follow such pointers.
Design knowledge now lives in ``docs/design/`` and is cited as "see docs/design/decisions.rst, D3".
This test fails on:

- a path ending in ``.md`` or ``.rst`` that names no file in the repository (relative to the file
  or the root, as the unique tail of a repository path, or as an output a ``.gitignore`` lists);
- the folder next to the checkout and the names of the old out-of-tree notes;
- "issue N" (an issue tracker is not part of a clone) and "design B.x" section numbers;
- a decision number cited without ``decisions.rst`` ("decision D3", "(D5)"), or a citation of a
  decision that ``docs/design/decisions.rst`` does not define.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What is scanned: source, tests, documentation, fuzzing, benchmarks and vector tooling.
SCANNED = (
    "xeddsa",
    "wice_candidates",
    "tests",
    "docs",
    "fuzz",
    "benchmarks",
    "test_vectors",
    "packaging",
    ".ci",
    "README.md",
    "pyproject.toml",
    "conftest.py",
)
TEXT_SUFFIXES = frozenset({".py", ".rst", ".md", ".toml", ".txt", ".sh", ".mjs", ".xml", ".cfg"})
SKIPPED_DIRS = frozenset(
    {".git", ".venv", "node_modules", "_build", "_generated", "__pycache__", ".peer-venv"}
)



#: This file quotes the patterns it looks for.
SELF = "tests/test_repository_references.py"

_DOC_PATH = re.compile(r"(?<![\w/.:-])((?:\.\.?/)*[\w.-]+(?:/[\w.-]+)*\.(?:md|rst))(?![\w/])")
_OUT_OF_TREE = re.compile(
    r"\.\./shared|\bspec[-]notes\b|\bshared/design\b|\bdesign\s+[A-Z]\.\d|\bissues?\s+#?\d+",
    re.IGNORECASE,
)
_BARE_DECISION = re.compile(
    r"(?:\bdecision\s+|[(;]\s*)D\d{1,2}\b(?![\w=])|\bD\d{1,2}/D\d{1,2}\b"
)
_DECISION_CITED = re.compile(r"decisions\.rst,\s+D(\d{1,2})\b((?:(?:,|\s+and)\s+D\d{1,2}\b)*)")
_DECISION_DEFINED = re.compile(r"^D(\d{1,2})\.\s", re.MULTILINE)


@dataclass(frozen=True)
class Violation:
    """One reference to something a fresh clone does not contain."""

    path: str
    line: int
    text: str


def scanned_files(root: Path) -> list[Path]:
    """Return the text files under the scanned roots of ``root``, sorted."""
    files: list[Path] = []
    for name in SCANNED:
        top = root / name
        if top.is_file():
            files.append(top)
        elif top.is_dir():
            for path in top.rglob("*"):
                if SKIPPED_DIRS.intersection(path.relative_to(root).parts):
                    continue
                if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.name == "run"):
                    files.append(path)
    return sorted(files)


def defined_decisions(root: Path) -> set[int]:
    """Return the decision numbers ``docs/design/decisions.rst`` defines."""
    page = root / "docs" / "design" / "decisions.rst"
    if not page.is_file():
        return set()
    return {int(n) for n in _DECISION_DEFINED.findall(page.read_text(encoding="utf-8"))}


def repository_files(root: Path) -> list[str]:
    """Return the relative paths of every file below ``root`` outside the skipped folders."""
    return [
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(root).parts)
    ]


def generated_outputs(root: Path, files: list[str]) -> set[str]:
    """Return the plain file names that a ``.gitignore`` of the repository lists (build outputs
    the code writes into the tree, such as ``benchmarks/results/latest.md``)."""
    names: set[str] = set()
    for rel in files:
        if rel.endswith(".gitignore"):
            for line in (root / rel).read_text(encoding="utf-8").splitlines():
                line = line.strip().strip("/")
                if line and not line.startswith("#") and not any(c in line for c in "*?["):
                    names.add(line)
    return names


def _doc_exists(root: Path, source: Path, ref: str, files: list[str], outputs: set[str]) -> bool:
    """Tell whether ``ref`` names a file of the repository or an output it writes."""
    for base in (source.parent, root):
        target = (base / ref).resolve()
        if target.is_file() and target.is_relative_to(root.resolve()):
            return True
    if ref.startswith("../"):
        return False
    tails = [rel for rel in files if rel == ref or rel.endswith("/" + ref)]
    return len(tails) == 1 or ref.rsplit("/", 1)[-1] in outputs


def scan(root: Path) -> list[Violation]:
    """Return every out-of-tree reference in the scanned files of ``root``."""
    decisions = defined_decisions(root)
    files = repository_files(root)
    outputs = generated_outputs(root, files)
    found: list[Violation] = []
    for path in scanned_files(root):
        rel = path.relative_to(root).as_posix()
        if rel == SELF:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(lines, start=1):
            problems = [m.group(0) for m in _OUT_OF_TREE.finditer(line)]
            for match in _DOC_PATH.finditer(line):
                start = match.start()
                if "://" in line[max(0, start - 200) : start]:
                    url_start = line.rfind("://", 0, start)
                    if " " not in line[url_start:start]:
                        continue  # part of a URL
                if not _doc_exists(root, path, match.group(1), files, outputs):
                    problems.append(match.group(1))
            if "decisions.rst" not in line:
                problems += [m.group(0).strip("(; ") for m in _BARE_DECISION.finditer(line)]
            for match in _DECISION_CITED.finditer(line):
                numbers = [int(match.group(1))]
                numbers += [int(n) for n in re.findall(r"D(\d{1,2})", match.group(2))]
                problems += [f"D{n} (not in decisions.rst)" for n in numbers if n not in decisions]
            found += [Violation(rel, number, problem) for problem in problems]
    return found


def test_no_reference_leaves_the_repository() -> None:
    violations = scan(ROOT)
    assert violations == [], "\n".join(f"{v.path}:{v.line}: {v.text}" for v in violations)


def test_the_check_can_fail(tmp_path: Path) -> None:
    """On a synthetic tree, every kind of out-of-tree reference is found, and in-tree ones pass."""
    (tmp_path / "docs" / "design").mkdir(parents=True)
    (tmp_path / "docs" / "design" / "decisions.rst").write_text(
        "Decisions\n=========\n\nD1. One\n-------\n\nD2. Two\n-------\n", encoding="utf-8"
    )
    (tmp_path / "docs" / "guide.rst").write_text(
        "See design/decisions.rst; the report writes latest.md.\n", encoding="utf-8"
    )
    (tmp_path / "docs" / ".gitignore").write_text("latest.md\n", encoding="utf-8")
    (tmp_path / "xeddsa").mkdir()
    (tmp_path / "xeddsa" / "ok.py").write_text(
        '"""Reduce mod q (see docs/design/decisions.rst, D2); guide.rst has more.\n'
        "The constant D2 = 2d and https://example.org/notes.md are not references.\n"
        '"""\n',
        encoding="utf-8",
    )
    # The old names are spelled in pieces so that this file does not itself contain them (other
    # checks of the tree search for them as plain text).
    notes, folder, spec = "architecture" + ".md", "../" + "shared", "spec" + "-notes"
    (tmp_path / "xeddsa" / "bad.py").write_text(
        f"# {notes} §3\n"
        f"# read {folder}/test_vectors_upstream\n"
        f"# {spec} §6.1\n"
        "# design B.2\n"
        "# issue 9 coverage\n"
        "# decision D3 applies (D5); see D3/D4\n"
        "# see docs/design/decisions.rst, D1 and D7\n"
        "# docs/design/missing.rst\n",
        encoding="utf-8",
    )
    found = [(v.path, v.line, v.text) for v in scan(tmp_path)]
    assert found == [
        ("xeddsa/bad.py", 1, notes),
        ("xeddsa/bad.py", 2, folder),
        ("xeddsa/bad.py", 3, spec),
        ("xeddsa/bad.py", 4, "design B.2"),
        ("xeddsa/bad.py", 5, "issue 9"),
        ("xeddsa/bad.py", 6, "decision D3"),
        ("xeddsa/bad.py", 6, "D5"),
        ("xeddsa/bad.py", 6, "D3/D4"),
        ("xeddsa/bad.py", 7, "D7 (not in decisions.rst)"),
        ("xeddsa/bad.py", 8, "docs/design/missing.rst"),
    ]

