"""The ``sodium`` backend: the Backend primitives on libsodium, through PyNaCl's cffi module.

This is the only module of :mod:`xeddsa` that imports :mod:`nacl` (enforced by import-linter).

Why ``nacl._sodium`` and not ``nacl.bindings``: PyNaCl's public wrappers spend most of the price
of a scalar operation on argument checks and buffer allocation, enough to miss the signing target
(the figures are in benchmarks/README.md). The cffi ``lib``
object exposes the same libsodium functions without that overhead. It is not a public PyNaCl API,
so the supported PyNaCl range is pinned in ``pyproject.toml`` and ``tests/backend`` checks that
every symbol used here exists and behaves as documented; if the module or a symbol is missing,
importing this backend fails with :class:`ImportError` and :func:`xeddsa.use_backend` reports
:class:`~xeddsa.errors.BackendUnavailable` (no silent fallback).

libsodium refuses some inputs that a policy must still evaluate: its variable-base multiplication
rejects small-order and torsioned points, and its Ed25519 verifier rejects s >= q and small-order
A or R. For those public-data cases this backend calls ``super()``: the base class computes with
:mod:`xeddsa.curve`, exactly as for the pure backend (see docs/design/decisions.rst, D7); secret
scalars never take that path.
"""

from __future__ import annotations

from typing import Any, Final, final

from nacl._sodium import ffi, lib

from xeddsa._params import Q
from xeddsa.backend import BackendName, PointBytes, PrimitiveError, ScalarBytes
from xeddsa.backend._public import PublicDataBackend

__all__ = ["SodiumBackend"]

_REQUIRED: Final = (
    "crypto_core_ed25519_scalar_reduce",
    "crypto_core_ed25519_scalar_negate",
    "crypto_core_ed25519_scalar_mul",
    "crypto_core_ed25519_scalar_add",
    "crypto_core_ed25519_add",
    "crypto_core_ed25519_sub",
    "crypto_core_ed25519_from_uniform",
    "crypto_scalarmult_ed25519_base_noclamp",
    "crypto_scalarmult_ed25519_noclamp",
    "crypto_scalarmult_base",
    "crypto_scalarmult",
    "crypto_sign_open",
    "sodium_init",
)
for _symbol in _REQUIRED:
    if not hasattr(lib, _symbol):  # pragma: no cover - depends on the installed PyNaCl
        raise ImportError(f"PyNaCl's libsodium lacks {_symbol}")
if lib.sodium_init() < 0:  # pragma: no cover - libsodium could not initialise
    raise ImportError("libsodium failed to initialise")


def _is_canonical_scalar(s: bytes) -> bool:
    return int.from_bytes(s, "little") < Q


