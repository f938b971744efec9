"""``xeddsa jws verify`` on hostile tokens: one escaped line, exit 1, bounded reads.

Each case was a traceback, a raw terminal escape or an unbounded read before the CLI parsed the
token with the project's strict parser and capped its reads.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import xeddsa
from tests.cli.conftest import Run
from tests.cli.helpers import assert_one_line_error, run_python
from tests.cli.test_jws import needs_jose


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token_with_header(header: object, payload: bytes = b"{}", sig_size: int = 64) -> str:
    """A compact JWS with an arbitrary protected header (JSON-encoded) and a zero signature."""
    raw = header if isinstance(header, bytes) else json.dumps(header).encode()
    return f"{b64url(raw)}.{b64url(payload)}.{b64url(bytes(sig_size))}"


HOSTILE = {
    "header-is-a-list": "WyJhbGciXQ.e30.AAAA",
    "crit-5": token_with_header({"alg": "XEd25519", "crit": 5}),
    "crit-list-of-int": token_with_header({"alg": "XEd25519", "crit": [5]}),
    "crit-int-b64-false": token_with_header({"alg": "VXEd25519", "crit": [1264], "b64": False}),
    "crit-int-b64-false-xed": token_with_header({"alg": "XEd25519", "crit": [1264], "b64": False}),
    "alg-not-string": token_with_header({"alg": 5}),
    "header-null": token_with_header(None),
    "b64-false": token_with_header({"alg": "XEd25519", "b64": False}),
}


@needs_jose
@pytest.mark.parametrize("alg", ["XEd25519", "VXEd25519"])
@pytest.mark.parametrize("via", ["stdin", "argument"])
@pytest.mark.parametrize("token", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_token_is_one_line_exit_1(
    run: Run, key: xeddsa.PrivateKey, token: str, via: str, alg: str
) -> None:
    pub = key.public_key().to_wireguard()
    if via == "stdin":
        done = run("jws", "verify", "--alg", alg, "-p", pub, "-", stdin=token.encode())
    else:
        done = run("jws", "verify", "--alg", alg, "-p", pub, token)
    line = assert_one_line_error(done, 1)
    assert line.startswith("xeddsa jws verify: invalid JWS: "), line
    assert done.stdout == b""


ESCAPES = ["\x1b[2K\r", "\x07", "\x9b", "\x7f", "\x00", "\u2028"]


@needs_jose
@pytest.mark.parametrize("escape", ESCAPES, ids=[f"U+{ord(e[0]):04X}" for e in ESCAPES])
def test_control_characters_from_the_token_are_escaped(
    run: Run, key: xeddsa.PrivateKey, escape: str
) -> None:
    alg = f"{escape}signature OK\x1b]0;title\x07"
    token = token_with_header({"alg": alg})
    done = run("jws", "verify", "-p", key.public_key().to_wireguard(), "-", stdin=token.encode())
    line = assert_one_line_error(done, 1)
    raw = done.stderr.decode()
    for ch in raw.rstrip("\n"):
        assert ch.isprintable(), (ch, raw)
    assert "\\x1b" in line or "\\x07" in line


@needs_jose
def test_alg_with_escape_is_shown_escaped(run: Run, key: xeddsa.PrivateKey) -> None:
    token = token_with_header({"alg": "\x1b[32mOK"})
    done = run("jws", "verify", "-p", key.public_key().to_wireguard(), "-", stdin=token.encode())
    line = assert_one_line_error(done, 1)
    assert "\\x1b[32mOK" in line and "\x1b" not in done.stderr.decode()


def _limited_run(args: list[str], memory_bytes: int) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI under an address-space limit (Linux), so reading 'everything' fails fast."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return run_python("-m", "xeddsa", *args, timeout=120, preexec_fn=limit)


needs_dev_zero = pytest.mark.skipif(
    not os.path.exists("/dev/zero") or sys.platform != "linux", reason="Linux /dev/zero and rlimit"
)

#: Enough for the interpreter, joserfc and a 16 MiB token; far less than reading /dev/zero whole.
_MEMORY_LIMIT = 768 * 1024 * 1024


@needs_jose
@needs_dev_zero
def test_endless_token_file_is_capped(key: xeddsa.PrivateKey) -> None:
    pub = key.public_key().to_wireguard()
    done = _limited_run(["jws", "verify", "-p", pub, "/dev/zero"], _MEMORY_LIMIT)
    line = assert_one_line_error(done, 1)
    assert "longer than" in line


@needs_jose
@needs_dev_zero
def test_endless_token_on_stdin_is_capped(key: xeddsa.PrivateKey) -> None:
    pub = key.public_key().to_wireguard()
    with open("/dev/zero", "rb") as zero:
        done = run_python(
            *("-m", "xeddsa", "jws", "verify", "-p", pub, "-"),
            stdin=zero,
            timeout=120,
            preexec_fn=lambda: resource.setrlimit(
                resource.RLIMIT_AS, (_MEMORY_LIMIT, _MEMORY_LIMIT)
            ),
        )
    line = assert_one_line_error(done, 1)
    assert "longer than" in line


@needs_jose
def test_token_read_stops_at_cap_plus_one(tmp_path: Path, key: xeddsa.PrivateKey) -> None:
    """With a small cap (set in-process), exactly cap + 1 bytes are read from a larger stream."""
    code = (
        "import io, sys\n"
        "import xeddsa.cli.jws as jws\n"
        "jws.MAX_TOKEN_BYTES = 1000\n"
        "class Counting(io.RawIOBase):\n"
        "    def __init__(self): self.n = 0\n"
        "    def readable(self): return True\n"
        "    def readinto(self, b):\n"
        "        k = min(len(b), 10**9); b[:k] = b'A' * k; self.n += k; return k\n"
        "raw = Counting()\n"
        "sys.stdin = io.TextIOWrapper(io.BufferedReader(raw, buffer_size=1))\n"
        "from xeddsa.cli import main\n"
        f"status = main(['jws', 'verify', '-p', {key.public_key().to_wireguard()!r}, '-'])\n"
        "print(status, raw.n, file=sys.stderr)\n"
    )
    done = run_python("-c", code)
    last = done.stderr.decode().strip().splitlines()[-1]
    status, count = last.split()
    assert (status, count) == ("1", "1001"), done.stderr


@needs_jose
@pytest.mark.parametrize("error", [TypeError, ValueError, KeyError, AttributeError])
def test_builtin_exception_from_joserfc_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    key: xeddsa.PrivateKey,
    error: type[Exception],
) -> None:
    """Defence in depth: should joserfc raise a builtin on a token the strict parser passed."""
    from joserfc import jws

    from xeddsa.cli import main

    def leak(*args: object, **kwargs: object) -> None:
        raise error("sequence item 0: expected str instance, int found")

    monkeypatch.setattr(jws, "deserialize_compact", leak)
    token = token_with_header({"alg": "XEd25519"})
    status = main(["jws", "verify", "-p", key.public_key().to_wireguard(), token])
    err = capsys.readouterr().err
    assert status == 1
    assert err == f"xeddsa jws verify: invalid JWS: refused by joserfc ({error.__name__})\n"


@pytest.mark.parametrize(
    "argv", [["genkey", "\x1b]0;pwned\x07"], ["--backend", "\x1b[2K", "genkey"]]
)
def test_argument_errors_escape_the_argument(run: Run, argv: list[str]) -> None:
    done = run(*argv)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b" in err
