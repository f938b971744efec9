"""``xeddsa vrf prove`` / ``xeddsa vrf verify``: 96-byte VXEdDSA signatures and the VRF output."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

import xeddsa
from tests.cli.conftest import Run
from tests.cli.helpers import assert_one_line_error, signature_text

vxeddsa = pytest.importorskip("xeddsa.vxeddsa", reason="xeddsa.vxeddsa has not landed")


def prove(run: Run, key_file: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run ``xeddsa vrf prove`` and return the signature text (asserting its format)."""
    return signature_text(run("vrf", "prove", "-k", str(key_file), *args, stdin=stdin), 96)


def test_prove_then_verify_prints_library_output_in_hex(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, message_file: Path
) -> None:
    signature = prove(run, key_file, str(message_file))
    expected = vxeddsa.verify(
        key.public_key(), base64.b64decode(signature), message_file.read_bytes()
    )
    pub = key.public_key().to_wireguard()
    done = run("vrf", "verify", "-p", pub, "-s", signature, str(message_file))
    assert done.returncode == 0, done.stderr
    assert done.stdout == (expected.hex() + "\n").encode()
    assert len(done.stdout) == 65  # 64 lowercase hex digits and a newline


def test_verify_base64_encoding(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, message_file: Path
) -> None:
    signature = prove(run, key_file, str(message_file))
    pub = key.public_key().to_wireguard()
    hexed = run("vrf", "verify", "-p", pub, "-s", signature, str(message_file)).stdout
    b64 = run(
        "vrf", "verify", "--encoding", "base64", "-p", pub, "-s", signature, str(message_file)
    ).stdout
    assert base64.b64decode(b64.strip(), validate=True) == bytes.fromhex(hexed.decode().strip())


def test_output_is_unique_across_randomized_signatures(
    run: Run, key: xeddsa.PrivateKey, key_file: Path
) -> None:
    pub = key.public_key().to_wireguard()
    outputs = set()
    signatures = set()
    for _ in range(3):
        signature = prove(run, key_file, stdin=b"the same message")
        signatures.add(signature)
        done = run("vrf", "verify", "-p", pub, "-s", signature, stdin=b"the same message")
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(signatures) == 3  # signing is randomized ...
    assert len(outputs) == 1  # ... but the VRF output is unique per key and message


def test_library_signature_verifies_in_cli(
    run: Run, key: xeddsa.PrivateKey, message_file: Path
) -> None:
    signature = vxeddsa.sign(key, message_file.read_bytes())
    done = run(
        "vrf",
        "verify",
        "--policy",
        "spec",
        "-p",
        key.public_key().to_wireguard(),
        "-s",
        base64.b64encode(signature).decode(),
        str(message_file),
    )
    assert done.returncode == 0, done.stderr


def test_wrong_message_exits_1_and_prints_nothing(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, message_file: Path
) -> None:
    signature = prove(run, key_file, str(message_file))
    pub = key.public_key().to_wireguard()
    done = run("vrf", "verify", "-p", pub, "-s", signature, stdin=b"another message")
    line = assert_one_line_error(done, 1)
    assert line.startswith("xeddsa vrf verify: invalid signature: ")
    assert done.stdout == b""


@pytest.mark.parametrize("position", [0, 32, 64, 95])
def test_flipped_bit_exits_1(
    run: Run, key: xeddsa.PrivateKey, message_file: Path, position: int
) -> None:
    sig = bytearray(vxeddsa.sign(key, message_file.read_bytes()))
    sig[position] ^= 0x04
    pub = key.public_key().to_wireguard()
    text = base64.b64encode(bytes(sig)).decode()
    done = run("vrf", "verify", "-p", pub, "-s", text, str(message_file))
    assert_one_line_error(done, 1)
    assert done.stdout == b""


def test_xeddsa_signature_is_not_a_vrf_signature(
    run: Run, key: xeddsa.PrivateKey, message_file: Path
) -> None:
    text = base64.b64encode(key.sign(message_file.read_bytes())).decode()  # 64 bytes
    pub = key.public_key().to_wireguard()
    line = assert_one_line_error(run("vrf", "verify", "-p", pub, "-s", text, str(message_file)), 1)
    assert "96" in line


def test_libsignal_policy_is_refused_for_vrf(run: Run, key: xeddsa.PrivateKey) -> None:
    pub = key.public_key().to_wireguard()
    done = run("vrf", "verify", "--policy", "libsignal", "-p", pub, "-s", "AA==")
    assert done.returncode == 2
    assert b"invalid choice" in done.stderr and b"Traceback" not in done.stderr


def test_vrf_without_subcommand_is_usage_error(run: Run) -> None:
    assert run("vrf").returncode == 2
