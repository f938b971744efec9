"""``xeddsa genkey`` / ``xeddsa pubkey``: the output format of ``wg genkey`` / ``wg pubkey``."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
from pathlib import Path

import pytest

import xeddsa
from tests.cli.conftest import Run
from tests.cli.helpers import assert_one_line_error


def test_genkey_prints_one_clamped_wireguard_key(run: Run) -> None:
    done = run("genkey")
    assert done.returncode == 0
    assert done.stderr == b""
    out = done.stdout
    assert out.endswith(b"\n") and out.count(b"\n") == 1
    assert len(out) == 45  # 44 base64 characters and the newline, as wg genkey prints
    raw = base64.b64decode(out.strip(), validate=True)
    assert len(raw) == 32
    assert raw[0] & 7 == 0 and raw[31] & 0x80 == 0 and raw[31] & 0x40  # clamped (RFC 7748)


def test_genkey_gives_different_keys(run: Run) -> None:
    assert run("genkey").stdout != run("genkey").stdout


def _genkey_to_file(run: Run, path: Path, mode: int) -> subprocess.CompletedProcess[bytes]:
    """Run ``xeddsa genkey`` with its output on a new file of permissions ``mode``."""
    path.touch(mode=mode)
    path.chmod(mode)
    with path.open("wb") as f:
        return run("genkey", stdout=f)


def test_genkey_warns_when_output_file_is_group_or_world_accessible(
    run: Run, tmp_path: Path
) -> None:
    loose = tmp_path / "loose.key"
    done = _genkey_to_file(run, loose, 0o644)
    assert done.returncode == 0
    assert b"warning" in done.stderr and b"0644" in done.stderr
    assert len(loose.read_bytes()) == 45


def test_genkey_silent_for_private_output_file(run: Run, tmp_path: Path) -> None:
    done = _genkey_to_file(run, tmp_path / "tight.key", 0o600)
    assert done.returncode == 0
    assert done.stderr == b""


def test_pubkey_matches_library(run: Run, key: xeddsa.PrivateKey) -> None:
    done = run("pubkey", stdin=(key.to_wireguard() + "\n").encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout == (key.public_key().to_wireguard() + "\n").encode()


@pytest.mark.parametrize("text", ["{}", "{}\n", "  {}\n\n", "\t{}\r\n"])
def test_pubkey_ignores_surrounding_whitespace(run: Run, key: xeddsa.PrivateKey, text: str) -> None:
    done = run("pubkey", stdin=text.format(key.to_wireguard()).encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().strip() == key.public_key().to_wireguard()


def test_pubkey_clamps_an_unclamped_key(run: Run) -> None:
    raw = bytearray(secrets.token_bytes(32))
    raw[0] |= 7
    raw[31] |= 0x80
    raw[31] &= ~0x40 & 0xFF
    done = run("pubkey", stdin=base64.b64encode(bytes(raw)) + b"\n")
    assert done.returncode == 0
    expected = xeddsa.PrivateKey.from_private_bytes(bytes(raw)).public_key().to_wireguard()
    assert done.stdout == (expected + "\n").encode()


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"\n",
        b"not a key\n",
        base64.b64encode(bytes(31)) + b"\n",  # 31 bytes
        base64.b64encode(bytes(33)) + b"\n",  # 33 bytes
        base64.urlsafe_b64encode(b"\xff" * 32) + b"\n",  # URL-safe alphabet
        base64.b64encode(bytes(32)).rstrip(b"=") + b"\n",  # padding missing
        b"\xff\xfe" * 22,  # not ASCII
        b"A" * 5000,  # far too long
    ],
    ids=[
        "empty",
        "newline",
        "text",
        "31-bytes",
        "33-bytes",
        "urlsafe",
        "unpadded",
        "binary",
        "long",
    ],
)
def test_pubkey_rejects_malformed_input_with_status_2(run: Run, text: bytes) -> None:
    line = assert_one_line_error(run("pubkey", stdin=text), 2)
    assert line.startswith("xeddsa pubkey: ")


def test_pubkey_error_never_echoes_the_key(run: Run, key: xeddsa.PrivateKey) -> None:
    secret = key.to_wireguard()
    done = run("pubkey", stdin=(secret + " trailing junk\n").encode())
    assert_one_line_error(done, 2)
    assert secret.encode() not in done.stderr
    assert secret[:20].encode() not in done.stderr


def test_pubkey_warns_when_stdin_is_a_loose_key_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "loose.key"
    path.write_text(xeddsa.PrivateKey.generate().to_wireguard() + "\n")
    path.chmod(0o640)
    fd = os.open(path, os.O_RDONLY)
    try:
        from tests.cli.helpers import run_python

        done = run_python("-m", "xeddsa", "pubkey", stdin=fd)
    finally:
        os.close(fd)
    assert done.returncode == 0
    assert b"warning" in done.stderr and b"0640" in done.stderr


def test_version_and_help(run: Run) -> None:
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.decode().strip() == f"xeddsa {xeddsa.__version__}"
    helptext = run("--help")
    assert helptext.returncode == 0
    text = helptext.stdout.decode()
    for word in ("genkey", "pubkey", "sign", "verify", "vrf", "jws", "exit status", "@FILE"):
        assert word in text
    sign_help = run("sign", "--help").stdout.decode()
    assert "memory use does not grow" in sign_help and "--raw" in sign_help


def test_no_command_is_a_usage_error(run: Run) -> None:
    done = run()
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


def test_unknown_backend_is_a_usage_error(run: Run) -> None:
    done = run("--backend", "openssl", "genkey")
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


def test_bad_environment_backend_is_reported_in_one_line(run: Run, key_file: Path) -> None:
    done = run(
        "sign", "--raw", "-k", str(key_file), "-", stdin=b"m", env={"XEDDSA_BACKEND": "nope"}
    )
    line = assert_one_line_error(done, 2)
    assert "backend" in line
