"""The ``xeddsa`` command line: WireGuard-compatible keys, XEdDSA and VXEdDSA signatures, JWS.

Subcommands::

    xeddsa genkey                          private key to stdout, as `wg genkey` prints it
    xeddsa pubkey                          private key on stdin -> public key, as `wg pubkey`
    xeddsa sign   -k KEYFILE [FILE]        base64 XEdDSA signature of FILE (or stdin)
    xeddsa verify -p PUBKEY -s SIG [FILE]  exit 0 if SIG is valid for FILE (or stdin)
    xeddsa vrf prove  -k KEYFILE [FILE]    base64 VXEdDSA signature (96 bytes)
    xeddsa vrf verify -p PUBKEY -s SIG [FILE]  the 32-byte VRF output, hex (or --encoding base64)
    xeddsa jws sign   -k KEYFILE [FILE]    compact JWS (alg XEd25519 or VXEd25519)
    xeddsa jws verify -p PUBKEY [TOKEN]    the verified payload (or the VRF output)

Exit status: 0 success; 1 the signature (or JWS) did not verify, including a malformed one;
2 usage, input or environment error (unreadable file, invalid key, missing backend or extra).
Messages are read whole into memory: see :data:`MESSAGE_NOTE`.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import errno
import importlib
import os
import stat
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import BinaryIO, Final, NoReturn

import xeddsa
from xeddsa.errors import BackendUnavailable, InvalidKey, InvalidSignature, XEdDSAError
from xeddsa.keys import PrivateKey, PublicKey

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "MESSAGE_NOTE", "build_parser", "main"]

#: The command succeeded (for ``verify``: the signature is valid).
EXIT_OK: Final = 0
#: The signature or JWS did not verify (including malformed, wrong-length or non-base64 ones).
EXIT_FAILED: Final = 1
#: Usage, input or environment error: bad arguments, unreadable file, invalid key, no backend.
EXIT_USAGE: Final = 2

#: Longest key file read: a WireGuard key is 44 characters; more is refused, never echoed.
_MAX_KEY_FILE: Final = 1024
#: Longest signature or JWS token text read from a file or argument (in characters).
_MAX_SIGNATURE_TEXT: Final = 1024
_MAX_TOKEN_TEXT: Final = 1 << 24

#: Why every command reads its input whole into memory (shown in ``--help`` and the docs).
MESSAGE_NOTE: Final = (
    "The message is read whole into memory (memory use = message size). XEdDSA cannot sign in "
    "one streaming pass: it hashes the message twice, r = hash_1(a || M || Z) and then "
    "h = SHA-512(R || A || M), where R depends on the first hash, and libsodium's verifier takes "
    "the message as one buffer. Two passes over a file would sign whatever the file holds at the "
    "second pass, so the command reads it once and signs exactly the bytes it read."
)

_EPILOG: Final = (
    "exit status:\n"
    "  0  success (verify: the signature is valid)\n"
    "  1  the signature or JWS did not verify (including malformed or wrong-length ones)\n"
    "  2  usage, input or environment error (bad arguments, unreadable file, invalid key,\n"
    "     missing backend or extra)\n"
    "\n"
    "keys are WireGuard base64 text: `wg genkey` output works as a KEYFILE and `wg pubkey`\n"
    "output as a PUBKEY. PUBKEY and SIG are base64 text on the command line, or @FILE to read\n"
    "the text from FILE (@- for stdin). The backend is chosen by --backend or XEDDSA_BACKEND.\n"
)


class _CliError(Exception):
    """A failure reported as one line on stderr with an exit status; never a traceback."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _usage(message: str) -> NoReturn:
    """Raise a usage/input error (exit status 2)."""
    raise _CliError(EXIT_USAGE, message)


def _one_line(text: str) -> str:
    """Collapse ``text`` to one line so that every error is exactly one line on stderr."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Reading inputs


class _Stdin:
    """Tracks which argument consumes stdin, so that two inputs never both read it."""

    def __init__(self) -> None:
        self.owner: str | None = None

    def reserve(self, *uses: tuple[str, bool]) -> None:
        """Record which input (``what``, ``reads_stdin``) reads stdin before anything is read; a
        second one is a usage error."""
        for what, reads_stdin in uses:
            if not reads_stdin:
                continue
            if self.owner is not None and self.owner != what:
                _usage(f"{what} and {self.owner} cannot both be read from stdin")
            self.owner = what

    def claim(self, what: str) -> BinaryIO:
        """Return stdin's binary stream for ``what``; another claimant is a usage error."""
        self.reserve((what, True))
        if sys.stdin is None:
            raise OSError(errno.EBADF, "standard input is closed")
        return sys.stdin.buffer


