"""The Backend protocol (curve primitives on 32-byte encodings) and backend selection.

Split rule: a backend supplies *primitives* (scalar reduction and arithmetic mod q, base and
variable-base multiplication, point addition, Elligator 2, the Ed25519 equation); the algorithms
of the XEdDSA paper are written once above them, in :mod:`xeddsa._scheme` and
:mod:`xeddsa.vxeddsa._scheme`, and never here. Which checks a verification policy runs is decided
in the scheme layer too, never inside a backend.

Two implementations exist and must return identical bytes and raise identical exception types for
identical inputs (see docs/design/decisions.rst, D5):

- ``"sodium"`` (:mod:`xeddsa.backend.sodium`): libsodium through PyNaCl; the default, and the only
  backend allowed to sign unless the caller explicitly opts into ``"pure"``;
- ``"pure"`` (:mod:`xeddsa.backend.pure`): readable Python integers on :mod:`xeddsa.curve`; the
  reference for test vectors; **not constant time**.

Selection precedence: :func:`use_backend` (kept in a :class:`contextvars.ContextVar`, so threads and
asyncio tasks do not leak it into each other; a thread pool's worker, though, runs all its jobs in
one context, hence :class:`~xeddsa.UnscopedBackendWarning`) > the ``XEDDSA_BACKEND`` environment
variable (read once, at import) > ``"sodium"``. The first private-key operation on ``"pure"`` in a
process emits :class:`~xeddsa.NonConstantTimeWarning`. Without PyNaCl and without an explicit
choice, verification runs on ``"pure"`` and signing raises
:class:`~xeddsa.errors.BackendUnavailable`; an explicit ``"pure"`` is the opt-in that allows pure
signing. An unknown name, or ``"sodium"`` without PyNaCl, raises
:class:`~xeddsa.errors.BackendUnavailable`. There is no silent fallback.
"""

from __future__ import annotations

import contextvars
import importlib
import os
import threading
import warnings
from collections.abc import Mapping
from typing import Final, Literal, NamedTuple, NewType, Protocol, final

from xeddsa.errors import (
    BackendUnavailable,
    NonConstantTimeWarning,
    UnscopedBackendWarning,
)

__all__ = [
    "BACKENDS",
    "Backend",
    "BackendEntry",
    "BackendName",
    "PointBytes",
    "ScalarBytes",
    "get_backend",
    "get_signing_backend",
    "use_backend",
]

#: A 32-byte point encoding (RFC 8032 §5.1.2); not necessarily canonical or on the curve.
PointBytes = NewType("PointBytes", bytes)
#: A 32-byte little-endian scalar; reduced mod q unless a function says otherwise.
ScalarBytes = NewType("ScalarBytes", bytes)

BackendName = Literal["pure", "sodium"]


class BackendEntry(NamedTuple):
    """Where a backend lives and what it needs: one row of :data:`BACKENDS`."""

    module: str
    class_name: str
    requirement: str


#: Every backend: its name and the module and class that implement it. A new backend is one line
#: here (and its name in :data:`BackendName`) plus its module; the command line takes its
#: ``--backend`` choices from this table.
BACKENDS: Final[Mapping[BackendName, BackendEntry]] = {
    "pure": BackendEntry("xeddsa.backend.pure", "PureBackend", "nothing beyond Python"),
    "sodium": BackendEntry(
        "xeddsa.backend.sodium", "SodiumBackend", "PyNaCl 1.6 (pip install pynacl)"
    ),
}


class PrimitiveError(Exception):
    """Internal: a primitive refused its input (libsodium's -1); the scheme layer turns it into a
    verdict. Not part of the public error hierarchy, and never raised by a verify or import path.

    Signing raises it only if a SHA-512 output is 0 mod q or hashes to the identity (probability
    about 2^-250 per signature): an internal failure, like a failed assertion.
    """


