"""Differential tests: the ``pure`` and ``sodium`` backends must be indistinguishable
(docs/design/decisions.rst, D5).

- byte-identical signatures (and key pairs) for identical (k, M, Z) in both nonce modes;
- identical verdicts for random and mutated inputs under every policy (hazmat and PublicKey),
  and identical exception types, for verification and for key import;
- every Backend primitive compared directly on random and edge inputs, including which inputs
  each refuses with PrimitiveError (libsodium's -1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import xeddsa
import xeddsa.keys
from tests.strategies import (
    NONCANONICAL_U,
    SMALL_ORDER_U,
    TWIST_U,
    Q,
    add_q,
    bytes_32,
    bytes_64,
    deterministic_bytes,
    examples,
    flip_bit,
    le,
    messages,
    mixed_order_key,
    nonce_modes,
    private_keys,
    public_key_inputs,
    randomness,
    wrong_length,
)
from tests.vectors import require_backend
from xeddsa import hazmat
from xeddsa._scheme import POLICIES, Policy
from xeddsa.backend import BACKENDS, BackendName, PrimitiveError, _load


@pytest.fixture(autouse=True, scope="module")
def _need_sodium() -> None:
    require_backend("sodium")


def on_both(fn: Callable[[], Any]) -> tuple[Any, Any]:
    """Run ``fn`` on pure then sodium; return each result, or the exception *type* it raised."""
    results = []
    for name in BACKENDS:
        xeddsa.keys._import_public.cache_clear()  # import results are cached across backends
        with xeddsa.use_backend(name):
            try:
                results.append(("ok", fn()))
            except Exception as exc:  # the type is what is compared
                results.append(("raised", type(exc)))
    return results[0], results[1]


def assert_same(fn: Callable[[], Any]) -> Any:
    pure, sodium = on_both(fn)
    assert pure == sodium
    return pure


# -- signing ---------------------------------------------------------------------------------------


@settings(max_examples=examples(50, 1000))
@given(k=private_keys, message=messages, z=randomness, mode=nonce_modes)
@example(k=bytes(32), message=b"", z=bytes(64), mode="spec")  # the all-zero key clamps to 2^254
@example(k=b"\xff" * 32, message=b"", z=b"\xff" * 64, mode="libsignal-c")  # all ones
def test_signatures_byte_identical(k: bytes, message: bytes, z: bytes, mode: str) -> None:
    kind, signature = assert_same(
        lambda: hazmat.xeddsa_sign(k, message, z, nonce_scalar=mode)  # type: ignore[arg-type]
    )
    assert kind == "ok" and len(signature) == 64


@settings(max_examples=examples(30, 300))
@given(k=private_keys)
def test_key_pairs_identical(k: bytes) -> None:
    assert_same(lambda: hazmat.calculate_key_pair(k))
    assert_same(
        lambda: xeddsa.PrivateKey.from_private_bytes(k).public_key().public_bytes()
    )


# -- verification ----------------------------------------------------------------------------------


def _honest(label: str) -> tuple[bytes, bytes, bytes]:
    k = deterministic_bytes(label, 32)
    with xeddsa.use_backend("pure"):
        u = xeddsa.PrivateKey.from_private_bytes(k).public_key().public_bytes()
        M = label.encode()
        return u, M, hazmat.xeddsa_sign(k, M, deterministic_bytes(label + "Z", 64))


HONEST = _honest("differential")


def mutations(u: bytes, M: bytes, sig: bytes) -> list[tuple[str, bytes, bytes, bytes]]:
    """Mutated (u, M, signature) inputs named by mutation (the bad-input catalogue)."""
    s = int.from_bytes(sig[32:], "little")
    out = [("honest", u, M, sig), ("s+q", u, M, add_q(sig))]
    out += [(f"bit{bit}", u, M, flip_bit(sig, bit)) for bit in range(0, 512, 7)]
    out += [(f"top bit s {b}", u, M, sig[:63] + bytes([sig[63] | 0x80 >> b])) for b in range(3)]
    out += [(f"s+{j}q", u, M, sig[:32] + (s + j * Q).to_bytes(32, "little")) for j in (2, 4, 8)]
    out += [(f"small u {i}", small, M, sig) for i, small in enumerate(SMALL_ORDER_U)]
    out += [(f"u>=p {i}", bad, M, sig) for i, bad in enumerate(NONCANONICAL_U)]
    out.append(("u top bit", u[:31] + bytes([u[31] | 0x80]), M, sig))
    out.append(("twist u", TWIST_U, M, sig))
    out.append(("mixed u", mixed_order_key("differential")[0], M, sig))
    out.append(("message flip", u, flip_bit(M, 0), sig))
    for special in (0, 1, Q, Q - 1, 2**255 - 19, 2**256 - 1):
        out.append((f"R={special:x}", u, M, le(special) + sig[32:]))
        out.append((f"s={special:x}", u, M, sig[:32] + le(special)))
    out.append(("zeros", u, M, bytes(64)))
    out += [(f"sig len {n}", u, M, (sig * 2)[:n]) for n in (0, 63, 65, 96, 128)]
    out += [(f"u len {n}", (u * 2)[:n], M, sig) for n in (0, 31, 33)]
    return out


MUTATIONS = mutations(*HONEST)


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(
    ("name", "u", "M", "sig"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_hazmat_verdicts_identical(
    policy: Policy, name: str, u: bytes, M: bytes, sig: bytes
) -> None:
    kind, verdict = assert_same(
        lambda: hazmat.xeddsa_verify(u, M, sig, policy=policy)
    )
    assert kind == "ok" and isinstance(verdict, bool)
    assert verdict is (name == "honest" or (name == "s+q" and policy == "spec"))


def _public_verify(u: bytes, M: bytes, sig: bytes, policy: Policy, check_subgroup: bool) -> str:
    key = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=check_subgroup)
    key.verify(sig, M, policy=policy)
    return "valid"


@pytest.mark.parametrize("check_subgroup", [True, False])
@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(
    ("name", "u", "M", "sig"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_public_api_outcomes_identical(
    policy: Policy, check_subgroup: bool, name: str, u: bytes, M: bytes, sig: bytes
) -> None:
    outcome = assert_same(lambda: _public_verify(u, M, sig, policy, check_subgroup))
    assert outcome[0] == "ok" or outcome[1] in (xeddsa.InvalidKey, xeddsa.InvalidSignature)


@settings(max_examples=examples(50, 500))
@given(
    u=public_key_inputs(),
    message=messages,
    signature=bytes_64,
    policy=st.sampled_from(POLICIES),
)
def test_random_inputs_identical(
    u: bytes, message: bytes, signature: bytes, policy: Policy
) -> None:
    assert_same(lambda: hazmat.xeddsa_verify(u, message, signature, policy=policy))
    assert_same(lambda: _public_verify(u, message, signature, policy, True))


@settings(max_examples=examples(30, 300))
@given(
    k=private_keys,
    message=messages,
    z=randomness,
    bit=st.integers(0, 511),
    policy=st.sampled_from(POLICIES),
)
def test_random_bit_flips_identical(
    k: bytes, message: bytes, z: bytes, bit: int, policy: Policy
) -> None:
    with xeddsa.use_backend("sodium"):
        key = xeddsa.PrivateKey.from_private_bytes(k)
        u = key.public_key().public_bytes()
        sig = hazmat.xeddsa_sign(k, message, z)
    bad = flip_bit(sig, bit)
    _kind, verdict = assert_same(
        lambda: hazmat.xeddsa_verify(u, message, bad, policy=policy)
    )
    assert verdict is False


@settings(max_examples=examples(30, 300))
@given(data=wrong_length(32))
def test_wrong_length_import_identical(data: bytes) -> None:
    kind, exc_type = assert_same(lambda: xeddsa.PublicKey.from_public_bytes(data))
    assert (kind, exc_type) == ("raised", xeddsa.InvalidKey)


# -- primitives ------------------------------------------------------------------------------------

PURE = _load("pure")


def _sodium() -> Any:
    return _load("sodium")


def call_both(method: str, *args: bytes) -> Any:
    """Call Backend.method on both instances directly; compare results or PrimitiveError."""
    results = []
    for backend in (PURE, _sodium()):
        try:
            results.append(("ok", getattr(backend, method)(*args)))
        except PrimitiveError:
            results.append(("refused", None))
    assert results[0] == results[1], (method, [a.hex() for a in args])
    return results[0]


def _points() -> list[bytes]:
    """Point encodings of every kind: prime order, small order (incl. non-canonical aliases),
    torsioned, off-curve, non-canonical."""
    from xeddsa.curve import EdwardsPoint, convert_mont

    pts = [EdwardsPoint.base_mul(int.from_bytes(deterministic_bytes(f"pt{i}", 32), "little"))
           .compress() for i in range(4)]
    pts += [convert_mont(u) for u in SMALL_ORDER_U]
    pts += [le(1), le(2**255 - 19 + 1), le(1 | 1 << 255), le(2**255 - 1), bytes(32)]
    pts.append(convert_mont(mixed_order_key("prim")[0]))
    pts.append(convert_mont(TWIST_U))  # not on the curve
    return pts


POINTS = _points()
SCALARS = [bytes(32), le(1), le(Q - 1), le(Q), le(Q + 1), le(2**255 - 1), b"\xff" * 32] + [
    deterministic_bytes(f"sc{i}", 32) for i in range(3)
]


@settings(max_examples=examples(50, 500))
@given(wide=bytes_64, b=bytes_32, c=bytes_32)
@example(wide=bytes(64), b=bytes(32), c=bytes(32))
@example(wide=b"\xff" * 64, b=b"\xff" * 32, c=b"\xff" * 32)  # reduce to q - 1 style values
def test_scalar_primitives(wide: bytes, b: bytes, c: bytes) -> None:
    # ScalarBytes arguments are reduced mod q by contract (libsodium's scalar_mul/add give other
    # results for unreduced input), so b and c are reduced first; ``wide`` may be anything.
    reduced_b = PURE.scalar_reduce(b + bytes(32))
    reduced_c = PURE.scalar_reduce(c + bytes(32))
    call_both("scalar_reduce", wide)
    call_both("scalar_reduce_muladd", wide, reduced_b, reduced_c)
    call_both("scalar_negate", reduced_b)
    call_both("scalar_muladd", reduced_b, reduced_c, reduced_b)
    call_both("scalar_reduce_base_mul", wide)


@pytest.mark.parametrize("s", SCALARS, ids=lambda s: s.hex()[:8] + ".." + s.hex()[-4:])
def test_base_mul_edges(s: bytes) -> None:
    call_both("base_mul", s)


def test_base_mul_refuses_zero_and_q() -> None:
    for s in (bytes(32), le(Q)):
        assert call_both("base_mul", s) == ("refused", None)
    assert call_both("scalar_reduce_base_mul", bytes(64)) == ("refused", None)


@settings(max_examples=examples(30, 300))
@given(s=bytes_32)
def test_base_mul_random(s: bytes) -> None:
    call_both("base_mul", s)


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p.hex()[:10])
@pytest.mark.parametrize("s", SCALARS[:6], ids=lambda s: s.hex()[:6] + s.hex()[-2:])
def test_point_mul_edges(point: bytes, s: bytes) -> None:
    call_both("point_mul", s, point)


@pytest.mark.parametrize("p1", POINTS, ids=lambda p: p.hex()[:10])
@pytest.mark.parametrize("p2", POINTS[:4] + POINTS[4:6] + POINTS[-1:], ids=lambda p: p.hex()[:10])
def test_point_add_sub_edges(p1: bytes, p2: bytes) -> None:
    call_both("point_add", p1, p2)
    call_both("point_sub", p1, p2)


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p.hex()[:10])
def test_point_predicates(point: bytes) -> None:
    for method in ("is_on_curve", "is_small_order", "is_torsion_free"):
        call_both(method, point)


@settings(max_examples=examples(50, 500))
@given(r=bytes_32)
@example(r=bytes(32))  # elligator2(0) = 0 (XEdDSA rev1 §2.6)
@example(r=b"\xff" * 32)  # top bit set: the sign of the point
@example(r=bytes(31) + b"\x80")  # r = 0 with the sign bit set
def test_from_uniform_and_elligator(r: bytes) -> None:
    call_both("from_uniform", r)
    call_both("elligator2", r)
    call_both("convert_mont", r)
    call_both("is_on_curve", r)


@settings(max_examples=examples(30, 300))
@given(k=bytes_32)
def test_x25519_base(k: bytes) -> None:
    clamped = bytearray(k)
    clamped[0] &= 248
    clamped[31] = (clamped[31] & 127) | 64
    call_both("x25519_base", bytes(clamped))


@pytest.mark.parametrize(
    ("name", "u", "M", "sig"),
    [m for m in MUTATIONS if len(m[1]) == 32 and len(m[3]) == 64],
    ids=[m[0] for m in MUTATIONS if len(m[1]) == 32 and len(m[3]) == 64],
)
def test_ed25519_verify_primitive(name: BackendName, u: bytes, M: bytes, sig: bytes) -> None:
    """The bare cofactorless equation on every mutated input, including the cases libsodium's
    verifier refuses and the sodium backend must then compute itself (s >= q, small order)."""
    A = PURE.convert_mont(u)
    result = call_both("ed25519_verify", A, sig[:32], sig[32:], M)
    assert result[0] == "ok"
