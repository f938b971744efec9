"""What every ``xeddsa`` command shares: exit statuses, one-line errors, escaping, bounded input.

Every error is one line on stderr, ``xeddsa COMMAND: reason``, and every piece of input text in
it is escaped (:func:`escape`), so a token or file cannot rewrite the terminal. Inputs that are
not messages (keys, signatures, tokens, signature files) are read with a cap: at most cap + 1
bytes, whatever the source (file, FIFO, ``/dev/zero``, stdin).
"""

from __future__ import annotations

import base64
import contextlib
import errno
import os
import re
import stat
import sys
from typing import BinaryIO, Final, NoReturn

from xeddsa._encoding import canonical_b64decode
from xeddsa.errors import InvalidKey
from xeddsa.keys import PrivateKey, PublicKey
from xeddsa.sizes import SIGNATURE_SIZE, VXEDDSA_SIGNATURE_SIZE

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliError",
    "Stdin",
    "b64",
    "decode_signature",
    "escape",
    "failed",
    "load_private_key",
    "load_public_key",
    "open_input",
    "read_capped",
    "read_message",
    "usage",
    "warn",
    "write_line",
]

#: The command succeeded (for a verify command: the signature is valid).
EXIT_OK: Final = 0
#: The signature, signature file or JWS did not verify (including malformed ones).
EXIT_FAILED: Final = 1
#: Usage, input or environment error: bad arguments, unreadable file, invalid key, no backend.
EXIT_USAGE: Final = 2

#: Longest key file read. A key is 44 characters; a wg-quick file is read so far to point at its
#: ``PrivateKey =`` line. Key text is never echoed.
MAX_KEY_FILE: Final = 64 * 1024
#: Longest signature text read from an argument or @FILE.
MAX_SIGNATURE_TEXT: Final = 1024

_KEY_LENGTH: Final = 44
_CONFIG_KEY_LINE: Final = re.compile(rb"^[ \t]*privatekey[ \t]*=", re.IGNORECASE | re.MULTILINE)


class CliError(Exception):
    """A failure reported as one line on stderr with an exit status; never a traceback."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def usage(message: str) -> NoReturn:
    """Raise a usage, input or environment error (exit status 2)."""
    raise CliError(EXIT_USAGE, message)


def failed(message: str) -> NoReturn:
    """Raise a failed verification (exit status 1)."""
    raise CliError(EXIT_FAILED, message)


def escape(text: str) -> str:
    """Return ``text`` with C0, DEL and C1 controls as ``\\xNN`` and other unprintable characters
    (line separators, bidirectional overrides, ...) as ``\\uNNNN``: one inert line on a terminal."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif not ch.isprintable():
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def warn(message: str) -> None:
    """Print ``xeddsa: warning: MESSAGE`` (escaped) on stderr."""
    print(f"xeddsa: warning: {escape(message)}", file=sys.stderr)


class Stdin:
    """Tracks which input reads stdin (at most one per command) and hints when it is a terminal."""

    def __init__(self) -> None:
        self.owner: str | None = None

    def reserve(self, *uses: tuple[str, bool]) -> None:
        """Record which input (``what``, ``reads_stdin``) reads stdin before anything is read; a
        second one is a usage error."""
        for what, reads_stdin in uses:
            if not reads_stdin:
                continue
            if self.owner is not None and self.owner != what:
                usage(f"{what} and {self.owner} cannot both be read from stdin")
            self.owner = what

    def claim(self, what: str) -> BinaryIO:
        """Return stdin's binary stream for ``what``; on a terminal, first print a one-line hint."""
        self.reserve((what, True))
        if sys.stdin is None:
            raise OSError(errno.EBADF, "standard input is closed")
        stream = sys.stdin.buffer
        try:
            interactive = os.isatty(stream.fileno())
        except (OSError, ValueError):
            interactive = False
        if interactive:
            print(
                f"xeddsa: reading {what} from the terminal; end it with Ctrl-D "
                "(or give a file name)",
                file=sys.stderr,
                flush=True,
            )
        return stream


def open_error(path: str, exc: OSError) -> NoReturn:
    """Report an unreadable file by path and OS reason (never its contents)."""
    usage(f"cannot read {path!r}: {exc.strerror or exc}")


def open_input(path: str, stdin: Stdin, what: str) -> contextlib.AbstractContextManager[BinaryIO]:
    """Open ``path`` for reading in binary, for a ``with`` block (``-``: stdin, left open)."""
    if path == "-":
        return contextlib.nullcontext(stdin.claim(what))
    try:
        return open(path, "rb")
    except OSError as exc:  # including IsADirectoryError
        open_error(path, exc)


def read_message(path: str | None, stdin: Stdin, what: str = "the message") -> bytes:
    """Return the whole message from ``path`` or, for ``None`` or ``-``, from stdin."""
    if path is None or path == "-":
        return stdin.claim(what).read()
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        open_error(path, exc)


