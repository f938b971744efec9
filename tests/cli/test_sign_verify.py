"""``xeddsa sign`` / ``xeddsa verify``: base64 signatures, exit statuses 0/1/2, one-line errors."""

from __future__ import annotations

import base64
import hashlib
import secrets
import subprocess
from pathlib import Path

import pytest

import xeddsa
from tests.cli.conftest import Run
from tests.cli.helpers import assert_one_line_error, signature_text, write_private


def sign(run: Run, key_file: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run ``xeddsa sign`` and return the signature text (asserting its format)."""
    done = run("sign", "--raw", "-k", str(key_file), *args, stdin=stdin)
    assert done.stderr == b""
    return signature_text(done, 64)


def verify_raw(
    run: Run, public: xeddsa.PublicKey, signature: str, message: Path, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    """Run ``xeddsa verify --raw -p PUBLIC -s SIGNATURE MESSAGE``."""
    return run(
        "verify", "--raw", "-p", public.to_wireguard(), "-s", signature, str(message), **kwargs
    )


def test_sign_file_verifies_in_library(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, message_file: Path
) -> None:
    signature = sign(run, key_file, str(message_file))
    key.public_key().verify(base64.b64decode(signature), message_file.read_bytes())


@pytest.mark.parametrize("args", [(), ("-",)], ids=["implicit", "dash"])
def test_sign_stdin_verifies_in_library(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, args: tuple[str, ...]
) -> None:
    message = b"from stdin\n\x00\xff"
    signature = sign(run, key_file, *args, stdin=message)
    key.public_key().verify(base64.b64decode(signature), message)


def test_sign_empty_message(run: Run, key: xeddsa.PrivateKey, key_file: Path) -> None:
    signature = sign(run, key_file, stdin=b"")
    key.public_key().verify(base64.b64decode(signature), b"")


def test_sign_is_randomized(run: Run, key_file: Path, message_file: Path) -> None:
    assert sign(run, key_file, str(message_file)) != sign(run, key_file, str(message_file))


def test_verify_library_signature(run: Run, key: xeddsa.PrivateKey, message_file: Path) -> None:
    signature = base64.b64encode(key.sign(message_file.read_bytes())).decode()
    done = run(
        "verify", "--raw", "-p", key.public_key().to_wireguard(), "-s", signature, str(message_file)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"" and done.stderr == b""


def test_verify_stdin_and_at_file_arguments(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, tmp_path: Path
) -> None:
    message = b"stdin message"
    signature = sign(run, key_file, stdin=message)
    pub_file = tmp_path / "peer.pub"
    pub_file.write_text(key.public_key().to_wireguard() + "\n")
    sig_file = tmp_path / "msg.sig"
    sig_file.write_text(signature + "\n")
    done = run("verify", "--raw", "-p", f"@{pub_file}", "-s", f"@{sig_file}", stdin=message)
    assert done.returncode == 0, done.stderr
    msg_file = tmp_path / "msg"
    msg_file.write_bytes(message)
    done = run(
        "verify", "--raw", "-p", f"@{pub_file}", "-s", "@-", str(msg_file), stdin=signature.encode()
    )
    assert done.returncode == 0, done.stderr


def test_verify_wrong_message_exits_1(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, message_file: Path
) -> None:
    signature = sign(run, key_file, str(message_file))
    done = run(
        "verify", "--raw", "-p", key.public_key().to_wireguard(), "-s", signature, stdin=b"other"
    )
    line = assert_one_line_error(done, 1)
    assert line == "xeddsa verify: invalid signature: signature verification failed"


def test_verify_wrong_key_exits_1(run: Run, key_file: Path, message_file: Path) -> None:
    signature = sign(run, key_file, str(message_file))
    other = xeddsa.PrivateKey.generate().public_key().to_wireguard()
    assert_one_line_error(
        run("verify", "--raw", "-p", other, "-s", signature, str(message_file)), 1
    )


@pytest.mark.parametrize("position", [0, 31, 32, 63])
def test_verify_flipped_signature_bit_exits_1(
    run: Run, key: xeddsa.PrivateKey, message_file: Path, position: int
) -> None:
    sig = bytearray(key.sign(message_file.read_bytes()))
    sig[position] ^= 0x01
    done = verify_raw(run, key.public_key(), base64.b64encode(bytes(sig)).decode(), message_file)
    assert_one_line_error(done, 1)


@pytest.mark.parametrize(
    "signature",
    [
        base64.b64encode(bytes(63)).decode(),  # 63 bytes: library rejects the length
        base64.b64encode(bytes(65)).decode(),
        "",
        "not base64!",
        base64.b64encode(bytes(64)).decode().rstrip("="),  # unpadded
        base64.urlsafe_b64encode(b"\xfb" * 64).decode(),  # URL-safe alphabet
    ],
    ids=["63-bytes", "65-bytes", "empty", "junk", "unpadded", "urlsafe"],
)
def test_verify_malformed_signature_exits_1(
    run: Run, key: xeddsa.PrivateKey, message_file: Path, signature: str
) -> None:
    # --signature=VALUE, since a URL-safe value may start with "-" and look like an option
    public = key.public_key().to_wireguard()
    done = run("verify", "--raw", "-p", public, f"--signature={signature}", str(message_file))
    line = assert_one_line_error(done, 1)
    assert line.startswith("xeddsa verify: invalid signature: ")


def test_verify_signature_path_without_at_gives_hint(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, message_file: Path, tmp_path: Path
) -> None:
    sig_file = tmp_path / "msg.sig"
    sig_file.write_text(sign(run, key_file, str(message_file)) + "\n")
    done = verify_raw(run, key.public_key(), str(sig_file), message_file)
    line = assert_one_line_error(done, 1)
    assert f"@{sig_file}" in line


def legacy_libsignal_signature(message: bytes) -> tuple[xeddsa.PublicKey, bytes]:
    """Return (key, signature) in libsignal's legacy "curvesigs" format, with sign bit 1.

    libsignal signs with a = k (no negation) under A = kB with its real sign bit, and carries that
    bit in the top bit of s. The signature is built here with libsodium's scalar primitives for a
    key whose sign bit is 1, where the legacy and the spec format differ.
    """
    from nacl import bindings as b

    for _ in range(128):
        key = xeddsa.PrivateKey.generate()
        k = b.crypto_core_ed25519_scalar_reduce(key.private_bytes() + bytes(32))
        E = b.crypto_scalarmult_ed25519_base_noclamp(k)
        if E[31] & 0x80:
            break
    else:  # pragma: no cover - probability 2^-128
        pytest.fail("no key with sign bit 1 found")
    r = b.crypto_core_ed25519_scalar_reduce(secrets.token_bytes(64))
    R = b.crypto_scalarmult_ed25519_base_noclamp(r)
    h = b.crypto_core_ed25519_scalar_reduce(hashlib.sha512(R + E + message).digest())
    s = bytearray(b.crypto_core_ed25519_scalar_add(r, b.crypto_core_ed25519_scalar_mul(h, k)))
    s[31] |= 0x80
    return key.public_key(), R + bytes(s)


def test_verify_libsignal_policy_accepts_legacy_sign_bit(run: Run, message_file: Path) -> None:
    public, sig = legacy_libsignal_signature(message_file.read_bytes())
    args = ("-p", public.to_wireguard(), "-s", base64.b64encode(sig).decode(), str(message_file))
    line = assert_one_line_error(run("verify", "--raw", *args), 1)
    assert "libsignal" in line  # the library's hint survives into the one-line reason
    assert run("verify", "--raw", "--policy", "libsignal", *args).returncode == 0
    assert_one_line_error(run("verify", "--raw", "--policy", "spec", *args), 1)


def test_verify_spec_policy_accepts_a_valid_signature(
    run: Run, key: xeddsa.PrivateKey, message_file: Path
) -> None:
    signature = base64.b64encode(key.sign(message_file.read_bytes())).decode()
    args = ("-p", key.public_key().to_wireguard(), "-s", signature, str(message_file))
    assert run("verify", "--raw", "--policy", "spec", *args).returncode == 0


def test_verify_unknown_policy_is_usage_error(
    run: Run, key: xeddsa.PrivateKey, message_file: Path
) -> None:
    done = run(
        "verify",
        "--raw",
        "--policy",
        "lenient",
        "-p",
        key.public_key().to_wireguard(),
        "-s",
        "AA==",
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    "pubkey",
    [
        base64.b64encode(bytes(32)).decode(),  # u = 0: small order
        base64.b64encode((1).to_bytes(32, "little")).decode(),  # u = 1: small order
        base64.b64encode(b"\xff" * 32).decode(),  # u >= p
        "short",
    ],
    ids=["zero", "one", "non-canonical", "short"],
)
def test_verify_invalid_public_key_exits_2(
    run: Run, key: xeddsa.PrivateKey, message_file: Path, pubkey: str
) -> None:
    signature = base64.b64encode(key.sign(message_file.read_bytes())).decode()
    done = run("verify", "--raw", "-p", pubkey, "-s", signature, str(message_file))
    line = assert_one_line_error(done, 2)
    assert line.startswith("xeddsa verify: invalid public key: ")


def test_verify_public_key_path_without_at_gives_hint(
    run: Run, key: xeddsa.PrivateKey, message_file: Path, tmp_path: Path
) -> None:
    pub_file = tmp_path / "peer.pub"
    pub_file.write_text(key.public_key().to_wireguard())
    done = run("verify", "--raw", "-p", str(pub_file), "-s", "AA==", str(message_file))
    line = assert_one_line_error(done, 2)
    assert f"@{pub_file}" in line


def test_missing_message_file_exits_2(run: Run, key_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    line = assert_one_line_error(run("sign", "--raw", "-k", str(key_file), str(missing)), 2)
    assert "cannot read" in line and "No such file" in line


def test_directory_as_message_exits_2(run: Run, key_file: Path, tmp_path: Path) -> None:
    assert_one_line_error(run("sign", "--raw", "-k", str(key_file), str(tmp_path)), 2)


def test_missing_key_file_exits_2(run: Run, message_file: Path, tmp_path: Path) -> None:
    line = assert_one_line_error(
        run("sign", "--raw", "-k", str(tmp_path / "nokey"), str(message_file)), 2
    )
    assert "cannot read" in line


def test_two_inputs_on_stdin_is_usage_error(run: Run, key: xeddsa.PrivateKey) -> None:
    done = run("verify", "--raw", "-p", key.public_key().to_wireguard(), "-s", "@-", stdin=b"x")
    line = assert_one_line_error(done, 2)
    assert "stdin" in line
    done = run("sign", "--raw", "-k", "-", stdin=key.to_wireguard().encode())
    assert "stdin" in assert_one_line_error(done, 2)


def test_key_from_stdin_with_message_file(
    run: Run, key: xeddsa.PrivateKey, message_file: Path
) -> None:
    done = run("sign", "--raw", "-k", "-", str(message_file), stdin=key.to_wireguard().encode())
    assert done.returncode == 0, done.stderr
    key.public_key().verify(base64.b64decode(done.stdout), message_file.read_bytes())


def test_loose_key_file_warns_but_signs(run: Run, key: xeddsa.PrivateKey, tmp_path: Path) -> None:
    loose = write_private(tmp_path / "loose.key", key.to_wireguard() + "\n", mode=0o644)
    done = run("sign", "--raw", "-k", str(loose), stdin=b"m")
    assert done.returncode == 0
    err = done.stderr.decode()
    assert err.startswith("xeddsa: warning: ") and "0644" in err and err.count("\n") == 1
    key.public_key().verify(base64.b64decode(done.stdout), b"m")


def test_private_key_file_is_silent(run: Run, key_file: Path) -> None:
    assert run("sign", "--raw", "-k", str(key_file), stdin=b"m").stderr == b""


@pytest.mark.parametrize(
    "content",
    ["{key} extra\n", "{key}{key}\n", "{key_urlsafe}\n", "PrivateKey = {key}\n"],
    ids=["trailing-junk", "doubled", "urlsafe", "wg-conf-line"],
)
def test_bad_key_file_never_echoes_key_material(
    run: Run, key: xeddsa.PrivateKey, tmp_path: Path, content: str
) -> None:
    secret = key.to_wireguard()
    if content == "{key_urlsafe}\n" and not ("+" in secret or "/" in secret):
        # About one random key in four has neither '+' nor '/': its URL-safe form would be the
        # key itself. Use a key that has both, so the case always tests the foreign alphabet.
        secret = base64.b64encode(b"\xfb\xff" + bytes(30)).decode()
    text = content.format(key=secret, key_urlsafe=secret.replace("+", "-").replace("/", "_"))
    bad = write_private(tmp_path / "bad.key", text)
    done = run("sign", "--raw", "-k", str(bad), stdin=b"m")
    line = assert_one_line_error(done, 2)
    assert line.startswith("xeddsa sign: invalid private key file ")
    for chunk in (secret[i : i + 8] for i in range(0, 40, 8)):
        assert chunk not in line


def test_huge_key_file_is_refused_without_echo(run: Run, tmp_path: Path) -> None:
    bad = write_private(tmp_path / "huge.key", "QUFB" * 1000)
    line = assert_one_line_error(run("sign", "--raw", "-k", str(bad), stdin=b"m"), 2)
    assert "QUFB" not in line


def test_large_message_round_trip(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(range(256)) * 20_000)  # ~5 MB: read whole, signed once
    signature = sign(run, key_file, str(big))
    done = run("verify", "--raw", "-p", key.public_key().to_wireguard(), "-s", signature, str(big))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("sign_backend", ["pure", "sodium"])
@pytest.mark.parametrize("verify_backend", ["pure", "sodium"])
def test_backends_interoperate(
    run: Run,
    key: xeddsa.PrivateKey,
    key_file: Path,
    message_file: Path,
    sign_backend: str,
    verify_backend: str,
) -> None:
    done = run("--backend", sign_backend, "sign", "--raw", "-k", str(key_file), str(message_file))
    assert done.returncode == 0, done.stderr
    signature = done.stdout.decode().strip()
    done = verify_raw(
        run, key.public_key(), signature, message_file, env={"XEDDSA_BACKEND": verify_backend}
    )
    assert done.returncode == 0, done.stderr
