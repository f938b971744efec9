"""The friction a new user hit on the command line: each rough edge as a test that failed before."""

from __future__ import annotations

import base64
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

import xeddsa
from tests.cli.conftest import Run
from tests.cli.helpers import REPO_ROOT, assert_one_line_error, child_env, write_private
from tests.cli.test_jws import needs_jose

#: Every leaf command, as argv before --help.
LEAF_COMMANDS = [
    ["genkey"],
    ["pubkey"],
    ["sign"],
    ["verify"],
    ["vrf", "prove"],
    ["vrf", "verify"],
    ["jws", "sign"],
    ["jws", "verify"],
]


@needs_jose
def test_jws_verify_takes_the_token_inline_from_a_file_or_stdin(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, tmp_path: Path
) -> None:
    token = run("jws", "sign", "-k", str(key_file), stdin=b"payload").stdout.decode().strip()
    pub = key.public_key().to_wireguard()
    token_file = tmp_path / "token.jws"
    token_file.write_text(token + "\n")
    for args, stdin in [
        ([token], b""),
        ([str(token_file)], b""),
        ([f"@{token_file}"], b""),
        (["-"], token.encode()),
        ([], token.encode()),
    ]:
        done = run("jws", "verify", "-p", pub, *args, stdin=stdin)
        assert done.returncode == 0, (args, done.stderr)
        assert done.stdout == b"payload"


@needs_jose
def test_token_shaped_name_of_existing_file_gets_a_hint(
    run: Run, key: xeddsa.PrivateKey, tmp_path: Path
) -> None:
    (tmp_path / "my.token.jws").write_text("x")
    done = run("jws", "verify", "-p", key.public_key().to_wireguard(), "my.token.jws", cwd=tmp_path)
    assert "./my.token.jws" in assert_one_line_error(done, 1)


def test_wg_quick_config_as_key_file_points_at_the_private_key_line(
    run: Run, key: xeddsa.PrivateKey, tmp_path: Path
) -> None:
    peer = xeddsa.PrivateKey.generate().public_key().to_wireguard()
    config = (
        "[Interface]\n"
        "Address = 10.0.0.1/24\n"
        f"PrivateKey = {key.to_wireguard()}\n"
        "ListenPort = 51820\n\n"
        "[Peer]\n"
        f"PublicKey = {peer}\n"
        "AllowedIPs = 10.0.0.2/32\n"
    )
    conf = write_private(tmp_path / "wg0.conf", config)
    done = run("sign", "--raw", "-k", str(conf), stdin=b"m")
    line = assert_one_line_error(done, 2)
    assert "WireGuard configuration" in line and "line 3" in line
    assert key.to_wireguard()[:8] not in line


def test_vxeddsa_signature_given_to_verify_points_at_vrf_verify(
    run: Run, key: xeddsa.PrivateKey, message_file: Path
) -> None:
    proof = base64.b64encode(xeddsa.vxeddsa.sign(key, message_file.read_bytes())).decode()
    pub = key.public_key().to_wireguard()
    done = run("verify", "--raw", "-p", pub, "-s", proof, str(message_file))
    assert "xeddsa vrf verify" in assert_one_line_error(done, 1)


def test_xeddsa_signature_given_to_vrf_verify_points_at_verify(
    run: Run, key: xeddsa.PrivateKey, message_file: Path
) -> None:
    sig = base64.b64encode(key.sign(message_file.read_bytes())).decode()
    pub = key.public_key().to_wireguard()
    done = run("vrf", "verify", "-p", pub, "-s", sig, str(message_file))
    assert "xeddsa verify --raw" in assert_one_line_error(done, 1)


def test_private_key_given_as_public_key_gets_a_hint(run: Run, message_file: Path) -> None:
    # A private key as u fails strict import about 15 times in 16 (twist or torsion); pick one.
    for _ in range(200):
        secret = xeddsa.PrivateKey.generate().to_wireguard()
        try:
            xeddsa.PublicKey.from_wireguard(secret)
        except xeddsa.InvalidKey:
            break
    done = run("verify", "--raw", "-p", secret, "-s", "A" * 86 + "==", str(message_file))
    line = assert_one_line_error(done, 2)
    assert "xeddsa pubkey" in line
    assert secret[:8] not in line


@pytest.mark.parametrize("backend", ["pure", "sodium"])
def test_backend_option_after_the_subcommand(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, backend: str
) -> None:
    done = run("sign", "--raw", "--backend", backend, "-k", str(key_file), stdin=b"m")
    assert done.returncode == 0, done.stderr
    key.public_key().verify(base64.b64decode(done.stdout), b"m")
    bad = run("sign", "--raw", "--backend", "openssl", "-k", str(key_file), stdin=b"m")
    assert bad.returncode == 2


