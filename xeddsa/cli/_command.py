"""Declaring a subcommand once: its help, description, examples, exit statuses and handler.

:func:`add_command` is the one place that sets the help formatter, builds the epilog (examples,
then the command's own exit statuses) and attaches the options every command takes (``--backend``
may come before or after the command name).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Final, NoReturn, get_args

from xeddsa.backend import BackendName
from xeddsa.cli._io import Stdin, escape

__all__ = [
    "BACKENDS",
    "PRODUCES",
    "VERIFIES",
    "Handler",
    "Parser",
    "add_backend_option",
    "add_command",
    "formatter",
]

#: A command's body: parsed arguments and the stdin tracker in, exit status out.
Handler = Callable[[argparse.Namespace, Stdin], int]

#: The backend names, as :mod:`xeddsa.backend` declares them.
BACKENDS: Final[tuple[str, ...]] = get_args(BackendName)

#: Exit statuses of a command that produces output (keys, signatures, tokens).
PRODUCES: Final = "exit status: 0 success; 2 usage, input or environment error"
#: Exit statuses of a command that verifies.
VERIFIES: Final = (
    "exit status: 0 valid; 1 did not verify (including a malformed signature); 2 usage, input\n"
    "or environment error"
)


class _ParagraphFormatter(argparse.RawDescriptionHelpFormatter):
    """Wrap each one-line paragraph of a description or epilog; keep multi-line ones as written
    (examples, exit-status tables)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = text.split("\n\n")
        return "\n\n".join(
            paragraph
            if "\n" in paragraph.strip("\n")
            else textwrap.fill(paragraph, width, initial_indent=indent, subsequent_indent=indent)
            for paragraph in paragraphs
        )


class Parser(argparse.ArgumentParser):
    """An argument parser whose error messages escape the argument text they quote (argparse
    repeats unrecognized arguments verbatim)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {escape(message)}\n")


def formatter(prog: str) -> argparse.HelpFormatter:
    """Wrap paragraphs at 100 columns and keep pre-formatted blocks as written."""
    return _ParagraphFormatter(prog, width=100)


def add_backend_option(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """Add ``--backend``; below the top level it does not override an earlier choice."""
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None if top_level else argparse.SUPPRESS,
        help="curve backend (default: XEDDSA_BACKEND, else sodium); 'pure' is not constant "
        "time: for tests and interop only",
    )


def add_command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    *,
    summary: str,
    description: str,
    examples: Sequence[tuple[str, str]] = (),
    status: str = PRODUCES,
    handler: Handler | None = None,
) -> argparse.ArgumentParser:
    """Add subcommand ``name`` with one formatter, an epilog of ``examples`` ((command line,
    what it does) pairs) and ``status``, ``--backend``, and ``handler`` as its body (None for a
    group of subcommands)."""
    epilog = ""
    if examples:
        width = max(len(line) for line, _ in examples)
        rows = [f"  {line:<{width}}  # {what}" for line, what in examples]
        epilog = "examples:\n" + "\n".join(rows) + "\n\n"
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        epilog=(epilog + status + "\n") if handler is not None else None,
        formatter_class=formatter,
    )
    if handler is not None:
        add_backend_option(parser, top_level=False)
        parser.set_defaults(handler=handler)
    return parser
