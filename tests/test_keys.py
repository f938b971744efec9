"""The key API: PrivateKey and PublicKey (docs/design/decisions.rst, D4 and D8).

Covers edges of every constructor (length ±1, wrong types, buffer types), clamping, WireGuard
text, strict public-key import (with Wycheproof's 493 X25519 public keys classified independently),
redaction, pickling, equality, hashing, zeroization and conversion to and from ``cryptography``.
"""

from __future__ import annotations

import array
import base64
import collections
import copy
import pickle
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

import xeddsa
import xeddsa.keys
from tests.strategies import (
    NONCANONICAL_U,
    SMALL_ORDER_U,
    TWIST_U,
    P,
    classify_u,
    deterministic_bytes,
    is_twist,
    le,
    mixed_order_key,
)
from tests.vectors import load
from xeddsa import PrivateKey, PublicKey

# Produced by `wg genkey | tee key | wg pubkey` (WireGuard tools); the pair tests/jose uses too.
WG_PRIVATE = "SGUqCtyzpKqCQMRBBnGGgN5+LKk5Hs20bbh1a1yANW4=\n"
WG_PUBLIC = "I+i9/SiHP4kiknVRBSHwVGwyLGB8Umg844hl2zQDayo="

RAW = bytes(range(1, 33))


def clamped(k: bytes) -> bytes:
    out = bytearray(k)
    out[0] &= 248
    out[31] &= 127
    out[31] |= 64
    return bytes(out)


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# -- PrivateKey construction ---------------------------------------------------------------------


def test_constructors_are_the_only_way_in() -> None:
    with pytest.raises(TypeError):
        PrivateKey()
    with pytest.raises(TypeError):
        PublicKey()


@pytest.mark.parametrize("length", [0, 1, 31, 33, 64])
def test_private_wrong_length(length: int) -> None:
    with pytest.raises(xeddsa.InvalidKey, match=rf"PRIVATE_KEY_SIZE \(32\) bytes, got {length}"):
        PrivateKey.from_private_bytes(bytes(length))


@pytest.mark.parametrize(
    "value", ["a" * 32, None, object(), 32, 3.0, [0] * 32, RAW.hex()], ids=repr
)
def test_private_wrong_type(value: object) -> None:
    with pytest.raises(TypeError) as info:
        PrivateKey.from_private_bytes(value)  # type: ignore[arg-type]
    assert not isinstance(info.value, xeddsa.XEdDSAError)


@pytest.mark.parametrize(
    "wrap",
    [
        bytes,
        bytearray,
        memoryview,
        lambda b: memoryview(bytearray(b)),
        lambda b: array.array("B", b),
    ],
    ids=["bytes", "bytearray", "memoryview", "memoryview(bytearray)", "array"],
)
def test_private_bytes_like(wrap: Any) -> None:
    key = PrivateKey.from_private_bytes(wrap(RAW))
    assert key.private_bytes() == clamped(RAW)
    assert key == PrivateKey.from_private_bytes(RAW)


def test_private_input_is_copied() -> None:
    """Mutating the caller's bytearray after loading must not change the key."""
    buf = bytearray(RAW)
    key = PrivateKey.from_private_bytes(buf)  # type: ignore[arg-type]
    buf[:] = bytes(32)
    assert key.private_bytes() == clamped(RAW)


@pytest.mark.parametrize(
    "raw",
    [bytes(32), b"\xff" * 32, RAW, deterministic_bytes("clamp", 32)],
    ids=["zeros", "ones", "range", "random"],
)
def test_clamping_on_load(backend: str, raw: bytes) -> None:
    key = PrivateKey.from_private_bytes(raw)
    got = key.private_bytes()
    assert got == clamped(raw)
    assert got[0] & 7 == 0 and got[31] & 0x80 == 0 and got[31] & 0x40
    # X25519 clamps too, so the public key equals cryptography's for the *unclamped* input.
    expected_u = _raw_public(X25519PrivateKey.from_private_bytes(raw).public_key())
    assert key.public_key().public_bytes() == expected_u


