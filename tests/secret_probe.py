"""A ``sys.setprofile`` probe and arithmetic patches that show sodium signing keeps secret
scalars out of Python-integer arithmetic (docs/security.rst)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, Final

import pytest

import xeddsa
from xeddsa.backend import BackendName

PACKAGE: Final = Path(xeddsa.__file__).resolve().parent
#: Files whose Python functions must not run while a secret is in use on sodium.
FORBIDDEN_FILES: Final = (
    str(PACKAGE / "curve") + "/",
    str(PACKAGE / "backend" / "pure.py"),
    str(PACKAGE / "backend" / "_public.py"),
)
_INT_QUALNAMES: Final = ("int.from_bytes", "int.to_bytes", "pow", "from_bytes", "to_bytes")


class Probe:
    """Records Python calls into ``FORBIDDEN_FILES`` and the builtins that turn bytes into
    Python integers and back (``int.from_bytes``, ``int.to_bytes``, ``pow``)."""

    def __init__(self) -> None:
        self.forbidden_frames: list[str] = []
        self.int_calls: list[str] = []

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(FORBIDDEN_FILES):
                self.forbidden_frames.append(f"{filename}:{frame.f_code.co_name}")
        elif event == "c_call":
            name = getattr(arg, "__name__", "")
            owner = getattr(arg, "__self__", None)
            makes_int = name == "from_bytes" and owner is int
            uses_int = name == "pow" or (name == "to_bytes" and isinstance(owner, int))
            if makes_int or uses_int or getattr(arg, "__qualname__", name) in _INT_QUALNAMES:
                self.int_calls.append(name)


@contextmanager
def probing() -> Iterator[Probe]:
    """Run the block under a fresh ``Probe`` (the previous profiler is restored after)."""
    probe = Probe()
    previous = sys.getprofile()
    sys.setprofile(probe)
    try:
        yield probe
    finally:
        sys.setprofile(previous)


def raiser(name: str) -> Callable[..., Any]:
    """A stand-in that fails the test when ``name`` is called."""

    def fail(*args: object, **kwargs: object) -> Any:
        raise AssertionError(f"{name} called while signing on sodium")

    return fail


def patch_arithmetic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the curve layer's arithmetic, the public-data backend's and every public method of
    the pure backend raise."""
    from xeddsa.backend import _public
    from xeddsa.backend.pure import PureBackend
    from xeddsa.curve import edwards, elligator, montgomery

    for owner, name in [
        (edwards.EdwardsPoint, "base_mul"),
        (edwards.EdwardsPoint, "double_scalar_mul_base"),
        (edwards.EdwardsPoint, "__mul__"),
        (edwards.EdwardsPoint, "__add__"),
        (edwards.EdwardsPoint, "decompress"),
        (edwards.EdwardsPoint, "decompress_lenient"),
        (edwards.EdwardsPoint, "compress"),
        (montgomery, "convert_mont"),
        (montgomery, "u_to_y"),
        (montgomery, "edwards_to_u"),
        (elligator, "elligator2"),
        (_public.PublicDataBackend, "mul_sub"),
        (_public.PublicDataBackend, "base_mul_sub"),
        (_public.PublicDataBackend, "mul_by_cofactor"),
    ]:
        monkeypatch.setattr(owner, name, raiser(f"{getattr(owner, '__name__', owner)}.{name}"))
    for name in [n for n in vars(PureBackend) if not n.startswith("_") and n != "name"]:
        monkeypatch.setattr(PureBackend, name, raiser(f"PureBackend.{name}"))


def probe_workload(workload: Callable[[], object], backend: BackendName | None = None) -> Probe:
    """Run ``workload`` once to warm lazy imports and caches, then again under a ``Probe``, on
    ``backend`` (None: whatever is selected now); return the probe."""
    if backend is None:
        workload()
        with probing() as probe:
            workload()
        return probe
    with xeddsa.use_backend(backend):
        return probe_workload(workload)
