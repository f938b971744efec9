"""Helpers shared by the JOSE tests: base64url without padding, and hand-built keys and inputs."""

from __future__ import annotations

import base64

from joserfc.jwk import OKPKey

from xeddsa import PrivateKey
from xeddsa.jose import private_key_to_jwk

#: u = 0: a small-order X25519 public key that strict import refuses (and cryptography accepts).
LOW_ORDER_U = bytes(32)


def b64u(data: bytes) -> str:
    """Encode as unpadded base64url (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    """Decode unpadded base64url leniently (tests build and inspect tokens with it)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signing_input(header_json: str, payload: bytes = b"payload") -> bytes:
    """Return the JWS Signing Input for a protected header given as exact JSON text."""
    return f"{b64u(header_json.encode())}.{b64u(payload)}".encode("ascii")


def private_okp_with_low_order_x(private_key: PrivateKey, **extra: str) -> OKPKey:
    """A private X25519 OKPKey with a small-order ``x`` (joserfc ignores ``x`` if ``d`` is set)."""
    d = private_key_to_jwk(private_key)["d"]
    return OKPKey.import_key(
        {"kty": "OKP", "crv": "X25519", "d": d, "x": b64u(LOW_ORDER_U), **extra}
    )


def private_okp_with_foreign_x() -> tuple[OKPKey, PrivateKey]:
    """Return (Alice's private OKP key carrying Mallory's ``x``, Mallory's key)."""
    alice, mallory = PrivateKey.generate(), PrivateKey.generate()
    jwk: dict[str, str | list[str]] = dict(private_key_to_jwk(alice))
    jwk["x"] = private_key_to_jwk(mallory)["x"]
    return OKPKey.import_key(jwk), mallory