def _open_error(path: str, exc: OSError) -> NoReturn:
    """Report an unreadable file by path and OS reason (never its contents)."""
    _usage(f"cannot read {path!r}: {exc.strerror or exc}")


def _read_message(path: str | None, stdin: _Stdin, what: str = "the message") -> bytes:
    """Return the whole message from ``path`` or, for ``None`` or ``-``, from stdin."""
    if path is None or path == "-":
        return stdin.claim(what).read()
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        _open_error(path, exc)


def _read_limited(f: BinaryIO, limit: int, what: str) -> bytes:
    """Return at most ``limit`` bytes of ``f``; longer input is an error that does not echo it."""
    data = f.read(limit + 1)
    if len(data) > limit:
        _usage(f"{what} is longer than {limit} bytes; it cannot be a single key or signature")
    return data


def _warn_if_exposed(fd: int, what: str) -> None:
    """Warn on stderr if ``fd`` is a regular file that group or others may read or write."""
    try:
        st = os.fstat(fd)
    except OSError:  # pragma: no cover - fstat on an open descriptor does not fail in practice
        return
    if stat.S_ISREG(st.st_mode) and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        mode = stat.S_IMODE(st.st_mode)
        print(
            f"xeddsa: warning: {what} is accessible by group or others (mode {mode:04o}); "
            "consider chmod 600",
            file=sys.stderr,
        )


def _load_private_key(path: str, stdin: _Stdin) -> PrivateKey:
    """Load a WireGuard private key file (``-`` for stdin), warning if group/world accessible."""
    what = "private key on stdin" if path == "-" else f"private key file {path!r}"
    if path == "-":
        stream = stdin.claim("the private key")
        _warn_if_exposed(stream.fileno(), what)
        data = _read_limited(stream, _MAX_KEY_FILE, what)
    else:
        try:
            with open(path, "rb") as f:
                _warn_if_exposed(f.fileno(), what)
                data = _read_limited(f, _MAX_KEY_FILE, what)
        except OSError as exc:
            _open_error(path, exc)
    try:
        return PrivateKey.from_wireguard(data)
    except InvalidKey as exc:  # the message never echoes the key text
        _usage(f"invalid {what}: {exc}")


def _text_argument(value: str, what: str, limit: int, stdin: _Stdin) -> str:
    """Return the text of an argument: the value itself, or the contents of @FILE (@- stdin)."""
    if not value.startswith("@"):
        return value.strip()
    path = value[1:]
    if path == "-":
        data = _read_limited(stdin.claim(what), limit, what)
    else:
        try:
            with open(path, "rb") as f:
                data = _read_limited(f, limit, f"{what} file {path!r}")
        except OSError as exc:
            _open_error(path, exc)
    try:
        return data.decode("ascii").strip()
    except UnicodeDecodeError:
        return "\ufffd"  # not base64: the decoder below reports it without echoing the bytes


def _load_public_key(value: str, stdin: _Stdin) -> PublicKey:
    """Import PUBKEY (base64 as `wg pubkey` prints it, or @FILE) with the strict checks."""
    text = _text_argument(value, "the public key", _MAX_KEY_FILE, stdin)
    try:
        return PublicKey.from_wireguard(text)
    except InvalidKey as exc:
        hint = ""
        if not value.startswith("@") and os.path.exists(value):
            hint = f" (to read the key from the file, write @{value})"
        reason = str(exc).removeprefix("invalid public key: ")  # no doubled prefix
        _usage(f"invalid public key: {reason}{hint}")


def _decode_signature(value: str, stdin: _Stdin) -> bytes:
    """Decode SIG (standard padded base64, or @FILE); malformed text is a failed verification."""
    text = _text_argument(value, "the signature", _MAX_SIGNATURE_TEXT, stdin)
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        decoded = None
    if decoded is None or base64.b64encode(decoded).decode("ascii") != text:
        hint = ""
        if not value.startswith("@") and os.path.exists(value):
            hint = f" (to read the signature from the file, write @{value})"
        raise _CliError(EXIT_FAILED, f"invalid signature: not canonical standard base64 text{hint}")
    return decoded


