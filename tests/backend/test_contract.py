"""The Backend contract: both implementations expose the whole protocol, the sodium backend's
libsodium symbols exist and behave as its module docstring relies on, and the from-uniform map
reproduces the upstream raw hash-to-point vectors on both backends (docs/design/decisions.rst, D5).

``xeddsa.backend.sodium`` uses PyNaCl's cffi module ``nacl._sodium`` (not a public PyNaCl API); its
docstring promises that tests/backend checks every symbol it uses and the behaviour it relies on.
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

import pytest

import xeddsa
from tests.strategies import SMALL_ORDER_U, TWIST_U, Q, deterministic_bytes, le, mixed_order_key
from tests.vectors import h, ids, require_backend, vectors
from xeddsa.backend import (
    BACKENDS,
    Backend,
    BackendName,
    PointBytes,
    PrimitiveError,
    ScalarBytes,
    _load,
    get_backend,
)
from xeddsa.curve import EdwardsPoint

RAW_H2P = vectors("elligator2_hash_to_point.json", "hash_to_point_raw")
ELLIGATOR = vectors("elligator2_hash_to_point.json", "elligator2")


@pytest.fixture(params=["pure", "sodium"])
def impl(request: pytest.FixtureRequest) -> Any:
    require_backend(request.param)
    return _load(request.param)


def _protocol_methods() -> set[str]:
    return {
        name
        for name, member in vars(Backend).items()
        if not name.startswith("_") and inspect.isfunction(member)
    }


def test_protocol_is_complete(impl: Any) -> None:
    methods = _protocol_methods()
    assert len(methods) >= 18
    for name in methods:
        assert callable(getattr(impl, name, None)), name
    assert impl.name in ("pure", "sodium")


def test_sodium_symbols_present() -> None:
    require_backend("sodium")
    from nacl._sodium import lib

    from xeddsa.backend import sodium

    for symbol in sodium._REQUIRED:
        assert hasattr(lib, symbol), symbol


def test_pynacl_version_in_supported_range() -> None:
    require_backend("sodium")
    import nacl

    major, minor = (int(x) for x in nacl.__version__.split(".")[:2])
    assert (1, 5) <= (major, minor) < (2, 0)  # pyproject: PyNaCl>=1.5,<2


def test_libsodium_refusals_the_contract_relies_on() -> None:
    """*_noclamp base multiplication refuses 0 and q (identity result); variable-base refuses
    small-order and torsioned points; crypto_sign_open refuses s >= q. The pure backend matches."""
    require_backend("sodium")
    sodium, pure = _load("sodium"), _load("pure")
    for backend in (sodium, pure):
        for s in (bytes(32), le(Q)):
            with pytest.raises(PrimitiveError):
                backend.base_mul(ScalarBytes(s))
        five = ScalarBytes(le(5))
        base = backend.base_mul(ScalarBytes(le(1)))
        with pytest.raises(PrimitiveError):
            backend.point_mul(ScalarBytes(bytes(32)), base)
        for small in SMALL_ORDER_U:
            with pytest.raises(PrimitiveError):
                backend.point_mul(five, backend.convert_mont(small))
        torsioned = backend.convert_mont(mixed_order_key("contract")[0])
        with pytest.raises(PrimitiveError):
            backend.point_mul(five, torsioned)
        assert backend.point_mul(five, base) == backend.base_mul(five)


def test_sodium_verify_refuses_noncanonical_s_itself() -> None:
    """crypto_sign_open with s >= q fails in libsodium; the sodium backend must then still give
    the bare equation's answer (it falls back to the curve layer), like pure does."""
    require_backend("sodium")
    from nacl._sodium import ffi, lib

    sodium, pure = _load("sodium"), _load("pure")
    a = deterministic_bytes("open", 32)
    a_red = sodium.scalar_reduce(a + bytes(32))
    A = sodium.base_mul(a_red)
    r = sodium.scalar_reduce(deterministic_bytes("r", 64))
    R = sodium.base_mul(r)
    M = b"contract"
    hh = sodium.scalar_reduce(hashlib.sha512(R + A + M).digest())
    s = sodium.scalar_muladd(hh, a_red, r)
    twin = (int.from_bytes(s, "little") + Q).to_bytes(32, "little")
    signed = R + twin + M
    out = ffi.new("unsigned char[]", len(signed))
    out_len = ffi.new("unsigned long long *")
    assert lib.crypto_sign_open(out, out_len, signed, len(signed), A) != 0
    assert sodium.ed25519_verify(A, R, s, M) and pure.ed25519_verify(A, R, s, M)
    assert sodium.ed25519_verify(A, R, twin, M) and pure.ed25519_verify(A, R, twin, M)


