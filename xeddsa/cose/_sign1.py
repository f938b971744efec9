"""Strict COSE_Sign1 (RFC 9052 §4.2) encoding and verification for XEd25519 and VXEd25519.

This module does not need pycose: it reads and writes the four-element CBOR array itself with
``cbor2``, so every malformed input becomes :class:`xeddsa.InvalidSignature` and every unusable
key :class:`xeddsa.InvalidKey`.  The rules are those of the Internet-Draft's "Use in COSE"
section: ``alg`` only in the protected bucket and equal to the algorithm's value, no label in
both buckets, no duplicate labels, no ``crit``, a signature of exactly 64 (XEd25519) or 96
(VXEd25519) bytes, verification under the library's ``strict`` policy.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import cbor2

import xeddsa.vxeddsa
from xeddsa import InvalidSignature, PrivateKey, PublicKey

from ._ids import ALGORITHM_IDS, ALGORITHM_NAMES, SIGNATURE_SIZES

__all__ = [
    "Sign1Result",
    "encode_sign1",
    "protected_header",
    "sig_structure",
    "sign_sign1",
    "verify_sign1",
]

AlgorithmName = Literal["XEd25519", "VXEd25519"]

#: Largest COSE_Sign1 accepted by :func:`verify_sign1` (bytes); larger input is refused unread.
MAX_MESSAGE_SIZE: Final = 1 << 24
_SIGN1_TAG: Final = 18
_ALG: Final = 1
_CRIT: Final = 2
_KID: Final = 4


@dataclass(frozen=True, slots=True)
class Sign1Result:
    """A verified COSE_Sign1: algorithm, headers, payload and, for VXEd25519, the VRF output."""

    #: ``"XEd25519"`` or ``"VXEd25519"``.
    algorithm: str
    #: The payload (the detached payload if the message carried ``nil``).
    payload: bytes
    #: The protected header map.
    protected: dict[Any, Any]
    #: The protected header exactly as signed (the bstr contents). A VXEd25519 output depends on
    #: these octets: an application that needs one output per payload fixes them.
    protected_raw: bytes
    #: The unprotected header map.
    unprotected: dict[Any, Any]
    #: The 32-byte VRF output for VXEd25519, ``None`` for XEd25519.
    vrf_output: bytes | None


def protected_header(algorithm: AlgorithmName, *, kid: bytes | None = None) -> bytes:
    """Return the deterministic encoding of a protected header {1: alg id[, 4: kid]}."""
    header: dict[int, Any] = {_ALG: _algorithm_id(algorithm)}
    if kid is not None:
        if not isinstance(kid, bytes):
            raise TypeError("kid must be bytes")
        header[_KID] = kid
    return cbor2.dumps(header, canonical=True)


def sig_structure(protected_raw: bytes, payload: bytes, external_aad: bytes = b"") -> bytes:
    """Return the RFC 9052 §4.4 Sig_structure for COSE_Sign1: the message that is signed."""
    return cbor2.dumps(["Signature1", protected_raw, external_aad, payload])


def encode_sign1(
    protected_raw: bytes,
    payload: bytes | None,
    signature: bytes,
    unprotected: Mapping[Any, Any] | None = None,
    *,
    tag: bool = True,
) -> bytes:
    """Return the CBOR encoding of a COSE_Sign1 (tag 18 unless ``tag`` is false)."""
    body = [protected_raw, dict(unprotected or {}), payload, signature]
    return cbor2.dumps(cbor2.CBORTag(_SIGN1_TAG, body) if tag else body)


def sign_sign1(
    payload: bytes,
    private_key: PrivateKey,
    *,
    algorithm: AlgorithmName = "XEd25519",
    kid: bytes | None = None,
    external_aad: bytes = b"",
) -> bytes:
    """Return a tagged COSE_Sign1 of ``payload`` signed with a fresh random Z.

    The protected header is {1: algorithm id} plus {4: kid} if given; the unprotected header is
    empty.  The algorithm ids are the provisional private-use values of :mod:`xeddsa.cose`.

    :raises TypeError: ``private_key`` is not a :class:`xeddsa.PrivateKey`, or a value is not
        bytes
    :raises ValueError: unknown ``algorithm``
    """
    if not isinstance(private_key, PrivateKey):
        raise TypeError(f"private_key must be an xeddsa.PrivateKey, not {type(private_key)}")
    for name, value in (("payload", payload), ("external_aad", external_aad)):
        if not isinstance(value, bytes):
            raise TypeError(f"{name} must be bytes")
    protected_raw = protected_header(algorithm, kid=kid)
    message = sig_structure(protected_raw, payload, external_aad)
    if algorithm == "XEd25519":
        signature = private_key.sign(message)
    else:
        signature = xeddsa.vxeddsa.sign(private_key, message)
    return encode_sign1(protected_raw, payload, signature)


def verify_sign1(
    data: bytes,
    public_key: PublicKey,
    *,
    algorithms: tuple[AlgorithmName, ...] = ("XEd25519",),
    external_aad: bytes = b"",
    detached_payload: bytes | None = None,
) -> Sign1Result:
    """Verify a COSE_Sign1 strictly and return its contents (and the VRF output for VXEd25519).

    ``algorithms`` lists what the caller accepts for this key; the message's ``alg`` must be one
    of them.  Tagged (18) and untagged messages are accepted.

    :raises xeddsa.InvalidSignature: for any malformed, unsupported or unverifiable message
    :raises TypeError: ``public_key`` is not a :class:`xeddsa.PublicKey` (convert a pycose key
        with :func:`xeddsa.cose.public_key_from_cose` first)
    :raises ValueError: ``algorithms`` is empty or names an unknown algorithm
    """
    if not isinstance(public_key, PublicKey):
        raise TypeError(f"public_key must be an xeddsa.PublicKey, not {type(public_key)}")
    if not algorithms or any(name not in ALGORITHM_IDS for name in algorithms):
        raise ValueError(f"algorithms must be a non-empty subset of {tuple(ALGORITHM_IDS)}")
    if not isinstance(data, bytes) or len(data) > MAX_MESSAGE_SIZE:
        raise InvalidSignature("COSE_Sign1 must be bytes of at most MAX_MESSAGE_SIZE")
    if not isinstance(external_aad, bytes):
        raise InvalidSignature("external_aad must be bytes")
    protected_raw, protected, unprotected, payload, signature = _parse(data)
    algorithm = _algorithm(protected, unprotected)
    if algorithm not in algorithms:
        raise InvalidSignature(f"algorithm {algorithm!r} not allowed here")
    if payload is None:
        if not isinstance(detached_payload, bytes):
            raise InvalidSignature("payload is detached (nil) but no detached_payload was given")
        payload = detached_payload
    elif detached_payload is not None:
        raise InvalidSignature("payload is present; detached_payload must not be given")
    if len(signature) != SIGNATURE_SIZES[algorithm]:
        raise InvalidSignature(f"{algorithm} signature must be {SIGNATURE_SIZES[algorithm]} bytes")
    message = sig_structure(protected_raw, payload, external_aad)
    vrf_output: bytes | None = None
    if algorithm == "XEd25519":
        public_key.verify(signature, message, policy="strict")
    else:
        vrf_output = xeddsa.vxeddsa.verify(public_key, signature, message, policy="strict")
    return Sign1Result(algorithm, payload, protected, protected_raw, unprotected, vrf_output)


def _algorithm_id(algorithm: str) -> int:
    try:
        return ALGORITHM_IDS[algorithm]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown algorithm {algorithm!r}; expected one of {tuple(ALGORITHM_IDS)}"
        ) from None


def _decode_one(fp: io.BytesIO) -> tuple[Any, bytes]:
    """Decode one CBOR item from ``fp``; return it with its raw bytes."""
    start = fp.tell()
    try:
        item = cbor2.CBORDecoder(fp).decode()
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise InvalidSignature(f"COSE_Sign1 is not valid CBOR: {exc}") from None
    end = fp.tell()
    fp.seek(start)
    raw = fp.read(end - start)
    return item, raw


def _map_count(raw: bytes) -> int | None:
    """The entry count in the head of a definite-length CBOR map, or None if not one."""
    if not raw or raw[0] >> 5 != 5:
        return None
    info = raw[0] & 0x1F
    if info < 24:
        return info
    width = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    return None if width is None else int.from_bytes(raw[1 : 1 + width], "big")


def _header_map(item: Any, raw: bytes, what: str) -> dict[Any, Any]:
    """Require a definite-length map without duplicate labels."""
    count = _map_count(raw)
    if count is None or not isinstance(item, Mapping) or count != len(item):
        raise InvalidSignature(f"{what} is not a definite-length map without duplicate labels")
    return dict(item)


def _parse(
    data: bytes,
) -> tuple[bytes, dict[Any, Any], dict[Any, Any], bytes | None, bytes]:
    """Split a COSE_Sign1 into (protected_raw, protected, unprotected, payload, signature)."""
    fp = io.BytesIO(data)
    head = fp.read(1)
    if head == b"\xd2":  # tag 18
        head = fp.read(1)
    if head != b"\x84":
        raise InvalidSignature("COSE_Sign1 must be an array of four elements (optionally tag 18)")
    (protected_raw, _), (unprotected_item, unprotected_raw), (payload, _), (signature, _) = (
        _decode_one(fp) for _ in range(4)
    )
    if fp.read(1):
        raise InvalidSignature("trailing bytes after the COSE_Sign1")
    if not isinstance(protected_raw, bytes) or not isinstance(signature, bytes):
        raise InvalidSignature("protected header and signature must be byte strings")
    if payload is not None and not isinstance(payload, bytes):
        raise InvalidSignature("payload must be a byte string or nil")
    unprotected = _header_map(unprotected_item, unprotected_raw, "unprotected header")
    return protected_raw, parse_protected(protected_raw), unprotected, payload, signature


def parse_protected(protected_raw: bytes) -> dict[Any, Any]:
    """Decode the contents of a protected header bstr (empty means no parameters).

    :raises xeddsa.InvalidSignature: not one definite-length map without duplicate labels
    """
    if not protected_raw:
        return {}
    item, raw = _decode_one(io.BytesIO(protected_raw))
    if len(raw) != len(protected_raw):
        raise InvalidSignature("trailing bytes in the protected header")
    return _header_map(item, raw, "protected header")


def _algorithm(protected: dict[Any, Any], unprotected: dict[Any, Any]) -> str:
    """The algorithm named by the protected ``alg``, after the header rules."""
    if set(protected) & set(unprotected):
        raise InvalidSignature("a label appears in both the protected and unprotected header")
    if _CRIT in protected or _CRIT in unprotected:
        raise InvalidSignature("'crit' is not supported")
    if _ALG not in protected:
        raise InvalidSignature("'alg' must be in the protected header")
    alg = protected[_ALG]
    name = ALGORITHM_NAMES.get(alg) if isinstance(alg, int) and not isinstance(alg, bool) else None
    if name is None:
        raise InvalidSignature(f"'alg' {alg!r} is not XEd25519 or VXEd25519")
    return name
