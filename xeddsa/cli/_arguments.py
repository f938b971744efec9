"""Arguments that several commands take, and the set-up shared by the verify commands."""

from __future__ import annotations

import argparse
import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from xeddsa.cli._io import Stdin, decode_signature, load_public_key, read_message
from xeddsa.keys import PublicKey

__all__ = [
    "ENCODINGS",
    "VerifyInputs",
    "add_encoding",
    "add_key",
    "add_message",
    "add_policy",
    "add_pubkey",
    "add_signature",
    "format_output",
    "reserve_inputs",
    "verify_inputs",
]

#: How a 32-byte VRF output is printed; the first is the default.
ENCODINGS: Final = ("hex", "base64")


def add_key(parser: argparse.ArgumentParser) -> None:
    """Add ``-k KEYFILE`` (a `wg genkey` file; ``-`` reads it from stdin)."""
    parser.add_argument(
        "-k",
        "--key",
        required=True,
        metavar="KEYFILE",
        help="private key file as `wg genkey` writes it (- for stdin); a warning is printed "
        "if group or others can access it",
    )


def add_message(parser: argparse.ArgumentParser, name: str = "file", what: str = "message") -> None:
    """Add the optional positional input (stdin when omitted or ``-``), read whole."""
    parser.add_argument(
        name, nargs="?", metavar=name.upper(), help=f"the {what} (default: stdin), read whole"
    )


def add_pubkey(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Add ``-p PUBKEY`` (base64 text, or @FILE)."""
    parser.add_argument(
        "-p",
        "--pubkey",
        required=required,
        metavar="PUBKEY",
        help="signer's public key as `wg pubkey` prints it, or @FILE to read it from FILE",
    )


def add_signature(parser: argparse.ArgumentParser, size: int, *, required: bool = True) -> None:
    """Add ``-s SIG`` (standard base64 text of ``size`` bytes, or @FILE)."""
    parser.add_argument(
        "-s",
        "--signature",
        required=required,
        metavar="SIG",
        help=f"the {size}-byte signature as standard base64, or @FILE to read it from FILE",
    )


def add_policy(parser: argparse.ArgumentParser, policies: Sequence[str], explained: str) -> None:
    """Add ``--policy`` with the library's policy names (the first is the default)."""
    parser.add_argument(
        "--policy",
        choices=policies,
        default=policies[0],
        help=f"verification policy (default: {policies[0]}). {explained}",
    )


def add_encoding(parser: argparse.ArgumentParser) -> None:
    """Add ``--encoding`` for printed VRF outputs."""
    parser.add_argument(
        "--encoding",
        choices=ENCODINGS,
        default=ENCODINGS[0],
        help="how to print the 32-byte VRF output (default: hex, 64 lowercase digits)",
    )


def format_output(output: bytes, encoding: str) -> str:
    """Return a VRF output as lowercase hex or standard padded base64."""
    return output.hex() if encoding == "hex" else base64.b64encode(output).decode("ascii")


def reserve_inputs(
    stdin: Stdin,
    *,
    key: str | None = None,
    pubkey: str | None = None,
    signature: str | None = None,
    message: str | None = None,
    message_what: str = "the message",
) -> None:
    """Check that at most one input of a command reads stdin, before reading any of them."""
    stdin.reserve(
        ("the private key", key == "-"),
        ("the public key", pubkey is not None and pubkey == "@-"),
        ("the signature", signature is not None and signature == "@-"),
        (message_what, message is None or message == "-"),
    )


@dataclass(frozen=True, slots=True)
class VerifyInputs:
    """What a whole-message verify command checks: key, signature bytes and message."""

    public_key: PublicKey
    signature: bytes
    message: bytes


def verify_inputs(args: argparse.Namespace, stdin: Stdin, size: int) -> VerifyInputs:
    """Read ``-p``, ``-s`` (``size`` bytes) and the message of a verify command, in that order."""
    reserve_inputs(stdin, pubkey=args.pubkey, signature=args.signature, message=args.file)
    public_key = load_public_key(args.pubkey, stdin)
    signature = decode_signature(args.signature, stdin, size)
    return VerifyInputs(public_key, signature, read_message(args.file, stdin))
