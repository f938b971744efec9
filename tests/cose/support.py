"""Fixed keys shared by the COSE tests."""

from __future__ import annotations

from xeddsa import PrivateKey

KEY = PrivateKey.from_private_bytes(bytes(range(32)))
OTHER = PrivateKey.from_private_bytes(bytes(range(1, 33)))
PUBLIC = KEY.public_key()
