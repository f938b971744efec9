"""NaCl ``crypto_box`` between two WireGuard keys, as cunicu seals its signaling messages.

This is the only module of :mod:`wice_candidates` that imports PyNaCl. ``crypto_box`` is
X25519 (static-static) + HSalsa20 key derivation + XSalsa20-Poly1305 with a 24-byte nonce; the
sealed body is ``Poly1305 tag (16) || ciphertext``, the nonce travels separately (cunicu
``EncryptedMessage{body, nonce}``). A :class:`BoxCache` keeps one precomputed box per peer so the
X25519 computation runs once per peer, not once per message.

Opening calls libsodium's ``crypto_box_open_easy_afternm`` through PyNaCl's cffi module
(``nacl._sodium``) with the precomputed key, as xeddsa's sodium backend does for its primitives:
PyNaCl's ``Box.decrypt`` wrapper adds 1 µs or more of argument checks and copies to the roughly
2 µs that libsodium takes for a token (benchmarks/README.md, the receiver's whole path). The
PyNaCl range is pinned by ``xeddsa``; importing this module fails if the symbol is missing.
"""

from __future__ import annotations

from typing import Final

import nacl.public
import nacl.utils
from nacl._sodium import ffi as _ffi
from nacl._sodium import lib as _lib

from xeddsa import PrivateKey, PublicKey

from .errors import UnsealError

__all__ = ["NONCE_SIZE", "TAG_SIZE", "BoxCache"]

#: XSalsa20 nonce length (cunicu ``crypto.GetNonce(24)``).
NONCE_SIZE: Final = 24
#: Poly1305 authenticator length prepended to the ciphertext.
TAG_SIZE: Final = 16

if not hasattr(_lib, "crypto_box_open_easy_afternm"):  # pragma: no cover - PyNaCl is pinned
    raise ImportError("PyNaCl's libsodium lacks crypto_box_open_easy_afternm")
_box_open_afternm: Final = _lib.crypto_box_open_easy_afternm
_new: Final = _ffi.new
_buffer: Final = _ffi.buffer


class BoxCache:
    """NaCl boxes from one private key to each peer key, precomputed once per peer.

    The cache holds at most ``max_peers`` boxes; the caller decides which peers are allowed
    (only trusted keys should reach :meth:`seal` / :meth:`open`).
    """

    def __init__(self, private_key: PrivateKey, *, max_peers: int = 1024) -> None:
        """Keep ``private_key`` for the boxes; never shown in repr or errors."""
        if not isinstance(private_key, PrivateKey):
            raise TypeError("BoxCache(PrivateKey)")
        self._private = nacl.public.PrivateKey(private_key.private_bytes())
        self._boxes: dict[bytes, nacl.public.Box] = {}
        self._shared: dict[bytes, bytes] = {}  # the boxes' precomputed keys, for open()
        self._max_peers = max_peers

    def __repr__(self) -> str:
        """Never show the key."""
        return f"BoxCache(<{len(self._boxes)} peers>)"

    def _box(self, peer: PublicKey) -> nacl.public.Box:
        raw = peer.public_bytes()
        box = self._boxes.get(raw)
        if box is None:
            if len(self._boxes) >= self._max_peers:
                self._boxes.clear()  # a cache only: recomputing is correct, just slower
                self._shared.clear()
            box = nacl.public.Box(self._private, nacl.public.PublicKey(raw))
            self._boxes[raw] = box
            self._shared[raw] = box.shared_key()
        return box

    def seal(
        self, peer: PublicKey, plaintext: bytes, nonce: bytes | None = None
    ) -> tuple[bytes, bytes]:
        """Return ``(body, nonce)``: ``plaintext`` boxed for ``peer`` under a fresh random nonce."""
        if nonce is None:
            nonce = nacl.utils.random(NONCE_SIZE)
        if len(nonce) != NONCE_SIZE:
            raise ValueError(f"nonce must be {NONCE_SIZE} bytes")
        sealed = self._box(peer).encrypt(plaintext, nonce)
        return bytes(sealed.ciphertext), nonce

    def open(self, peer: PublicKey, body: bytes, nonce: bytes) -> bytes:
        """Open a body that ``peer`` boxed for us, or raise :class:`UnsealError`."""
        if len(nonce) != NONCE_SIZE or len(body) < TAG_SIZE:
            raise UnsealError("sealed body or nonce has the wrong size")
        key = self._shared.get(peer.public_bytes())
        if key is None:
            self._box(peer)
            key = self._shared[peer.public_bytes()]
        size = len(body) - TAG_SIZE
        out = _new("unsigned char[]", max(1, size))
        if _box_open_afternm(out, body, len(body), nonce, key) != 0:
            raise UnsealError("the box does not open with these keys (forged or re-addressed)")
        plaintext: bytes = _buffer(out, size)[:]
        return plaintext
