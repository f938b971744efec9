"""Integers mod q, the order of the base point: the :class:`Scalar` type and its decoders.

Each constructor names its decoding policy, as curve25519-dalek does: ``from_bytes_mod_order``
(32 bytes, reduced), ``from_bytes_mod_order_wide`` (64 bytes, reduced; for SHA-512 output) and
``from_canonical_bytes`` (32 bytes that must already be < q). Not constant time.

Spec: XEdDSA rev1 §2.2 (q), §2.4 (encodings); RFC 8032 §5.1.7 (s < L).
"""

from __future__ import annotations

from typing import final

from xeddsa.curve.constants import Q

__all__ = ["Scalar"]


@final
class Scalar:
    """An integer mod q held reduced in [0, q); immutable, hashable, with ring operators."""

    __slots__ = ("_v",)
    _v: int

    def __init__(self, value: int) -> None:
        """Reduce any Python int mod q."""
        object.__setattr__(self, "_v", value % Q)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Scalar is immutable")

    @classmethod
    def from_bytes_mod_order(cls, data: bytes) -> Scalar:
        """Decode 32 little-endian bytes as an integer and reduce it mod q."""
        if len(data) != 32:
            raise ValueError(f"scalar must be 32 bytes, got {len(data)}")
        return cls(int.from_bytes(data, "little"))

    @classmethod
    def from_bytes_mod_order_wide(cls, data: bytes) -> Scalar:
        """Decode 64 little-endian bytes (a SHA-512 digest) and reduce mod q.

        Spec: XEdDSA rev1 §3 (``r = hash_1(a || M || Z) (mod q)``).
        """
        if len(data) != 64:
            raise ValueError(f"wide scalar must be 64 bytes, got {len(data)}")
        return cls(int.from_bytes(data, "little"))

    @classmethod
    def from_canonical_bytes(cls, data: bytes) -> Scalar | None:
        """Decode 32 little-endian bytes holding an integer < q; return None for any value >= q.

        Spec: RFC 8032 §5.1.7 (reject s >= L).
        """
        if len(data) != 32:
            raise ValueError(f"scalar must be 32 bytes, got {len(data)}")
        value = int.from_bytes(data, "little")
        if value >= Q:
            return None
        return cls(value)

    def to_bytes(self) -> bytes:
        """Encode as 32 little-endian bytes."""
        return self._v.to_bytes(32, "little")

    @property
    def value(self) -> int:
        """The canonical representative in [0, q)."""
        return self._v

    def __add__(self, other: Scalar) -> Scalar:
        return Scalar(self._v + other._v)

    def __sub__(self, other: Scalar) -> Scalar:
        return Scalar(self._v - other._v)

    def __mul__(self, other: Scalar) -> Scalar:
        return Scalar(self._v * other._v)

    def __neg__(self) -> Scalar:
        return Scalar(-self._v)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scalar):
            return NotImplemented
        return self._v == other._v

    def __hash__(self) -> int:
        return hash(("Scalar", self._v))

    def __repr__(self) -> str:
        return f"Scalar({self._v:#x})"
