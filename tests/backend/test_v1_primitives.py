"""The primitives added for the 1.x API and X25519 agree on both backends, including refusals:
``x25519`` (libsodium's ``crypto_scalarmult``), ``edwards_to_montgomery``
(``crypto_sign_ed25519_pk_to_curve25519``) and ``ed25519_verify_strict``
(``crypto_sign_verify_detached``), checked against PyNaCl's public bindings too."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings

from tests.strategies import (
    NONCANONICAL_U,
    SMALL_ORDER_U,
    TWIST_U,
    add_q,
    bytes_32,
    deterministic_bytes,
    examples,
    flip_bit,
    identity_R_signature,
    le,
    mixed_order_key,
    mixed_order_signature,
    small_order_R_signature,
)
from tests.vectors import require_backend
from xeddsa.backend import PrimitiveError, _load


def both(method: str, *args: bytes) -> tuple[str, Any]:
    """Call ``method`` on both backends; they must agree on the result or on refusing."""
    require_backend("sodium")
    results = []
    for name in ("pure", "sodium"):
        try:
            results.append(("ok", getattr(_load(name), method)(*args)))
        except PrimitiveError:
            results.append(("refused", None))
    assert results[0] == results[1], (method, [a.hex() for a in args])
    return results[0]


def _nacl(fn: str, *args: bytes) -> tuple[str, Any]:
    import nacl.bindings
    import nacl.exceptions

    try:
        return "ok", getattr(nacl.bindings, fn)(*args)
    except (nacl.exceptions.RuntimeError, nacl.exceptions.ValueError):
        return "refused", None


@settings(max_examples=examples(20, 200))
@given(k=bytes_32, u=bytes_32)
@example(k=bytes(32), u=le(9))
@example(k=b"\xff" * 32, u=TWIST_U)
def test_x25519(k: bytes, u: bytes) -> None:
    assert both("x25519", k, u) == _nacl("crypto_scalarmult", k, u)


@pytest.mark.parametrize("u", SMALL_ORDER_U + NONCANONICAL_U, ids=lambda u: u.hex()[:8])
def test_x25519_edges(u: bytes) -> None:
    k = deterministic_bytes("x25519 edge", 32)
    assert both("x25519", k, u) == _nacl("crypto_scalarmult", k, u)


def _edwards_points() -> list[bytes]:
    from xeddsa.curve import EdwardsPoint, convert_mont

    points = [
        EdwardsPoint.base_mul(
            int.from_bytes(deterministic_bytes(f"e2m{i}", 32), "little")
        ).compress()
        for i in range(4)
    ]
    points += [convert_mont(u) for u in SMALL_ORDER_U + NONCANONICAL_U]
    points += [le(1), le(2**255 - 18), le(1 | 1 << 255), le(2**255 - 1), bytes(32), le(2)]
    points.append(convert_mont(mixed_order_key("e2m")[0]))
    points.append(convert_mont(TWIST_U))
    points += [p[:31] + bytes([p[31] | 0x80]) for p in points[:4]]
    return points


@pytest.mark.parametrize("point", _edwards_points(), ids=lambda p: p.hex()[:8])
def test_edwards_to_montgomery(point: bytes) -> None:
    assert both("edwards_to_montgomery", point) == _nacl(
        "crypto_sign_ed25519_pk_to_curve25519", point
    )


def _verify_cases() -> list[tuple[str, bytes, bytes, bytes]]:
    from xeddsa.curve import convert_mont

    k = deterministic_bytes("strict", 32)
    import nacl.bindings

    pk, sk = nacl.bindings.crypto_sign_seed_keypair(k)
    sig = nacl.bindings.crypto_sign(b"m", sk)[:64]
    cases = [
        ("honest", pk, b"m", sig),
        ("other message", pk, b"n", sig),
        ("flipped bit", pk, b"m", flip_bit(sig, 3)),
        ("s + q", pk, b"m", add_q(sig)),
        ("key sign bit", pk[:31] + bytes([pk[31] ^ 0x80]), b"m", sig),
    ]
    for label, make in (("mixed", mixed_order_signature), ("smallR", small_order_R_signature)):
        u, M, s = make(label)
        cases.append((label, convert_mont(u), M, s))
    from xeddsa.curve import EdwardsPoint

    a_key = deterministic_bytes("identity R", 32)
    clamped = bytearray(a_key)
    clamped[0] &= 248
    clamped[31] = (clamped[31] & 127) | 64
    A = EdwardsPoint.base_mul(int.from_bytes(clamped, "little")).compress()
    cases.append(("identity R", A, b"m", identity_R_signature(a_key, b"m")))
    for u in SMALL_ORDER_U:
        cases.append(("small-order A", convert_mont(u), b"m", le(1) + bytes(32)))
    cases.append(("off-curve A", convert_mont(TWIST_U), b"m", sig))
    return cases


@pytest.mark.parametrize(("name", "A", "M", "sig"), _verify_cases(), ids=lambda x: str(x)[:12])
def test_ed25519_verify_strict(name: str, A: bytes, M: bytes, sig: bytes) -> None:
    require_backend("sodium")
    import nacl.bindings
    import nacl.exceptions

    try:
        nacl.bindings.crypto_sign_open(sig + M, A)
        expected = True
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError):
        expected = False
    assert both("ed25519_verify_strict", A, sig, M) == ("ok", expected), name