@final
class SodiumBackend(PublicDataBackend):
    """Backend primitives on libsodium (constant-time scalar and base-point operations)."""

    name: BackendName = "sodium"

    def __init__(self) -> None:
        self._ffi: Any = ffi
        self._lib: Any = lib
        self._b32: Any = ffi.typeof("unsigned char[32]")
        self._b64: Any = ffi.typeof("unsigned char[64]")
        # Bound once: attribute lookups on the cffi lib object cost time on the signing path.
        self._reduce: Any = lib.crypto_core_ed25519_scalar_reduce
        self._mul: Any = lib.crypto_core_ed25519_scalar_mul
        self._add: Any = lib.crypto_core_ed25519_scalar_add
        self._base_noclamp: Any = lib.crypto_scalarmult_ed25519_base_noclamp
        self._sign_open: Any = lib.crypto_sign_open
        self._bytes_t: Any = ffi.typeof("unsigned char[]")

    def scalar_reduce(self, wide: bytes) -> ScalarBytes:
        """Reduce a 64-byte little-endian integer mod q."""
        out = self._ffi.new(self._b32)
        self._lib.crypto_core_ed25519_scalar_reduce(out, wide)
        return ScalarBytes(bytes(out))

    def scalar_negate(self, a: ScalarBytes) -> ScalarBytes:
        """Return -a mod q."""
        out = self._ffi.new(self._b32)
        self._lib.crypto_core_ed25519_scalar_negate(out, a)
        return ScalarBytes(bytes(out))

    def scalar_muladd(self, a: ScalarBytes, b: ScalarBytes, c: ScalarBytes) -> ScalarBytes:
        """Return a * b + c mod q."""
        out = self._ffi.new(self._b32)
        self._lib.crypto_core_ed25519_scalar_mul(out, a, b)
        self._lib.crypto_core_ed25519_scalar_add(out, out, c)
        return ScalarBytes(bytes(out))

    def scalar_reduce_muladd(self, wide: bytes, b: ScalarBytes, c: ScalarBytes) -> ScalarBytes:
        """Return (wide mod q) * b + c mod q."""
        out = self._ffi.new(self._b32)
        self._reduce(out, wide)
        self._mul(out, out, b)
        self._add(out, out, c)
        return ScalarBytes(self._ffi.buffer(out)[:])

    def scalar_reduce_base_mul(self, wide: bytes) -> tuple[ScalarBytes, PointBytes]:
        """Return (r, [r]B) for r = wide mod q."""
        # One 64-byte buffer holds r (bytes 0-31) and R (bytes 32-63): one allocation, one copy.
        buf = self._ffi.new(self._b64)
        R = buf + 32
        self._reduce(buf, wide)
        if self._base_noclamp(R, buf) != 0:
            raise PrimitiveError("identity result")
        both = self._ffi.buffer(buf)[:]
        return ScalarBytes(both[:32]), PointBytes(both[32:])

    def base_mul(self, s: ScalarBytes) -> PointBytes:
        """Return [s]B; libsodium refuses s = 0 mod q."""
        out = self._ffi.new(self._b32)
        if self._lib.crypto_scalarmult_ed25519_base_noclamp(out, s) != 0:
            raise PrimitiveError("identity result")
        return PointBytes(bytes(out))

    def point_mul(self, s: ScalarBytes, point: PointBytes) -> PointBytes:
        """Return [s]P for canonical, prime-order P."""
        out = self._ffi.new(self._b32)
        if self._lib.crypto_scalarmult_ed25519_noclamp(out, s, point) != 0:
            raise PrimitiveError("point is not canonical or not in the prime-order subgroup")
        return PointBytes(bytes(out))

    def point_add(self, p: PointBytes, q: PointBytes) -> PointBytes:
        """Return P + Q for points on the curve."""
        return self._point_op(self._lib.crypto_core_ed25519_add, p, q)

    def point_sub(self, p: PointBytes, q: PointBytes) -> PointBytes:
        """Return P - Q for points on the curve."""
        return self._point_op(self._lib.crypto_core_ed25519_sub, p, q)

    def _point_op(self, op: Any, p: PointBytes, q: PointBytes) -> PointBytes:
        """Call libsodium's add or sub; it refuses points that are not on the curve."""
        out = self._ffi.new(self._b32)
        if op(out, p, q) != 0:
            raise PrimitiveError("point is not on the curve")
        return PointBytes(bytes(out))

    def from_uniform(self, r: bytes) -> PointBytes:
        """Return libsodium's crypto_core_ed25519_from_uniform(r), equal to XEdDSA's map (see
        docs/design/decisions.rst, D5)."""
        out = self._ffi.new(self._b32)
        self._lib.crypto_core_ed25519_from_uniform(out, r)
        return PointBytes(bytes(out))

    def mul_by_cofactor(self, point: PointBytes) -> PointBytes:
        """Return [8]P with three libsodium additions (any point on the curve)."""
        doubled = self.point_add(point, point)
        doubled = self.point_add(doubled, doubled)
        return self.point_add(doubled, doubled)

    def base_mul_sub(self, s: bytes, h: bytes, point: PointBytes) -> PointBytes:
        """Return [s]B - [h]P; libsodium for prime-order P and non-zero terms, else xeddsa.curve."""
        try:
            sB = self.base_mul(self._reduce32(s))
            hP = self.point_mul(self._reduce32(h), point)
            return self.point_sub(sB, hP)
        except PrimitiveError:  # zero scalar, identity term, small-order or torsioned P
            return super().base_mul_sub(s, h, point)

    def mul_sub(self, s: bytes, base: PointBytes, h: bytes, point: PointBytes) -> PointBytes:
        """Return [s]base - [h]P; libsodium for prime-order points and non-zero terms, else the
        base class."""
        try:
            s_base = self.point_mul(self._reduce32(s), base)
            hP = self.point_mul(self._reduce32(h), point)
            return self.point_sub(s_base, hP)
        except PrimitiveError:
            return super().mul_sub(s, base, h, point)

    def _reduce32(self, s: bytes) -> ScalarBytes:
        """Reduce a 32-byte scalar mod q (libsodium's multiplications ignore only bit 255)."""
        return self.scalar_reduce(s + bytes(32))

    def x25519_base(self, k: bytes) -> bytes:
        """Return X25519(k, 9)."""
        out = self._ffi.new(self._b32)
        self._lib.crypto_scalarmult_base(out, k)
        return bytes(out)

    def x25519(self, k: bytes, u: bytes) -> bytes:
        """Return X25519(k, u); libsodium refuses a small-order u and an all-zero result."""
        out = self._ffi.new(self._b32)
        if self._lib.crypto_scalarmult(out, k, u) != 0:
            raise PrimitiveError("X25519 refused: u of small order or an all-zero shared secret")
        return bytes(out)

    def ed25519_verify_strict(self, A: bytes, signature: bytes, M: bytes) -> bool:
        """Return crypto_sign_open's verdict on signature || M (libsodium checks all)."""
        signed = signature + M
        out = self._ffi.new(self._bytes_t, len(signed))
        return bool(self._sign_open(out, self._ffi.NULL, signed, len(signed), A) == 0)

    def ed25519_verify(self, A: PointBytes, R: PointBytes, s: bytes, M: bytes) -> bool:
        """Return whether R == encode([s]B - [h]A): libsodium where it applies, else ``super()``.

        libsodium's verifier adds checks (s < q, A and R not of small order, canonical A); when
        all of them hold its verdict is the bare equation's, so it answers; otherwise the base
        class evaluates the equation on public data with :mod:`xeddsa.curve`.
        """
        if _is_canonical_scalar(s) and not self.is_small_order(A) and not self.is_small_order(R):
            # crypto_sign_open(m, &mlen, R || s || M, smlen, A): the combined-mode verifier, the
            # only one PyNaCl's cffi module exports; it runs crypto_sign_verify_detached inside.
            signed = R + s + M
            out = self._ffi.new("unsigned char[]", len(signed))
            out_len = self._ffi.new("unsigned long long *")
            return self._lib.crypto_sign_open(out, out_len, signed, len(signed), A) == 0
        return super().ed25519_verify(A, R, s, M)
