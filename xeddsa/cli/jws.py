"""``xeddsa jws sign`` and ``xeddsa jws verify``: compact JWS with XEd25519 and VXEd25519.

Verification parses the token with the library's strict parser (:func:`xeddsa.jose.parse_compact`)
before joserfc sees it, so a malformed token is one line and exit 1, never a traceback from
inside joserfc. The token is read with a cap (:data:`MAX_TOKEN_BYTES`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Final

from xeddsa.cli._arguments import (
    add_encoding,
    add_key,
    add_message,
    add_pubkey,
    format_output,
    reserve_inputs,
)
from xeddsa.cli._command import VERIFIES, add_command
from xeddsa.cli._io import (
    EXIT_FAILED,
    EXIT_OK,
    Stdin,
    failed,
    load_private_key,
    load_public_key,
    open_input,
    read_capped,
    read_message,
    usage,
    write_line,
)
from xeddsa.errors import InvalidSignature
from xeddsa.sizes import SIGNATURE_SIZE, VXEDDSA_SIGNATURE_SIZE

__all__ = ["MAX_TOKEN_BYTES", "register"]

#: Largest token read (bytes), from a file, a FIFO or stdin: at most this + 1 bytes are read.
MAX_TOKEN_BYTES: Final = 1 << 24
#: An argument of this shape is the token itself; anything else names a file.
_COMPACT_SHAPE: Final = re.compile(r"[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
_INSTALL: Final = "install the jose extra: pip install 'xeddsa[jose]'"
_OUTPUTS: Final = ("payload", "vrf", "none")


def _jose() -> ModuleType:
    """Return :mod:`xeddsa.jose`, or report that the jose extra is missing (exit 2)."""
    try:
        return importlib.import_module("xeddsa.jose")
    except ImportError as exc:
        usage(f"JWS support (xeddsa.jose, joserfc) is not available ({exc}); {_INSTALL}")


class _Algorithms:
    """The ``--alg`` choices, read from :data:`xeddsa.jose.ALGORITHM_NAMES` only when needed, so
    that commands other than ``jws`` never import joserfc."""

    def _names(self) -> tuple[str, ...]:
        try:
            jose = importlib.import_module("xeddsa.jose")
        except ImportError:
            return ()  # the command reports the missing extra itself, in one line
        names: tuple[str, ...] = jose.ALGORITHM_NAMES
        return names

    def __contains__(self, name: object) -> bool:
        names = self._names()
        return not names or name in names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


def _algorithm(args: argparse.Namespace, jose: ModuleType) -> str:
    """Return --alg, defaulting to the XEd25519 model's name."""
    alg: str = args.alg or jose.XEd25519.name
    return alg


def _sign(args: argparse.Namespace, stdin: Stdin) -> int:
    """Print a compact JWS of the payload with protected header {"alg": ALG} (and "kid")."""
    jose = _jose()
    from joserfc import jws

    alg = _algorithm(args, jose)
    header: dict[str, str] = {"alg": alg}
    if args.kid is not None:
        header["kid"] = args.kid
    reserve_inputs(stdin, key=args.key, message=args.file, message_what="the payload")
    with load_private_key(args.key, stdin) as key:
        payload = read_message(args.file, stdin, "the payload")
        token: str = jws.serialize_compact(
            header,
            payload,
            jose.okp_key(key),
            algorithms=[alg],
            registry=jose.isolated_registry([alg]),
        )
    write_line(token)
    return EXIT_OK


def _token_source(value: str | None) -> tuple[str, str | None]:
    """Return ("inline", token) for a compact-JWS-shaped argument, else ("path", path or None)."""
    if value is not None and _COMPACT_SHAPE.fullmatch(value):
        return "inline", value
    if value is not None and value.startswith("@"):
        return "path", value[1:]
    return "path", value


def _read_token(value: str | None, stdin: Stdin) -> tuple[str, str]:
    """Return (token text, file hint) from the TOKEN argument, a file or stdin, read capped."""
    kind, source = _token_source(value)
    if kind == "inline" and source is not None:
        hint = f" (to read the file {source!r}, write ./{source})" if os.path.exists(source) else ""
        return source, hint
    path = "-" if source is None else source
    with open_input(path, stdin, "the JWS") as stream:
        raw = read_capped(stream, MAX_TOKEN_BYTES, "the JWS", status=EXIT_FAILED)
    try:
        return raw.decode("ascii").strip(), ""
    except UnicodeDecodeError:
        failed("invalid JWS: not ASCII text")


def _strict_parse(token: str, alg: str, size: int) -> None:
    """Check a compact JWS with the library's strict parser, then the CLI's narrower rules: the
    protected header's ``alg`` is ``alg``, no ``crit`` or ``b64``, a signature of ``size`` bytes.

    :raises InvalidSignature: malformed token (:class:`xeddsa.jose.MalformedJWSError`), another
        ``alg``, ``crit``/``b64``, or a signature of another length.
    """
    from xeddsa.jose import parse_compact
    from xeddsa.jose._strict import require_alg

    (signature,) = parse_compact(token, max_size=MAX_TOKEN_BYTES).signatures
    require_alg(signature.protected, alg, error=InvalidSignature)
    for name in ("crit", "b64"):
        if name in signature.protected:
            raise InvalidSignature(f"header parameter {name!r} is not supported")
    if len(signature.signature) != size:
        raise InvalidSignature(
            f"{alg} signature must be {size} bytes, got {len(signature.signature)}"
        )


