"""Helpers that build arbitrary (possibly malformed) signed tokens for the negative tests."""

from __future__ import annotations

import base64
import json

from xeddsa import PrivateKey, PublicKey


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def header_for(kid: PublicKey | str) -> bytes:
    text = kid if isinstance(kid, str) else kid.to_wireguard()
    return b'{"alg":"XEd25519","kid":"' + text.encode() + b'","typ":"wice-candidates+json"}'


def payload_obj(
    sender: PublicKey, recipient: PublicKey, *, session: int = 1000, seq: int = 0, ts: int
) -> dict[str, object]:
    return {
        "proto": "wice-candidates",
        "v": 1,
        "sender": sender.to_wireguard(),
        "recipient": recipient.to_wireguard(),
        "session": session,
        "seq": seq,
        "ts": ts,
        "end_of_candidates": True,
    }


def dumps(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def signed(key: PrivateKey, header: bytes, payload: bytes) -> str:
    """Sign arbitrary header and payload bytes exactly as given."""
    signing_input = f"{b64(header)}.{b64(payload)}"
    return f"{signing_input}.{b64(key.sign(signing_input.encode()))}"


def segments(token: str) -> tuple[bytes, bytes, bytes]:
    h, p, s = token.split(".")
    return unb64(h), unb64(p), unb64(s)


def join(header: bytes, payload: bytes, signature: bytes) -> str:
    return f"{b64(header)}.{b64(payload)}.{b64(signature)}"