class Backend(Protocol):
    """The primitives the scheme layer calls, on 32-byte encodings; libsodium's documented
    behaviour is the contract (see docs/design/decisions.rst, D5 and D7).

    Every method raises :class:`PrimitiveError` where libsodium returns -1, and the pure backend
    matches that exactly; methods documented "public data" may run in variable time.
    """

    name: BackendName

    # -- secret scalars (constant time on "sodium") ---------------------------------------------

    def scalar_reduce(self, wide: bytes) -> ScalarBytes:
        """Reduce a 64-byte little-endian integer mod q (``crypto_core_ed25519_scalar_reduce``)."""
        ...

    def scalar_negate(self, a: ScalarBytes) -> ScalarBytes:
        """Return -a mod q (``crypto_core_ed25519_scalar_negate``)."""
        ...

    def scalar_muladd(self, a: ScalarBytes, b: ScalarBytes, c: ScalarBytes) -> ScalarBytes:
        """Return a * b + c mod q for a, b, c reduced mod q (libsodium's scalar_add keeps 256
        bits, so an unreduced c near 2^256 would wrap; the scheme only passes reduced scalars)."""
        ...

    def scalar_reduce_muladd(self, wide: bytes, b: ScalarBytes, c: ScalarBytes) -> ScalarBytes:
        """Return (wide mod q) * b + c mod q for a 64-byte wide and b, c reduced mod q; one call
        for s = r + h a."""
        ...

    def scalar_reduce_base_mul(self, wide: bytes) -> tuple[ScalarBytes, PointBytes]:
        """Return (r, [r]B) for r = wide mod q (64-byte wide); one call for a nonce and its
        commitment. Raise :class:`PrimitiveError` when r = 0."""
        ...

    def base_mul(self, s: ScalarBytes) -> PointBytes:
        """Return the encoding of [s]B for 0 < s < 2^255 (``..._base_noclamp``); raise
        :class:`PrimitiveError` when s = 0 mod q (identity result)."""
        ...

    def point_mul(self, s: ScalarBytes, point: PointBytes) -> PointBytes:
        """Return [s]P for a canonical, prime-order P (``crypto_scalarmult_ed25519_noclamp``);
        raise :class:`PrimitiveError` for a non-canonical, small-order or torsioned P, or an
        identity result."""
        ...

    def x25519_base(self, k: bytes) -> bytes:
        """Return the X25519 public key u = X25519(k, 9) of a clamped k (crypto_scalarmult_base)."""
        ...

    def x25519(self, k: bytes, u: bytes) -> bytes:
        """Return X25519(k, u) (``crypto_scalarmult``): k clamped, bit 255 of u masked; raise
        :class:`PrimitiveError` where libsodium refuses: u of small order or an all-zero result."""
        ...

    # -- public data (variable time allowed) -----------------------------------------------------

    def from_uniform(self, r: bytes) -> PointBytes:
        """Map 32 bytes to [8]P where P has u = elligator2(r mod 2^255) and sign bit r[255]
        (``crypto_core_ed25519_from_uniform``); XEdDSA rev1 §2.6."""
        ...

    def mul_by_cofactor(self, point: PointBytes) -> PointBytes:
        """Return [8]P for any point on the curve (torsion and small order allowed); public data."""
        ...

    def base_mul_sub(self, s: bytes, h: bytes, point: PointBytes) -> PointBytes:
        """Return [s]B - [h]P for 32-byte s, h (taken mod q) and any P on the curve; public data."""
        ...

    def mul_sub(self, s: bytes, base: PointBytes, h: bytes, point: PointBytes) -> PointBytes:
        """Return [s]base - [h]P for 32-byte s, h (taken mod q) and points on the curve; public
        data."""
        ...

    def canonical_encoding(self, point: PointBytes) -> PointBytes:
        """Return the canonical re-encoding of a leniently decoded point (y mod p, x = -0)."""
        ...

    def convert_mont(self, u: bytes) -> PointBytes:
        """Return the Edwards encoding of u_to_y(u mod 2^255) with sign 0 (XEdDSA rev1 §2.3)."""
        ...

    def edwards_to_montgomery(self, point: bytes) -> bytes:
        """Return u = (1 + y) / (1 - y) (``crypto_sign_ed25519_pk_to_curve25519``); raise
        :class:`PrimitiveError` for a small-order, off-curve or torsioned point; public data."""
        ...

    def elligator2(self, r: bytes) -> bytes:
        """Return the 32-byte Montgomery u = elligator2(r mod 2^255) (XEdDSA rev1 §2.6)."""
        ...

    def is_on_curve(self, point: bytes) -> bool:
        """Return whether the encoding's y (mod 2^255, reduced mod p) is on the curve."""
        ...

    def is_small_order(self, point: bytes) -> bool:
        """Return whether the encoding (canonical or not) names a point of order dividing 8."""
        ...

    def is_torsion_free(self, point: bytes) -> bool:
        """Return whether the encoding decodes to a point of the prime-order subgroup."""
        ...

    def ed25519_verify_strict(self, A: bytes, signature: bytes, M: bytes) -> bool:
        """Return libsodium's ``crypto_sign_verify_detached`` verdict on a 64-byte R || s: s < q,
        A canonical, neither A nor R of small order, then the equation of :meth:`ed25519_verify`;
        public data."""
        ...

    def ed25519_verify(self, A: PointBytes, R: PointBytes, s: bytes, M: bytes) -> bool:
        """Return whether R == encode([s]B - [SHA-512(R || A || M) mod q]A) byte for byte.

        The cofactorless equation only, with no other check: s is any 32-byte value < 2^253 (taken
        mod q), A any point on the curve (small order and torsion allowed). Public data.
        """
        ...


_choice: contextvars.ContextVar[BackendName | None] = contextvars.ContextVar(
    "xeddsa_backend", default=None
)
#: The ``use_backend`` call that made the current choice (``None`` for the environment/default).
_chooser: contextvars.ContextVar[use_backend | None] = contextvars.ContextVar(
    "xeddsa_backend_chooser", default=None
)
#: Whether :class:`NonConstantTimeWarning` was emitted in this process (it is emitted once).
_pure_secret_warned = False
_instances: dict[str, Backend] = {}


