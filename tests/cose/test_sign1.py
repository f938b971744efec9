"""The strict COSE_Sign1 codec of xeddsa.cose: round trip, tamper, wrong key, EdDSA compatibility,
and a typed error (InvalidSignature / InvalidKey) for every malformed message or key."""

from __future__ import annotations

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pycose.algorithms import EdDSA
from pycose.keys.curves import X25519, Ed25519
from pycose.keys.okp import OKPKey

import xeddsa.vxeddsa
from tests.cose.support import KEY, OTHER, PUBLIC
from xeddsa import InvalidKey, InvalidSignature, PublicKey
from xeddsa.cose import (
    VXED25519_ID,
    XED25519_ID,
    cose_key,
    encode_sign1,
    protected_header,
    public_key_from_cose,
    sig_structure,
    sign_sign1,
    verify_sign1,
)
from xeddsa.cose._sign1 import AlgorithmName

BOTH: tuple[AlgorithmName, ...] = ("XEd25519", "VXEd25519")
SIZES = {"XEd25519": 64, "VXEd25519": 96}


def _parts(message: bytes) -> list[object]:
    """The four elements of a tagged COSE_Sign1, as a mutable list."""
    decoded = cbor2.loads(message)
    assert decoded.tag == 18
    return list(decoded.value)


@pytest.mark.parametrize("algorithm", BOTH)
def test_round_trip(algorithm: AlgorithmName) -> None:
    message = sign_sign1(b"payload", KEY, algorithm=algorithm, kid=b"k1")
    result = verify_sign1(message, PUBLIC, algorithms=(algorithm,))
    assert result.algorithm == algorithm
    assert result.payload == b"payload"
    assert result.protected == {
        1: {"XEd25519": XED25519_ID, "VXEd25519": VXED25519_ID}[algorithm],
        4: b"k1",
    }
    assert result.unprotected == {}
    signature = _parts(message)[3]
    assert isinstance(signature, bytes) and len(signature) == SIZES[algorithm]
    if algorithm == "VXEd25519":
        assert result.vrf_output is not None and len(result.vrf_output) == 32
    else:
        assert result.vrf_output is None


def test_untagged_and_external_aad_and_detached_payload() -> None:
    protected = protected_header("XEd25519")
    signature = KEY.sign(sig_structure(protected, b"body", b"aad"))
    untagged = encode_sign1(protected, b"body", signature, tag=False)
    assert verify_sign1(untagged, PUBLIC, external_aad=b"aad").payload == b"body"
    with pytest.raises(InvalidSignature):
        verify_sign1(untagged, PUBLIC)  # the external AAD is part of the signed structure
    detached = encode_sign1(protected, None, signature)
    result = verify_sign1(detached, PUBLIC, external_aad=b"aad", detached_payload=b"body")
    assert result.payload == b"body"
    with pytest.raises(InvalidSignature, match="detached"):
        verify_sign1(detached, PUBLIC, external_aad=b"aad")
    with pytest.raises(InvalidSignature, match="detached_payload must not"):
        verify_sign1(untagged, PUBLIC, external_aad=b"aad", detached_payload=b"body")


@pytest.mark.parametrize("algorithm", BOTH)
@pytest.mark.parametrize("index", [0, 2, 3])
def test_tampering_with_any_signed_part_fails(algorithm: AlgorithmName, index: int) -> None:
    message = sign_sign1(b"payload", KEY, algorithm=algorithm, kid=b"k")
    parts = _parts(message)
    value = parts[index]
    assert isinstance(value, bytes)
    parts[index] = value[:-1] + bytes([value[-1] ^ 1])
    tampered = cbor2.dumps(cbor2.CBORTag(18, parts))
    with pytest.raises(InvalidSignature):
        verify_sign1(tampered, PUBLIC, algorithms=BOTH)


@pytest.mark.parametrize("algorithm", BOTH)
def test_wrong_key_fails(algorithm: AlgorithmName) -> None:
    message = sign_sign1(b"payload", KEY, algorithm=algorithm)
    with pytest.raises(InvalidSignature):
        verify_sign1(message, OTHER.public_key(), algorithms=BOTH)


def test_algorithm_not_allowed_by_the_caller() -> None:
    message = sign_sign1(b"payload", KEY, algorithm="VXEd25519")
    with pytest.raises(InvalidSignature, match="not allowed"):
        verify_sign1(message, PUBLIC)  # default: XEd25519 only


