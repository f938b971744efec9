"""Helpers shared by the command-line tests (not fixtures): environment, key files, wg, errors."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment for a CLI subprocess: the repository importable, no backend set."""
    env = {k: v for k, v in os.environ.items() if k != "XEDDSA_BACKEND"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    if extra:
        env.update(extra)
    return env


def run_python(
    *args: str,
    stdin: object = b"",
    timeout: float = 60,
    preexec_fn: Callable[[], object] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python ARGS`` (``-m xeddsa ...`` or ``-c CODE``) from the repository with
    ``child_env()``; ``stdin`` is bytes to send, or a file (object or descriptor) to read from."""
    kwargs: dict[str, object] = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run(  # type: ignore[call-overload]
        [sys.executable, *args],
        capture_output=True,
        env=child_env(),
        cwd=REPO_ROOT,
        timeout=timeout,
        preexec_fn=preexec_fn,
        check=False,
        **kwargs,
    )


def write_private(path: Path, text: str, mode: int = 0o600) -> Path:
    """Write a private key file with ``mode`` (0600 unless a test wants a loose one)."""
    path.write_text(text)
    path.chmod(mode)
    return path


def wg_run(wg: str, args: Sequence[str], stdin: bytes = b"") -> bytes:
    """Run ``wg ARGS`` and return its stdout; the test fails if wg exits non-zero."""
    done = subprocess.run([wg, *args], input=stdin, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


def assert_one_line_error(done: subprocess.CompletedProcess[bytes], status: int) -> str:
    """Assert exit ``status``, no traceback and exactly one stderr line; return that line."""
    err = done.stderr.decode()
    assert done.returncode == status, (done.returncode, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith("xeddsa: warning:")]
    assert len(lines) == 1, err
    return lines[0]


def signature_text(done: subprocess.CompletedProcess[bytes], size: int) -> str:
    """Assert a successful run that printed one line, the base64 of ``size`` bytes; return it."""
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out.endswith("\n") and out.count("\n") == 1
    assert len(base64.b64decode(out.strip(), validate=True)) == size
    return out.strip()
