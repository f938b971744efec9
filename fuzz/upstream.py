"""Classify the builtin exceptions joserfc lets escape as upstream defects, and count them.

A fuzz target fails on any exception this project's code raises. joserfc's ``deserialize_compact``
and ``deserialize_json`` are different: on malformed tokens they raise ``TypeError``,
``KeyError``, ``AttributeError`` or ``ValueError`` instead of ``joserfc.errors.JoseError`` (see
``fuzz/crashes/README.md``). Such an exception is an *upstream defect*, tolerated and counted, only
when all of these hold:

1. its type is one of :data:`UPSTREAM_TYPES`;
2. it was raised by joserfc: the frames between the target's call and the raise are joserfc or
   standard-library frames only (no frame of ``xeddsa``, ``wice_candidates`` or ``fuzz``), and the
   innermost of them that is not standard library is joserfc's (``str.join`` or
   ``base64.b64decode`` failing on joserfc's behalf counts as joserfc);
3. the project's strict JWS parser refuses the same input first: the caller says so, by passing
   ``strict_rejected=True`` after :func:`xeddsa.jose.verify_vxed25519` raised ``InvalidSignature``
   on it.

Anything else (another type, a project frame in the chain, an input our parser accepted)
propagates and fails the run. The counts (by type and raising joserfc function) are kept per
process in :data:`COUNTS` and, when ``XEDDSA_FUZZ_UPSTREAM_COUNTS`` names a file, written there
after every change, because libFuzzer ends an atheris process without running ``atexit``.
"""

from __future__ import annotations

import json
import os
import sysconfig
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import Final

__all__ = [
    "COUNTS",
    "COUNTS_ENV",
    "UPSTREAM_TYPES",
    "classify",
    "joserfc_frame",
    "record_upstream",
]

#: Builtin exception types joserfc is known to leak; any other type is never tolerated.
UPSTREAM_TYPES: Final[tuple[type[BaseException], ...]] = (
    TypeError,
    KeyError,
    AttributeError,
    ValueError,  # includes binascii.Error and UnicodeDecodeError
)
#: Environment variable naming the file the counts are written to (set by ``fuzz/run.py``).
COUNTS_ENV: Final = "XEDDSA_FUZZ_UPSTREAM_COUNTS"
#: Upstream escapes seen by this process: ``"TypeError at joserfc/registry.py:check_crit_header"``.
COUNTS: Counter[str] = Counter()

_PROJECT_PACKAGES: Final = ("xeddsa", "wice_candidates", "fuzz")
_STDLIB: Final = tuple(
    str(Path(sysconfig.get_paths()[name]).resolve()) + os.sep for name in ("stdlib", "platstdlib")
)


def _package(filename: str) -> str | None:
    """Return the top-level package a frame's file belongs to: 'joserfc', a project package,
    'stdlib', or None for anything else."""
    path = str(Path(filename).resolve()) if not filename.startswith("<") else filename
    parts = Path(path).parts
    if "site-packages" not in parts and "dist-packages" not in parts and path.startswith(_STDLIB):
        return "stdlib"
    for name in ("joserfc", *_PROJECT_PACKAGES):
        if name in parts:
            return name
    return None


def joserfc_frame(tb: TracebackType | None) -> str | None:
    """Return ``"joserfc/<file>:<function>"`` if the frames of ``tb`` after the first (the catching
    frame) are joserfc or standard library only and the innermost non-stdlib one is joserfc's;
    else None."""
    if tb is None:
        return None
    raiser: str | None = None
    frame_tb = tb.tb_next
    while frame_tb is not None:
        code = frame_tb.tb_frame.f_code
        owner = _package(code.co_filename)
        if owner == "joserfc":
            path = Path(code.co_filename).as_posix()
            raiser = f"joserfc/{path.rsplit('/joserfc/', 1)[-1]}:{code.co_name}"
        elif owner != "stdlib":
            return None  # a project frame, or third-party code other than joserfc
        frame_tb = frame_tb.tb_next
    return raiser


def classify(exc: BaseException, *, strict_rejected: bool) -> str | None:
    """Return the upstream-defect label of ``exc`` (``"TypeError at joserfc/...:func"``), or None
    if it is not an upstream defect and must fail the run."""
    if not strict_rejected or not isinstance(exc, UPSTREAM_TYPES):
        return None
    where = joserfc_frame(exc.__traceback__)
    if where is None:
        return None
    cls = type(exc)
    name = cls.__qualname__
    if cls.__module__ != "builtins":
        name = f"{cls.__module__}.{name}"
    return f"{name} at {where}"


def record_upstream(exc: BaseException, *, strict_rejected: bool) -> bool:
    """Count ``exc`` and return True if it is an upstream defect; return False (the caller
    re-raises) if :func:`classify` says it is not."""
    label = classify(exc, strict_rejected=strict_rejected)
    if label is None:
        return False
    COUNTS[label] += 1
    target = os.environ.get(COUNTS_ENV)
    if target:
        Path(target).write_text(json.dumps(dict(COUNTS), sort_keys=True), encoding="utf-8")
    return True