def test_xed25519_signature_is_an_eddsa_signature_under_the_converted_key() -> None:
    message = sign_sign1(b"payload", KEY, kid=b"k")
    protected, _, payload, signature = _parts(message)
    assert isinstance(protected, bytes) and isinstance(payload, bytes)
    assert isinstance(signature, bytes)
    to_be_signed = sig_structure(protected, payload)
    edwards = PUBLIC.ed25519_public_bytes()
    Ed25519PublicKey.from_public_bytes(edwards).verify(signature, to_be_signed)
    assert EdDSA.verify(OKPKey(crv=Ed25519, x=edwards), to_be_signed, signature) is True
    assert EdDSA.verify(OKPKey(crv=Ed25519, x=edwards), to_be_signed + b"x", signature) is False


def test_vrf_output_is_unique_per_sig_structure_and_matches_vxeddsa() -> None:
    first = verify_sign1(sign_sign1(b"m", KEY, algorithm="VXEd25519"), PUBLIC, algorithms=BOTH)
    second = verify_sign1(sign_sign1(b"m", KEY, algorithm="VXEd25519"), PUBLIC, algorithms=BOTH)
    assert first.vrf_output == second.vrf_output  # fresh Z each time, same output
    with_kid = sign_sign1(b"m", KEY, algorithm="VXEd25519", kid=b"k")
    assert verify_sign1(with_kid, PUBLIC, algorithms=BOTH).vrf_output != first.vrf_output
    protected, _, payload, signature = _parts(with_kid)
    assert isinstance(protected, bytes) and isinstance(payload, bytes)
    assert isinstance(signature, bytes)
    expected = xeddsa.vxeddsa.verify(PUBLIC, signature, sig_structure(protected, payload))
    assert verify_sign1(with_kid, PUBLIC, algorithms=BOTH).vrf_output == expected


# --- malformed messages: each one raises InvalidSignature, nothing else --------------------------

_P = protected_header("XEd25519")
_SIG = KEY.sign(sig_structure(_P, b"x"))


def _msg(*parts: object, tag: bool = True) -> bytes:
    return cbor2.dumps(cbor2.CBORTag(18, list(parts)) if tag else list(parts))


def _signed(protected: bytes, unprotected: object = None) -> bytes:
    """A message whose signature is valid for ``protected``: only the header rules reject it."""
    signature = KEY.sign(sig_structure(protected, b"x"))
    return _msg(protected, {} if unprotected is None else unprotected, b"x", signature)


MALFORMED: dict[str, object] = {
    "empty": b"",
    "not cbor": b"\xff\xff",
    "truncated": sign_sign1(b"x", KEY)[:-1],
    "trailing byte": sign_sign1(b"x", KEY) + b"\x00",
    "wrong tag": cbor2.dumps(cbor2.CBORTag(98, [_P, {}, b"x", _SIG])),
    "three elements": _msg(_P, {}, b"x"),
    "five elements": _msg(_P, {}, b"x", _SIG, b""),
    "map instead of array": cbor2.dumps({1: 2}),
    "protected not bstr": _msg({1: XED25519_ID}, {}, b"x", _SIG),
    "protected not a map": _msg(cbor2.dumps([1]), {}, b"x", _SIG),
    "protected trailing": _msg(_P + b"\x00", {}, b"x", _SIG),
    "protected duplicate label": _signed(b"\xa2\x01\x3a\x00\x01\x00\x00\x01\x3a\x00\x01\x00\x00"),
    "protected indefinite map": _signed(b"\xbf\x01\x3a\x00\x01\x00\x00\xff"),
    "unprotected not a map": _msg(_P, [], b"x", _SIG),
    "unprotected duplicate label": b"\xd2\x84"
    + cbor2.dumps(_P)
    + b"\xa2\x04\x41a\x04\x41b"
    + cbor2.dumps(b"x")
    + cbor2.dumps(_SIG),
    "payload not bstr": _msg(_P, {}, "x", _SIG),
    "signature not bstr": _msg(_P, {}, b"x", "sig"),
    "signature too short": _msg(_P, {}, b"x", _SIG[:-1]),
    "signature too long": _msg(_P, {}, b"x", _SIG + b"\x00"),
    "empty protected header": _signed(b"", {1: XED25519_ID}),
    "alg only unprotected": _signed(cbor2.dumps({4: b"k"}), {1: XED25519_ID}),
    "alg in both buckets": _signed(_P, {1: XED25519_ID}),
    "crit": _signed(cbor2.dumps({1: XED25519_ID, 2: [4]})),
    "crit unprotected": _signed(_P, {2: [4]}),
    "alg EdDSA": _signed(cbor2.dumps({1: -8})),
    "alg Ed25519": _signed(cbor2.dumps({1: -19})),
    "alg as text": _signed(cbor2.dumps({1: "XEd25519"})),
    "alg true": _signed(cbor2.dumps({1: True})),
    "s + L": _msg(
        _P,
        {},
        b"x",
        _SIG[:32]
        + (
            int.from_bytes(_SIG[32:], "little") + (2**252 + 27742317777372353535851937790883648493)
        ).to_bytes(32, "little"),
    ),
    "deeply nested": b"\xd2\x84" + b"\x81" * 10000 + b"\x00",
    "not bytes": "text",
}