def read_capped(stream: BinaryIO, limit: int, what: str, status: int = EXIT_USAGE) -> bytes:
    """Read at most ``limit`` + 1 bytes of ``stream``; more than ``limit`` is a one-line error
    with ``status`` that never echoes the data."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise CliError(status, f"{what} is longer than {limit} bytes")
    return data


def _warn_if_exposed(fd: int, what: str) -> None:
    """Warn on stderr if ``fd`` is a regular file that group or others may read or write."""
    try:
        st = os.fstat(fd)
    except OSError:  # pragma: no cover - fstat on an open descriptor does not fail in practice
        return
    if stat.S_ISREG(st.st_mode) and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        warn(
            f"{what} is accessible by group or others (mode {stat.S_IMODE(st.st_mode):04o}); "
            "consider chmod 600"
        )


def warn_if_stdout_exposed(what: str) -> None:
    """Warn if stdout is a regular file that group or others may access (``genkey > file``)."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    _warn_if_exposed(sys.stdout.fileno(), what)


def _config_hint(data: bytes) -> str:
    """Point at the ``PrivateKey =`` line when a key file is a whole WireGuard configuration."""
    match = _CONFIG_KEY_LINE.search(data)
    if match is None:
        return ""
    line = data.count(b"\n", 0, match.start()) + 1
    return (
        f"; it is a WireGuard configuration, not a key file: its key is the PrivateKey on line "
        f"{line} (save just that value, e.g. `wg show INTERFACE private-key > KEYFILE`)"
    )


def load_private_key(path: str, stdin: Stdin) -> PrivateKey:
    """Load a WireGuard private key file (``-`` for stdin), warning if group/world accessible."""
    what = "private key on stdin" if path == "-" else f"private key file {path!r}"
    if path == "-":
        stream = stdin.claim("the private key")
        _warn_if_exposed(stream.fileno(), what)
        data = read_capped(stream, MAX_KEY_FILE, what)
    else:
        try:
            with open(path, "rb") as f:
                _warn_if_exposed(f.fileno(), what)
                data = read_capped(f, MAX_KEY_FILE, what)
        except OSError as exc:
            open_error(path, exc)
    try:
        return PrivateKey.from_wireguard(data)
    except InvalidKey as exc:  # the message never echoes the key text
        usage(f"invalid {what}: {exc}{_config_hint(data)}")


def text_argument(value: str, what: str, limit: int, stdin: Stdin) -> str:
    """Return the text of an argument: the value itself, or the contents of @FILE (@- stdin)."""
    if not value.startswith("@"):
        return value.strip()
    path = value[1:]
    if path == "-":
        data = read_capped(stdin.claim(what), limit, what)
    else:
        try:
            with open(path, "rb") as f:
                data = read_capped(f, limit, f"{what} file {path!r}")
        except OSError as exc:
            open_error(path, exc)
    try:
        return data.decode("ascii").strip()
    except UnicodeDecodeError:
        return "\ufffd"  # not base64: the decoder reports it without echoing the bytes


def _file_hint(value: str, what: str) -> str:
    """Suggest the @FILE form when a bare argument names an existing file."""
    if not value.startswith("@") and os.path.exists(value):
        return f" (to read {what} from the file, write @{value})"
    return ""


def load_public_key(value: str, stdin: Stdin) -> PublicKey:
    """Import PUBKEY (base64 as `wg pubkey` prints it, or @FILE) with the strict checks."""
    text = text_argument(value, "the public key", MAX_KEY_FILE, stdin)
    try:
        return PublicKey.from_wireguard(text)
    except InvalidKey as exc:
        reason = str(exc).removeprefix("invalid public key: ")  # no doubled prefix
        hint = _file_hint(value, "the key")
        if not hint and len(text) == _KEY_LENGTH and text.endswith("="):
            # Well-formed text that strict import refuses: most often a private key.
            hint = (
                "; if this is a private key, `xeddsa pubkey < KEYFILE` (or `wg pubkey`) prints "
                "its public key"
            )
        usage(f"invalid public key: {reason}{hint}")


def b64(data: bytes) -> str:
    """Return standard padded base64 text, as `wg` prints keys."""
    return base64.b64encode(data).decode("ascii")


def decode_signature(value: str, stdin: Stdin, size: int) -> bytes:
    """Decode SIG (canonical standard base64, or @FILE) of ``size`` bytes; a malformed or
    wrong-length one is a failed verification, with a hint when it fits another command."""
    text = text_argument(value, "the signature", MAX_SIGNATURE_TEXT, stdin)
    decoded = canonical_b64decode(text, urlsafe=False)
    if decoded is None:
        hint = _file_hint(value, "the signature")
        failed(f"invalid signature: not canonical standard base64 text{hint}")
    if len(decoded) != size:
        hint = ""
        if len(decoded) == VXEDDSA_SIGNATURE_SIZE:
            hint = "; a 96-byte signature is VXEdDSA: check it with `xeddsa vrf verify`"
        elif len(decoded) == SIGNATURE_SIZE:
            hint = "; a 64-byte signature is XEdDSA: check it with `xeddsa verify --raw`"
        failed(f"invalid signature: {len(decoded)} bytes, expected {size}{hint}")
    return decoded


def write_line(text: str) -> None:
    """Write ``text`` and a newline to stdout; a closed stdout is an I/O error (exit 2)."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
