"""Input normalisation shared by the public layer: bytes-like to bytes, and canonical base64.

:func:`canonical_b64decode` is the one base64 decoder of :mod:`xeddsa`: the WireGuard key text
(standard alphabet, padded), the JOSE segments (url-safe alphabet, unpadded) and the command
line's signatures all decode through it, so each byte string has exactly one accepted encoding.
"""

from __future__ import annotations

import base64
import re
from typing import Final

from xeddsa.errors import InvalidKey

__all__ = ["as_bytes", "canonical_b64decode", "decode_wireguard", "encode_wireguard"]

# 43 base64 characters then one "=": the only shape of a 32-byte value in standard padded base64.
_WIREGUARD_RE: Final = re.compile(r"[A-Za-z0-9+/]{43}=")
_WIREGUARD_LENGTH: Final = 44
_BASE64_ALPHABET: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)
# Standard alphabet with RFC 4648 padding; url-safe alphabet without padding (RFC 7515 §2).
_PADDED_RE: Final = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_URLSAFE_RE: Final = re.compile(r"[A-Za-z0-9_-]*")


def canonical_b64decode(text: str, *, urlsafe: bool) -> bytes | None:
    """Decode base64 text that is the canonical encoding of its bytes; return None for any other.

    ``urlsafe=False``: the standard alphabet with padding (RFC 4648 §4), as ``wg`` prints keys.
    ``urlsafe=True``: the url-safe alphabet without padding (RFC 7515 §2, JOSE). Rejected, by
    returning None: characters outside the alphabet (including whitespace and newlines), wrong or
    missing padding, an impossible length, and non-zero unused bits in the last character (which
    would give a second encoding of the same bytes).
    """
    if urlsafe:
        if _URLSAFE_RE.fullmatch(text) is None or len(text) % 4 == 1:
            return None
        # The checks above make this decode total; padding is added back for the stdlib.
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        encoded = base64.urlsafe_b64encode(data).rstrip(b"=")
    else:
        if _PADDED_RE.fullmatch(text) is None:
            return None
        data = base64.b64decode(text, validate=True)
        encoded = base64.b64encode(data)
    return data if encoded.decode("ascii") == text else None


def as_bytes(data: object, what: str) -> bytes:
    """Copy any bytes-like object (bytes, bytearray, memoryview, ...) to ``bytes`` once.

    :raises TypeError: ``data`` is not bytes-like (for example a ``str`` or ``None``).
    """
    if type(data) is bytes:
        return data
    if isinstance(data, str):
        raise TypeError(f"{what} must be bytes-like, not str (encode it first)")
    try:
        with memoryview(data) as view:  # type: ignore[arg-type]
            return view.tobytes()
    except TypeError:
        raise TypeError(f"{what} must be bytes-like, not {type(data).__name__}") from None


def decode_wireguard(text: object, what: str) -> bytes:
    """Decode a key as ``wg`` prints it: 44 characters of standard, padded base64 for 32 bytes.

    Surrounding whitespace (the trailing newline of ``wg genkey``) is ignored; anything else,
    including URL-safe characters, missing padding or non-zero unused bits, is rejected.

    :raises InvalidKey: the text is not exactly one WireGuard key. The message never echoes it.
    :raises TypeError: ``text`` is neither ``str`` nor bytes-like.
    """
    if isinstance(text, str):
        stripped = text.strip()
    else:
        raw = as_bytes(text, what)
        try:
            stripped = raw.decode("ascii").strip()
        except UnicodeDecodeError:
            raise InvalidKey(f"{what} must be ASCII base64 text") from None
    if not _WIREGUARD_RE.fullmatch(stripped):
        raise InvalidKey(f"{what} {_shape_problem(stripped)}")
    decoded = canonical_b64decode(stripped, urlsafe=False)
    if decoded is None:  # the shape is right, so only the unused bits can be wrong
        raise InvalidKey(f"{what} has non-zero unused bits in its last base64 character")
    return decoded


def _shape_problem(text: str) -> str:
    """Say why ``text`` is not 44 characters of padded standard base64, by position, not content."""
    if len(text) != _WIREGUARD_LENGTH:
        return (
            f"must be {_WIREGUARD_LENGTH} characters of standard base64 ending in one '=' "
            f"(as wg prints it), got {len(text)} characters"
        )
    for position, ch in enumerate(text[:-1], start=1):
        if ch not in _BASE64_ALPHABET:
            if position == _WIREGUARD_LENGTH - 1 and ch == "=":
                break
            return (
                f"character {position} is not standard base64 (A-Z, a-z, 0-9, '+', '/'; "
                "URL-safe '-' and '_' are not accepted)"
            )
    return (
        f"must end with one '=' after {_WIREGUARD_LENGTH - 1} base64 characters (as wg prints it)"
    )


def encode_wireguard(data: bytes) -> str:
    """Encode 32 bytes as ``wg`` prints a key: standard base64 with padding, 44 characters."""
    return base64.b64encode(data).decode("ascii")