def test_generate_is_clamped_and_random() -> None:
    keys = [PrivateKey.generate() for _ in range(8)]
    raws = {k.private_bytes() for k in keys}
    assert len(raws) == 8
    for raw in raws:
        assert raw == clamped(raw)


# -- WireGuard text --------------------------------------------------------------------------------


def test_wireguard_pair_from_wg_tools(backend: str) -> None:
    key = PrivateKey.from_wireguard(WG_PRIVATE)
    assert key.public_key().to_wireguard() == WG_PUBLIC
    assert key.to_wireguard() == WG_PRIVATE.strip()
    assert PublicKey.from_wireguard(WG_PUBLIC) == key.public_key()


@pytest.mark.parametrize(
    "text",
    [WG_PRIVATE, WG_PRIVATE.strip(), "  " + WG_PRIVATE.strip() + " \r\n", WG_PRIVATE.encode()],
    ids=["newline", "bare", "whitespace", "bytes"],
)
def test_wireguard_accepted_forms(text: str | bytes) -> None:
    assert PrivateKey.from_wireguard(text).to_wireguard() == WG_PRIVATE.strip()


def test_wireguard_round_trip_of_clamped_key() -> None:
    key = PrivateKey.from_private_bytes(RAW)
    text = key.to_wireguard()
    assert len(text) == 44 and text.endswith("=")
    assert base64.b64decode(text) == clamped(RAW)
    assert PrivateKey.from_wireguard(text) == key


