"""``xeddsa vrf prove`` and ``xeddsa vrf verify``: VXEdDSA signatures and their VRF output."""

from __future__ import annotations

import argparse

from xeddsa import vxeddsa
from xeddsa.cli._arguments import (
    add_encoding,
    add_key,
    add_message,
    add_policy,
    add_pubkey,
    add_signature,
    format_output,
    reserve_inputs,
    verify_inputs,
)
from xeddsa.cli._command import VERIFIES, add_command
from xeddsa.cli._io import (
    EXIT_OK,
    Stdin,
    b64,
    failed,
    load_private_key,
    read_message,
    write_line,
)
from xeddsa.errors import InvalidSignature
from xeddsa.sizes import VRF_OUTPUT_SIZE, VXEDDSA_SIGNATURE_SIZE
from xeddsa.vxeddsa._scheme import VX_POLICIES

__all__ = ["register"]


def _prove(args: argparse.Namespace, stdin: Stdin) -> int:
    """Print the base64 VXEdDSA signature (V || h || s) of the message."""
    reserve_inputs(stdin, key=args.key, message=args.file)
    with load_private_key(args.key, stdin) as key:
        message = read_message(args.file, stdin)
        write_line(b64(vxeddsa.sign(key, message)))
    return EXIT_OK


def _verify(args: argparse.Namespace, stdin: Stdin) -> int:
    """Verify a VXEdDSA signature and print its VRF output; exit 1 if it is invalid."""
    inputs = verify_inputs(args, stdin, VXEDDSA_SIGNATURE_SIZE)
    try:
        output = vxeddsa.verify(
            inputs.public_key, inputs.signature, inputs.message, policy=args.policy
        )
    except InvalidSignature as exc:
        failed(f"invalid signature: {exc}")
    write_line(format_output(output, args.encoding))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``vrf prove`` and ``vrf verify`` to the ``xeddsa`` parser."""
    group = add_command(
        sub,
        "vrf",
        summary="VXEdDSA: signatures with a verifiable random function output",
        description=f"VXEdDSA signatures ({VXEDDSA_SIGNATURE_SIZE} bytes) whose verification "
        f"yields a {VRF_OUTPUT_SIZE}-byte value unique to the key and the message.",
    )
    vrf_sub = group.add_subparsers(dest="vrf_command", metavar="COMMAND", required=True)
    p = add_command(
        vrf_sub,
        "prove",
        summary="print the VXEdDSA signature of a file or stdin",
        description=f"Print the {VXEDDSA_SIGNATURE_SIZE}-byte VXEdDSA signature (V || h || s) "
        "of FILE (or stdin) as standard base64 and a newline. The message is read whole into "
        "memory: VXEdDSA hashes it twice.",
        examples=[("xeddsa vrf prove -k private.key draw-7.txt > draw-7.vrf", "the proof")],
        handler=_prove,
    )
    add_key(p)
    add_message(p)
    p = add_command(
        vrf_sub,
        "verify",
        summary="verify a VXEdDSA signature and print the VRF output",
        description="If SIG is a valid VXEdDSA signature of FILE (or stdin) under PUBKEY, print "
        f"the {VRF_OUTPUT_SIZE}-byte VRF output and exit 0; otherwise print one line on stderr "
        "and exit 1. The message is read whole into memory.",
        examples=[
            ("xeddsa vrf verify -p @public.key -s @draw-7.vrf draw-7.txt", "prints 64 hex digits"),
        ],
        status=VERIFIES,
        handler=_verify,
    )
    add_pubkey(p)
    add_signature(p, VXEDDSA_SIGNATURE_SIZE)
    add_policy(p, VX_POLICIES, "spec: the literal rev 1 checks, for conformance tests")
    add_encoding(p)
    add_message(p)
