"""Hypothesis properties of VXEdDSA and its VRF output, on both backends.

- The VRF output depends only on the key and the exact message: not on Z, not on the nonce mode
  (docs/design/decisions.rst, D2); it differs for different messages or keys; it is hash_5(cV) of
  the signature's V.
- Any single bit flip in the signature, the message or the key makes verification fail.
- The two backends are byte-identical for signing and give identical verdicts and outputs for
  verification on random and mutated inputs (decisions.rst, D5), and their from_uniform maps agree
  with each other and with an independent implementation of the spec map, including bit 255 set and
  r = 0.

Pure-backend VXEdDSA costs 10-20 ms per operation, so example budgets are small in the ``dev``
profile and ten times larger under CI (tests.conftest.examples).
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import xeddsa
from tests.conftest import FIXTURE_OK
from tests.curve import reference as ref
from tests.strategies import P, Q, examples, flip_bit, nonce_modes, private_keys, randomness
from tests.vectors import require_backend
from tests.vxeddsa.helpers import SMALL_ORDER_ENCODINGS, cofactor_output, le32
from xeddsa import hazmat
from xeddsa.backend import BACKENDS, BackendName, get_backend
from xeddsa.curve import EdwardsPoint
from xeddsa.vxeddsa._scheme import VX_POLICIES as POLICIES
from xeddsa.vxeddsa._scheme import VXPolicy

messages = st.binary(max_size=200)
policies = st.sampled_from(POLICIES)


def _clamp(k: bytes) -> bytes:
    out = bytearray(k)
    out[0] &= 248
    out[31] = (out[31] & 127) | 64
    return bytes(out)


def _u(k: bytes) -> bytes:
    return xeddsa.PrivateKey.from_private_bytes(k).public_key().public_bytes()


def _budget(dev: int, ci: int) -> settings:
    return settings(max_examples=examples(dev, ci), suppress_health_check=FIXTURE_OK)


# -- the VRF output ------------------------------------------------------------------------------


@_budget(20, 200)
@given(k=private_keys, M=messages, Z1=randomness, Z2=randomness, m1=nonce_modes, m2=nonce_modes)
def test_vrf_output_independent_of_z_and_nonce_mode(
    backend: str, k: bytes, M: bytes, Z1: bytes, Z2: bytes, m1: str, m2: str
) -> None:
    sig1, out1 = hazmat.vxeddsa_sign(k, M, Z1, nonce_scalar=m1)  # type: ignore[arg-type]
    sig2, out2 = hazmat.vxeddsa_sign(k, M, Z2, nonce_scalar=m2)  # type: ignore[arg-type]
    assert out1 == out2
    assert sig1[:32] == sig2[:32]  # V = aBv is unique too
    assert out1 == cofactor_output(sig1[:32])
    if Z1 != Z2:
        assert sig1[32:] != sig2[32:]  # the proof (h, s) is randomised
    u = _u(k)
    for policy in POLICIES:
        assert hazmat.vxeddsa_verify(u, M, sig1, policy=policy) == out1
        assert hazmat.vxeddsa_verify(u, M, sig2, policy=policy) == out1


@_budget(15, 150)
@given(k=private_keys, M1=messages, M2=messages, Z=randomness)
def test_vrf_output_differs_for_different_messages(
    backend: str, k: bytes, M1: bytes, M2: bytes, Z: bytes
) -> None:
    assume(M1 != M2)
    sig1, out1 = hazmat.vxeddsa_sign(k, M1, Z)
    sig2, out2 = hazmat.vxeddsa_sign(k, M2, Z)
    assert out1 != out2
    assert sig1[:32] != sig2[:32]
    u = _u(k)
    assert hazmat.vxeddsa_verify(u, M2, sig1) is None
    assert hazmat.vxeddsa_verify(u, M1, sig2) is None


@_budget(15, 150)
@given(k1=private_keys, k2=private_keys, M=messages, Z=randomness)
def test_vrf_output_differs_for_different_keys(
    backend: str, k1: bytes, k2: bytes, M: bytes, Z: bytes
) -> None:
    assume(_clamp(k1) != _clamp(k2))
    sig1, out1 = hazmat.vxeddsa_sign(k1, M, Z)
    sig2, out2 = hazmat.vxeddsa_sign(k2, M, Z)
    assert out1 != out2
    assert hazmat.vxeddsa_verify(_u(k2), M, sig1) is None
    assert hazmat.vxeddsa_verify(_u(k1), M, sig2) is None


@_budget(15, 150)
@given(k=private_keys, M=messages)
def test_public_api_output_is_unique_per_key_and_message(backend: str, k: bytes, M: bytes) -> None:
    """Public sign uses fresh Z: two signatures differ, their V and output do not, and the output
    equals the hazmat one for any Z."""
    private = xeddsa.PrivateKey.from_private_bytes(k)
    public = private.public_key()
    sig1 = xeddsa.vxeddsa.sign(private, M)
    sig2 = xeddsa.vxeddsa.sign(private, M)
    assert len(sig1) == len(sig2) == 96
    assert sig1 != sig2
    assert sig1[:32] == sig2[:32]
    out = xeddsa.vxeddsa.verify(public, sig1, M)
    assert out == xeddsa.vxeddsa.verify(public, sig2, M)
    assert out == hazmat.vxeddsa_sign(k, M, bytes(64))[1]


@_budget(20, 200)
@given(X=st.binary(max_size=120))
def test_hash_to_point_matches_oracle_and_is_in_subgroup(backend: str, X: bytes) -> None:
    point = hazmat.hash_to_point(X)
    assert point == ref.hash_to_point(X)
    impl = get_backend()
    assert EdwardsPoint.decompress(point) is not None
    assert impl.is_torsion_free(point)
    assert not impl.is_small_order(point)


# -- bit flips -----------------------------------------------------------------------------------


_FIXED_K = hashlib.sha256(b"vx bit flips").digest()
_FIXED_M = b"every bit of this signature matters"


def _fixed_signature() -> tuple[bytes, bytes, bytes]:
    signature, output = hazmat.vxeddsa_sign(_FIXED_K, _FIXED_M, bytes(range(64)))
    return _u(_FIXED_K), signature, output


def test_every_signature_bit_flip_fails_sodium(sodium: None) -> None:
    """All 768 single-bit flips of one signature fail under both policies (sodium: fast)."""
    u, signature, output = _fixed_signature()
    assert hazmat.vxeddsa_verify(u, _FIXED_M, signature) == output
    for bit in range(768):
        bad = flip_bit(signature, bit)
        for policy in POLICIES:
            assert hazmat.vxeddsa_verify(u, _FIXED_M, bad, policy=policy) is None, (bit, policy)


def test_every_signature_bit_flip_fails_pure_sampled(pure: None) -> None:
    """On the pure backend, every fourth bit (192 flips, each byte position covered twice)."""
    u, signature, output = _fixed_signature()
    assert hazmat.vxeddsa_verify(u, _FIXED_M, signature) == output
    for bit in range(0, 768, 4):
        policy = POLICIES[(bit // 4) % 2]
        bad = flip_bit(signature, bit + (bit // 32) % 4)  # vary the bit within the byte
        assert hazmat.vxeddsa_verify(u, _FIXED_M, bad, policy=policy) is None, (bit, policy)


@_budget(20, 200)
@given(k=private_keys, M=messages, Z=randomness, bit=st.integers(0, 767), policy=policies)
@example(k=bytes(32), M=b"", Z=bytes(64), bit=255, policy="spec")  # sign bit of V
@example(k=bytes(32), M=b"", Z=bytes(64), bit=767, policy="spec")  # top bit of s
@example(k=bytes(32), M=b"", Z=bytes(64), bit=511, policy="spec")  # top bit of h
def test_signature_bit_flip_fails(
    backend: str, k: bytes, M: bytes, Z: bytes, bit: int, policy: VXPolicy
) -> None:
    signature, _ = hazmat.vxeddsa_sign(k, M, Z)
    assert hazmat.vxeddsa_verify(_u(k), M, flip_bit(signature, bit), policy=policy) is None


@_budget(20, 200)
@given(k=private_keys, M=st.binary(min_size=1, max_size=200), data=st.data(), policy=policies)
def test_message_bit_flip_fails(
    backend: str, k: bytes, M: bytes, data: st.DataObject, policy: VXPolicy
) -> None:
    signature, output = hazmat.vxeddsa_sign(k, M, bytes(64))
    u = _u(k)
    assert hazmat.vxeddsa_verify(u, M, signature, policy=policy) == output
    bit = data.draw(st.integers(0, 8 * len(M) - 1), label="bit")
    assert hazmat.vxeddsa_verify(u, flip_bit(M, bit), signature, policy=policy) is None
    assert hazmat.vxeddsa_verify(u, M + b"\x00", signature, policy=policy) is None
    assert hazmat.vxeddsa_verify(u, M[:-1], signature, policy=policy) is None


@_budget(20, 200)
@given(k=private_keys, M=messages, bit=st.integers(0, 255), policy=policies)
@example(k=bytes(32), M=b"", bit=255, policy="spec")  # u + 2^255: masked by convert_mont
def test_key_bit_flip_fails(backend: str, k: bytes, M: bytes, bit: int, policy: VXPolicy) -> None:
    signature, _ = hazmat.vxeddsa_sign(k, M, bytes(64))
    assert hazmat.vxeddsa_verify(flip_bit(_u(k), bit), M, signature, policy=policy) is None


# -- pure vs sodium ------------------------------------------------------------------------------


def _on(name: BackendName, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    with xeddsa.use_backend(name):
        return fn(*args, **kwargs)


@pytest.fixture
def both() -> None:
    require_backend("sodium")


@_budget(20, 200)
@given(k=private_keys, M=messages, Z=randomness, mode=nonce_modes)
def test_backends_sign_byte_identical(both: None, k: bytes, M: bytes, Z: bytes, mode: str) -> None:
    pure = _on("pure", hazmat.vxeddsa_sign, k, M, Z, nonce_scalar=mode)
    sodium = _on("sodium", hazmat.vxeddsa_sign, k, M, Z, nonce_scalar=mode)
    assert pure == sodium


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, bytes, bytes, bytes]:
    """(u, M, signature): an honest triple (signed on sodium), then maybe one mutation."""
    k = draw(private_keys)
    M = draw(messages)
    Z = draw(randomness)
    signature, _ = _on("sodium", hazmat.vxeddsa_sign, k, M, Z)
    u = _u(k)
    V, h, s = signature[:32], signature[32:64], signature[64:]
    kind = draw(
        st.sampled_from(
            ["none", "flip", "s+q", "h+q", "small V", "random V", "random sig", "random u", "y+p"]
        )
    )
    if kind == "flip":
        signature = flip_bit(signature, draw(st.integers(0, 767)))
    elif kind == "s+q":
        signature = V + h + le32(int.from_bytes(s, "little") + Q)
    elif kind == "h+q":
        signature = V + le32(int.from_bytes(h, "little") + Q) + s
    elif kind == "small V":
        signature = draw(st.sampled_from(SMALL_ORDER_ENCODINGS)) + h + s
    elif kind == "random V":
        signature = draw(st.binary(min_size=32, max_size=32)) + h + s
    elif kind == "random sig":
        signature = draw(st.binary(min_size=96, max_size=96))
    elif kind == "random u":
        u = draw(st.binary(min_size=32, max_size=32))
    elif kind == "y+p":
        signature = le32(draw(st.integers(0, 18)) + P) + h + s
    return kind, u, M, signature


@_budget(60, 600)
@given(case=_mutated(), policy=policies)
def test_backends_verify_identical(
    both: None, case: tuple[str, bytes, bytes, bytes], policy: VXPolicy
) -> None:
    kind, u, M, signature = case
    pure = _on("pure", hazmat.vxeddsa_verify, u, M, signature, policy=policy)
    sodium = _on("sodium", hazmat.vxeddsa_verify, u, M, signature, policy=policy)
    assert pure == sodium
    if kind == "none" or (kind == "s+q" and policy == "spec"):
        assert pure == cofactor_output(signature[:32])
    elif kind in ("flip", "h+q", "small V", "y+p") or (kind == "s+q" and policy == "strict"):
        assert pure is None


_EDGE_R = [
    0,
    1,
    P - 1,
    P,
    P + 1,
    2**255 - 1,
    2**255,
    2**255 + 1,
    2**255 + P,
    2**256 - 1,
]


@settings(max_examples=examples(200, 2000), suppress_health_check=FIXTURE_OK)
@given(r=st.binary(min_size=32, max_size=32))
@example(r=bytes(32))  # r = 0: elligator2(0) = 0, the order-2 point, cofactor-cleared to I
@example(r=bytes(31) + b"\x80")  # r = 0 with bit 255 set
def test_from_uniform_pure_equals_sodium_equals_spec_map(both: None, r: bytes) -> None:
    pure = bytes(_on("pure", lambda: get_backend().from_uniform(r)))
    sodium = bytes(_on("sodium", lambda: get_backend().from_uniform(r)))
    assert pure == sodium == ref.from_uniform(r)
    top = r[:31] + bytes([r[31] ^ 0x80])  # the other sign bit: the negated point (or I)
    other = bytes(_on("sodium", lambda: get_backend().from_uniform(top)))
    assert other == ref.from_uniform(top)
    assert other[:31] == sodium[:31] and (other[31] & 0x7F) == (sodium[31] & 0x7F)


@pytest.mark.parametrize("r", _EDGE_R, ids=hex)
def test_from_uniform_edge_inputs(both: None, r: int) -> None:
    encoded = le32(r)
    pure = bytes(_on("pure", lambda: get_backend().from_uniform(encoded)))
    sodium = bytes(_on("sodium", lambda: get_backend().from_uniform(encoded)))
    assert pure == sodium == ref.from_uniform(encoded)
    if r % 2**255 % P == 0:
        assert pure == le32(1)  # elligator2(0) = 0 -> order-2 point -> 8P = I


@settings(max_examples=examples(100, 1000), suppress_health_check=FIXTURE_OK)
@given(r=st.binary(min_size=32, max_size=32))
@example(r=bytes(32))
@example(r=le32(P))
def test_elligator2_matches_oracle_and_ignores_bit_255(both: None, r: bytes) -> None:
    expected = le32(ref.elligator2((int.from_bytes(r, "little") & (2**255 - 1)) % P))
    for name in BACKENDS:
        assert _on(name, hazmat.elligator2, r) == expected
        assert _on(name, hazmat.elligator2, r[:31] + bytes([r[31] ^ 0x80])) == expected
