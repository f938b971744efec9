"""Strict decoders shared by the token, payload and configuration parsers (private module).

Each decoder accepts exactly one encoding per value and raises the error class passed in by the
caller, so that no ``binascii.Error``, ``UnicodeDecodeError``, ``RecursionError`` or bare
``ValueError`` escapes a public function.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Final, NoReturn

__all__ = [
    "B64URL_ALPHABET_RE",
    "MAX_JSON_DEPTH",
    "MAX_SAFE_INTEGER",
    "b64url_decode",
    "b64url_encode",
    "dumps_compact",
    "loads_strict",
    "wireguard_key_bytes",
    "wireguard_key_text",
]

#: RFC 4648 §5 alphabet without padding.
B64URL_ALPHABET_RE: Final = re.compile(r"[A-Za-z0-9_-]*")
#: I-JSON (RFC 7493 §2.2) and JavaScript's Number.MAX_SAFE_INTEGER: 2**53 - 1.
MAX_SAFE_INTEGER: Final = 2**53 - 1
#: Deepest nesting of arrays/objects any accepted document needs (payload → candidate → raddr).
MAX_JSON_DEPTH: Final = 4
#: Longest decimal integer literal accepted (2**53 - 1 has 16 digits, plus an optional sign).
_MAX_INT_LITERAL: Final = 17
#: 32 bytes in standard base64 with padding: 42 free characters, one with 2 zero low bits, "=".
_WG_KEY_RE: Final = re.compile(r"[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=")


def b64url_encode(data: bytes) -> str:
    """Encode bytes as base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


_B64URL_CHARS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: Unused low bits of the last character for a length of 2 or 3 modulo 4 (must be zero).
_TRAILING_MASK: Final = {2: 0x0F, 3: 0x03}


def b64url_decode(text: str, error: type[Exception], what: str) -> bytes:
    """Decode unpadded base64url, rejecting other characters, padding and non-zero trailing bits.

    One accepted text per value: the alphabet is checked in C (``+``, ``/``, ``=`` are refused
    before translation, ``binascii`` in strict mode refuses everything else), and the unused low
    bits of the last character must be zero, so only the canonical last character is accepted.
    """
    if "+" in text or "/" in text or "=" in text or not text.isascii():
        raise error(f"{what}: not unpadded base64url (RFC 7515 §2)")
    remainder = len(text) % 4
    if remainder == 1:
        raise error(f"{what}: impossible base64url length {len(text)}")
    standard = text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4)
    try:
        data = binascii.a2b_base64(standard, strict_mode=True)
    except (binascii.Error, ValueError):
        raise error(f"{what}: not unpadded base64url (RFC 7515 §2)") from None
    mask = _TRAILING_MASK.get(remainder)
    if mask is not None and _B64URL_CHARS.index(text[-1]) & mask:
        raise error(f"{what}: non-canonical base64url (non-zero trailing bits)")
    return data


def wireguard_key_bytes(text: object, error: type[Exception], what: str) -> bytes:
    """Decode a key in WireGuard text form (44 characters, standard base64, padded, canonical)."""
    if not isinstance(text, str) or _WG_KEY_RE.fullmatch(text) is None:
        raise error(f"{what}: not a WireGuard key (44 characters of padded standard base64)")
    return base64.b64decode(text, validate=True)


def wireguard_key_text(key: bytes) -> str:
    """Encode 32 key bytes in WireGuard text form (standard base64 with padding)."""
    return base64.b64encode(key).decode("ascii")


#: A complete JSON string (escapes included); removed before brackets are counted.
_JSON_STRING_RE: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET_RE: Final = re.compile(rb"[\[\]{}]")


def _json_depth_ok(data: bytes, limit: int) -> bool:
    """Return whether array/object nesting outside strings stays within ``limit``.

    Strings are cut out and only the brackets left are walked (both steps in C), so the cost is
    a few microseconds per payload. An unterminated string (invalid JSON anyway) leaves its
    brackets counted, which can only make the answer stricter.
    """
    if data.count(b"[") + data.count(b"{") <= limit:
        return True  # fewer openings than the limit: no need to look at strings
    depth = 0
    for bracket in _JSON_BRACKET_RE.findall(_JSON_STRING_RE.sub(b"", data)):
        if bracket in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return False
        else:
            depth -= 1
    return True


def loads_strict(data: bytes, error: type[Exception], what: str) -> object:
    """Parse UTF-8 JSON rejecting BOM, duplicate names, NaN/Infinity, floats and unsafe integers.

    The caller has already bounded ``len(data)``; nesting is bounded here before the recursive
    parser runs, so no ``RecursionError`` can occur.
    """

    def fail(reason: str) -> NoReturn:
        raise error(f"{what}: {reason}")

    if data.startswith(b"\xef\xbb\xbf"):
        fail("byte order mark is not allowed (RFC 8259 §8.1)")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        text = None
    if text is None:
        fail("not valid UTF-8")
    if not _json_depth_ok(data, MAX_JSON_DEPTH):
        fail(f"nesting deeper than {MAX_JSON_DEPTH}")

    def pairs_hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
        obj: dict[str, object] = {}
        for name, value in pairs:
            if name in obj:
                fail(f"duplicate member {name!r} (RFC 7515 §5.2)")
            obj[name] = value
        return obj

    def parse_constant(name: str) -> NoReturn:
        fail(f"{name} is not JSON")

    def parse_float(literal: str) -> NoReturn:
        fail("non-integer numbers are not allowed")

    def parse_int(literal: str) -> int:
        if len(literal) > _MAX_INT_LITERAL:
            fail("integer outside the I-JSON range")
        value = int(literal)
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            fail("integer outside the I-JSON range")
        return value

    reason: str
    try:
        return json.loads(
            text,
            object_pairs_hook=pairs_hook,
            parse_constant=parse_constant,
            parse_float=parse_float,
            parse_int=parse_int,
        )
    except error:
        raise
    except json.JSONDecodeError as exc:
        reason = f"invalid JSON at offset {exc.pos}"
    except (ValueError, RecursionError):  # pragma: no cover - bounded above; defence in depth
        reason = "invalid JSON"
    fail(reason)


def dumps_compact(obj: object) -> bytes:
    """Serialize JSON with no whitespace, ASCII-only and no NaN, preserving member order."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode(
        "ascii"
    )
