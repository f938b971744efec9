"""The README's Python examples run as written, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks() -> list[str]:
    """Return the fenced ``python`` blocks of the README, in order."""
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_readme_has_the_ten_line_example_first() -> None:
    first = python_blocks()[0]
    assert len(first.strip().splitlines()) <= 10
    assert "PrivateKey.generate()" in first


def test_readme_python_blocks_run() -> None:
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), namespace)
    assert len(namespace["output"]) == 32  # type: ignore[arg-type]
    assert isinstance(namespace["shared"], bytes)
    assert namespace["token"].count(".") == 2  # type: ignore[attr-defined]
