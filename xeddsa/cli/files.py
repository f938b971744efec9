"""``xeddsa sign`` and ``xeddsa verify``: signature files (namespaced, streamed) and ``--raw`` mode.

A signature file (:mod:`xeddsa.signature_file`) signs the SHA-512 of a file, read in chunks, under a
namespace, so memory use stays flat and the signature means nothing to any other protocol.
``--raw`` signs the bytes themselves, whole, as XEdDSA defines it: that signature is valid for any
protocol whose signed bytes are the same, so it is for spec-level work only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from typing import Final

from xeddsa import signature_file
from xeddsa._scheme import POLICIES
from xeddsa.cli._arguments import (
    add_key,
    add_policy,
    add_pubkey,
    add_signature,
    reserve_inputs,
    verify_inputs,
)
from xeddsa.cli._command import VERIFIES, add_command
from xeddsa.cli._io import (
    EXIT_OK,
    Stdin,
    b64,
    escape,
    failed,
    load_private_key,
    load_public_key,
    open_error,
    open_input,
    read_capped,
    read_message,
    usage,
    write_line,
)
from xeddsa.errors import InvalidAllowedSigners, InvalidSignature
from xeddsa.keys import PublicKey
from xeddsa.signature_file import FILE_SUFFIX, AllowedSigners, FileSignature
from xeddsa.sizes import SIGNATURE_SIZE

__all__ = ["register"]

#: Largest allowed-signers file read.
MAX_ALLOWED_SIGNERS: Final = 1 << 20

RAW_RISK = (
    "--raw signs the bytes themselves with the key: if those bytes are also a JWS signing input, "
    "a wice token or another protocol's message, the signature is valid there too. Sign only "
    "bytes you made, for spec-level work; use signature files otherwise."
)


def _check_namespace(namespace: str | None) -> str:
    """Return the -n value, or report a missing or invalid one (exit 2)."""
    if namespace is None:
        usage("-n NAMESPACE is required (for example -n file); --raw signs without one")
    try:
        return signature_file.check_namespace(namespace)
    except ValueError as exc:
        usage(f"invalid namespace: {exc}")


def _write_output(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file renamed over it), or to stdout."""
    if path == "-":
        write_line(text.rstrip("\n"))
        return
    directory = os.path.dirname(path) or "."
    try:
        fd, temporary = tempfile.mkstemp(prefix=".xsig-", dir=directory)
    except OSError as exc:
        usage(f"cannot write {path!r}: {exc.strerror or exc}")
    try:
        with os.fdopen(fd, "w", encoding="ascii" if text.isascii() else "utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        usage(f"cannot write {path!r}: {exc.strerror or exc}")


def _sign(args: argparse.Namespace, stdin: Stdin) -> int:
    """Write the signature file of FILE, or with --raw print the bare XEdDSA signature."""
    if args.raw:
        return _sign_raw(args, stdin)
    if args.file is None:
        usage("FILE is required (- for stdin)")
    namespace = _check_namespace(args.namespace)
    try:
        comment = signature_file.check_comment(args.comment)
    except ValueError as exc:
        usage(f"invalid comment: {exc}")
    output = args.output or ("-" if args.file == "-" else args.file + FILE_SUFFIX)
    reserve_inputs(stdin, key=args.key, message=args.file, message_what="the file")
    with (
        load_private_key(args.key, stdin) as key,
        open_input(args.file, stdin, "the file") as stream,
    ):
        signature = signature_file.sign_stream(key, stream, namespace=namespace, comment=comment)
    _write_output(output, signature.to_text())
    return EXIT_OK


def _sign_raw(args: argparse.Namespace, stdin: Stdin) -> int:
    """Print the base64 XEdDSA signature of the whole message (spec-level raw mode)."""
    for option, value in (("-n", args.namespace), ("-c", args.comment), ("-o", args.output)):
        if value is not None:
            usage(f"{option} applies to signature files, not to --raw")
    reserve_inputs(stdin, key=args.key, message=args.file)
    with load_private_key(args.key, stdin) as key:
        message = read_message(args.file, stdin)
        write_line(b64(key.sign(message)))
    return EXIT_OK


def _read_signature_file(path: str, stdin: Stdin) -> FileSignature:
    """Read and parse a signature file (at most MAX_SIGNATURE_FILE_SIZE + 1 bytes)."""
    limit = signature_file.MAX_SIGNATURE_FILE_SIZE
    with open_input(path, stdin, "the signature file") as stream:
        data = read_capped(stream, limit, f"signature file {path!r}", status=1)
    try:
        return FileSignature.from_text(data)
    except InvalidSignature as exc:
        failed(f"{path}: {exc}")


def _read_allowed_signers(path: str) -> AllowedSigners:
    """Read and parse an allowed-signers file (a malformed one is a usage error)."""
    try:
        with open(path, "rb") as stream:
            data = read_capped(stream, MAX_ALLOWED_SIGNERS, f"allowed-signers file {path!r}")
    except OSError as exc:
        open_error(path, exc)
    try:
        return AllowedSigners.from_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        usage(f"allowed-signers file {path!r} is not UTF-8 text")
    except InvalidAllowedSigners as exc:
        usage(f"allowed-signers file {path!r}: {exc}")


def _verify(args: argparse.Namespace, stdin: Stdin) -> int:
    """Verify FILE against its signature file, or with --raw a bare XEdDSA signature."""
    if args.raw:
        return _verify_raw(args, stdin)
    if args.signature is not None:
        usage("-s applies to --raw; a signature file is the second positional argument")
    if args.policy != POLICIES[0]:
        usage("--policy applies to --raw; signature files are verified with the strict policy")
    if (args.pubkey is None) == (args.allowed_signers is None):
        usage("give exactly one of -p PUBKEY and -P ALLOWED_SIGNERS")
    if args.file is None:
        usage("FILE is required (- for stdin)")
    namespace = _check_namespace(args.namespace)
    sig_path = args.sigfile or (None if args.file == "-" else args.file + FILE_SUFFIX)
    if sig_path is None:
        usage("SIGFILE is required when FILE is read from stdin")
    reserve_inputs(stdin, pubkey=args.pubkey, message=args.file, message_what="the file")
    stdin.reserve(("the signature file", sig_path == "-"))
    name = ""
    if args.pubkey is not None:
        public_key: PublicKey = load_public_key(args.pubkey, stdin)
        signature = _read_signature_file(sig_path, stdin)
    else:
        allowed = _read_allowed_signers(args.allowed_signers)
        signature = _read_signature_file(sig_path, stdin)
        try:
            signer = allowed.signer_for(signature, namespace)
        except InvalidSignature as exc:
            failed(f"{sig_path}: {exc}")
        public_key, name = signer.public_key, signer.name + " "
    try:
        with open_input(args.file, stdin, "the file") as stream:
            signature_file.verify_stream(
                signature, stream, public_key=public_key, namespace=namespace
            )
    except InvalidSignature as exc:
        failed(f"{sig_path}: {exc}")
    if args.verbose:
        write_line(escape(f"Good signature from {name}{public_key.to_wireguard()} ({namespace})"))
        if signature.comment is not None:
            write_line(f"Trusted comment: {escape(signature.comment)}")
    return EXIT_OK


def _verify_raw(args: argparse.Namespace, stdin: Stdin) -> int:
    """Exit 0 if SIG is a valid XEdDSA signature of the whole message under PUBKEY, else 1."""
    for option, value in (
        ("-n", args.namespace),
        ("-P", args.allowed_signers),
        ("SIGFILE", args.sigfile),
    ):
        if value is not None:
            usage(f"{option} applies to signature files, not to --raw")
    if args.pubkey is None or args.signature is None:
        usage("--raw needs -p PUBKEY and -s SIG")
    inputs = verify_inputs(args, stdin, SIGNATURE_SIZE)
    try:
        inputs.public_key.verify(inputs.signature, inputs.message, policy=args.policy)
    except InvalidSignature as exc:
        failed(f"invalid signature: {exc}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sign`` and ``verify`` to the ``xeddsa`` parser."""
    p = add_command(
        sub,
        "sign",
        summary="sign a file: write FILE.xsig (namespaced; --raw: bare signature)",
        description="Write a signature file for FILE: the key signs the namespace, the SHA-512 of "
        "FILE (read in chunks: memory use does not grow with the file) and the optional trusted "
        "comment. The output is FILE.xsig unless -o says otherwise (-o - for stdout). The "
        "namespace names what the signature is for, so that it is never valid for another use "
        f"of the key.\n\n{RAW_RISK}",
        examples=[
            ("xeddsa sign -k private.key -n file release.tar.gz", "writes release.tar.gz.xsig"),
            ("xeddsa sign -k private.key -n file -c 'v1.2' -o - notes.txt", "to stdout"),
        ],
        handler=_sign,
    )
    add_key(p)
    p.add_argument("-n", "--namespace", help="what the signature is for (e.g. file, backup)")
    p.add_argument("-c", "--comment", help="trusted comment, signed with the file (one line)")
    p.add_argument("-o", "--output", metavar="SIGFILE", help="where to write (default FILE.xsig)")
    p.add_argument(
        "--raw",
        action="store_true",
        help="print the bare 64-byte XEdDSA signature of the whole FILE (read into memory); "
        "valid for any protocol that signs the same bytes (see above)",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="the file to sign (- for stdin)")

    p = add_command(
        sub,
        "verify",
        summary="verify a signature file (--raw: a bare XEdDSA signature)",
        description="Exit 0 if SIGFILE (default FILE.xsig) is a valid signature of FILE for "
        "NAMESPACE by PUBKEY, or by a key that ALLOWED_SIGNERS permits for NAMESPACE; otherwise "
        "print one line on stderr and exit 1. -v prints 'Good signature from KEY (NAMESPACE)' "
        "and the trusted comment. ALLOWED_SIGNERS has one 'NAME PUBKEY NAMESPACES' line per "
        "signer (NAMESPACES comma-separated, or *).\n\n"
        "With --raw: exit 0 if SIG is a valid XEdDSA signature of the whole FILE (read into "
        "memory) under PUBKEY.",
        examples=[
            ("xeddsa verify -p @public.key -n file release.tar.gz", "checks release.tar.gz.xsig"),
            ("xeddsa verify -P allowed_signers -n file -v notes.txt notes.sig", "names the signer"),
        ],
        status=VERIFIES,
        handler=_verify,
    )
    add_pubkey(p, required=False)
    p.add_argument(
        "-P",
        "--allowed-signers",
        metavar="ALLOWED_SIGNERS",
        help="file of trusted signers and their namespaces (instead of -p)",
    )
    p.add_argument("-n", "--namespace", help="the namespace the signature must be for")
    p.add_argument("-v", "--verbose", action="store_true", help="print who signed on success")
    p.add_argument("--raw", action="store_true", help="verify a bare XEdDSA signature (-s)")
    add_signature(p, SIGNATURE_SIZE, required=False)
    add_policy(
        p,
        POLICIES,
        "With --raw only. strict: s < q and no small-order R; spec: the literal rev 1 "
        "checks (malleable, for conformance tests); libsignal: also accept libsignal's legacy "
        "format (sign bit in the top bit of s)",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="the signed file (- for stdin)")
    p.add_argument(
        "sigfile", nargs="?", metavar="SIGFILE", help="the signature file (default FILE.xsig)"
    )
