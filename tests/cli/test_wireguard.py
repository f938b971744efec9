"""Interop with the real WireGuard tools: ``wg genkey`` / ``wg pubkey`` and ``xeddsa`` agree.

These tests need ``wg`` (Debian: ``apt-get install wireguard-tools``). Locally they skip with the
reason when it is missing; when the ``CI`` environment variable is set they fail instead, so CI
cannot pass without running them.
"""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.cli.helpers import wg_run, write_private

pytestmark = pytest.mark.interop


def test_wg_genkey_key_gives_same_pubkey_in_both_tools(run: Run, wg: str) -> None:
    for _ in range(5):
        private = wg_run(wg, ["genkey"])
        ours = run("pubkey", stdin=private)
        assert ours.returncode == 0, ours.stderr
        assert ours.stdout == wg_run(wg, ["pubkey"], private)


def test_xeddsa_genkey_key_is_accepted_by_wg(run: Run, wg: str) -> None:
    for _ in range(5):
        private = run("genkey").stdout
        assert wg_run(wg, ["pubkey"], private) == run("pubkey", stdin=private).stdout


def test_unclamped_keys_agree_with_wg(run: Run, wg: str) -> None:
    # wg pubkey clamps whatever 32 bytes it is given; so does xeddsa (RFC 7748).
    for _ in range(5):
        raw = bytearray(secrets.token_bytes(32))
        raw[0] |= 0x07
        raw[31] = (raw[31] | 0x80) & 0xBF
        text = base64.b64encode(bytes(raw)) + b"\n"
        assert run("pubkey", stdin=text).stdout == wg_run(wg, ["pubkey"], text)


def test_sign_with_wg_key_verify_with_wg_pubkey(run: Run, wg: str, tmp_path: Path) -> None:
    key_file = write_private(tmp_path / "wg.key", wg_run(wg, ["genkey"]).decode())
    public = wg_run(wg, ["pubkey"], key_file.read_bytes()).decode().strip()
    message = tmp_path / "message"
    message.write_bytes(b"signed with a WireGuard key\n")
    done = run("sign", "--raw", "-k", str(key_file), str(message))
    assert done.returncode == 0, done.stderr
    signature = done.stdout.decode().strip()
    assert run("verify", "--raw", "-p", public, "-s", signature, str(message)).returncode == 0
    pub_file = tmp_path / "wg.pub"
    pub_file.write_text(public + "\n")
    assert (
        run("verify", "--raw", "-p", f"@{pub_file}", "-s", signature, str(message)).returncode == 0
    )
    assert run("verify", "--raw", "-p", public, "-s", signature, stdin=b"other").returncode == 1


def test_wg_rejects_what_xeddsa_rejects(run: Run, wg: str) -> None:
    import subprocess

    for text in (b"", b"short\n", base64.b64encode(bytes(33)) + b"\n"):
        ours = run("pubkey", stdin=text)
        theirs = subprocess.run([wg, "pubkey"], input=text, capture_output=True, check=False)
        assert ours.returncode == 2
        assert theirs.returncode != 0
