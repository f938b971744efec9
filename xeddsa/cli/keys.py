"""``xeddsa genkey`` and ``xeddsa pubkey``: WireGuard keys, byte for byte as ``wg`` prints them."""

from __future__ import annotations

import argparse

from xeddsa.cli._command import add_command
from xeddsa.cli._io import EXIT_OK, Stdin, load_private_key, warn_if_stdout_exposed, write_line
from xeddsa.keys import PrivateKey

__all__ = ["register"]


def _genkey(args: argparse.Namespace, stdin: Stdin) -> int:
    """Print a new private key (clamped, base64, newline) as `wg genkey` does."""
    warn_if_stdout_exposed("the output file")
    with PrivateKey.generate() as key:
        write_line(key.to_wireguard())
    return EXIT_OK


def _pubkey(args: argparse.Namespace, stdin: Stdin) -> int:
    """Read a private key on stdin and print its public key as `wg pubkey` does."""
    with load_private_key("-", stdin) as key:
        write_line(key.public_key().to_wireguard())
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``genkey`` and ``pubkey`` to the ``xeddsa`` parser."""
    add_command(
        sub,
        "genkey",
        summary="print a new private key (as `wg genkey`)",
        description="Print a new random private key as `wg genkey` does: 32 bytes, clamped, "
        "standard base64 and a newline. Warns if stdout is a file that group or others can "
        "access (run `umask 077` first).",
        examples=[("umask 077; xeddsa genkey > private.key", "a new key, readable by you only")],
        handler=_genkey,
    )
    add_command(
        sub,
        "pubkey",
        summary="read a private key on stdin, print its public key (as `wg pubkey`)",
        description="Read a private key (base64, as `wg genkey` prints it) on stdin and print "
        "its X25519 public key as `wg pubkey` does. Unclamped keys are clamped first, as "
        "WireGuard does.",
        examples=[("xeddsa pubkey < private.key > public.key", "the key to give to verifiers")],
        handler=_pubkey,
    )
