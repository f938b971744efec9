"""Strict decoders for the parts of JOSE this package parses itself: base64url and JSON objects.

Python's own decoders are lenient in ways that matter for signatures:

* ``base64.urlsafe_b64decode`` accepts ``+`` and ``/``, drops newlines and other bytes outside the
  alphabet, accepts ``=`` padding and ignores non-zero trailing bits, so several strings decode to
  the same bytes.  :func:`b64url_decode` accepts exactly one encoding per byte string: the
  unpadded RFC 7515 §2 alphabet, with a re-encode comparison.
* ``json.loads`` keeps the last of duplicate member names, accepts ``NaN`` and ``Infinity``,
  turns ``1e999`` into ``inf``, raises ``RecursionError`` on deep nesting and ``ValueError`` on
  integers of more than 4300 digits.  :func:`json_object` rejects all of these (RFC 7515 §5.2
  and RFC 8259 §4) and caps the size before parsing.

Every failure raises the error class the caller names (``InvalidSignature`` for tokens,
``InvalidKey`` for JWKs), so no ``ValueError``, ``binascii.Error``, ``UnicodeDecodeError`` or
``RecursionError`` leaves this module.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Mapping
from typing import Any, Final

from xeddsa import XEdDSAError
from xeddsa._encoding import canonical_b64decode

__all__ = [
    "MAX_HEADER_SIZE",
    "MAX_JWK_SIZE",
    "MAX_TOKEN_SIZE",
    "b64url_decode",
    "b64url_encode",
    "b64url_length",
    "json_object",
    "require_alg",
]

#: Largest encoded protected header (base64url characters) accepted before decoding.
MAX_HEADER_SIZE: Final = 8 * 1024
#: Largest compact token or JSON serialization (characters) accepted before parsing.
MAX_TOKEN_SIZE: Final = 64 * 1024
#: Largest JWK text (characters) accepted before parsing.
MAX_JWK_SIZE: Final = 8 * 1024
#: Longest JSON integer literal accepted; CPython refuses more than 4300 digits with ValueError.
_MAX_INT_DIGITS: Final = 64

_B64URL_RE: Final = re.compile(r"[A-Za-z0-9_-]*")

ErrorClass = type[XEdDSAError]


class _RejectError(Exception):
    """Raised inside the ``json`` hooks and translated to the caller's error class."""


def b64url_encode(data: bytes) -> str:
    """Encode bytes as unpadded base64url (RFC 7515 §2), the form :func:`b64url_decode` takes."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_length(size: int) -> int:
    """Return the length of the unpadded base64url encoding of ``size`` bytes (43 for 32)."""
    return (4 * size + 2) // 3


def require_alg(header: Mapping[str, Any], alg: str, *, error: ErrorClass) -> None:
    """Raise ``error`` unless the strictly parsed protected ``header`` has ``alg`` exactly ``alg``.

    :raises error: ``alg`` is missing, not a string, or names another algorithm
    """
    actual = header.get("alg")
    if actual != alg:
        raise error(f"protected header 'alg' must be {alg!r}, got {actual!r}")


def b64url_decode(
    text: object, *, what: str, error: ErrorClass, max_chars: int = MAX_TOKEN_SIZE
) -> bytes:
    """Decode unpadded base64url, rejecting padding, foreign characters and non-zero trailing bits.

    :param text: the encoded segment; ``str`` or ASCII ``bytes``
    :param what: a name for the segment, used in the error message
    :param error: the exception class raised on any failure
    :param max_chars: longest accepted input, checked before decoding
    :raises error: on any deviation from the single canonical encoding
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            raise error(f"{what}: not base64url (non-ASCII bytes)") from None
    elif not isinstance(text, str):
        raise error(f"{what}: expected a base64url string, got {type(text).__name__}")
    if len(text) > max_chars:
        raise error(f"{what}: longer than {max_chars} characters")
    if _B64URL_RE.fullmatch(text) is None:
        raise error(f"{what}: not unpadded base64url (RFC 7515 §2 alphabet, no '=')")
    if len(text) % 4 == 1:
        raise error(f"{what}: impossible base64url length {len(text)}")
    data = canonical_b64decode(text, urlsafe=True)
    if data is None:  # alphabet and length are right, so only the trailing bits can be wrong
        raise error(f"{what}: non-canonical base64url (non-zero trailing bits)")
    return data


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing duplicate member names (RFC 7515 §5.2, RFC 8259 §4)."""
    obj: dict[str, Any] = {}
    for name, value in pairs:
        if name in obj:
            raise _RejectError(f"duplicate member name {name!r}")
        obj[name] = value
    return obj


def _reject_constant(name: str) -> Any:
    """Refuse the non-JSON literals ``NaN``, ``Infinity`` and ``-Infinity``."""
    raise _RejectError(f"non-JSON number {name}")


def _parse_int(literal: str) -> int:
    """Parse a JSON integer of bounded length, so huge literals never reach ``int()``."""
    if len(literal.lstrip("-")) > _MAX_INT_DIGITS:
        raise _RejectError(f"integer literal longer than {_MAX_INT_DIGITS} digits")
    return int(literal)


def _parse_float(literal: str) -> float:
    """Parse a JSON number with fraction or exponent, refusing values that overflow to inf."""
    value = float(literal)
    if not math.isfinite(value):
        raise _RejectError("number out of range")
    return value


def _has_surrogate(text: str) -> bool:
    """Tell whether a string holds a lone surrogate (legal JSON escape, not encodable as UTF-8)."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _check_strings(value: Any) -> None:
    """Walk a parsed JSON value iteratively and refuse any string with a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                raise _RejectError("string with a lone surrogate")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def json_object(
    data: bytes | str, *, what: str, error: ErrorClass, max_chars: int
) -> dict[str, Any]:
    """Parse UTF-8 JSON text whose top level is an object, rejecting every lenient stdlib case.

    Rejected: input over ``max_chars``, invalid UTF-8, a byte order mark, duplicate member
    names, ``NaN``/``Infinity``, numbers that overflow, integer literals over 64 digits,
    nesting deep enough to exhaust the stack, lone surrogates, and any top level but an object.

    :raises error: on any of the above or on malformed JSON
    """
    if not isinstance(data, (bytes, str)):
        raise error(f"{what}: expected JSON text, got {type(data).__name__}")
    if len(data) > max_chars:
        raise error(f"{what}: larger than {max_chars} bytes")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise error(f"{what}: not UTF-8") from None
    else:
        text = data
    if text.startswith("\ufeff"):
        raise error(f"{what}: byte order mark before JSON text")
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs_hook,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
        _check_strings(value)
    except _RejectError as exc:
        raise error(f"{what}: {exc}") from None
    except RecursionError:
        raise error(f"{what}: JSON nested too deeply") from None
    except ValueError:  # json.JSONDecodeError and any numeric conversion failure
        raise error(f"{what}: malformed JSON") from None
    if not isinstance(value, dict):
        raise error(f"{what}: JSON top level must be an object")
    return value
