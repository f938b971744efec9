"""The pycose algorithm classes of xeddsa.cose: registration, round trip through pycose's own
Sign1Message, tamper, wrong key, Ed25519 key refused, header and key-restriction rules."""

from __future__ import annotations

import subprocess
import sys

import cbor2
import pytest
from pycose.algorithms import CoseAlgorithm, EdDSA
from pycose.exceptions import CoseIllegalAlgorithm
from pycose.headers import KID, Algorithm
from pycose.keys.curves import Ed25519
from pycose.keys.keyops import SignOp, VerifyOp
from pycose.keys.keyparam import KpKeyOps
from pycose.keys.okp import OKPKey
from pycose.messages.sign1message import Sign1Message

from tests.cose.support import KEY, OTHER, PUBLIC
from xeddsa import InvalidKey, InvalidSignature, PrivateKey
from xeddsa.cose import (
    VXED25519_ID,
    XED25519_ID,
    VXEd25519,
    XEd25519,
    cose_key,
    register_algorithms,
    sign_sign1,
    verify_sign1,
)
from xeddsa.cose._sign1 import AlgorithmName

IDS: dict[AlgorithmName, int] = {"XEd25519": XED25519_ID, "VXEd25519": VXED25519_ID}


@pytest.fixture(autouse=True, scope="module")
def _registered() -> None:
    register_algorithms()


def _sign(alg: int | str, payload: bytes = b"payload", key: PrivateKey = KEY) -> bytes:
    message = Sign1Message(phdr={Algorithm: alg, KID: b"k"}, payload=payload)
    message.key = cose_key(key)
    encoded: bytes = message.encode()
    return encoded


def _verify(encoded: bytes, key: OKPKey) -> bool:
    message = Sign1Message.decode(encoded)
    message.key = key
    result: bool = message.verify_signature()
    return result