def _unused_bits_variant(text: str) -> str:
    """Change the last base64 digit so that it decodes to the same bytes but has non-zero unused
    bits (32 bytes = 256 bits; 43 digits carry 258, so the last digit has 2 unused bits)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet.index(text[42])
    variant = text[:42] + alphabet[last | 1] + "="
    assert variant != text and base64.b64decode(variant) == base64.b64decode(text)
    return variant


BAD_WG_PRIVATE = WG_PRIVATE.strip()
MALFORMED_WG = {
    "missing padding": BAD_WG_PRIVATE[:-1],
    "double padding": BAD_WG_PRIVATE[:-2] + "==",
    "43 chars": BAD_WG_PRIVATE[:42] + "=",
    "45 chars": BAD_WG_PRIVATE[:43] + "A=",
    "url-safe +": BAD_WG_PRIVATE.replace("+", "-"),
    "url-safe /": base64.b64encode(b"\xff" * 32).decode().replace("/", "_"),
    "non-zero unused bits": _unused_bits_variant(BAD_WG_PRIVATE),
    "non-ascii str": BAD_WG_PRIVATE[:10] + "é" + BAD_WG_PRIVATE[11:],
    "non-ascii bytes": BAD_WG_PRIVATE[:10].encode() + b"\xff" + BAD_WG_PRIVATE[11:].encode(),
    "inner newline": BAD_WG_PRIVATE[:20] + "\n" + BAD_WG_PRIVATE[20:],
    "inner space": BAD_WG_PRIVATE[:20] + " " + BAD_WG_PRIVATE[21:],
    "empty": "",
    "hex": RAW.hex(),
    "two keys": BAD_WG_PRIVATE + " " + BAD_WG_PRIVATE,
    "null byte": BAD_WG_PRIVATE[:43] + "\x00",
    "fullwidth digit": BAD_WG_PRIVATE[:5] + "\uff11" + BAD_WG_PRIVATE[6:],
}


@pytest.mark.parametrize("text", list(MALFORMED_WG.values()), ids=list(MALFORMED_WG))
@pytest.mark.parametrize("loader", [PrivateKey.from_wireguard, PublicKey.from_wireguard])
def test_wireguard_malformed(loader: Any, text: str | bytes) -> None:
    with pytest.raises(xeddsa.InvalidKey) as info:
        loader(text)
    message = str(info.value)
    raw_text = text.decode("latin-1") if isinstance(text, bytes) else text
    # The message never echoes the key text (nor any long run of it).
    for start in range(0, max(len(raw_text) - 8, 1)):
        chunk = raw_text[start : start + 8].strip()
        if len(chunk) == 8:
            assert chunk not in message
    assert not isinstance(info.value.__cause__, (ValueError, TypeError)) or isinstance(
        info.value.__cause__, xeddsa.XEdDSAError
    )
    assert info.value.__suppress_context__ or info.value.__context__ is None


@pytest.mark.parametrize("value", [None, object(), 44, ["A" * 43 + "="]], ids=repr)
def test_wireguard_wrong_type(value: object) -> None:
    with pytest.raises(TypeError):
        PrivateKey.from_wireguard(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        PublicKey.from_wireguard(value)  # type: ignore[arg-type]


def test_wireguard_bytes_like_public() -> None:
    for wrap in (bytes, bytearray, memoryview):
        assert PublicKey.from_wireguard(wrap(WG_PUBLIC.encode())).to_wireguard() == WG_PUBLIC  # type: ignore[arg-type]


# -- PublicKey import ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def honest_u() -> bytes:
    with xeddsa.use_backend("pure"):
        return PrivateKey.from_private_bytes(RAW).public_key().public_bytes()


@pytest.mark.parametrize("length", [0, 31, 33, 64])
def test_public_wrong_length(length: int) -> None:
    with pytest.raises(xeddsa.InvalidKey, match=rf"PUBLIC_KEY_SIZE \(32\) bytes, got {length}"):
        PublicKey.from_public_bytes(bytes(length))


@pytest.mark.parametrize("value", ["a" * 32, None, object(), 9], ids=repr)
def test_public_wrong_type(value: object) -> None:
    with pytest.raises(TypeError):
        PublicKey.from_public_bytes(value)  # type: ignore[arg-type]


def test_public_bytes_like(honest_u: bytes) -> None:
    for wrap in (bytes, bytearray, memoryview):
        key = PublicKey.from_public_bytes(wrap(honest_u))  # type: ignore[arg-type]
        assert key.public_bytes() == honest_u
        assert type(key.public_bytes()) is bytes


@pytest.mark.parametrize("u", NONCANONICAL_U, ids=lambda u: hex(int.from_bytes(u, "little")))
def test_import_rejects_u_ge_p(backend: str, u: bytes) -> None:
    for check_subgroup in (True, False):
        with pytest.raises(xeddsa.InvalidKey, match="u >= p"):
            PublicKey.from_public_bytes(u, check_subgroup=check_subgroup)


def test_import_rejects_top_bit_of_honest_key(backend: str, honest_u: bytes) -> None:
    """X25519 masks bit 255; strict import refuses it instead of aliasing the key."""
    aliased = honest_u[:31] + bytes([honest_u[31] | 0x80])
    with pytest.raises(xeddsa.InvalidKey, match="u >= p"):
        PublicKey.from_public_bytes(aliased)


def test_import_rejects_twist(backend: str) -> None:
    assert is_twist(int.from_bytes(TWIST_U, "little"))
    for check_subgroup in (True, False):
        with pytest.raises(xeddsa.InvalidKey, match="twist"):
            PublicKey.from_public_bytes(TWIST_U, check_subgroup=check_subgroup)


@pytest.mark.parametrize("u", SMALL_ORDER_U, ids=["0", "1", "p-1", "order8a", "order8b"])
def test_import_rejects_small_order(backend: str, u: bytes) -> None:
    for check_subgroup in (True, False):
        with pytest.raises(xeddsa.InvalidKey, match="small order"):
            PublicKey.from_public_bytes(u, check_subgroup=check_subgroup)


def test_import_mixed_order(backend: str) -> None:
    u, _, _ = mixed_order_key("import")
    assert classify_u(u) == "mixed_order"
    with pytest.raises(xeddsa.InvalidKey, match="subgroup"):
        PublicKey.from_public_bytes(u)
    admitted = PublicKey.from_public_bytes(u, check_subgroup=False)
    assert admitted.public_bytes() == u


def test_invalid_key_is_value_error() -> None:
    with pytest.raises(ValueError):
        PublicKey.from_public_bytes(le(0))


WYCHEPROOF_X25519 = "wycheproof/x25519_test.json"
#: The 493 distinct public keys of Wycheproof's x25519_test.json, counted by class.
DOCUMENTED_CLASS_COUNTS = {
    "prime_order": 47,
    "mixed_order": 212,
    "twist": 207,
    "u_ge_p": 6,
    "u_ge_2^255": 16,
    "small_order": 5,
}


def _wycheproof_public_keys() -> list[bytes]:
    data = load(WYCHEPROOF_X25519)
    return sorted({bytes.fromhex(t["public"]) for g in data["testGroups"] for t in g["tests"]})


def test_wycheproof_x25519_public_keys_classified(backend: str) -> None:
    """Strict import accepts exactly the prime-order keys; without the subgroup check it also
    accepts the mixed-order ones; every other class is refused. Classes come from independent
    math (Euler's criterion, an x-only ladder) and their sizes match the counts above."""
    keys = _wycheproof_public_keys()
    classes = {u: classify_u(u) for u in keys}
    assert collections.Counter(classes.values()) == DOCUMENTED_CLASS_COUNTS
    for u, cls in classes.items():
        for check_subgroup, accepted in (
            (True, {"prime_order"}),
            (False, {"prime_order", "mixed_order"}),
        ):
            try:
                PublicKey.from_public_bytes(u, check_subgroup=check_subgroup)
                ok = True
            except xeddsa.InvalidKey:
                ok = False
            assert ok is (cls in accepted), (u.hex(), cls, check_subgroup)


# -- PublicKey behaviour ---------------------------------------------------------------------------


def test_public_key_value_semantics(honest_u: bytes) -> None:
    a = PublicKey.from_public_bytes(honest_u)
    b = PublicKey.from_public_bytes(bytearray(honest_u))  # type: ignore[arg-type]
    assert a == b and hash(a) == hash(b)
    assert len({a, b}) == 1
    assert {a: 1}[b] == 1
    assert bytes(a) == honest_u
    assert a.public_bytes() == honest_u
    assert a.to_wireguard() == base64.b64encode(honest_u).decode()
    other = PrivateKey.from_private_bytes(bytes(32)).public_key()
    assert a != other
    assert a != honest_u  # not equal to its bytes
    assert (a == honest_u) is False


def test_public_key_repr_shows_wireguard(honest_u: bytes) -> None:
    key = PublicKey.from_public_bytes(honest_u)
    assert key.to_wireguard() in repr(key)


def test_public_key_pickle_round_trip_revalidates(honest_u: bytes) -> None:
    key = PublicKey.from_public_bytes(honest_u)
    assert pickle.loads(pickle.dumps(key)) == key
    assert copy.copy(key) == key and copy.deepcopy(key) == key


def test_public_key_ed25519_bytes(backend: str, honest_u: bytes) -> None:
    key = PublicKey.from_public_bytes(honest_u)
    ed = key.ed25519_public_bytes()
    assert len(ed) == 32 and ed[31] & 0x80 == 0
    # y = (u - 1) / (u + 1) mod p, computed here directly.
    u = int.from_bytes(honest_u, "little")
    assert int.from_bytes(ed, "little") == (u - 1) * pow(u + 1, -1, P) % P


# -- PrivateKey behaviour --------------------------------------------------------------------------


def test_private_repr_and_str_redacted() -> None:
    key = PrivateKey.from_private_bytes(RAW)
    raw = key.private_bytes()
    text = key.to_wireguard()
    for rendered in (repr(key), str(key), f"{key}", f"{key!r}", format(key), repr({"k": key})):
        assert raw.hex() not in rendered
        assert text not in rendered and text[:10] not in rendered
        assert "redacted" in rendered


def test_private_not_bytes_not_hashable_no_dict() -> None:
    key = PrivateKey.from_private_bytes(RAW)
    with pytest.raises(TypeError):
        bytes(key)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        hash(key)
    assert not hasattr(key, "__dict__")


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_private_pickle_refused(protocol: int) -> None:
    key = PrivateKey.from_private_bytes(RAW)
    with pytest.raises(TypeError):
        pickle.dumps(key, protocol=protocol)
    with pytest.raises(TypeError):
        pickle.dumps([key], protocol=protocol)


def test_private_pickle_error_message() -> None:
    """The refusal is deliberate, not an accident of arity: pickle calls
    ``__reduce_ex__(protocol)``, and the message must say what happened (regression test: it
    used to be "_no_pickle() takes 1 positional argument but 2 were given")."""
    key = PrivateKey.from_private_bytes(RAW)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(key)


@pytest.mark.parametrize("fn", [copy.copy, copy.deepcopy], ids=["copy", "deepcopy"])
def test_private_copy_refused(fn: Any) -> None:
    key = PrivateKey.from_private_bytes(RAW)
    with pytest.raises(TypeError):
        fn(key)


def test_private_deepcopy_inside_container_refused() -> None:
    with pytest.raises(TypeError):
        copy.deepcopy({"key": PrivateKey.from_private_bytes(RAW)})


def test_private_equality_uses_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Equality is by value and goes through hmac.compare_digest (constant-time semantics)."""
    calls: list[tuple[bytes, bytes]] = []
    real = xeddsa.keys.hmac.compare_digest  # type: ignore[attr-defined]

    def spy(a: Any, b: Any) -> bool:
        calls.append((bytes(a), bytes(b)))
        return real(a, b)

    monkeypatch.setattr(xeddsa.keys.hmac, "compare_digest", spy)  # type: ignore[attr-defined]
    a = PrivateKey.from_private_bytes(RAW)
    b = PrivateKey.from_private_bytes(bytearray(RAW))  # type: ignore[arg-type]
    c = PrivateKey.from_private_bytes(bytes(32))
    # Keys that clamp to the same value are equal.
    d = PrivateKey.from_private_bytes(bytes([RAW[0] | 7]) + RAW[1:])
    assert a == b and a == d and a != c
    assert len(calls) == 3
    assert calls[0] == (clamped(RAW), clamped(RAW))
    assert (a == RAW) is False and a != object()
    assert len(calls) == 3  # other types are not compared at all


def test_close_zeroizes(backend: str) -> None:
    key = PrivateKey.from_private_bytes(RAW)
    key.sign(b"warm the (A, a) cache")
    key.close()
    assert not any(key._k)
    assert key._a is None or not any(key._a)
    with pytest.raises(xeddsa.InvalidKey, match="closed"):
        key.private_bytes()
    with pytest.raises(xeddsa.InvalidKey, match="closed"):
        key.to_wireguard()


def test_context_manager_closes(backend: str) -> None:
    with PrivateKey.from_private_bytes(RAW) as key:
        key.sign(b"x")
    assert not any(key._k)
    with pytest.raises(xeddsa.InvalidKey):
        key.private_bytes()


def test_sign_without_cache_after_close_raises(backend: str) -> None:
    key = PrivateKey.from_private_bytes(RAW)
    key.close()
    with pytest.raises(xeddsa.InvalidKey, match="closed"):
        key.sign(b"x")


def test_sign_after_close_raises_even_with_cached_scalar(backend: str) -> None:
    """Regression test: after sign() has cached (A, a), close() zeroes a in place; a later sign()
    once signed with a = 0 and returned an invalid signature instead of raising InvalidKey."""
    key = PrivateKey.from_private_bytes(RAW)
    public = key.public_key()
    key.sign(b"first")
    key.close()
    try:
        signature = key.sign(b"x")
    except xeddsa.InvalidKey:
        return
    # If it did not raise, at least the output must be a valid signature; it is not.
    public.verify(signature, b"x")
    pytest.fail("sign() after close() neither raised nor produced a valid signature")


# -- cryptography conversions ----------------------------------------------------------------------


def test_to_and_from_cryptography(backend: str) -> None:
    key = PrivateKey.from_private_bytes(RAW)
    c_key = key.to_cryptography()
    assert isinstance(c_key, X25519PrivateKey)
    assert _raw_private(c_key) == key.private_bytes()
    assert _raw_public(c_key.public_key()) == key.public_key().public_bytes()
    assert PrivateKey.from_cryptography(c_key) == key
    c_pub = key.public_key().to_cryptography()
    assert isinstance(c_pub, X25519PublicKey)
    assert PublicKey.from_cryptography(c_pub) == key.public_key()


def test_from_cryptography_generated(backend: str) -> None:
    c_key = X25519PrivateKey.generate()
    key = PrivateKey.from_cryptography(c_key)
    assert key.public_key().public_bytes() == _raw_public(c_key.public_key())
    # A key from cryptography signs, and the signature verifies under its public key.
    public = PublicKey.from_cryptography(c_key.public_key())
    public.verify(key.sign(b"interop"), b"interop")


def test_cryptography_agreement_with_converted_keys() -> None:
    alice, bob = PrivateKey.from_private_bytes(RAW), PrivateKey.generate()
    shared1 = alice.to_cryptography().exchange(bob.public_key().to_cryptography())
    shared2 = bob.to_cryptography().exchange(alice.public_key().to_cryptography())
    assert shared1 == shared2


def test_from_cryptography_wrong_types() -> None:
    c_key = X25519PrivateKey.generate()
    with pytest.raises(TypeError):
        PrivateKey.from_cryptography(c_key.public_key())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        PublicKey.from_cryptography(c_key)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        PrivateKey.from_cryptography(RAW)  # type: ignore[arg-type]


def test_from_cryptography_public_is_strict() -> None:
    """cryptography accepts any 32 bytes as an X25519 public key; the import still validates."""
    small = X25519PublicKey.from_public_bytes(le(0))
    with pytest.raises(xeddsa.InvalidKey):
        PublicKey.from_cryptography(small)


def _mixed_order_u() -> bytes:
    """Return u of a mixed-order point (prime-order part plus an order-8 torsion component)."""
    from xeddsa.curve import EdwardsPoint, edwards_to_u
    from xeddsa.curve.constants import SMALL_ORDER_U
    from xeddsa.curve.montgomery import u_to_y

    u8 = max(SMALL_ORDER_U - {0, 1, xeddsa._params.P - 1})
    T = EdwardsPoint.from_y_and_sign(u_to_y(u8), 0)
    assert T is not None
    return edwards_to_u(EdwardsPoint.base_mul(12345) + T).to_bytes(32, "little")


def test_pickle_and_copy_keep_the_import_policy_of_a_mixed_order_key() -> None:
    """Found in review; this test failed before the fix."""
    u = _mixed_order_u()
    with pytest.raises(xeddsa.InvalidKey):
        xeddsa.PublicKey.from_public_bytes(u)
    key = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)
    assert pickle.loads(pickle.dumps(key)) == key
    assert copy.deepcopy(key) == key
    strict = xeddsa.PrivateKey.generate().public_key()
    assert pickle.loads(pickle.dumps(strict)) == strict


def test_sign_after_close_raises_and_closed_flag_is_not_value_based() -> None:
    """Found in review; this test failed before the fix."""
    key = xeddsa.PrivateKey.generate()
    key.sign(b"m")
    key.close()
    with pytest.raises(xeddsa.InvalidKey):
        key.sign(b"m")
    with pytest.raises(xeddsa.InvalidKey):
        key.private_bytes()