def _message_uses_stdin(path: str | None) -> bool:
    """Return whether the positional input reads stdin (omitted or ``-``)."""
    return path is None or path == "-"


def _reserve_inputs(
    stdin: _Stdin,
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
        ("the public key", pubkey == "@-"),
        ("the signature", signature == "@-"),
        (message_what, _message_uses_stdin(message)),
    )


def _b64(data: bytes) -> str:
    """Return standard padded base64 text, as `wg` prints keys."""
    return base64.b64encode(data).decode("ascii")


def _write_line(text: str) -> None:
    """Write ``text`` and a newline to stdout; a closed stdout is an I/O error (exit 2)."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------------
# Subcommands


def _cmd_genkey(args: argparse.Namespace, stdin: _Stdin) -> int:
    """Print a new private key (clamped, base64, newline) as `wg genkey` does."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    _warn_if_exposed(sys.stdout.fileno(), "the output file")
    with PrivateKey.generate() as key:
        _write_line(key.to_wireguard())
    return EXIT_OK


def _cmd_pubkey(args: argparse.Namespace, stdin: _Stdin) -> int:
    """Read a private key on stdin and print its public key as `wg pubkey` does."""
    with _load_private_key("-", stdin) as key:
        _write_line(key.public_key().to_wireguard())
    return EXIT_OK


def _cmd_sign(args: argparse.Namespace, stdin: _Stdin) -> int:
    """Print the base64 XEdDSA signature (64 bytes) of the message."""
    key_path: str = args.key
    message_path: str | None = args.file
    _reserve_inputs(stdin, key=key_path, message=message_path)
    with _load_private_key(key_path, stdin) as key:
        message = _read_message(message_path, stdin)
        _write_line(_b64(key.sign(message)))
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace, stdin: _Stdin) -> int:
    """Exit 0 if SIG is a valid XEdDSA signature of the message under PUBKEY, else 1."""
    _reserve_inputs(stdin, pubkey=args.pubkey, signature=args.signature, message=args.file)
    public_key = _load_public_key(args.pubkey, stdin)
    signature = _decode_signature(args.signature, stdin)
    message = _read_message(args.file, stdin)
    try:
        public_key.verify(signature, message, policy=args.policy)
    except InvalidSignature as exc:
        raise _CliError(EXIT_FAILED, f"invalid signature: {exc}") from None
    return EXIT_OK