def test_import_registers_nothing() -> None:
    code = (
        "from pycose.algorithms import CoseAlgorithm\n"
        "import xeddsa.cose, xeddsa.cose._models\n"
        "t = CoseAlgorithm.get_registered_classes()\n"
        "print(-65537 in t, -65538 in t, 'XED25519' in t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "False False False"


def test_registration_is_idempotent_and_refuses_a_clash() -> None:
    register_algorithms()
    table: dict[object, object] = CoseAlgorithm.get_registered_classes()  # type: ignore[no-untyped-call]
    assert table[XED25519_ID] is XEd25519 and table["VXED25519"] is VXEd25519
    saved = table[XED25519_ID]
    table[XED25519_ID] = EdDSA
    try:
        with pytest.raises(ValueError, match="different algorithm"):
            register_algorithms()
    finally:
        table[XED25519_ID] = saved


@pytest.mark.parametrize("name", ["XEd25519", "VXEd25519"])
def test_pycose_round_trip_and_cross_check_with_the_codec(name: AlgorithmName) -> None:
    encoded = _sign(IDS[name])
    assert _verify(encoded, cose_key(PUBLIC)) is True
    result = verify_sign1(encoded, PUBLIC, algorithms=(name,))
    assert result.payload == b"payload"
    ours = sign_sign1(b"payload", KEY, algorithm=name, kid=b"k")
    assert _verify(ours, cose_key(PUBLIC)) is True


@pytest.mark.parametrize("name", ["XEd25519", "VXEd25519"])
def test_pycose_tamper_and_wrong_key(name: AlgorithmName) -> None:
    encoded = _sign(IDS[name])
    parts = list(cbor2.loads(encoded).value)
    parts[2] = b"payloaD"
    assert _verify(cbor2.dumps(cbor2.CBORTag(18, parts)), cose_key(PUBLIC)) is False
    assert _verify(encoded, cose_key(OTHER.public_key())) is False


def test_ed25519_key_is_refused_for_signing_and_verifying() -> None:
    ed = OKPKey(crv=Ed25519, x=PUBLIC.ed25519_public_bytes())
    with pytest.raises(InvalidKey, match="X25519"):
        _verify(_sign(XED25519_ID), ed)
    message = Sign1Message(phdr={Algorithm: XED25519_ID}, payload=b"p")
    message.key = OKPKey(crv=Ed25519, d=bytes(32))
    with pytest.raises(InvalidKey, match="X25519"):
        message.encode()


def test_eddsa_refuses_an_x25519_key() -> None:
    message = Sign1Message(phdr={Algorithm: EdDSA}, payload=b"p")
    message.key = cose_key(KEY)
    with pytest.raises(Exception, match="Illegal curve"):  # pycose's own refusal
        message.encode()


def test_alg_only_in_the_unprotected_header_never_verifies() -> None:
    message = Sign1Message(phdr={KID: b"k"}, uhdr={Algorithm: XED25519_ID}, payload=b"p")
    message.key = cose_key(KEY)
    with pytest.raises(InvalidSignature, match="protected header"):
        message.encode()  # our sign() refuses too
    # A signature made over a protected header without alg, presented with alg unprotected:
    signed = Sign1Message(phdr={Algorithm: XED25519_ID}, payload=b"p")
    signed.key = cose_key(KEY)
    parts = list(cbor2.loads(signed.encode()).value)
    forged = cbor2.dumps(cbor2.CBORTag(18, [b"", {1: XED25519_ID}, parts[2], parts[3]]))
    assert _verify(forged, cose_key(PUBLIC)) is False


def test_vxed_signature_under_the_xed_value_does_not_verify() -> None:
    encoded = _sign(VXED25519_ID)
    parts = list(cbor2.loads(encoded).value)
    assert XEd25519.verify(cose_key(PUBLIC), b"\x84", parts[3]) is False


def test_key_restrictions() -> None:
    restricted = cose_key(PUBLIC, alg="VXEd25519")
    with pytest.raises(CoseIllegalAlgorithm):  # pycose checks the key's alg first
        _verify(_sign(XED25519_ID), restricted)
    with pytest.raises(InvalidKey, match="another algorithm"):  # and so do we, on our own
        XEd25519.verify(restricted, b"", b"")
    assert _verify(_sign(VXED25519_ID), restricted) is True
    sign_only = cose_key(PUBLIC)
    sign_only.store[KpKeyOps] = [SignOp]
    with pytest.raises(InvalidKey, match="key_ops"):
        XEd25519.verify(sign_only, b"", b"")
    verify_only = cose_key(KEY)
    verify_only.store[KpKeyOps] = [VerifyOp]
    with pytest.raises(InvalidKey, match="key_ops"):
        XEd25519.sign(verify_only, b"")


def test_public_key_cannot_sign() -> None:
    message = Sign1Message(phdr={Algorithm: XED25519_ID}, payload=b"p")
    message.key = cose_key(PUBLIC)
    with pytest.raises(InvalidKey, match="'d'"):
        message.encode()


def test_model_verify_rejects_wrong_lengths_and_foreign_structures() -> None:
    encoded = _sign(XED25519_ID)
    _, _, _, signature = cbor2.loads(encoded).value
    protected = cbor2.dumps({1: XED25519_ID, 4: b"k"})
    good = cbor2.dumps(["Signature1", protected, b"", b"payload"])
    key = cose_key(PUBLIC)
    assert XEd25519.verify(key, good, signature) is True
    assert XEd25519.verify(key, good, signature[:-1]) is False
    assert XEd25519.verify(key, good, "text") is False  # type: ignore[arg-type]
    other_context = cbor2.dumps(["Other", protected, b"", b"payload"])
    assert XEd25519.verify(key, other_context, signature) is False
    empty = cbor2.dumps(["Signature1", b"", b"", b"payload"])
    assert XEd25519.verify(key, empty, signature) is False
    assert XEd25519.verify(key, b"\xff", signature) is False


def test_model_rejects_malformed_protected_headers_in_the_sig_structure() -> None:
    key = cose_key(PUBLIC)
    for protected in (
        cbor2.dumps([1]),
        cbor2.dumps({1: XED25519_ID}) + b"\x00",
        b"\xa2\x01\x01\x01\x01",
    ):
        structure = cbor2.dumps(["Signature1", protected, b"", b"payload"])
        signature = KEY.sign(structure)  # valid bytes: only the header rule can reject
        assert XEd25519.verify(key, structure, signature) is False