def test_the_well_formed_base_message_verifies() -> None:
    assert verify_sign1(_msg(_P, {}, b"x", _SIG), PUBLIC).payload == b"x"


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_message_raises_invalid_signature(name: str) -> None:
    with pytest.raises(InvalidSignature):
        verify_sign1(MALFORMED[name], PUBLIC, algorithms=BOTH)  # type: ignore[arg-type]


def test_caller_errors_are_builtin_errors() -> None:
    message = sign_sign1(b"x", KEY)
    with pytest.raises(TypeError):
        verify_sign1(message, cose_key(PUBLIC))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="algorithms"):
        verify_sign1(message, PUBLIC, algorithms=())
    with pytest.raises(ValueError, match="algorithms"):
        verify_sign1(message, PUBLIC, algorithms=("EdDSA",))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown algorithm"):
        sign_sign1(b"x", KEY, algorithm="EdDSA")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sign_sign1("x", KEY)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sign_sign1(b"x", PUBLIC)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        protected_header("XEd25519", kid="text")  # type: ignore[arg-type]


# --- keys -------------------------------------------------------------------------------------


def test_cose_key_round_trip() -> None:
    assert public_key_from_cose(cose_key(PUBLIC)) == PUBLIC
    assert public_key_from_cose(cose_key(KEY)) == PUBLIC
    assert cose_key(PUBLIC).crv is X25519 and X25519.identifier == 4
    with pytest.raises(ValueError, match="unknown alg"):
        cose_key(PUBLIC, alg="EdDSA")
    with pytest.raises(TypeError):
        cose_key(b"\x00" * 32)  # type: ignore[arg-type]


def test_ed25519_cose_key_is_refused() -> None:
    ed = OKPKey(crv=Ed25519, x=PUBLIC.ed25519_public_bytes())
    with pytest.raises(InvalidKey, match="X25519"):
        public_key_from_cose(ed)
    with pytest.raises(InvalidKey):
        public_key_from_cose(object())


@pytest.mark.parametrize(
    "u",
    [
        bytes(32),  # u = 0, small order
        (1).to_bytes(32, "little"),  # small order
        (2**255 - 20).to_bytes(32, "little"),  # p - 1: twist point mapped to order 4
        bytes.fromhex(
            "652fb46c5ca9deb2a22ce5d0d3514e94f03c9236c05a1a5c0447879c9a8d2ec8"
        ),  # bit 255
        bytes(31),  # short
    ],
    ids=["zero", "one", "p-1", "bit255", "short"],
)
def test_bad_x25519_cose_keys_are_refused(u: bytes) -> None:
    with pytest.raises(InvalidKey):
        public_key_from_cose(OKPKey(crv=4, x=u))


def test_mismatched_private_cose_key_is_refused() -> None:
    key = OKPKey(crv=4, x=OTHER.public_key().public_bytes(), d=KEY.private_bytes())
    with pytest.raises(InvalidKey, match="not the public key"):
        public_key_from_cose(key)


def test_public_key_from_private_only_cose_key() -> None:
    assert public_key_from_cose(OKPKey(crv=4, d=KEY.private_bytes())) == PUBLIC


def test_public_key_type() -> None:
    assert isinstance(public_key_from_cose(cose_key(KEY)), PublicKey)


def test_external_aad_must_be_bytes() -> None:
    with pytest.raises(InvalidSignature, match="external_aad"):
        verify_sign1(sign_sign1(b"x", KEY), PUBLIC, external_aad="aad")  # type: ignore[arg-type]


def test_protected_header_with_many_labels_uses_a_longer_map_head() -> None:
    header = {1: XED25519_ID, **{-100 - i: i for i in range(30)}}  # 31 entries: head 0xb8 0x1f
    protected = cbor2.dumps(header)
    assert protected[:2] == b"\xb8\x1f"
    assert verify_sign1(_signed(protected), PUBLIC).protected == header


def test_cose_key_with_kid_and_a_key_without_x_or_d() -> None:
    key = cose_key(PUBLIC, kid=b"k1", alg="XEd25519")
    assert key.kid == b"k1"
    assert public_key_from_cose(key) == PUBLIC
    del key.store[next(k for k in key.store if getattr(k, "identifier", None) == -2)]
    with pytest.raises(InvalidKey, match="no 'x'"):
        public_key_from_cose(key)
