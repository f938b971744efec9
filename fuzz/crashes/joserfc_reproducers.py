"""Minimal joserfc reproducers for the upstream report in ``fuzz/crashes/README.md``.

Only joserfc is used (an HS256 ``OctKey``), so the report needs no xeddsa. Run from the repository
root: ``.venv/bin/python fuzz/crashes/joserfc_reproducers.py``; each line shows the call, what
joserfc raised and where, and ``LEAK`` when it is not a ``joserfc.errors.JoseError``.
``tests/conformance/test_fuzz_upstream.py`` asserts that every case still leaks, so an upstream
fix is noticed.
"""

from __future__ import annotations

import base64
import json
import traceback
from typing import Any, Final

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

__all__ = ["CASES", "KEY", "run_case"]

KEY: Final = OctKey.import_key("secret-secret-secret-secret-1234")


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def _compact(header: str) -> str:
    return f"{_b64(header)}.{_b64('hello')}.AAAA"


def _flattened(header: str) -> dict[str, Any]:
    return {"protected": _b64(header), "payload": _b64("hello"), "signature": "AAAA"}


_HS = '{"alg":"HS256"}'
#: (id, function, value, expected exception type name): joserfc 1.8.0's behaviour.
CASES: Final[list[tuple[str, str, Any, str]]] = [
    ("header-is-a-list", "compact", "WyJhbGciXQ.e30.AAAA", "TypeError"),
    ("header-is-a-list", "json", _flattened('["alg"]'), "ValueError"),
    ("crit-is-an-int", "compact", _compact('{"alg":"HS256","crit":5}'), "TypeError"),
    ("crit-is-an-int", "json", _flattened('{"alg":"HS256","crit":5}'), "TypeError"),
    ("crit-holds-an-int", "compact", _compact('{"alg":"HS256","crit":[5]}'), "TypeError"),
    ("crit-holds-an-int", "json", _flattened('{"alg":"HS256","crit":[5]}'), "TypeError"),
    (
        "crit-1264-b64-false",
        "compact",
        _compact('{"alg":"HS256","crit":[1264],"b64":false}'),
        "MissingCritHeaderError",
    ),
    (
        "crit-1264-b64-false",
        "json",
        _flattened('{"alg":"HS256","crit":[1264],"b64":false}'),
        "TypeError",
    ),
    (
        "crit-1264-and-b64",
        "compact",
        _compact('{"alg":"HS256","crit":[1264,"b64"],"b64":false}'),
        "TypeError",
    ),
    ("protected-not-base64url", "json", {**_flattened(_HS), "protected": "@@"}, "Error"),
    ("protected-not-utf8", "json", {**_flattened(_HS), "protected": "_w"}, "UnicodeDecodeError"),
    ("protected-not-json", "json", {**_flattened(_HS), "protected": _b64("{")}, "JSONDecodeError"),
    ("signature-not-base64url", "json", {**_flattened(_HS), "signature": "@@"}, "Error"),
    ("flattened-no-payload", "json", {"protected": _b64(_HS), "signature": "AAAA"}, "KeyError"),
    (
        "general-without-signature",
        "json",
        {"payload": _b64("hello"), "signatures": [{"protected": _b64(_HS)}]},
        "KeyError",
    ),
    (
        "general-payload-not-a-string",
        "json",
        {"payload": 1, "signatures": [{"protected": _b64(_HS), "signature": "AAAA"}]},
        "AttributeError",
    ),
    (
        "flattened-payload-not-a-string",
        "json",
        {"protected": _b64(_HS), "payload": 1, "signature": "AAAA"},
        "AttributeError",
    ),
    (
        "general-without-payload",
        "json",
        {"signatures": [{"protected": _b64(_HS), "signature": "AAAA"}]},
        "KeyError",
    ),
    (
        "general-signatures-not-objects",
        "json",
        {"payload": _b64("hello"), "signatures": [1]},
        "TypeError",
    ),
]


def run_case(function: str, value: Any) -> BaseException:
    """Call ``jws.deserialize_<function>(value, KEY)`` and return the exception it raises."""
    try:
        if function == "compact":
            jws.deserialize_compact(value, KEY)
        else:
            jws.deserialize_json(value, KEY)
    except Exception as exc:
        return exc
    raise AssertionError(f"joserfc accepted {value!r}")


def main() -> int:
    import joserfc

    print(f"joserfc {joserfc.__version__}")
    for name, function, value, _expected in CASES:
        exc = run_case(function, value)
        frames = traceback.extract_tb(exc.__traceback__)
        frame = [f for f in frames if "/joserfc/" in f.filename][-1]
        where = f"{frame.filename.rsplit('/joserfc/', 1)[-1]}:{frame.lineno} {frame.name}"
        kind = "JoseError" if isinstance(exc, JoseError) else "LEAK"
        shown = value if isinstance(value, str) else json.dumps(value)
        print(f"{kind:9} {name} deserialize_{function}({shown}) -> "
              f"{type(exc).__name__}: {exc} [{where}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