def _import_optional(name: str, what: str, install: str) -> ModuleType:
    """Import an optional module, or report a usage error naming what to install."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        _usage(f"{what} is not available ({_one_line(str(exc))}); {install}")


def _vxeddsa() -> ModuleType:
    """Return :mod:`xeddsa.vxeddsa`, or report that this build lacks it."""
    return _import_optional(
        "xeddsa.vxeddsa", "VXEdDSA (xeddsa.vxeddsa)", "upgrade xeddsa to a release with VXEdDSA"
    )


def _cmd_vrf_prove(args: argparse.Namespace, stdin: _Stdin) -> int:
    """Print the base64 VXEdDSA signature (96 bytes, V || h || s) of the message."""
    vxeddsa = _vxeddsa()
    _reserve_inputs(stdin, key=args.key, message=args.file)
    with _load_private_key(args.key, stdin) as key:
        message = _read_message(args.file, stdin)
        signature: bytes = vxeddsa.sign(key, message)
        _write_line(_b64(signature))
    return EXIT_OK


def _format_vrf_output(output: bytes, encoding: str) -> str:
    """Return the VRF output as lowercase hex (default) or standard padded base64."""
    return output.hex() if encoding == "hex" else _b64(output)


def _cmd_vrf_verify(args: argparse.Namespace, stdin: _Stdin) -> int:
    """Verify a VXEdDSA signature and print its 32-byte VRF output; exit 1 if it is invalid."""
    vxeddsa = _vxeddsa()
    _reserve_inputs(stdin, pubkey=args.pubkey, signature=args.signature, message=args.file)
    public_key = _load_public_key(args.pubkey, stdin)
    signature = _decode_signature(args.signature, stdin)
    message = _read_message(args.file, stdin)
    try:
        output: bytes = vxeddsa.verify(public_key, signature, message, policy=args.policy)
    except InvalidSignature as exc:
        raise _CliError(EXIT_FAILED, f"invalid signature: {exc}") from None
    _write_line(_format_vrf_output(output, args.encoding))
    return EXIT_OK


def _jose() -> tuple[ModuleType, ModuleType]:
    """Return (:mod:`xeddsa.jose`, :mod:`joserfc.jws`), or report that the jose extra is missing."""
    install = "install the jose extra: pip install 'xeddsa[jose]'"
    jose = _import_optional("xeddsa.jose", "JWS support (xeddsa.jose, joserfc)", install)
    jws = _import_optional("joserfc.jws", "JWS support (joserfc)", install)
    return jose, jws


def _cmd_jws_sign(args: argparse.Namespace, stdin: _Stdin) -> int:
    """Print a compact JWS of the payload with protected header {"alg": ALG} (and "kid")."""
    jose, jws = _jose()
    alg: str = args.alg
    header: dict[str, str] = {"alg": alg}
    if args.kid is not None:
        header["kid"] = args.kid
    _reserve_inputs(stdin, key=args.key, message=args.file, message_what="the payload")
    with _load_private_key(args.key, stdin) as key:
        payload = _read_message(args.file, stdin, "the payload")
        token: str = jws.serialize_compact(
            header,
            payload,
            jose.okp_key(key),
            algorithms=[alg],
            registry=jose.isolated_registry([alg]),
        )
    _write_line(token)
    return EXIT_OK


def _cmd_jws_verify(args: argparse.Namespace, stdin: _Stdin) -> int:
    """Verify a compact JWS strictly and print its payload (or, for VXEd25519, its VRF output)."""
    jose, jws = _jose()
    from joserfc.errors import JoseError

    alg: str = args.alg
    if args.output == "vrf" and alg != "VXEd25519":
        _usage("--output vrf needs --alg VXEd25519")
    _reserve_inputs(stdin, pubkey=args.pubkey, message=args.token, message_what="the JWS")
    public_key = _load_public_key(args.pubkey, stdin)
    raw = _read_message(args.token, stdin, "the JWS")
    if len(raw) > _MAX_TOKEN_TEXT:
        raise _CliError(EXIT_FAILED, f"invalid JWS: longer than {_MAX_TOKEN_TEXT} bytes")
    try:
        token = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        raise _CliError(EXIT_FAILED, "invalid JWS: not ASCII text") from None
    try:
        if alg == "VXEd25519":
            result = jose.verify_vxed25519(token, public_key)
            payload: bytes = result.payload
            vrf_output: bytes = result.vrf_output
        else:
            compact = jws.deserialize_compact(
                token,
                jose.okp_key(public_key),
                algorithms=[alg],
                registry=jose.isolated_registry([alg]),
            )
            payload = compact.payload
            vrf_output = b""
    except (InvalidSignature, JoseError) as exc:
        raise _CliError(EXIT_FAILED, f"invalid JWS: {_jose_reason(exc)}") from None
    if args.output == "vrf":
        _write_line(_format_vrf_output(vrf_output, args.encoding))
    elif args.output == "payload":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    return EXIT_OK


def _jose_reason(exc: Exception) -> str:
    """Return a one-line reason for a JWS failure (joserfc errors carry ``description``)."""
    description = getattr(exc, "description", None)
    error = getattr(exc, "error", None)
    if isinstance(description, str) and description:
        return description
    if isinstance(error, str) and error:
        return error.replace("_", " ")
    return str(exc) or type(exc).__name__


# ---------------------------------------------------------------------------------------------
# Parser


def _add_key(parser: argparse.ArgumentParser) -> None:
    """Add ``-k KEYFILE`` (a `wg genkey` file; ``-`` reads it from stdin)."""
    parser.add_argument(
        "-k",
        "--key",
        required=True,
        metavar="KEYFILE",
        help="private key file as `wg genkey` writes it (- for stdin); a warning is printed "
        "if group or others can access it",
    )


def _add_file(parser: argparse.ArgumentParser, name: str = "file", what: str = "message") -> None:
    """Add the optional positional input (stdin when omitted or ``-``)."""
    parser.add_argument(
        name,
        nargs="?",
        metavar=name.upper(),
        help=f"the {what} (default: stdin); read whole into memory",
    )


def _add_pubkey(parser: argparse.ArgumentParser) -> None:
    """Add ``-p PUBKEY`` (base64 text, or @FILE)."""
    parser.add_argument(
        "-p",
        "--pubkey",
        required=True,
        metavar="PUBKEY",
        help="signer's public key as `wg pubkey` prints it, or @FILE to read it from FILE",
    )


def _add_signature(parser: argparse.ArgumentParser, size: int) -> None:
    """Add ``-s SIG`` (standard base64 text, or @FILE)."""
    parser.add_argument(
        "-s",
        "--signature",
        required=True,
        metavar="SIG",
        help=f"the signature ({size} bytes) as standard base64, or @FILE to read it from FILE",
    )


def _add_encoding(parser: argparse.ArgumentParser) -> None:
    """Add ``--encoding hex|base64`` for printed VRF outputs."""
    parser.add_argument(
        "--encoding",
        choices=("hex", "base64"),
        default="hex",
        help="how to print the 32-byte VRF output (default: hex, 64 lowercase digits)",
    )


def _formatter(prog: str) -> argparse.HelpFormatter:
    """Keep the line breaks of descriptions and epilogs."""
    return argparse.RawDescriptionHelpFormatter(prog, width=100)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``xeddsa`` command (used by main and the docs)."""
    parser = argparse.ArgumentParser(
        prog="xeddsa",
        description="Sign and verify with X25519 / WireGuard keys: XEdDSA and VXEdDSA "
        "(Signal, revision 1), and JWS with the XEd25519 / VXEd25519 algorithms.",
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"xeddsa {xeddsa.__version__}")
    parser.add_argument(
        "--backend",
        choices=("sodium", "pure"),
        help="curve backend (default: XEDDSA_BACKEND, else sodium); 'pure' is not constant "
        "time and is for testing and interop only",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "genkey",
        help="print a new private key (as `wg genkey`)",
        description="Print a new random private key as `wg genkey` does: 32 bytes, clamped, "
        "standard base64 and a newline. Warns if stdout is a file that group or others can "
        "access (run `umask 077` first).",
        formatter_class=_formatter,
    )
    p.set_defaults(handler=_cmd_genkey)

    p = sub.add_parser(
        "pubkey",
        help="read a private key on stdin, print its public key (as `wg pubkey`)",
        description="Read a private key (base64, as `wg genkey` prints it) on stdin and print "
        "its X25519 public key as `wg pubkey` does. Unclamped keys are clamped first, as "
        "WireGuard does.",
        formatter_class=_formatter,
    )
    p.set_defaults(handler=_cmd_pubkey)

    p = sub.add_parser(
        "sign",
        help="print the XEdDSA signature of a file or stdin",
        description="Print the 64-byte XEdDSA signature of FILE (or stdin) as standard base64 "
        "and a newline. Signatures are randomized (fresh 64-byte Z per call).\n\n" + MESSAGE_NOTE,
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    _add_key(p)
    _add_file(p)
    p.set_defaults(handler=_cmd_sign)

    p = sub.add_parser(
        "verify",
        help="verify an XEdDSA signature (exit 0 valid, 1 invalid)",
        description="Exit 0 if SIG is a valid XEdDSA signature of FILE (or stdin) under PUBKEY; "
        "otherwise print one line on stderr and exit 1. Prints nothing on success.\n\n"
        + MESSAGE_NOTE,
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    _add_pubkey(p)
    _add_signature(p, 64)
    p.add_argument(
        "--policy",
        choices=("strict", "spec", "libsignal"),
        default="strict",
        help="verification policy (default: strict). strict: s < q and no small-order R; "
        "spec: the literal rev 1 checks (malleable, for conformance tests only); libsignal: "
        "also accept libsignal's legacy format (sign bit in the top bit of s)",
    )
    _add_file(p)
    p.set_defaults(handler=_cmd_verify)

    vrf = sub.add_parser(
        "vrf",
        help="VXEdDSA: signatures with a verifiable random function output",
        description="VXEdDSA signatures (96 bytes). `vrf verify` prints the VRF output, a "
        "32-byte value unique to the key and message, only if the signature is valid.",
        formatter_class=_formatter,
    )
    vrf_sub = vrf.add_subparsers(dest="vrf_command", metavar="COMMAND", required=True)
    p = vrf_sub.add_parser(
        "prove",
        help="print the VXEdDSA signature of a file or stdin",
        description="Print the 96-byte VXEdDSA signature (V || h || s) of FILE (or stdin) as "
        "standard base64 and a newline.\n\n" + MESSAGE_NOTE,
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    _add_key(p)
    _add_file(p)
    p.set_defaults(handler=_cmd_vrf_prove)
    p = vrf_sub.add_parser(
        "verify",
        help="verify a VXEdDSA signature and print the VRF output",
        description="If SIG is a valid VXEdDSA signature of FILE (or stdin) under PUBKEY, print "
        "the 32-byte VRF output (hex by default) and exit 0; otherwise print one line on stderr "
        "and exit 1.\n\n" + MESSAGE_NOTE,
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    _add_pubkey(p)
    _add_signature(p, 96)
    p.add_argument(
        "--policy",
        choices=("strict", "spec"),
        default="strict",
        help="verification policy (default: strict); 'libsignal' applies to XEdDSA only",
    )
    _add_encoding(p)
    _add_file(p)
    p.set_defaults(handler=_cmd_vrf_verify)

    jws = sub.add_parser(
        "jws",
        help="JWS with the XEd25519 / VXEd25519 algorithms (needs xeddsa[jose])",
        description="Compact JWS signed with an X25519 key (needs the jose extra: joserfc). "
        "Verification always uses the strict policy.",
        formatter_class=_formatter,
    )
    jws_sub = jws.add_subparsers(dest="jws_command", metavar="COMMAND", required=True)
    p = jws_sub.add_parser(
        "sign",
        help="print a compact JWS of a file or stdin",
        description="Print a compact JWS whose payload is FILE (or stdin) and whose protected "
        'header is exactly {"alg":ALG} (plus "kid" if given).\n\n' + MESSAGE_NOTE,
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    _add_key(p)
    p.add_argument(
        "--alg",
        choices=("XEd25519", "VXEd25519"),
        default="XEd25519",
        help="JWS algorithm (default: XEd25519)",
    )
    p.add_argument("--kid", help="key ID to put in the protected header")
    _add_file(p, what="payload")
    p.set_defaults(handler=_cmd_jws_sign)
    p = jws_sub.add_parser(
        "verify",
        help="verify a compact JWS and print its payload",
        description="Verify the compact JWS in TOKEN (or stdin) under PUBKEY with the strict "
        "policy. The protected header's alg must equal --alg. On success write the payload "
        "(raw bytes, no newline added) to stdout, or with --output vrf the VRF output of a "
        "VXEd25519 JWS; otherwise print one line on stderr and exit 1. The VRF output is "
        "unique per key and exact signing input: a different protected header gives a "
        "different output. JWT claims are not checked.",
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    _add_pubkey(p)
    p.add_argument(
        "--alg",
        choices=("XEd25519", "VXEd25519"),
        default="XEd25519",
        help="the only algorithm accepted (default: XEd25519)",
    )
    p.add_argument(
        "--output",
        choices=("payload", "vrf", "none"),
        default="payload",
        help="what to print on success (default: payload; vrf needs --alg VXEd25519)",
    )
    _add_encoding(p)
    _add_file(p, name="token", what="compact JWS")
    p.set_defaults(handler=_cmd_jws_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``xeddsa`` command on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = " ".join(
        part
        for part in (
            args.command,
            getattr(args, "vrf_command", None),
            getattr(args, "jws_command", None),
        )
        if part
    )
    try:
        if args.backend is not None:
            xeddsa.use_backend(args.backend)
        status: int = args.handler(args, _Stdin())
        return status
    except _CliError as exc:
        print(f"xeddsa {command}: {_one_line(exc.message)}", file=sys.stderr)
        return exc.status
    except BackendUnavailable as exc:
        print(f"xeddsa {command}: backend unavailable: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidKey as exc:
        print(f"xeddsa {command}: invalid key: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except XEdDSAError as exc:
        print(f"xeddsa {command}: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`xeddsa genkey | head -c 4`): say nothing, like other filters.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_USAGE
    except OSError as exc:
        # Output or input unusable (`> /dev/full`, a closed descriptor): one line, exit 2, so
        # that exit 1 keeps meaning "did not verify" even for a valid signature.
        print(f"xeddsa {command}: I/O error: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
