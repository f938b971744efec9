"""The ``xeddsa`` parser and entry point: one-line errors, exit statuses, warnings printed once."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Final

import xeddsa
from xeddsa.cli import files, jws, keys, vrf
from xeddsa.cli._command import Parser, add_backend_option, formatter
from xeddsa.cli._io import EXIT_USAGE, CliError, Stdin, escape, warn
from xeddsa.errors import BackendUnavailable, InvalidKey, XEdDSAError

__all__ = ["build_parser", "main"]

_EPILOG: Final = (
    "exit status:\n"
    "  0  success (verify commands: the signature is valid)\n"
    "  1  a signature, signature file or JWS did not verify (including a malformed one)\n"
    "  2  usage, input or environment error (bad arguments, unreadable file, invalid key,\n"
    "     missing backend or extra)\n"
    "\n"
    "keys are WireGuard base64 text: `wg genkey` output works as a KEYFILE and `wg pubkey`\n"
    "output as a PUBKEY. PUBKEY and SIG are text on the command line, or @FILE to read the text\n"
    "from FILE (@- for stdin). `xeddsa COMMAND --help` shows examples for each command.\n"
)

#: Warning categories that are about this program's environment, not the user's data.
_QUIET: Final = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``xeddsa`` command (used by main and the docs)."""
    parser: argparse.ArgumentParser = Parser(
        prog="xeddsa",
        description="Sign and verify with X25519 / WireGuard keys: signature files, XEdDSA and "
        "VXEdDSA (Signal, revision 1), and JWS with the XEd25519 / VXEd25519 algorithms.",
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"xeddsa {xeddsa.__version__}")
    add_backend_option(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    keys.register(sub)
    files.register(sub)
    vrf.register(sub)
    jws.register(sub)
    return parser


def _print_warnings(recorded: list[warnings.WarningMessage]) -> None:
    """Print each distinct warning once (the library's NonConstantTimeWarning is the one about
    signing on the ``pure`` backend)."""
    seen: set[str] = set()
    for w in recorded:
        if issubclass(w.category, _QUIET):
            continue
        text = str(w.message)
        if text not in seen:
            seen.add(text)
            warn(text)


def _run(args: argparse.Namespace, command: str) -> int:
    """Run the command's handler and turn every expected failure into one line and a status."""
    try:
        if args.backend is not None:
            xeddsa.use_backend(args.backend)
        status: int = args.handler(args, Stdin())
        return status
    except CliError as exc:
        print(f"xeddsa {command}: {escape(exc.message)}", file=sys.stderr)
        return exc.status
    except BackendUnavailable as exc:
        print(f"xeddsa {command}: backend unavailable: {escape(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidKey as exc:
        print(f"xeddsa {command}: invalid key: {escape(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except XEdDSAError as exc:
        print(f"xeddsa {command}: {escape(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`xeddsa genkey | head -c 4`): say nothing, like other filters.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_USAGE
    except OSError as exc:
        # Output or input unusable (`> /dev/full`, a closed descriptor): one line, exit 2, so
        # that exit 1 keeps meaning "did not verify" even for a valid signature.
        print(f"xeddsa {command}: I/O error: {escape(str(exc.strerror or exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``xeddsa`` command on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    command = " ".join(
        part
        for part in (
            args.command,
            getattr(args, "vrf_command", None),
            getattr(args, "jws_command", None),
        )
        if part
    )
    with warnings.catch_warnings(record=True) as recorded:
        warnings.simplefilter("always")
        status = _run(args, command)
    # Warnings come first on stderr only if the command failed; either way each is one line.
    _print_warnings(recorded)
    return status
