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

from tests.strategies import SMALL_ORDER_U, Q, deterministic_bytes, le, mixed_order_key
from tests.vectors import h, ids, require_backend, vectors
from xeddsa.backend import Backend, PrimitiveError, _load

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
                backend.base_mul(s)
        base = backend.base_mul(le(1))
        with pytest.raises(PrimitiveError):
            backend.point_mul(bytes(32), base)
        for small in SMALL_ORDER_U:
            with pytest.raises(PrimitiveError):
                backend.point_mul(le(5), backend.convert_mont(small))
        torsioned = backend.convert_mont(mixed_order_key("contract")[0])
        with pytest.raises(PrimitiveError):
            backend.point_mul(le(5), torsioned)
        assert backend.point_mul(le(5), base) == backend.base_mul(le(5))


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
        assert impl.is_torsion_free(point) and impl.is_canonical(point)
