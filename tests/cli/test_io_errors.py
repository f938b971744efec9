"""Unusable stdout/stdin: one line on stderr and exit 2, never a traceback or a misleading 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import xeddsa
from tests.cli.helpers import REPO_ROOT, assert_one_line_error, child_env, write_private

XEDDSA = [sys.executable, "-m", "xeddsa"]


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload]
        XEDDSA + args,
        cwd=REPO_ROOT,
        env=child_env(),
        capture_output=False,
        stderr=subprocess.PIPE,
        timeout=60,
        **kwargs,
    )


needs_dev_full = pytest.mark.skipif(
    not os.path.exists("/dev/full"), reason="/dev/full is Linux-specific"
)


@needs_dev_full
def test_genkey_to_a_full_device_is_an_io_error() -> None:
    with open("/dev/full", "wb") as full:
        done = _run(["genkey"], stdout=full)
    line = assert_one_line_error(done, 2)
    assert "I/O error" in line


@needs_dev_full
def test_a_valid_vrf_proof_with_unwritable_output_is_not_reported_as_invalid(
    tmp_path: Path,
) -> None:
    key = xeddsa.PrivateKey.generate()
    key_file = write_private(tmp_path / "k.key", key.to_wireguard() + "\n")
    message = tmp_path / "m"
    message.write_bytes(b"hello")
    proof = _run(["vrf", "prove", "-k", str(key_file), str(message)], stdout=subprocess.PIPE)
    assert proof.returncode == 0
    (tmp_path / "proof").write_bytes(proof.stdout)
    with open("/dev/full", "wb") as full:
        done = _run(
            [
                "vrf",
                "verify",
                "-p",
                key.public_key().to_wireguard(),
                "-s",
                f"@{tmp_path / 'proof'}",
                str(message),
            ],
            stdout=full,
        )
    line = assert_one_line_error(done, 2)  # 1 would mean "did not verify"
    assert "I/O error" in line


def test_closed_stdout_and_stdin_are_io_errors() -> None:
    out = _run(
        ["genkey"],
        stdout=subprocess.DEVNULL,
        close_fds=True,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert "I/O error" in assert_one_line_error(out, 2)
    inp = _run(["pubkey"], stdout=subprocess.PIPE, preexec_fn=lambda: os.close(0))
    assert "I/O error" in assert_one_line_error(inp, 2)
