"""Backend primitives on inputs at the edge of their contract.

``Backend.ed25519_verify`` is documented for A on the curve; the scheme checks ``on_curve(A)``
before calling it, so an off-curve A only arrives through the primitive itself.  The pure backend
answers ``False`` for it; the sodium backend must give the same verdict on each of its two paths
(libsodium's verifier, and the pure-curve fallback taken for s >= q or a small-order R).

``Backend.from_uniform`` has one output whose x is 0 (r = 0 mod 2^255, u = 0): its sign bit
cannot be honoured, and both backends must still land on the curve (the identity).
"""

from __future__ import annotations

import hashlib

import pytest

import xeddsa
from tests.strategies import SMALL_ORDER_U, TWIST_U, Q, deterministic_bytes, le
from tests.vectors import require_backend
from xeddsa.backend import Backend, PointBytes, get_backend

#: y = 2 belongs to no point of edwards25519 ((y^2 - 1) / (d y^2 + 1) is not a square).
OFF_CURVE_A = le(2)
IDENTITY = le(1)


def _backend(name: str) -> Backend:
    require_backend(name)
    with xeddsa.use_backend(name):  # type: ignore[arg-type]
        return get_backend()


def _signature(backend: Backend, M: bytes) -> tuple[PointBytes, PointBytes, bytes]:
    """A, R and s of a genuine signature of M under a prime-order key."""
    a = backend.scalar_reduce(deterministic_bytes("gap-a", 64))
    A = backend.base_mul(a)
    r, R = backend.scalar_reduce_base_mul(deterministic_bytes("gap-r", 64))
    h = hashlib.sha512(R + A + M).digest()
    return A, R, backend.scalar_reduce_muladd(h, a, r)


@pytest.mark.parametrize("name", ["pure", "sodium"])
def test_off_curve_A_never_verifies_on_any_path(name: str) -> None:
    backend = _backend(name)
    assert not backend.is_on_curve(OFF_CURVE_A)
    assert not backend.is_small_order(OFF_CURVE_A)
    M = b"off-curve A"
    A, R, s = _signature(backend, M)
    small_R = backend.convert_mont(SMALL_ORDER_U[3])
    assert backend.is_small_order(small_R)
    s_plus_q = le(int.from_bytes(s, "little") + Q)
    cases = {
        "libsodium path (canonical s, R of prime order)": (R, s),
        "fallback path: s >= q": (R, s_plus_q),
        "fallback path: small-order R": (small_R, s),
    }
    for label, (R_, s_) in cases.items():
        assert backend.ed25519_verify(OFF_CURVE_A, R_, s_, M) is False, label
    # Under the signer's A the first two verify (the bare equation takes s mod q), so each
    # refusal above is A's alone.
    assert backend.ed25519_verify(A, R, s, M) is True
    assert backend.ed25519_verify(A, R, s_plus_q, M) is True


def test_off_curve_A_is_refused_before_the_primitive_by_the_public_api() -> None:
    # TWIST_U converts to an off-curve A; every policy stops at on_curve(A).
    for name in ("pure", "sodium"):
        require_backend(name)
        with xeddsa.use_backend(name):  # type: ignore[arg-type]
            assert not get_backend().is_on_curve(get_backend().convert_mont(TWIST_U))
            with pytest.raises(xeddsa.InvalidKey, match="twist"):
                xeddsa.PublicKey.from_public_bytes(TWIST_U)


@pytest.mark.parametrize("name", ["pure", "sodium"])
@pytest.mark.parametrize("r", [bytes(32), le(2**255)], ids=["sign 0", "sign 1"])
def test_from_uniform_x_zero_output_is_the_identity(name: str, r: bytes) -> None:
    backend = _backend(name)
    assert backend.elligator2(r) == bytes(32)  # u = 0: the Edwards point (0, -1), x = 0
    assert backend.from_uniform(r) == IDENTITY  # [8](0, -1) whatever sign bit r asked for