@pytest.mark.parametrize("vector", RAW_H2P, ids=ids(RAW_H2P))
def test_from_uniform_raw_hash_to_point(impl: Any, vector: dict[str, Any]) -> None:
    """libsignal-C's unprefixed hash-to-point: from_uniform(SHA-512(X)[:32]); the C code's callers
    prepend the hash_2 label themselves."""
    r = hashlib.sha512(h(vector["input"])).digest()[:32]
    assert impl.from_uniform(r).hex() == vector["expected_point"]


@pytest.mark.parametrize("vector", ELLIGATOR, ids=ids(ELLIGATOR))
def test_elligator2(impl: Any, vector: dict[str, Any]) -> None:
    assert impl.elligator2(h(vector["r_bytes"])).hex() == vector["expected_u"]


def test_from_uniform_is_in_prime_subgroup(impl: Any) -> None:
    for i in range(20):
        point = impl.from_uniform(deterministic_bytes(f"fu{i}", 32))
        assert impl.is_torsion_free(point) and EdwardsPoint.decompress(point) is not None


# -- inputs at the edge of the contract -----------------------------------------------------------
# Backend.ed25519_verify is documented for A on the curve; the scheme checks on_curve(A) before
# calling it, so an off-curve A only arrives through the primitive itself. The pure backend answers
# False for it; the sodium backend must give the same verdict on each of its two paths (libsodium's
# verifier, and the base-class equation taken for s >= q or a small-order R).
# Backend.from_uniform has one output whose x is 0 (r = 0 mod 2^255, u = 0): its sign bit cannot be
# honoured, and both backends must still land on the curve (the identity).

#: y = 2 belongs to no point of edwards25519 ((y^2 - 1) / (d y^2 + 1) is not a square).
OFF_CURVE_A = PointBytes(le(2))


IDENTITY = le(1)


def _backend(name: BackendName) -> Backend:
    require_backend(name)
    with xeddsa.use_backend(name):
        return get_backend()


def _signature(backend: Backend, M: bytes) -> tuple[PointBytes, PointBytes, bytes]:
    """A, R and s of a genuine signature of M under a prime-order key."""
    a = backend.scalar_reduce(deterministic_bytes("gap-a", 64))
    A = backend.base_mul(a)
    r, R = backend.scalar_reduce_base_mul(deterministic_bytes("gap-r", 64))
    h = hashlib.sha512(R + A + M).digest()
    return A, R, backend.scalar_reduce_muladd(h, a, r)


@pytest.mark.parametrize("name", ["pure", "sodium"])
def test_off_curve_A_never_verifies_on_any_path(name: BackendName) -> None:
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
    for name in BACKENDS:
        require_backend(name)
        with xeddsa.use_backend(name):
            assert not get_backend().is_on_curve(get_backend().convert_mont(TWIST_U))
            with pytest.raises(xeddsa.InvalidKey, match="twist"):
                xeddsa.PublicKey.from_public_bytes(TWIST_U)


@pytest.mark.parametrize("name", ["pure", "sodium"])
@pytest.mark.parametrize("r", [bytes(32), le(2**255)], ids=["sign 0", "sign 1"])
def test_from_uniform_x_zero_output_is_the_identity(name: BackendName, r: bytes) -> None:
    backend = _backend(name)
    assert backend.elligator2(r) == bytes(32)  # u = 0: the Edwards point (0, -1), x = 0
    assert backend.from_uniform(r) == IDENTITY  # [8](0, -1) whatever sign bit r asked for
