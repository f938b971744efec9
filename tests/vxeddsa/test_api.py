"""The public VXEdDSA API (``xeddsa.vxeddsa``) and the hazmat functions: results, error types
and the policy rules of docs/design/decisions.rst, D3, on both backends.

- ``verify``: wrong length -> InvalidSignature; non-bytes -> TypeError; policy ``"libsignal"``
  (XEdDSA only) or unknown -> ValueError; a key of the wrong type -> TypeError.
- ``sign``: a key of the wrong type or a non-bytes message -> TypeError.
- hazmat: wrong-length u or signature -> None; wrong-size k or z, unknown nonce mode or policy
  -> ValueError.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xeddsa
from tests.conftest import FIXTURE_OK
from tests.strategies import Q, examples, wrong_length
from tests.vectors import require_backend
from tests.vxeddsa.helpers import cofactor_output, le32
from xeddsa import hazmat
from xeddsa.backend import BackendName, get_backend
from xeddsa.vxeddsa._scheme import VX_POLICIES, VXPolicy

K = hashlib.sha256(b"vx api key").digest()
MSG = b"public API"
NOT_BYTES: list[Any] = ["a str", None, 42, 1.5, [1, 2, 3], object()]


@pytest.fixture
def keys(backend: str) -> tuple[xeddsa.PrivateKey, xeddsa.PublicKey]:
    private = xeddsa.PrivateKey.from_private_bytes(K)
    return private, private.public_key()


@pytest.fixture
def signed(keys: tuple[xeddsa.PrivateKey, xeddsa.PublicKey]) -> bytes:
    return xeddsa.vxeddsa.sign(keys[0], MSG)


# -- results -------------------------------------------------------------------------------------


def test_sign_and_verify_round_trip(keys: Any, signed: bytes) -> None:
    private, public = keys
    assert isinstance(signed, bytes) and len(signed) == xeddsa.VXEDDSA_SIGNATURE_SIZE == 96
    output = xeddsa.vxeddsa.verify(public, signed, MSG)
    assert isinstance(output, bytes) and len(output) == 32
    assert output == cofactor_output(signed[:32])
    assert output == xeddsa.vxeddsa.verify(public, signed, MSG, policy="strict")
    assert output == xeddsa.vxeddsa.verify(public, signed, MSG, policy="spec")
    u = public.public_bytes()
    assert hazmat.vxeddsa_verify(u, MSG, signed) == output
    assert hazmat.vxeddsa_sign(private.private_bytes(), MSG, bytes(64))[1] == output


def test_verify_accepts_bytes_like(keys: Any, signed: bytes) -> None:
    _, public = keys
    output = xeddsa.vxeddsa.verify(public, signed, MSG)
    assert xeddsa.vxeddsa.verify(public, bytearray(signed), bytearray(MSG)) == output  # type: ignore[arg-type]
    assert xeddsa.vxeddsa.verify(public, memoryview(signed), memoryview(MSG)) == output  # type: ignore[arg-type]
    assert hazmat.vxeddsa_verify(bytearray(public.public_bytes()), MSG, bytearray(signed)) == output  # type: ignore[arg-type]


def test_sign_accepts_bytes_like_message(keys: Any) -> None:
    private, public = keys
    for message in (bytearray(MSG), memoryview(MSG)):
        assert xeddsa.vxeddsa.verify(public, xeddsa.vxeddsa.sign(private, message), MSG)  # type: ignore[arg-type]


def test_verify_failure_raises_invalid_signature(keys: Any, signed: bytes) -> None:
    _, public = keys
    for policy in VX_POLICIES:
        with pytest.raises(xeddsa.InvalidSignature):
            xeddsa.vxeddsa.verify(public, signed, MSG + b"x", policy=policy)
        with pytest.raises(xeddsa.InvalidSignature):
            xeddsa.vxeddsa.verify(public, bytes(96), MSG, policy=policy)
    other = xeddsa.PrivateKey.from_private_bytes(hashlib.sha256(b"other").digest()).public_key()
    with pytest.raises(xeddsa.InvalidSignature):
        xeddsa.vxeddsa.verify(other, signed, MSG)


def test_s_plus_q_through_public_api(keys: Any, signed: bytes) -> None:
    """The malleable twin (V, h, s + q): "spec" returns the same output, "strict" raises."""
    _, public = keys
    s = int.from_bytes(signed[64:], "little")
    twin = signed[:64] + le32(s + Q)
    assert xeddsa.vxeddsa.verify(public, twin, MSG, policy="spec") == xeddsa.vxeddsa.verify(
        public, signed, MSG
    )
    with pytest.raises(xeddsa.InvalidSignature):
        xeddsa.vxeddsa.verify(public, twin, MSG)


def test_xeddsa_signature_is_not_a_vxeddsa_signature(keys: Any) -> None:
    private, public = keys
    xsig = private.sign(MSG)
    with pytest.raises(xeddsa.InvalidSignature):
        xeddsa.vxeddsa.verify(public, xsig, MSG)
    with pytest.raises(xeddsa.InvalidSignature):
        xeddsa.vxeddsa.verify(public, xsig + bytes(32), MSG)


# -- public API errors ---------------------------------------------------------------------------


@settings(max_examples=examples(20, 200), suppress_health_check=FIXTURE_OK)
@given(bad=wrong_length(96), policy=st.sampled_from(VX_POLICIES))
def test_verify_wrong_length_raises_invalid_signature(
    keys: Any, bad: bytes, policy: VXPolicy
) -> None:
    _, public = keys
    with pytest.raises(xeddsa.InvalidSignature):
        xeddsa.vxeddsa.verify(public, bad, MSG, policy=policy)


def test_verify_truncated_and_extended_real_signature(keys: Any, signed: bytes) -> None:
    _, public = keys
    for bad in (signed[:-1], signed + b"\x00", signed[:64], signed * 2, b""):
        with pytest.raises(xeddsa.InvalidSignature):
            xeddsa.vxeddsa.verify(public, bad, MSG)


@pytest.mark.parametrize("bad", NOT_BYTES, ids=lambda v: type(v).__name__)
def test_verify_non_bytes_raises_type_error(keys: Any, signed: bytes, bad: Any) -> None:
    _, public = keys
    with pytest.raises(TypeError):
        xeddsa.vxeddsa.verify(public, bad, MSG)
    with pytest.raises(TypeError):
        xeddsa.vxeddsa.verify(public, signed, bad)


def test_verify_str_message_raises_type_error_not_invalid_signature(
    keys: Any, signed: bytes
) -> None:
    _, public = keys
    with pytest.raises(TypeError):
        xeddsa.vxeddsa.verify(public, signed, MSG.decode())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        xeddsa.vxeddsa.verify(public, signed.hex(), MSG)  # type: ignore[arg-type]


@pytest.mark.parametrize("policy", ["libsignal", "unknown", "STRICT", "", "Spec"])
def test_verify_bad_policy_raises_value_error(keys: Any, signed: bytes, policy: VXPolicy) -> None:
    """ "libsignal" is an XEdDSA policy only; it is refused, never a fallback, even for a valid
    signature and even when the signature has the wrong length."""
    _, public = keys
    with pytest.raises(ValueError):
        xeddsa.vxeddsa.verify(public, signed, MSG, policy=policy)
    with pytest.raises(ValueError):
        xeddsa.vxeddsa.verify(public, signed[:10], MSG, policy=policy)
    with pytest.raises(ValueError):
        hazmat.vxeddsa_verify(public.public_bytes(), MSG, signed, policy=policy)


def test_bad_policy_is_not_invalid_signature(keys: Any, signed: bytes) -> None:
    """InvalidSignature must not be raised for a programming error (it is not a ValueError)."""
    _, public = keys
    assert not issubclass(xeddsa.InvalidSignature, ValueError)
    with pytest.raises(ValueError) as info:
        xeddsa.vxeddsa.verify(public, signed, MSG, policy="libsignal")  # type: ignore[arg-type]
    assert not isinstance(info.value, xeddsa.InvalidSignature)


def _wrong_keys(keys: Any) -> list[Any]:
    private, public = keys
    return [
        private,  # a PrivateKey where a PublicKey is expected
        public.public_bytes(),
        bytearray(public.public_bytes()),
        public.to_cryptography(),
        None,
        "key",
    ]


def test_verify_wrong_key_type_raises_type_error(keys: Any, signed: bytes) -> None:
    for bad in _wrong_keys(keys):
        with pytest.raises(TypeError):
            xeddsa.vxeddsa.verify(bad, signed, MSG)


def test_sign_wrong_key_type_raises_type_error(keys: Any) -> None:
    private, public = keys
    for bad in (public, private.private_bytes(), private.to_cryptography(), None, "key"):
        with pytest.raises(TypeError):
            xeddsa.vxeddsa.sign(bad, MSG)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", NOT_BYTES, ids=lambda v: type(v).__name__)
def test_sign_non_bytes_message_raises_type_error(keys: Any, bad: Any) -> None:
    with pytest.raises(TypeError):
        xeddsa.vxeddsa.sign(keys[0], bad)


# -- hazmat --------------------------------------------------------------------------------------


@settings(max_examples=examples(20, 200), suppress_health_check=FIXTURE_OK)
@given(
    bad_u=wrong_length(32),
    bad_sig=wrong_length(96),
    policy=st.sampled_from(["strict", "spec"]),
)
def test_hazmat_verify_wrong_lengths_return_none(
    keys: Any, signed: bytes, bad_u: bytes, bad_sig: bytes, policy: VXPolicy
) -> None:
    _, public = keys
    u = public.public_bytes()
    assert hazmat.vxeddsa_verify(u, MSG, signed, policy=policy) is not None
    assert hazmat.vxeddsa_verify(bad_u, MSG, signed, policy=policy) is None
    assert hazmat.vxeddsa_verify(u, MSG, bad_sig, policy=policy) is None


def test_hazmat_verify_length_edges_return_none(keys: Any, signed: bytes) -> None:
    _, public = keys
    u = public.public_bytes()
    for bad_u in (u[:-1], u + b"\x00", b""):
        assert hazmat.vxeddsa_verify(bad_u, MSG, signed) is None
    for bad_sig in (signed[:-1], signed + b"\x00", signed[:64], b""):
        assert hazmat.vxeddsa_verify(u, MSG, bad_sig) is None


def test_hazmat_verify_non_bytes_raises_type_error(keys: Any, signed: bytes) -> None:
    _, public = keys
    u = public.public_bytes()
    for bad in ("x", None, 1):
        with pytest.raises(TypeError):
            hazmat.vxeddsa_verify(bad, MSG, signed)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            hazmat.vxeddsa_verify(u, bad, signed)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            hazmat.vxeddsa_verify(u, MSG, bad)  # type: ignore[arg-type]


def test_hazmat_sign_bad_sizes_and_modes_raise_value_error(backend: str) -> None:
    z = bytes(64)
    for bad_k in (b"", bytes(31), bytes(33), bytes(64)):
        with pytest.raises(ValueError):
            hazmat.vxeddsa_sign(bad_k, MSG, z)
    for bad_z in (b"", bytes(32), bytes(63), bytes(65)):
        with pytest.raises(ValueError):
            hazmat.vxeddsa_sign(K, MSG, bad_z)
    for mode in ("libsignal", "strict", "", "SPEC"):
        with pytest.raises(ValueError):
            hazmat.vxeddsa_sign(K, MSG, z, nonce_scalar=mode)  # type: ignore[arg-type]


def test_hazmat_sign_non_bytes_raises_type_error(backend: str) -> None:
    for bad in ("x" * 32, None, 7):
        with pytest.raises(TypeError):
            hazmat.vxeddsa_sign(bad, MSG, bytes(64))  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            hazmat.vxeddsa_sign(K, bad, bytes(64))  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            hazmat.vxeddsa_sign(K, MSG, bad)  # type: ignore[arg-type]


def test_hazmat_sign_clamps_k(backend: str) -> None:
    """k is clamped on entry: bits 0-2 and 255 cleared, bit 254 set give the same signature."""
    z = bytes(64)
    raw = bytearray(K)
    raw[0] |= 7
    raw[31] |= 0x80
    raw[31] &= ~0x40 & 0xFF
    assert hazmat.vxeddsa_sign(bytes(raw), MSG, z) == hazmat.vxeddsa_sign(K, MSG, z)


def test_hazmat_point_helpers_wrong_length(backend: str) -> None:
    for bad in (b"", bytes(31), bytes(33)):
        with pytest.raises(ValueError):
            hazmat.elligator2(bad)
        with pytest.raises(ValueError):
            hazmat.convert_mont(bad)
    with pytest.raises(TypeError):
        hazmat.hash_to_point("abc")  # type: ignore[arg-type]
    assert len(hazmat.hash_to_point(b"")) == 32


@pytest.mark.parametrize("size", [0, 1, 255, 256, 257, 1000, 65537])
def test_no_message_length_limit(keys: Any, size: int) -> None:
    """The C reference's 256-byte buffer is not part of the spec: any length
    signs and verifies, and the backends agree on the bytes."""
    require_backend("sodium")
    private, public = keys
    message = hashlib.shake_256(b"long %d" % size).digest(size) if size else b""
    signature, output = hazmat.vxeddsa_sign(private.private_bytes(), message, bytes(64))
    assert xeddsa.vxeddsa.verify(public, signature, message) == output
    assert hazmat.vxeddsa_verify(public.public_bytes(), message + b"\x00", signature) is None
    other: BackendName = "sodium" if get_backend().name == "pure" else "pure"
    with xeddsa.use_backend(other):
        assert hazmat.vxeddsa_sign(private.private_bytes(), message, bytes(64)) == (
            signature,
            output,
        )


def test_policy_is_keyword_only(keys: Any, signed: bytes) -> None:
    _, public = keys
    with pytest.raises(TypeError):
        xeddsa.vxeddsa.verify(public, signed, MSG, "strict")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        hazmat.vxeddsa_verify(public.public_bytes(), MSG, signed, "strict")  # type: ignore[call-arg]
