"""``deserialize_compact`` and ``deserialize_json``: joserfc's JWS verification, strict parse first.

joserfc's own ``jws.deserialize_compact`` and ``jws.deserialize_json`` let builtin exceptions
escape on malformed untrusted tokens (the list, with reproducers, is in ``docs/guides/jose.rst``).
The two functions here take the same arguments, run :func:`~xeddsa.jose.parse_compact` or
:func:`~xeddsa.jose.parse_json` first, then hand joserfc exactly the value that passed (for JSON
text, the strictly parsed object, so joserfc's lenient ``json.loads`` never runs), and raise only
:class:`joserfc.errors.JoseError` subclasses for anything in the token.

A builtin exception that still escapes *from joserfc's own code* (a defect the strict parser did
not anticipate) becomes a :class:`~xeddsa.jose.MalformedJWSError` chained to the original; the
same exception raised by this package's code is a bug and propagates unchanged.
"""

from __future__ import annotations

import os
import sysconfig
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Final

import joserfc
from joserfc import jws
from joserfc.jws import (
    CompactSignature,
    FlattenedJSONSignature,
    GeneralJSONSignature,
    JWSRegistry,
)

from xeddsa import PublicKey

from ._models import okp_key
from ._parse import MalformedJWSError, jws_json_object, parse_compact, parse_json

__all__ = ["deserialize_compact", "deserialize_json", "raised_in_joserfc"]

#: The builtin exception classes joserfc 1.8.0 is known to leak on malformed tokens.
_JOSERFC_LEAKS: Final = (TypeError, ValueError, KeyError, AttributeError, IndexError)
_JOSERFC_DIR: Final = os.path.dirname(os.path.abspath(joserfc.__file__)) + os.sep
_STDLIB_DIR: Final = os.path.abspath(sysconfig.get_paths()["stdlib"]) + os.sep


def raised_in_joserfc(exc: BaseException) -> bool:
    """Tell whether ``exc`` was raised by joserfc: its innermost frame outside the standard library
    (``base64`` raises ``binascii.Error`` for joserfc, for example) is joserfc's code."""
    tb: TracebackType | None = exc.__traceback__
    innermost: str | None = None
    while tb is not None:
        filename = os.path.abspath(tb.tb_frame.f_code.co_filename)
        # joserfc first: a site-packages directory may lie inside the stdlib directory.
        if filename.startswith(_JOSERFC_DIR) or not filename.startswith(_STDLIB_DIR):
            innermost = filename
        tb = tb.tb_next
    return innermost is not None and innermost.startswith(_JOSERFC_DIR)


@contextmanager
def _joserfc_leaks_refused() -> Iterator[None]:
    """Turn a builtin exception raised inside joserfc into :class:`MalformedJWSError`."""
    try:
        yield
    except _JOSERFC_LEAKS as exc:
        if not raised_in_joserfc(exc):
            raise
        raise MalformedJWSError(
            f"joserfc could not process the JWS ({type(exc).__name__})"
        ) from exc


def _size_limit(registry: JWSRegistry | None, max_size: int | None) -> int:
    """Return the caller's limit, or joserfc's own compact-size limit of the registry in use."""
    if max_size is not None:
        return max_size
    limits = registry if registry is not None else jws.JWSRegistry
    return limits.max_header_length + limits.max_payload_length + limits.max_signature_length + 2


def _joserfc_key(key: Any) -> Any:
    """Pass joserfc keys through; wrap an :class:`xeddsa.PublicKey` as an OKP key."""
    return okp_key(key) if isinstance(key, PublicKey) else key


def deserialize_compact(
    value: str | bytes,
    key: Any,
    *,
    algorithms: Collection[str] | None = None,
    registry: JWSRegistry | None = None,
    max_size: int | None = None,
) -> CompactSignature:
    """Verify a JWS Compact Serialization like ``joserfc.jws.deserialize_compact``, strictly first.

    :param value: the token (``str`` or UTF-8 ``bytes``)
    :param key: a joserfc key, ``KeySet`` or key callable, or an :class:`xeddsa.PublicKey`
    :param algorithms: allowed algorithms, as for joserfc
    :param registry: a ``JWSRegistry`` (for example from :func:`~xeddsa.jose.isolated_registry`)
    :param max_size: longest accepted token; default: joserfc's limit for the registry
        (header + payload + signature lengths, plus the two dots)
    :returns: joserfc's ``CompactSignature``
    :raises joserfc.errors.JoseError: for anything in the token, including
        :class:`~xeddsa.jose.MalformedJWSError` from the strict parser and
        ``BadSignatureError``
    """
    parse_compact(value, max_size=_size_limit(registry, max_size))
    with _joserfc_leaks_refused():
        return jws.deserialize_compact(
            value if isinstance(value, str) else bytes(value),
            _joserfc_key(key),
            algorithms=algorithms,
            registry=registry,
        )


def deserialize_json(
    value: str | bytes | Mapping[str, Any],
    key: Any,
    *,
    algorithms: Collection[str] | None = None,
    registry: JWSRegistry | None = None,
    max_size: int | None = None,
) -> GeneralJSONSignature | FlattenedJSONSignature:
    """Verify a JWS JSON Serialization like ``joserfc.jws.deserialize_json``, strictly first.

    :param value: JSON text (``str`` or UTF-8 ``bytes``, parsed strictly) or a parsed mapping;
        joserfc receives the strictly parsed object
    :param key: a joserfc key, ``KeySet`` or key callable, or an :class:`xeddsa.PublicKey`
    :param algorithms: allowed algorithms, as for joserfc
    :param registry: a ``JWSRegistry``
    :param max_size: longest accepted JSON text; default: twice joserfc's compact limit for the
        registry (room for an unprotected header and whitespace); not applied to a mapping
    :returns: joserfc's ``GeneralJSONSignature`` or ``FlattenedJSONSignature``
    :raises joserfc.errors.JoseError: for anything in the token, as :func:`deserialize_compact`
    """
    limit = max_size if max_size is not None else 2 * _size_limit(registry, None)
    obj = dict(jws_json_object(value, limit))
    parse_json(obj)
    with _joserfc_leaks_refused():
        return jws.deserialize_json(  # type: ignore[call-overload,no-any-return]
            obj, _joserfc_key(key), algorithms=algorithms, registry=registry
        )
