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
#: base64url -> standard base64 in one ``bytes.translate``: ``-`` and ``_`` become ``+`` and
#: ``/``; ``+``, ``/`` and ``=`` (not base64url) become ``!``, which strict ``binascii`` refuses
#: like every other byte outside the standard alphabet.
_URL_TO_STANDARD: Final = bytes.maketrans(b"-_+/=", b"+/!!!")
#: The 6-bit value of each base64url character, indexed by byte (only read for valid text).
_B64URL_VALUES: Final = bytes(
    _B64URL_CHARS.index(chr(b)) if chr(b) in _B64URL_CHARS else 0 for b in range(256)
)


def b64url_decode(text: str | bytes, error: type[Exception], what: str) -> bytes:
    """Decode unpadded base64url, rejecting other characters, padding and non-zero trailing bits.

    One accepted text per value: the alphabet is checked in C (``+``, ``/``, ``=`` are mapped to
    a byte outside the standard alphabet by the translation, ``binascii`` in strict mode refuses
    it and everything else), and the unused low bits of the last character must be zero, so only
    the canonical last character is accepted. ``text`` may be ASCII ``str`` or ``bytes``.
    """
    if isinstance(text, str):
        if not text.isascii():
            raise error(f"{what}: not unpadded base64url (RFC 7515 §2)")
        raw = text.encode("ascii")
    else:
        raw = text
    remainder = len(raw) % 4
    standard = raw.translate(_URL_TO_STANDARD)
    if remainder == 1:
        if B64URL_ALPHABET_RE.fullmatch(raw.decode("latin-1")) is None:
            raise error(f"{what}: not unpadded base64url (RFC 7515 §2)")
        raise error(f"{what}: impossible base64url length {len(raw)}")
    if remainder:
        standard += b"==" if remainder == 2 else b"="
    try:
        data = binascii.a2b_base64(standard, strict_mode=True)
    except (binascii.Error, ValueError):
        raise error(f"{what}: not unpadded base64url (RFC 7515 §2)") from None
    if remainder and _B64URL_VALUES[raw[-1]] & _TRAILING_MASK[remainder]:
        raise error(f"{what}: non-canonical base64url (non-zero trailing bits)")
    return data


#: Accepted key texts -> key bytes: every message names its sender and recipient, so the same
#: few texts recur; the decoding is a pure function. Bounded; refused texts are never kept.
_ACCEPTED_KEYS: dict[str, bytes] = {}
_MAX_CACHED_KEYS: Final = 1024


def wireguard_key_bytes(text: object, error: type[Exception], what: str) -> bytes:
    """Decode a key in WireGuard text form (44 characters, standard base64, padded, canonical)."""
    if type(text) is str:
        key = _ACCEPTED_KEYS.get(text)
        if key is not None:
            return key
    if not isinstance(text, str) or _WG_KEY_RE.fullmatch(text) is None:
        raise error(f"{what}: not a WireGuard key (44 characters of padded standard base64)")
    key = binascii.a2b_base64(text)  # the pattern admits canonical standard base64 only
    if type(text) is str:
        if len(_ACCEPTED_KEYS) >= _MAX_CACHED_KEYS:
            _ACCEPTED_KEYS.clear()
        _ACCEPTED_KEYS[text] = key
    return key


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


class _Rejected(Exception):
    """Raised by the shared decoders' hooks; :func:`loads_strict` raises the caller's error."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _pairs_hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
    obj = dict(pairs)  # in C; a duplicate name makes the dict shorter than the list
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:  # pragma: no branch - a name repeats, so the loop always raises
            if name in seen:
                raise _Rejected(f"duplicate member {name!r} (RFC 7515 §5.2)")
            seen.add(name)
    return obj


def _parse_constant(name: str) -> NoReturn:
    raise _Rejected(f"{name} is not JSON")


def _parse_float(literal: str) -> NoReturn:
    raise _Rejected("non-integer numbers are not allowed")


def _parse_int(literal: str) -> int:
    if len(literal) > _MAX_INT_LITERAL:
        raise _Rejected("integer outside the I-JSON range")
    value = int(literal)
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise _Rejected("integer outside the I-JSON range")
    return value


#: The strict decoder, built once. Its hooks raise :class:`_Rejected`; ``parse_float`` and
#: ``parse_constant`` run only for the literals they refuse, ``object_pairs_hook`` once per object.
_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_pairs_hook,
    parse_constant=_parse_constant,
    parse_float=_parse_float,
    parse_int=_parse_int,
)
#: The same, with the stdlib's ``int`` (parsed in C) for documents whose integer literals all
#: have at most 15 digits: every such value lies within +-(10**15 - 1), inside the I-JSON range,
#: so ``_parse_int`` would accept each one unchanged.
_DECODER_SHORT_INTS: Final = json.JSONDecoder(
    object_pairs_hook=_pairs_hook,
    parse_constant=_parse_constant,
    parse_float=_parse_float,
)
#: RFC 8259 §2 insignificant whitespace.
_JSON_WHITESPACE: Final = " \t\n\r"
#: Maps every ASCII digit to ``0`` and every other byte to a space, so that a run of 16 digits
#: anywhere (inside strings too: a superset of the long integer literals) becomes
#: :data:`_LONG_DIGIT_RUN` (two C calls; a regex search backtracks on every shorter run).
_DIGITS_TO_ZERO: Final = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_DIGIT_RUN: Final = b"0" * 16


def _has_long_digit_run(data: bytes) -> bool:
    """Return whether ``data`` holds 16 or more ASCII digits in a row."""
    return _LONG_DIGIT_RUN in data.translate(_DIGITS_TO_ZERO)


def loads_strict(data: bytes, error: type[Exception], what: str) -> object:
    """Parse UTF-8 JSON rejecting BOM, duplicate names, NaN/Infinity, floats and unsafe integers.

    The caller has already bounded ``len(data)``; nesting is bounded here before the recursive
    parser runs, so no ``RecursionError`` can occur.
    """
    reason: str
    if data.startswith(b"\xef\xbb\xbf"):
        raise error(f"{what}: byte order mark is not allowed (RFC 8259 §8.1)")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise error(f"{what}: not valid UTF-8") from None
    if not _json_depth_ok(data, MAX_JSON_DEPTH):
        raise error(f"{what}: nesting deeper than {MAX_JSON_DEPTH}")
    decoder = _DECODER if _has_long_digit_run(data) else _DECODER_SHORT_INTS
    try:
        if text and text[0] not in _JSON_WHITESPACE:
            # decode() = raw_decode() after skipping whitespace, then a check that only
            # whitespace follows; without leading whitespace, raw_decode() alone decides unless
            # something follows the value, and then decode() gives its answer.
            value, end = decoder.raw_decode(text)
            if end == len(text):
                return value
        return decoder.decode(text)
    except _Rejected as exc:
        reason = exc.reason
    except json.JSONDecodeError as exc:
        reason = f"invalid JSON at offset {exc.pos}"
    except (ValueError, RecursionError):  # pragma: no cover - bounded above; defence in depth
        reason = "invalid JSON"
    raise error(f"{what}: {reason}")


def dumps_compact(obj: object) -> bytes:
    """Serialize JSON with no whitespace, ASCII-only and no NaN, preserving member order."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode(
        "ascii"
    )
