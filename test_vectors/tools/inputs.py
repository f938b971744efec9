"""Deterministic inputs of the published vectors: labels, byte helpers, keys and messages.

Every private key, message and Z is SHA-512 of a fixed label (:func:`derive`); nothing here reads
an RNG, a clock or git state, so the vectors regenerate byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Final

from test_vectors.tools import ref25519 as ref
from xeddsa import hazmat

LABEL_PREFIX: Final = b"xeddsa test vectors v1|"
P: Final = ref.P
Q: Final = ref.Q


class GenerationError(Exception):
    """The library disagrees with a constructed expectation: refuse to write vectors."""


def expect(condition: bool, what: str) -> None:
    """Raise GenerationError unless ``condition`` holds."""
    if not condition:
        raise GenerationError(what)


def derive(label: str, size: int = 32) -> bytes:
    """Return ``size`` (<= 64) bytes: SHA-512(LABEL_PREFIX || label)."""
    return hashlib.sha512(LABEL_PREFIX + label.encode("utf-8")).digest()[:size]


def hx(data: bytes) -> str:
    """Lower-case hex."""
    return data.hex()


def b64url(data: bytes) -> str:
    """Unpadded base64url (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def le(n: int) -> bytes:
    """32-byte little-endian encoding of n (n < 2^256)."""
    return n.to_bytes(32, "little")


def sc(data: bytes) -> int:
    """Little-endian integer."""
    return int.from_bytes(data, "little")


def flip(data: bytes, byte: int, bit: int) -> bytes:
    """Return ``data`` with one bit flipped."""
    out = bytearray(data)
    out[byte] ^= 1 << bit
    return bytes(out)


class Key:
    """A private key with the values every file records, cross-checked with the reference.

    ``d`` is the 32 private-key octets as stored (not necessarily clamped, a JWK's "d") and
    ``k`` = clamp(d) the private scalar: the names of the Internet-Draft (Terminology, "d, k").
    """

    def __init__(self, label: str, d: bytes) -> None:
        self.label = label
        self.d = d
        self.k = le(ref.clamp(d))
        self.A, a_bytes = hazmat.calculate_key_pair(d)
        self.a = sc(a_bytes)
        ref_A, ref_a, self.sign_bit = ref.calculate_key_pair(d)
        expect((ref_A, ref_a) == (self.A, self.a), f"calculate_key_pair({label}) disagrees")
        expect(hazmat.calculate_key_pair(self.k)[0] == self.A, f"clamp(d) != k for {label}")
        self.u = ref.x25519_public(d)
        expect(ref.convert_mont(self.u) == self.A, f"convert_mont(u) != A for {label}")
        expect(hazmat.convert_mont(self.u) == self.A, f"hazmat.convert_mont(u) != A for {label}")


def find_key(prefix: str, sign_bit: int) -> Key:
    """Return the first key ``prefix-<n>`` whose kB has the wanted sign bit."""
    n = 0
    while True:
        label = f"{prefix}-{n}"
        key = Key(label, derive(label))
        if key.sign_bit == sign_bit:
            return key
        n += 1


MSG_ABC: Final = b"abc"
MSG_EMPTY: Final = b""
MSG_LONG: Final = bytes(derive(f"long-msg-{i}", 64)[j] for i in range(16) for j in range(64))[:1000]
MSG_TEXT: Final = b"XEdDSA test vector message"

#: Inputs of libsignal-protocol-c's xeddsa_fast_test / vxeddsa_fast_test (numbers only): the
#: private key d is 32 zero bytes with byte 8 = 0xbd and byte 31 = 0x40 (already clamped, so
#: k = d), the message 200 zero bytes, Z 64 zero bytes. Recorded so that the published files
#: overlap the upstream KATs.
UPSTREAM_D: Final = bytes(8) + b"\xbd" + bytes(22) + b"\x40"
UPSTREAM_MSG: Final = bytes(200)
UPSTREAM_Z: Final = bytes(64)
#: The message of libsignal's rev-1 VRF uniqueness test ("This is unique.") and its key d
#: (already clamped).
UPSTREAM_VRF_D: Final = bytes.fromhex(
    "38611d253bea85a203805343b74a936d3b13b9e3121453e9740b6b827e337e5d"
)
UPSTREAM_VRF_MSG: Final = b"This is unique."