def _verify(args: argparse.Namespace, stdin: Stdin) -> int:
    """Verify a compact JWS strictly and print its payload (or, for VXEd25519, its VRF output)."""
    jose = _jose()
    from joserfc import jws
    from joserfc.errors import JoseError

    alg = _algorithm(args, jose)
    vrf_alg: str = jose.VXEd25519.name
    if args.output == "vrf" and alg != vrf_alg:
        usage(f"--output vrf needs --alg {vrf_alg}")
    kind, source = _token_source(args.token)
    reads_stdin = kind == "path" and source in (None, "-")
    stdin.reserve(("the public key", args.pubkey == "@-"), ("the JWS", reads_stdin))
    public_key = load_public_key(args.pubkey, stdin)
    token, hint = _read_token(args.token, stdin)
    try:
        _strict_parse(token, alg, VXEDDSA_SIGNATURE_SIZE if alg == vrf_alg else SIGNATURE_SIZE)
        if alg == vrf_alg:
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
        # The library's parser starts its messages with "JWS ": no doubled word after the prefix.
        failed(f"invalid JWS: {_reason(exc).removeprefix('JWS ')}{hint}")
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # Defence in depth: joserfc lets builtin exceptions escape on some malformed input that
        # the strict parser above already refuses; never show them as a traceback.
        failed(f"invalid JWS: refused by joserfc ({type(exc).__name__})")
    if args.output == "vrf":
        write_line(format_output(vrf_output, args.encoding))
    elif args.output == "payload":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    return EXIT_OK


def _reason(exc: Exception) -> str:
    """Return a one-line reason for a JWS failure (joserfc errors carry ``description``)."""
    description = getattr(exc, "description", None)
    error = getattr(exc, "error", None)
    if isinstance(description, str) and description:
        return description
    if isinstance(error, str) and error:
        return error.replace("_", " ")
    return str(exc) or type(exc).__name__


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``jws sign`` and ``jws verify`` to the ``xeddsa`` parser."""
    group = add_command(
        sub,
        "jws",
        summary="JWS with the XEd25519 / VXEd25519 algorithms (needs xeddsa[jose])",
        description="Compact JWS signed with an X25519 key (needs the jose extra: joserfc). "
        "Verification always uses the strict policy.",
    )
    jws_sub = group.add_subparsers(dest="jws_command", metavar="COMMAND", required=True)
    algorithms = _Algorithms()
    p = add_command(
        jws_sub,
        "sign",
        summary="print a compact JWS of a file or stdin",
        description="Print a compact JWS whose payload is FILE (or stdin, read whole) and whose "
        'protected header is exactly {"alg":ALG} (plus "kid" if given).',
        examples=[
            ("xeddsa jws sign -k private.key claims.json > claims.jws", "alg XEd25519"),
            ("xeddsa jws sign -k private.key --alg VXEd25519 draw.json", "with a VRF output"),
        ],
        handler=_sign,
    )
    add_key(p)
    p.add_argument(
        "--alg", choices=algorithms, metavar="ALG", help="XEd25519 (default) or VXEd25519"
    )
    p.add_argument("--kid", help="key ID to put in the protected header")
    add_message(p, what="payload")
    p = add_command(
        jws_sub,
        "verify",
        summary="verify a compact JWS and print its payload",
        description="Verify the compact JWS TOKEN under PUBKEY with the strict policy; the "
        "protected header's alg must equal --alg. TOKEN is the token itself, a file name (@FILE "
        "or ./NAME for a file whose name looks like a token), or - for stdin (the default); "
        "at most 16 MiB is read. On success write the payload (raw bytes) to stdout, or with "
        "--output vrf the VRF output of a VXEd25519 JWS; otherwise print one line on stderr and "
        "exit 1. JWT claims are not checked.",
        examples=[
            ("xeddsa jws verify -p @public.key claims.jws", "prints the payload"),
            ('xeddsa jws verify -p @public.key "$TOKEN" --output none', "only the exit status"),
        ],
        status=VERIFIES,
        handler=_verify,
    )
    add_pubkey(p)
    p.add_argument(
        "--alg",
        choices=algorithms,
        metavar="ALG",
        help="the only algorithm accepted (XEd25519, the default, or VXEd25519)",
    )
    p.add_argument(
        "--output",
        choices=_OUTPUTS,
        default=_OUTPUTS[0],
        help="what to print on success (default: payload; vrf needs --alg VXEd25519)",
    )
    add_encoding(p)
    p.add_argument("token", nargs="?", metavar="TOKEN", help="the compact JWS, a file, or -")
