"""``xeddsa jws sign`` / ``xeddsa jws verify``: compact JWS with XEd25519 and VXEd25519."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

import xeddsa
from tests.ci import running_in_ci
from tests.cli.conftest import Run
from tests.cli.helpers import assert_one_line_error, run_python


def _jose_importable() -> bool:
    try:
        import xeddsa.jose  # noqa: F401
    except ImportError:
        return False
    return True


# Locally the jose tests skip without joserfc; under CI the condition is False, so they run (and
# fail loudly if the jose extra is missing), never skip.
needs_jose = pytest.mark.skipif(
    not running_in_ci() and not _jose_importable(),
    reason="xeddsa.jose / joserfc missing (CI runs these)",
)


def b64url_json(segment: str) -> object:
    """Decode one base64url JSON segment of a compact JWS."""
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def jws_sign(run: Run, key_file: Path, *args: str, stdin: bytes) -> str:
    done = run("jws", "sign", "-k", str(key_file), *args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out.endswith("\n") and out.count("\n") == 1
    return out.strip()


@needs_jose
def test_xed25519_round_trip_prints_payload(
    run: Run, key: xeddsa.PrivateKey, key_file: Path
) -> None:
    payload = b'{"hello": "world"}\n\x00'
    token = jws_sign(run, key_file, stdin=payload)
    assert b64url_json(token.split(".")[0]) == {"alg": "XEd25519"}
    done = run("jws", "verify", "-p", key.public_key().to_wireguard(), stdin=token.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout == payload  # raw bytes, nothing added


@needs_jose
def test_xed25519_token_is_an_ed25519_jws(run: Run, key: xeddsa.PrivateKey, key_file: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    token = jws_sign(run, key_file, stdin=b"payload")
    header, body, sig = token.split(".")
    ed = Ed25519PublicKey.from_public_bytes(key.public_key().ed25519_public_bytes())
    ed.verify(base64.urlsafe_b64decode(sig + "=="), f"{header}.{body}".encode())


@needs_jose
def test_kid_goes_into_protected_header(run: Run, key_file: Path) -> None:
    token = jws_sign(run, key_file, "--kid", "peer-1", stdin=b"x")
    assert b64url_json(token.split(".")[0]) == {"alg": "XEd25519", "kid": "peer-1"}


@needs_jose
def test_vxed25519_vrf_output_matches_library(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, tmp_path: Path
) -> None:
    from xeddsa.jose import verify_vxed25519

    token = jws_sign(run, key_file, "--alg", "VXEd25519", stdin=b"draw #7")
    token_file = tmp_path / "token.jws"
    token_file.write_text(token + "\n")
    pub = key.public_key().to_wireguard()
    done = run("jws", "verify", "--alg", "VXEd25519", "--output", "vrf", "-p", pub, str(token_file))
    assert done.returncode == 0, done.stderr
    expected = verify_vxed25519(token, key.public_key()).vrf_output
    assert done.stdout == (expected.hex() + "\n").encode()
    payload = run("jws", "verify", "--alg", "VXEd25519", "-p", pub, str(token_file))
    assert payload.stdout == b"draw #7"


@needs_jose
def test_algorithm_must_match(run: Run, key: xeddsa.PrivateKey, key_file: Path) -> None:
    token = jws_sign(run, key_file, stdin=b"x")
    pub = key.public_key().to_wireguard()
    done = run("jws", "verify", "--alg", "VXEd25519", "-p", pub, stdin=token.encode())
    assert_one_line_error(done, 1)
    vx = jws_sign(run, key_file, "--alg", "VXEd25519", stdin=b"x")
    assert_one_line_error(run("jws", "verify", "-p", pub, stdin=vx.encode()), 1)


@needs_jose
@pytest.mark.parametrize("alg", ["XEd25519", "VXEd25519"])
@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1],
        lambda t: t.replace(".", "..", 1),
        lambda t: t.split(".")[0] + ".eA." + t.split(".")[2],
        lambda t: "",
        lambda t: "\xff",
    ],
    ids=["signature", "segments", "payload", "empty", "non-ascii"],
)
def test_tampered_token_exits_1(
    run: Run, key: xeddsa.PrivateKey, key_file: Path, alg: str, mutate: object
) -> None:
    token = jws_sign(run, key_file, "--alg", alg, stdin=b"payload")
    bad = mutate(token)  # type: ignore[operator]
    pub = key.public_key().to_wireguard()
    done = run("jws", "verify", "--alg", alg, "-p", pub, stdin=bad.encode("latin-1"))
    line = assert_one_line_error(done, 1)
    assert line.startswith("xeddsa jws verify: invalid JWS: ")
    assert done.stdout == b""


@needs_jose
def test_wrong_key_exits_1(run: Run, key_file: Path) -> None:
    token = jws_sign(run, key_file, stdin=b"payload")
    other = xeddsa.PrivateKey.generate().public_key().to_wireguard()
    assert_one_line_error(run("jws", "verify", "-p", other, stdin=token.encode()), 1)


@needs_jose
def test_output_vrf_needs_vxed25519(run: Run, key: xeddsa.PrivateKey) -> None:
    pub = key.public_key().to_wireguard()
    line = assert_one_line_error(run("jws", "verify", "--output", "vrf", "-p", pub), 2)
    assert "VXEd25519" in line


@needs_jose
def test_output_none_prints_nothing(run: Run, key: xeddsa.PrivateKey, key_file: Path) -> None:
    token = jws_sign(run, key_file, stdin=b"payload")
    pub = key.public_key().to_wireguard()
    done = run("jws", "verify", "--output", "none", "-p", pub, stdin=token.encode())
    assert done.returncode == 0 and done.stdout == b""


def test_missing_jose_extra_is_a_clear_usage_error(key_file: Path) -> None:
    # Simulate an installation without joserfc: a None entry in sys.modules makes import fail.
    code = (
        "import sys; sys.modules['joserfc'] = None; sys.modules['xeddsa.jose'] = None\n"
        "from xeddsa.cli import main\n"
        f"raise SystemExit(main(['jws', 'sign', '-k', {str(key_file)!r}, '-']))\n"
    )
    done = run_python("-c", code, stdin=b"payload")
    line = assert_one_line_error(done, 2)
    assert line.startswith("xeddsa jws sign: JWS support")
    assert "pip install 'xeddsa[jose]'" in line
    # --alg is checked against xeddsa.jose's names only when they can be imported:
    code = code.replace("'-']", "'--alg', 'VXEd25519', '-']")
    done = run_python("-c", code, stdin=b"payload")
    assert "pip install 'xeddsa[jose]'" in assert_one_line_error(done, 2)