def test_backend_after_the_subcommand_is_the_one_used(run: Run, key_file: Path) -> None:
    # The pure backend is the only one that warns when signing: proof that the option took hold.
    done = run("sign", "--raw", "--backend", "pure", "-k", str(key_file), stdin=b"m")
    assert b"pure" in done.stderr
    done = run("--backend", "pure", "sign", "--raw", "--backend", "sodium", "-k", str(key_file))
    assert done.stderr == b""


@pytest.mark.parametrize(
    "argv",
    [
        ["sign", "--raw"],
        ["sign", "-n", "file", "-o", "-", "-"],
        ["vrf", "prove"],
    ],
    ids=["raw", "file", "vrf"],
)
def test_signing_with_pure_warns_once(run: Run, key_file: Path, argv: list[str]) -> None:
    done = run("--backend", "pure", *argv[:1], *argv[1:], "-k", str(key_file), stdin=b"m")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("xeddsa: warning: ") and "not constant time" in lines[0]


def test_signing_with_pure_from_the_environment_warns_too(run: Run, key_file: Path) -> None:
    done = run("sign", "--raw", "-k", str(key_file), stdin=b"m", env={"XEDDSA_BACKEND": "pure"})
    assert done.returncode == 0
    assert done.stderr.decode().count("not constant time") == 1


def test_verifying_with_pure_does_not_warn(
    run: Run, key: xeddsa.PrivateKey, message_file: Path
) -> None:
    sig = base64.b64encode(key.sign(message_file.read_bytes())).decode()
    pub = key.public_key().to_wireguard()
    done = run("--backend", "pure", "verify", "--raw", "-p", pub, "-s", sig, str(message_file))
    assert done.returncode == 0 and done.stderr == b""


@pytest.mark.parametrize("argv", LEAF_COMMANDS, ids=[" ".join(a) for a in LEAF_COMMANDS])
def test_every_command_help_shows_examples(run: Run, argv: list[str]) -> None:
    text = run(*argv, "--help").stdout.decode()
    assert "examples:" in text
    examples = text.split("examples:", 1)[1].split("exit status:", 1)[0]
    lines = [line for line in examples.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2
    assert all(line.strip().startswith("xeddsa ") or "xeddsa " in line for line in lines)
    assert "exit status:" in text


def _paragraphs(text: str) -> set[str]:
    body = text.split("\n\n", 1)[1]  # drop the usage block
    description = body.split("positional arguments:", 1)[0].split("options:", 1)[0]
    return {" ".join(p.split()) for p in description.split("\n\n") if len(p.split()) > 8}


def test_no_help_paragraph_is_copied_into_another_command(run: Run) -> None:
    seen: dict[str, str] = {}
    for argv in LEAF_COMMANDS:
        name = " ".join(argv)
        for paragraph in _paragraphs(run(*argv, "--help").stdout.decode()):
            assert paragraph not in seen, f"{name!r} repeats a paragraph of {seen[paragraph]!r}"
            seen[paragraph] = name


def _read_until(fd: int, pattern: bytes, seconds: float = 30.0) -> bytes:
    """Read from ``fd`` until ``pattern`` appears (bounded wait: a hung child fails the test)."""
    data = b""
    deadline = time.monotonic() + seconds
    while pattern not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


@pytest.mark.skipif(sys.platform != "linux", reason="pseudo-terminal test (Linux)")
def test_terminal_stdin_prints_a_hint_instead_of_waiting_silently(key: xeddsa.PrivateKey) -> None:
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "xeddsa", "pubkey"],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=REPO_ROOT,
    )
    os.close(follower)
    try:
        assert child.stderr is not None
        hint = _read_until(child.stderr.fileno(), b"\n")
        assert re.fullmatch(rb"xeddsa: reading the private key from the terminal; [^\n]*\n", hint)
        assert b"Ctrl-D" in hint
        os.write(leader, key.to_wireguard().encode() + b"\n\x04")
        out, _ = child.communicate(timeout=60)
        assert out.decode().strip() == key.public_key().to_wireguard()
    finally:
        os.close(leader)
        if child.poll() is None:
            child.kill()
            child.wait()


def test_piped_stdin_prints_no_hint(run: Run, key: xeddsa.PrivateKey) -> None:
    done = run("pubkey", stdin=key.to_wireguard().encode())
    assert done.returncode == 0 and done.stderr == b""
