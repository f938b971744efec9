"""The README's Python examples run as written, in order, in one namespace."""

from __future__ import annotations

import os
import re
import subprocess
import sys
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


def test_readme_command_line_block_runs(tmp_path: Path) -> None:
    """The shell block under "Command line" runs as written and prints "valid"."""
    text = README.read_text()
    section = text.split("## Command line", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7 a report\n")
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "xeddsa").exists()
    done = subprocess.run(
        ["bash", "-e", "-c", block.group(1)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "valid\n"
    assert (tmp_path / "report.pdf.xsig").is_file()
