"""``xeddsa sign -n`` / ``xeddsa verify -n``: signature files, allowed signers, exit statuses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import xeddsa
from tests.cli.conftest import Run
from tests.cli.helpers import assert_one_line_error
from xeddsa import signature_file as sf


@pytest.fixture
def release(tmp_path: Path) -> Path:
    path = tmp_path / "release.tar.gz"
    path.write_bytes(bytes(range(256)) * 4096 + b"\x00tail")  # 1 MiB and a bit: several chunks
    return path


def sign(run: Run, key_file: Path, *args: str) -> None:
    done = run("sign", "-k", str(key_file), *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


def test_sign_writes_file_xsig_and_verify_is_silent(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, release: Path
) -> None:
    sign(run, key_file, "-n", "file", str(release))
    sig_path = Path(str(release) + ".xsig")
    signature = sf.FileSignature.from_text(sig_path.read_text())
    assert signature.namespace == "file" and signature.comment is None
    with release.open("rb") as stream:  # the library agrees
        sf.verify_stream(signature, stream, public_key=key.public_key(), namespace="file")
    done = run("verify", "-p", key.public_key().to_wireguard(), "-n", "file", str(release))
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"" and done.stderr == b""


def test_verbose_names_signer_namespace_and_comment(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, release: Path
) -> None:
    sign(run, key_file, "-n", "release@example.org", "-c", "v1.2.0 ✓", str(release))
    pub = key.public_key().to_wireguard()
    done = run("verify", "-v", "-p", pub, "-n", "release@example.org", str(release))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines() == [
        f"Good signature from {pub} (release@example.org)",
        "Trusted comment: v1.2.0 ✓",
    ]


def test_output_option_and_stdout(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, release: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sigs" / "r.sig"
    out.parent.mkdir()
    sign(run, key_file, "-n", "file", "-o", str(out), str(release))
    pub = key.public_key().to_wireguard()
    assert run("verify", "-p", pub, "-n", "file", str(release), str(out)).returncode == 0
    done = run("sign", "-k", str(key_file), "-n", "file", "-o", "-", str(release))
    assert done.returncode == 0
    assert done.stdout.startswith(b"-----BEGIN XEDDSA FILE SIGNATURE-----\n")
    assert not Path(str(release) + ".xsig").exists()
    # The signature file on stdin:
    done = run("verify", "-p", pub, "-n", "file", str(release), "-", stdin=done.stdout)
    assert done.returncode == 0, done.stderr


def test_file_on_stdin_signs_to_stdout(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, tmp_path: Path
) -> None:
    done = run("sign", "-k", str(key_file), "-n", "file", "-", stdin=b"piped data")
    assert done.returncode == 0, done.stderr
    sig = tmp_path / "piped.xsig"
    sig.write_bytes(done.stdout)
    pub = key.public_key().to_wireguard()
    ok = run("verify", "-p", pub, "-n", "file", "-", str(sig), stdin=b"piped data")
    assert ok.returncode == 0, ok.stderr
    bad = run("verify", "-p", pub, "-n", "file", "-", str(sig), stdin=b"other data")
    assert_one_line_error(bad, 1)
    assert_one_line_error(run("verify", "-p", pub, "-n", "file", "-"), 2)  # SIGFILE needed


def test_library_signature_verifies_on_the_command_line(
    run: Run, key: xeddsa.PrivateKey, release: Path
) -> None:
    with release.open("rb") as stream:
        signature = sf.sign_stream(key, stream, namespace="backup", comment="nightly")
    Path(str(release) + ".xsig").write_text(signature.to_text())
    pub = key.public_key().to_wireguard()
    assert run("verify", "-p", pub, "-n", "backup", str(release)).returncode == 0


@pytest.fixture
def signed_release(run: Run, key_file: Path, release: Path) -> Path:
    sign(run, key_file, "-n", "file", "-c", "v1", str(release))
    return Path(str(release) + ".xsig")


def test_namespace_mismatch_exits_1(
    run: Run, key: xeddsa.PrivateKey, release: Path, signed_release: Path
) -> None:
    done = run("verify", "-p", key.public_key().to_wireguard(), "-n", "git", str(release))
    line = assert_one_line_error(done, 1)
    assert "namespace 'file', not 'git'" in line


def test_wrong_key_exits_1(run: Run, release: Path, signed_release: Path) -> None:
    other = xeddsa.PrivateKey.generate().public_key().to_wireguard()
    line = assert_one_line_error(run("verify", "-p", other, "-n", "file", str(release)), 1)
    assert "key id" in line


def test_tampered_file_exits_1(
    run: Run, key: xeddsa.PrivateKey, release: Path, signed_release: Path
) -> None:
    data = bytearray(release.read_bytes())
    data[len(data) // 2] ^= 1
    release.write_bytes(bytes(data))
    done = run("verify", "-p", key.public_key().to_wireguard(), "-n", "file", str(release))
    assert "verification failed" in assert_one_line_error(done, 1)


def test_tampered_comment_exits_1(
    run: Run, key: xeddsa.PrivateKey, release: Path, signed_release: Path
) -> None:
    signed_release.write_text(signed_release.read_text().replace("Comment: v1", "Comment: v2"))
    done = run("verify", "-p", key.public_key().to_wireguard(), "-n", "file", str(release))
    assert "verification failed" in assert_one_line_error(done, 1)


@pytest.mark.parametrize("keep", [0, 10, 40, 200, -2])
def test_truncated_signature_file_exits_1(
    run: Run, key: xeddsa.PrivateKey, release: Path, signed_release: Path, keep: int
) -> None:
    signed_release.write_text(signed_release.read_text()[:keep])
    done = run("verify", "-p", key.public_key().to_wireguard(), "-n", "file", str(release))
    assert "malformed signature file" in assert_one_line_error(done, 1)


def test_raw_signature_as_signature_file_gets_a_hint(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, release: Path
) -> None:
    raw = run("sign", "--raw", "-k", str(key_file), str(release)).stdout
    Path(str(release) + ".xsig").write_bytes(raw)
    done = run("verify", "-p", key.public_key().to_wireguard(), "-n", "file", str(release))
    assert "--raw" in assert_one_line_error(done, 1)


def test_hostile_comment_in_signature_file_is_refused_and_escaped(
    run: Run, key: xeddsa.PrivateKey, release: Path, signed_release: Path
) -> None:
    text = signed_release.read_text().replace("Comment: v1", "Comment: \x1b]0;pwned\x07OK")
    signed_release.write_text(text)
    done = run("verify", "-v", "-p", key.public_key().to_wireguard(), "-n", "file", str(release))
    assert_one_line_error(done, 1)
    assert b"\x1b" not in done.stderr and b"\x07" not in done.stderr and done.stdout == b""


def test_huge_signature_file_is_capped(
    run: Run, key: xeddsa.PrivateKey, release: Path, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.xsig"
    huge.write_bytes(b"A" * (sf.MAX_SIGNATURE_FILE_SIZE * 4))
    pub = key.public_key().to_wireguard()
    done = run("verify", "-p", pub, "-n", "file", str(release), str(huge))
    assert "longer than" in assert_one_line_error(done, 1)


def test_missing_signature_file_exits_2(run: Run, key: xeddsa.PrivateKey, release: Path) -> None:
    done = run("verify", "-p", key.public_key().to_wireguard(), "-n", "file", str(release))
    assert "cannot read" in assert_one_line_error(done, 2)


# --- allowed signers ---------------------------------------------------------------------------


def test_allowed_signers(
    run: Run, key: xeddsa.PrivateKey, release: Path, signed_release: Path, tmp_path: Path
) -> None:
    pub = key.public_key().to_wireguard()
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"# who may sign what\nalice@example.org {pub} file,backup\n")
    done = run("verify", "-v", "-P", str(allowed), "-n", "file", str(release))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines()[0] == (
        f"Good signature from alice@example.org {pub} (file)"
    )
    allowed.write_text(f"alice@example.org {pub} backup\n")
    done = run("verify", "-P", str(allowed), "-n", "file", str(release))
    assert "not allowed to sign for namespace 'file'" in assert_one_line_error(done, 1)
    other = xeddsa.PrivateKey.generate().public_key().to_wireguard()
    allowed.write_text(f"bob {other} *\n")
    done = run("verify", "-P", str(allowed), "-n", "file", str(release))
    assert "not an allowed signer" in assert_one_line_error(done, 1)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"alice\n", "line 1"),
        (b"alice notakey file\n", "line 1"),
        (b"\xff\xfe\n", "not UTF-8"),
    ],
)
def test_malformed_allowed_signers_exits_2(
    run: Run, release: Path, signed_release: Path, tmp_path: Path, content: bytes, reason: str
) -> None:
    allowed = tmp_path / "allowed_signers"
    allowed.write_bytes(content)
    done = run("verify", "-P", str(allowed), "-n", "file", str(release))
    assert reason in assert_one_line_error(done, 2)
    done = run("verify", "-P", str(tmp_path / "missing"), "-n", "file", str(release))
    assert "cannot read" in assert_one_line_error(done, 2)


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["sign", "-k", "{key}", "{file}"], "-n NAMESPACE is required"),
        (["sign", "-k", "{key}", "--namespace=-x", "{file}"], "invalid namespace"),
        (["sign", "-k", "{key}", "-n", "a b", "{file}"], "invalid namespace"),
        (["sign", "-k", "{key}", "-n", "file", "-c", "a\x1bb", "{file}"], "invalid comment"),
        (["sign", "-k", "{key}", "-n", "file"], "FILE is required"),
        (["sign", "--raw", "-k", "{key}", "-n", "file", "{file}"], "-n applies"),
        (["sign", "--raw", "-k", "{key}", "-o", "x", "{file}"], "-o applies"),
        (
            ["sign", "-k", "{key}", "-n", "file", "-o", "/nonexistent/x.xsig", "{file}"],
            "cannot write",
        ),
        (["sign", "-k", "{key}", "-n", "file", "-o", "{dir}", "{file}"], "cannot write"),
        (["verify", "-n", "file", "{file}"], "exactly one of -p PUBKEY and -P"),
        (["verify", "-p", "{pub}", "-P", "x", "-n", "file", "{file}"], "exactly one of"),
        (["verify", "-p", "{pub}", "-n", "file"], "FILE is required"),
        (["verify", "-p", "{pub}", "{file}"], "-n NAMESPACE is required"),
        (["verify", "-p", "{pub}", "-n", "file", "-s", "AA==", "{file}"], "-s applies to --raw"),
        (["verify", "-p", "{pub}", "-n", "file", "--policy", "spec", "{file}"], "--policy"),
        (["verify", "--raw", "-p", "{pub}", "-n", "file", "-s", "AA==", "{file}"], "-n applies"),
        (["verify", "--raw", "-p", "{pub}", "{file}"], "--raw needs -p PUBKEY and -s SIG"),
    ],
)
def test_usage_errors_exit_2(
    run: Run,
    key: xeddsa.PrivateKey,
    key_file: Path,
    release: Path,
    argv: list[str],
    reason: str,
) -> None:
    values = {
        "{key}": str(key_file),
        "{file}": str(release),
        "{pub}": key.public_key().to_wireguard(),
        "{dir}": str(release.parent),
    }
    done = run(*[values.get(a, a) for a in argv])
    assert reason in assert_one_line_error(done, 2)


def test_signature_file_is_small_and_hashing_is_streamed(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as f:
        for i in range(24):  # 24 MiB, 24 chunks
            f.write(bytes([i]) * (1 << 20))
    sign(run, key_file, "-n", "file", str(big))
    text = Path(str(big) + ".xsig").read_text()
    assert len(text) < 400
    pub = key.public_key().to_wireguard()
    assert run("verify", "-p", pub, "-n", "file", str(big)).returncode == 0
    signature = sf.FileSignature.from_text(text)
    with big.open("rb") as stream:
        assert sf.hash_stream(stream, 4096) == sf.hash_stream(io.BytesIO(big.read_bytes()))
    assert signature.key_id == sf.key_id(key.public_key())
