"""Payload size: the joserfc models put no hidden cap on the payload they sign and verify."""

from __future__ import annotations

import pytest
from joserfc import jws
from joserfc.errors import BadSignatureError

from xeddsa import PrivateKey
from xeddsa.jose import isolated_registry, okp_key


@pytest.mark.parametrize("alg", ["XEd25519", "VXEd25519"])
@pytest.mark.parametrize("size", [48 * 1024, 60 * 1024])  # joserfc itself caps tokens higher up
def test_large_payload_round_trips(alg: str, size: int) -> None:
    registry = isolated_registry(algorithms=[alg])
    private = PrivateKey.generate()
    payload = bytes(range(256)) * (size // 256)
    token = jws.serialize_compact({"alg": alg}, payload, okp_key(private), registry=registry)
    assert len(token) > 65536  # beyond the 64 KiB cap of verify_vxed25519's own parser
    public = okp_key(private.public_key())
    assert jws.deserialize_compact(token, public, registry=registry).payload == payload
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(BadSignatureError):
        jws.deserialize_compact(tampered, public, registry=registry)