#: Why a backend could not be imported, by name: a failed import is not retried per call.
_import_errors: dict[str, str] = {}


def _load(name: str) -> Backend:
    """Return the backend instance called ``name``, importing its module on first use."""
    if name not in BACKENDS:
        expected = " or ".join(repr(known) for known in BACKENDS)
        raise BackendUnavailable(f"unknown backend {name!r}; expected {expected}")
    if name not in _instances:
        if name in _import_errors:
            raise BackendUnavailable(_import_errors[name])
        entry = BACKENDS[name]  # type: ignore[index]  # a known name, checked above
        try:
            module = importlib.import_module(entry.module)
        except ImportError as exc:  # a dependency missing or too old (PyNaCl for "sodium")
            _import_errors[name] = f"the {name!r} backend needs {entry.requirement}: {exc}"
            raise BackendUnavailable(_import_errors[name]) from exc
        instance: Backend = getattr(module, entry.class_name)()
        _instances[name] = instance
    return _instances[name]


#: ``XEDDSA_BACKEND``, read once when this module is imported (like ``PYTHONHASHSEED``): reading
#: ``os.environ`` on every signature costs more than a scalar operation.
_ENV_CHOICE: str | None = os.environ.get("XEDDSA_BACKEND", "").strip() or None


def _explicit_choice() -> str | None:
    """Return the explicitly chosen backend name (``use_backend`` first, then the environment)."""
    chosen = _choice.get()
    if chosen is not None:
        return chosen
    return _ENV_CHOICE


def get_backend() -> Backend:
    """Return the backend for verification and public-data work.

    The explicit choice wins; with none, ``"sodium"`` if PyNaCl imports, else ``"pure"``.
    """
    chosen = _explicit_choice()
    if chosen is not None:
        return _load(chosen)
    try:
        return _load("sodium")
    except BackendUnavailable:
        return _load("pure")


def get_signing_backend() -> Backend:
    """Return the backend for operations on secret keys: ``"sodium"`` unless ``"pure"`` was chosen.

    :raises BackendUnavailable: PyNaCl is missing and ``"pure"`` was not explicitly chosen.
    """
    chosen = _explicit_choice()
    if chosen is not None:
        backend = _load(chosen)
        if chosen == "pure":
            _warn_pure_secret_use()
        return backend
    try:
        return _load("sodium")
    except BackendUnavailable as exc:
        raise BackendUnavailable(
            "signing needs the 'sodium' backend (PyNaCl); the 'pure' backend is not constant time "
            "and signs only after an explicit opt-in: xeddsa.use_backend('pure') or "
            "XEDDSA_BACKEND=pure"
        ) from exc


def _warn_pure_secret_use() -> None:
    """Warn once per process that ``pure`` handles a private key, and once per unscoped call."""
    global _pure_secret_warned
    if not _pure_secret_warned:
        # The flag is set after warn() returns: under an "error" filter every use raises.
        warnings.warn(
            "the 'pure' backend is not constant time and is computing with a private key; "
            "sign on the default 'sodium' backend where timing can be observed "
            "(see docs/security.rst)",
            NonConstantTimeWarning,
            stacklevel=4,
        )
        _pure_secret_warned = True
    chooser = _chooser.get()
    if chooser is not None and chooser._unscoped_in_thread and not chooser._warned:
        warnings.warn(
            "use_backend('pure') was called without 'with' outside the main thread; the choice "
            "stays in this thread's context, including later jobs of a thread pool. Use "
            "'with xeddsa.use_backend(\"pure\"):' inside the job",
            UnscopedBackendWarning,
            stacklevel=4,
        )
        chooser._warned = True


@final
class use_backend:  # noqa: N801 - used as a function and as a context manager
    """Select the backend by name; as a context manager, restore the previous choice on exit.

    ``xeddsa.use_backend("pure")`` sets the choice for the current context (thread or task);
    ``with xeddsa.use_backend("pure"): ...`` scopes it to the block. A thread pool runs every job
    of a worker thread in that thread's one context, so a plain call inside a job persists for
    the worker's later jobs: use ``with`` there. A plain ``"pure"`` call made outside the main
    thread emits :class:`~xeddsa.UnscopedBackendWarning` at the first private-key
    operation it affects.

    :raises BackendUnavailable: unknown name, or ``"sodium"`` without PyNaCl.
    """

    __slots__ = ("_chooser_token", "_token", "_unscoped_in_thread", "_warned")

    def __init__(self, name: BackendName) -> None:
        _load(name)  # fail now, not at first use
        self._token = _choice.set(name)
        # Cleared by __enter__: only a call that is not used as a context manager stays set.
        self._unscoped_in_thread = threading.current_thread() is not threading.main_thread()
        self._warned = False
        self._chooser_token = _chooser.set(self)

    def __enter__(self) -> use_backend:
        self._unscoped_in_thread = False
        return self

    def __exit__(self, *exc_info: object) -> None:
        _chooser.reset(self._chooser_token)
        _choice.reset(self._token)
