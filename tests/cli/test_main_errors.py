"""The entry point's contract, in-process: every failure type is one escaped line with its status,
and warnings are printed once each (the pure-backend one once, whoever raised it)."""

from __future__ import annotations

import argparse
import warnings

import pytest

import xeddsa
from xeddsa.cli import _io, main
from xeddsa.errors import BackendUnavailable, InvalidKey, InvalidSignature


def _run_with_handler(monkeypatch: pytest.MonkeyPatch, handler: object) -> int:
    """Run ``xeddsa genkey`` with its handler replaced (the parser is built per call)."""
    from xeddsa.cli import keys

    monkeypatch.setattr(keys, "_genkey", handler)
    return main(["genkey"])


@pytest.mark.parametrize(
    ("error", "status", "prefix"),
    [
        (_io.CliError(1, "bad \x1b[31m"), 1, "xeddsa genkey: bad \\x1b[31m"),
        (
            BackendUnavailable("no \x07sodium"),
            2,
            "xeddsa genkey: backend unavailable: no \\x07sodium",
        ),
        (InvalidKey("closed\x9b"), 2, "xeddsa genkey: invalid key: closed\\x9b"),
        (InvalidSignature("odd\u2028"), 2, "xeddsa genkey: odd\\u2028"),
        (OSError(5, "Input/output error"), 2, "xeddsa genkey: I/O error: Input/output error"),
    ],
)
def test_failures_are_one_escaped_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: Exception,
    status: int,
    prefix: str,
) -> None:
    def handler(args: argparse.Namespace, stdin: _io.Stdin) -> int:
        raise error

    assert _run_with_handler(monkeypatch, handler) == status
    assert capsys.readouterr().err == prefix + "\n"


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def handler(args: argparse.Namespace, stdin: _io.Stdin) -> int:
        raise KeyboardInterrupt

    assert _run_with_handler(monkeypatch, handler) == 130


def test_warnings_are_printed_once_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The library's pure-backend warning is the CLI's: signing twice prints it once."""

    def handler(args: argparse.Namespace, stdin: _io.Stdin) -> int:
        with xeddsa.use_backend("pure"):
            key = xeddsa.PrivateKey.generate()
            key.sign(b"one")
            key.sign(b"two")
            warnings.warn(
                "the 'pure' backend is not constant time", xeddsa.NonConstantTimeWarning,
                stacklevel=1,
            )  # fmt: skip
            warnings.warn("old API", DeprecationWarning, stacklevel=1)
            warnings.warn("other \x1b news", UserWarning, stacklevel=1)
            warnings.warn("other \x1b news", UserWarning, stacklevel=1)
        return 0

    assert _run_with_handler(monkeypatch, handler) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "xeddsa: warning: other \\x1b news"
    pure = [line for line in lines if "not constant time" in line]
    assert 1 <= len(pure) <= 2  # the library's own text (once per process) and the one above
    assert len(lines) == len(pure) + 1


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain ✓ text", "plain ✓ text"),
        ("\x00\x1f\x7f\x80\x9f", "\\x00\\x1f\\x7f\\x80\\x9f"),
        ("a\u202eb\u2028c", "a\\u202eb\\u2028c"),
        ("tag\U000e0001", "tag\\U000e0001"),
        ("back\\slash", "back\\slash"),
    ],
)
def test_escape(text: str, shown: str) -> None:
    assert _io.escape(text) == shown
