"""Bad input to every public XEdDSA entry point gives the documented error (decisions.rst, D8).

Rules (docs/design/decisions.rst, D8):

- bad *data* (wrong length, non-canonical or invalid keys, malformed signatures, bad base64) raises
  a library error: InvalidKey for keys, InvalidSignature for signatures; never a bare ValueError,
  IndexError, TypeError, KeyError, binascii.Error, UnicodeDecodeError or OverflowError;
- TypeError only for a non-bytes-like argument (a programming error);
- ValueError (plain) only for an unknown policy, an unknown nonce_scalar or a wrong-size z;
- hazmat verification returns False for any failure, including wrong lengths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import xeddsa
from tests.strategies import (
    NONCANONICAL_U,
    SMALL_ORDER_U,
    TWIST_U,
    P,
    Q,
    examples,
    le,
    policy_names,
    wrong_length,
)
from xeddsa import hazmat
from xeddsa._scheme import Policy

FIXTURE_OK = [HealthCheck.function_scoped_fixture]
KEY = bytes(range(32))


@pytest.fixture(scope="module")
def material() -> tuple[bytes, bytes, bytes]:
    with xeddsa.use_backend("pure"):
        u = xeddsa.PrivateKey.from_private_bytes(KEY).public_key().public_bytes()
        return u, b"message", hazmat.xeddsa_sign(KEY, b"message", bytes(64))


def outcome(fn: Callable[[], Any]) -> type[BaseException] | None:
    try:
        fn()
    except Exception as exc:  # the exact type is what the tests check
        return type(exc)
    return None


NOT_BYTES = ["text", None, object(), 32, 1.5, [1, 2, 3], {"k": 1}]
NOT_BYTES_IDS = ["str", "None", "object", "int", "float", "list", "dict"]


# -- TypeError for non-bytes-like arguments ------------------------------------------------------


def _entry_points(material: tuple[bytes, bytes, bytes]) -> dict[str, Callable[[Any], Any]]:
    u, message, signature = material
    public = xeddsa.PublicKey.from_public_bytes(u)
    private = xeddsa.PrivateKey.from_private_bytes(KEY)
    return {
        "PrivateKey.from_private_bytes": xeddsa.PrivateKey.from_private_bytes,
        "PublicKey.from_public_bytes": xeddsa.PublicKey.from_public_bytes,
        "PrivateKey.sign(message)": private.sign,
        "PublicKey.verify(signature)": lambda x: public.verify(x, message),
        "PublicKey.verify(message)": lambda x: public.verify(signature, x),
        "hazmat.xeddsa_sign(k)": lambda x: hazmat.xeddsa_sign(x, message, bytes(64)),
        "hazmat.xeddsa_sign(message)": lambda x: hazmat.xeddsa_sign(KEY, x, bytes(64)),
        "hazmat.xeddsa_sign(z)": lambda x: hazmat.xeddsa_sign(KEY, message, x),
        "hazmat.xeddsa_verify(u)": lambda x: hazmat.xeddsa_verify(x, message, signature),
        "hazmat.xeddsa_verify(message)": lambda x: hazmat.xeddsa_verify(u, x, signature),
        "hazmat.xeddsa_verify(signature)": lambda x: hazmat.xeddsa_verify(u, message, x),
        "hazmat.calculate_key_pair": hazmat.calculate_key_pair,
        "hazmat.convert_mont": hazmat.convert_mont,
        "hazmat.elligator2": hazmat.elligator2,
    }


ENTRY_NAMES = [
    "PrivateKey.from_private_bytes",
    "PublicKey.from_public_bytes",
    "PrivateKey.sign(message)",
    "PublicKey.verify(signature)",
    "PublicKey.verify(message)",
    "hazmat.xeddsa_sign(k)",
    "hazmat.xeddsa_sign(message)",
    "hazmat.xeddsa_sign(z)",
    "hazmat.xeddsa_verify(u)",
    "hazmat.xeddsa_verify(message)",
    "hazmat.xeddsa_verify(signature)",
    "hazmat.calculate_key_pair",
    "hazmat.convert_mont",
    "hazmat.elligator2",
]


@pytest.mark.parametrize("value", NOT_BYTES, ids=NOT_BYTES_IDS)
@pytest.mark.parametrize("entry", ENTRY_NAMES)
def test_non_bytes_is_type_error(
    backend: str, material: tuple[bytes, bytes, bytes], entry: str, value: object
) -> None:
    fn = _entry_points(material)[entry]
    assert outcome(lambda: fn(value)) is TypeError


@pytest.mark.parametrize("entry", ENTRY_NAMES)
def test_buffer_types_accepted(
    backend: str, material: tuple[bytes, bytes, bytes], entry: str
) -> None:
    """bytearray and memoryview are accepted wherever bytes are, with the same result."""
    u, message, signature = material
    valid = {
        "PrivateKey.from_private_bytes": KEY,
        "PublicKey.from_public_bytes": u,
        "PrivateKey.sign(message)": message,
        "PublicKey.verify(signature)": signature,
        "PublicKey.verify(message)": message,
        "hazmat.xeddsa_sign(k)": KEY,
        "hazmat.xeddsa_sign(message)": message,
        "hazmat.xeddsa_sign(z)": bytes(64),
        "hazmat.xeddsa_verify(u)": u,
        "hazmat.xeddsa_verify(message)": message,
        "hazmat.xeddsa_verify(signature)": signature,
        "hazmat.calculate_key_pair": KEY,
        "hazmat.convert_mont": u,
        "hazmat.elligator2": u,
    }[entry]
    fn = _entry_points(material)[entry]
    reference = fn(valid)
    for wrap in (bytearray, memoryview):
        result = fn(wrap(valid))
        if entry == "PrivateKey.sign(message)":
            assert len(result) == 64  # randomized
        else:
            assert result == reference
    if entry.startswith("hazmat.xeddsa_verify") or entry.startswith("PublicKey.verify"):
        assert reference in (True, None)


# -- wrong lengths ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 31, 33, 64])
def test_key_lengths(backend: str, n: int) -> None:
    assert outcome(lambda: xeddsa.PrivateKey.from_private_bytes(bytes(n))) is xeddsa.InvalidKey
    assert outcome(lambda: xeddsa.PublicKey.from_public_bytes(bytes(n))) is xeddsa.InvalidKey


@pytest.mark.parametrize("n", [0, 1, 32, 63, 65, 96, 128])
def test_signature_lengths_public_api(
    backend: str, material: tuple[bytes, bytes, bytes], n: int
) -> None:
    u, message, signature = material
    public = xeddsa.PublicKey.from_public_bytes(u)
    bad = (signature * 3)[:n]
    for policy in policy_names("strict", "spec", "libsignal"):
        with pytest.raises(xeddsa.InvalidSignature, match=rf"SIGNATURE_SIZE \(64\) bytes, got {n}"):
            public.verify(bad, message, policy=policy)


@pytest.mark.parametrize("n", [0, 1, 31, 33, 63, 65, 96])
def test_hazmat_verify_wrong_lengths_return_false(
    backend: str, material: tuple[bytes, bytes, bytes], n: int
) -> None:
    u, message, signature = material
    for policy in policy_names("strict", "spec", "libsignal"):
        assert hazmat.xeddsa_verify(u, message, (signature * 2)[:n], policy=policy) is False
        assert hazmat.xeddsa_verify((u * 3)[:n], message, signature, policy=policy) is False


@pytest.mark.parametrize("n", [0, 32, 63, 65, 128])
def test_hazmat_wrong_size_z_is_value_error(backend: str, n: int) -> None:
    with pytest.raises(ValueError, match=r"RANDOM_SIZE \(64\)"):
        hazmat.xeddsa_sign(KEY, b"m", bytes(n))


@pytest.mark.parametrize("n", [0, 31, 33, 64])
def test_hazmat_wrong_size_k_is_invalid_key(n: int) -> None:
    """Wrong-length k is bad key *data*: InvalidKey (a ValueError subclass), as PrivateKey does
    (hazmat once raised a bare ValueError here)."""
    for fn in (
        lambda: hazmat.xeddsa_sign(bytes(n), b"m", bytes(64)),
        lambda: hazmat.calculate_key_pair(bytes(n)),
    ):
        assert outcome(fn) is xeddsa.InvalidKey


@pytest.mark.parametrize("n", [0, 31, 33])
def test_hazmat_convert_mont_wrong_length_is_invalid_key(n: int) -> None:
    """convert_mont takes a public key u; wrong length is bad key data (hazmat once raised a bare
    ValueError here)."""
    assert outcome(lambda: hazmat.convert_mont(bytes(n))) is xeddsa.InvalidKey


@pytest.mark.parametrize("mode", ["", "SPEC", "libsignal", "c", None, 0])
def test_unknown_nonce_scalar_is_value_error(backend: str, mode: object) -> None:
    result = outcome(lambda: hazmat.xeddsa_sign(KEY, b"m", bytes(64), nonce_scalar=mode))  # type: ignore[arg-type]
    assert result is ValueError


# -- invalid key and signature data ----------------------------------------------------------------

BAD_U = {
    **{f"small order {i}": u for i, u in enumerate(SMALL_ORDER_U)},
    **{f"u >= p {i}": u for i, u in enumerate(NONCANONICAL_U)},
    "twist": TWIST_U,
}


@pytest.mark.parametrize("u", list(BAD_U.values()), ids=list(BAD_U))
def test_bad_public_keys(backend: str, material: tuple[bytes, bytes, bytes], u: bytes) -> None:
    _, message, signature = material
    assert outcome(lambda: xeddsa.PublicKey.from_public_bytes(u)) is xeddsa.InvalidKey
    for policy in policy_names("strict", "spec", "libsignal"):
        assert hazmat.xeddsa_verify(u, message, signature, policy=policy) is False


SPECIAL = {"0": 0, "1": 1, "q": Q, "p": P, "2^255-1": 2**255 - 1, "2^256-1": 2**256 - 1}


@pytest.mark.parametrize("r_name", list(SPECIAL))
@pytest.mark.parametrize("s_name", list(SPECIAL))
def test_special_R_and_s(
    backend: str, material: tuple[bytes, bytes, bytes], r_name: str, s_name: str
) -> None:
    u, message, _ = material
    public = xeddsa.PublicKey.from_public_bytes(u)
    signature = le(SPECIAL[r_name]) + le(SPECIAL[s_name])
    for policy in policy_names("strict", "spec", "libsignal"):
        with pytest.raises(xeddsa.InvalidSignature):
            public.verify(signature, message, policy=policy)
        assert hazmat.xeddsa_verify(u, message, signature, policy=policy) is False


# -- fuzz: only the documented exception types ---------------------------------------------------


@settings(max_examples=examples(100, 1000), suppress_health_check=FIXTURE_OK)
@given(data=st.binary(max_size=80))
@example(data=b"")
@example(data=b"\xff" * 32)
def test_fuzz_key_bytes(backend: str, data: bytes) -> None:
    assert outcome(lambda: xeddsa.PrivateKey.from_private_bytes(data)) in (None, xeddsa.InvalidKey)
    assert outcome(lambda: xeddsa.PublicKey.from_public_bytes(data)) in (None, xeddsa.InvalidKey)


@settings(max_examples=examples(100, 1000), suppress_health_check=FIXTURE_OK)
@given(text=st.one_of(st.text(max_size=60), st.binary(max_size=60)))
@example(text="\udcff" * 44)  # lone surrogates
@example(text="A" * 43 + "=")
@example(text=b"\x80" * 44)
@example(text="\u0660" * 43 + "=")  # Arabic-Indic digits: str.isdigit() but not base64
def test_fuzz_wireguard(backend: str, text: str | bytes) -> None:
    assert outcome(lambda: xeddsa.PrivateKey.from_wireguard(text)) in (None, xeddsa.InvalidKey)
    assert outcome(lambda: xeddsa.PublicKey.from_wireguard(text)) in (None, xeddsa.InvalidKey)


@settings(max_examples=examples(100, 1000), suppress_health_check=FIXTURE_OK)
@given(
    signature=st.one_of(st.binary(min_size=64, max_size=64), wrong_length(64)),
    message=st.binary(max_size=64),
    policy=st.sampled_from(["strict", "spec", "libsignal"]),
)
def test_fuzz_verify(
    backend: str,
    material: tuple[bytes, bytes, bytes],
    signature: bytes,
    message: bytes,
    policy: Policy,
) -> None:
    u = material[0]
    public = xeddsa.PublicKey.from_public_bytes(u)
    assert outcome(lambda: public.verify(signature, message, policy=policy)) is (
        xeddsa.InvalidSignature
    )
    assert hazmat.xeddsa_verify(u, message, signature, policy=policy) is False


@settings(max_examples=examples(100, 1000), suppress_health_check=FIXTURE_OK)
@given(
    u=st.binary(max_size=40),
    signature=st.binary(max_size=70),
    policy=st.sampled_from(["strict", "spec", "libsignal"]),
)
def test_fuzz_hazmat_verify_never_raises(
    backend: str, u: bytes, signature: bytes, policy: Policy
) -> None:
    result = hazmat.xeddsa_verify(u, b"m", signature, policy=policy)
    assert result is False or (result is True and len(u) == 32 and len(signature) == 64)


@settings(max_examples=examples(100, 1000), suppress_health_check=FIXTURE_OK)
@given(data=st.binary(max_size=40))
def test_fuzz_hazmat_helpers(backend: str, data: bytes) -> None:
    """convert_mont and elligator2 take any 32 bytes (public data); other lengths raise a
    ValueError (InvalidKey for convert_mont would be the key-data error), never anything else."""
    for fn in (hazmat.convert_mont, hazmat.elligator2):
        result = outcome(lambda fn=fn: fn(data))  # type: ignore[misc]
        if len(data) == 32:
            assert result is None
        else:
            assert result is not None and issubclass(result, ValueError)
