"""Byte sizes of every key, signature and random input, named once and used in error messages."""

from __future__ import annotations

from typing import Final

from xeddsa._params import ENCODING_SIZE

__all__ = [
    "PRIVATE_KEY_SIZE",
    "PUBLIC_KEY_SIZE",
    "RANDOM_SIZE",
    "SIGNATURE_SIZE",
    "VRF_OUTPUT_SIZE",
    "VXEDDSA_SIGNATURE_SIZE",
]

#: An X25519 private key k: 32 little-endian bytes (clamped per RFC 7748 on load).
PRIVATE_KEY_SIZE: Final = ENCODING_SIZE
#: An X25519 public key: the 32-byte little-endian Montgomery u-coordinate.
PUBLIC_KEY_SIZE: Final = ENCODING_SIZE
#: An XEdDSA signature R || s.
SIGNATURE_SIZE: Final = 2 * ENCODING_SIZE
#: A VXEdDSA signature V || h || s.
VXEDDSA_SIGNATURE_SIZE: Final = 3 * ENCODING_SIZE
#: The VXEdDSA VRF output v = hash_5(cV) truncated to b = 256 bits.
VRF_OUTPUT_SIZE: Final = ENCODING_SIZE
#: The signing randomness Z (XEdDSA rev 1 §3 and §4).
RANDOM_SIZE: Final = 2 * ENCODING_SIZE
