"""Fixtures for the command-line tests: run ``python -m xeddsa`` as a subprocess, make key files.

Every test drives the real entry point (``sys.executable -m xeddsa``) with the repository on
``PYTHONPATH``, so argument parsing, stdin/stdout handling and exit statuses are tested as a shell
sees them. ``XEDDSA_BACKEND`` is removed from the child's environment unless a test sets it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import xeddsa
from tests.ci import running_in_ci
from tests.cli.helpers import REPO_ROOT, child_env, write_private

Run = Callable[..., subprocess.CompletedProcess[bytes]]


@pytest.fixture
def run() -> Run:
    """Return a function that runs ``xeddsa ARGS`` and returns the completed process (bytes)."""

    def _run(
        *args: str,
        stdin: bytes | None = None,
        env: dict[str, str] | None = None,
        stdout: Any = subprocess.PIPE,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "xeddsa", *args],
            input=stdin if stdin is not None else b"",
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=child_env(env),
            cwd=cwd or REPO_ROOT,
            timeout=120,
            check=False,
        )

    return _run


@pytest.fixture
def key() -> xeddsa.PrivateKey:
    """Return a fresh private key (made in-process; the CLI reads it from a file)."""
    return xeddsa.PrivateKey.generate()


@pytest.fixture
def key_file(tmp_path: Path, key: xeddsa.PrivateKey) -> Path:
    """Return a 0600 file holding ``key`` as `wg genkey` writes it (base64 and a newline)."""
    return write_private(tmp_path / "private.key", key.to_wireguard() + "\n")


@pytest.fixture
def message_file(tmp_path: Path) -> Path:
    """Return a file holding a short binary message (with a NUL and a newline)."""
    path = tmp_path / "message.bin"
    path.write_bytes(b"hello\x00world\n")
    return path


@pytest.fixture
def wg() -> str:
    """Return the path of the ``wg`` tool; skip locally without it, fail under CI."""
    path = shutil.which("wg")
    if path is None:
        reason = "`wg` (wireguard-tools) is not installed; apt-get install wireguard-tools"
        if running_in_ci():
            pytest.fail(f"CI requires the WireGuard interop tests: {reason}", pytrace=False)
        pytest.skip(reason)
    return path
