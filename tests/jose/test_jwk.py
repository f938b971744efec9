"""JWK helpers: OKP/X25519 import and export, RFC 7638 thumbprints, and the bad-input catalogue."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from joserfc.jwk import OKPKey

from tests.jose.support import b64u
from tests.strategies import P
from xeddsa import InvalidKey, PrivateKey, PublicKey
from xeddsa.jose import (
    jwk_thumbprint,
    okp_key,
    private_key_from_jwk,
    private_key_from_okp,
    private_key_to_jwk,
    public_key_from_jwk,
    public_key_from_okp,
    public_key_to_jwk,
)


def u_jwk(u: int) -> dict[str, str]:
    return {"kty": "OKP", "crv": "X25519", "x": b64u(u.to_bytes(32, "little"))}


def test_wireguard_key_matches_wg_pubkey(private_key: PrivateKey, wg_public: str) -> None:
    assert private_key.public_key().to_wireguard() == wg_public
    jwk = public_key_to_jwk(private_key.public_key())
    assert base64.urlsafe_b64decode(jwk["x"] + "=") == base64.b64decode(wg_public)


def test_public_round_trip(public_key: PublicKey) -> None:
    jwk = public_key_to_jwk(public_key)
    assert jwk == {"kty": "OKP", "crv": "X25519", "x": b64u(public_key.public_bytes())}
    assert public_key_from_jwk(jwk) == public_key
    assert public_key_from_jwk(json.dumps(jwk)) == public_key
    assert public_key_from_jwk(json.dumps(jwk).encode()) == public_key


def test_private_round_trip(private_key: PrivateKey) -> None:
    jwk = private_key_to_jwk(private_key, alg="XEd25519", kid="k1")
    assert set(jwk) == {"kty", "crv", "x", "d", "alg", "kid"}
    assert jwk["d"] == b64u(private_key.private_bytes())
    loaded = private_key_from_jwk(jwk, alg="XEd25519")
    assert loaded == private_key
    assert loaded.public_key() == private_key.public_key()


def test_private_d_is_clamped_and_interoperates_with_cryptography() -> None:
    # cryptography keeps d unclamped; its public key is X25519(clamp(d)), which must match ours.
    raw = bytes(range(200, 232))
    other = X25519PrivateKey.from_private_bytes(raw)
    jwk: dict[str, str | list[str]] = {
        "kty": "OKP",
        "crv": "X25519",
        "d": b64u(raw),
        "x": b64u(other.public_key().public_bytes_raw()),
    }
    key = private_key_from_jwk(jwk)
    assert key.private_bytes() != raw  # clamped on load
    assert key.public_key().public_bytes() == other.public_key().public_bytes_raw()
    # joserfc's own parsing of the same JWK gives the same key pair.
    assert private_key_from_okp(OKPKey.import_key(jwk)) == key


def test_thumbprint_rfc7638(public_key: PublicKey, private_key: PrivateKey) -> None:
    x = b64u(public_key.public_bytes())
    canonical = '{"crv":"X25519","kty":"OKP","x":"' + x + '"}'
    expected = b64u(hashlib.sha256(canonical.encode()).digest())
    assert jwk_thumbprint(public_key) == expected
    assert jwk_thumbprint(private_key) == expected  # same for private and public form
    assert okp_key(public_key).thumbprint() == expected  # joserfc agrees
    jwk = public_key_to_jwk(public_key, thumbprint_kid=True)
    assert jwk["kid"] == expected
    assert private_key_to_jwk(private_key, thumbprint_kid=True)["kid"] == expected


def test_thumbprint_ignores_alg_and_kid(public_key: PublicKey) -> None:
    a = okp_key(public_key, alg="XEd25519", kid="a").thumbprint()
    b = okp_key(public_key, alg="VXEd25519", kid="b").thumbprint()
    assert a == b == jwk_thumbprint(public_key)


def test_okp_key_round_trip(private_key: PrivateKey, public_key: PublicKey) -> None:
    signer = okp_key(private_key, alg="XEd25519", thumbprint_kid=True)
    assert signer.is_private and signer.curve_name == "X25519"
    assert signer.alg == "XEd25519" and signer.kid == jwk_thumbprint(public_key)
    assert private_key_from_okp(signer) == private_key
    assert public_key_from_okp(signer) == public_key
    verifier = okp_key(public_key)
    assert not verifier.is_private
    assert public_key_from_okp(verifier) == public_key
    with pytest.raises(InvalidKey):
        private_key_from_okp(verifier)


def test_okp_key_wrong_curve() -> None:
    ed = OKPKey.generate_key("Ed25519")
    with pytest.raises(InvalidKey):
        public_key_from_okp(ed)
    with pytest.raises(InvalidKey):
        private_key_from_okp(ed)


def test_export_argument_errors(public_key: PublicKey, private_key: PrivateKey) -> None:
    with pytest.raises(ValueError, match="alg"):
        public_key_to_jwk(public_key, alg="EdDSA")
    with pytest.raises(ValueError, match="either"):
        public_key_to_jwk(public_key, kid="x", thumbprint_kid=True)
    with pytest.raises(TypeError):
        public_key_to_jwk(private_key)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        private_key_to_jwk(public_key)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        okp_key(b"\x09" + bytes(31))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jwk_thumbprint("key")  # type: ignore[arg-type]


def _bad_public(public_key: PublicKey) -> list[tuple[str, Any]]:
    good = public_key_to_jwk(public_key)
    x = good["x"]
    return [
        ("missing x", {"kty": "OKP", "crv": "X25519"}),
        ("x not a string", {**good, "x": 5}),
        ("x 42 chars", {**good, "x": x[:42]}),
        ("x 44 chars", {**good, "x": x + "A"}),
        ("x padded", {**good, "x": x[:42] + "="}),
        ("x std alphabet", {**good, "x": x[:42] + "+"}),
        ("d in public context", {**good, "d": x}),
        ("kty EC", {**good, "kty": "EC"}),
        ("kty missing", {"crv": "X25519", "x": x}),
        ("crv Ed25519", {**good, "crv": "Ed25519"}),
        ("crv X448", {**good, "crv": "X448"}),
        ("use enc", {**good, "use": "enc"}),
        ("key_ops without verify", {**good, "key_ops": ["deriveKey"]}),
        ("key_ops not a list", {**good, "key_ops": "verify"}),
        ("alg EdDSA", {**good, "alg": "EdDSA"}),
        ("alg ECDH-ES", {**good, "alg": "ECDH-ES"}),
        ("u = 0 (small order)", u_jwk(0)),
        ("u = 1 (small order)", u_jwk(1)),
        ("u = p - 1", u_jwk(P - 1)),
        ("u = p (non-canonical)", u_jwk(P)),
        ("u = p + 9", u_jwk(P + 9)),
        ("u with bit 255", u_jwk(int.from_bytes(public_key.public_bytes(), "little") | 1 << 255)),
        ("not a mapping", ["kty", "OKP"]),
        ("None", None),
        (
            "duplicate member in text",
            '{"kty":"OKP","crv":"X25519","x":"' + x + '","x":"' + x + '"}',
        ),
        ("NaN in text", '{"kty":"OKP","crv":"X25519","x":"' + x + '","n":NaN}'),
        ("top level array text", "[]"),
        ("oversize text", '{"kty":"OKP","pad":"' + "a" * 10_000 + '"}'),
    ]


def test_bad_public_jwks(public_key: PublicKey) -> None:
    for label, jwk in _bad_public(public_key):
        with pytest.raises(InvalidKey):
            public_key_from_jwk(jwk)
            pytest.fail(label)


def test_bad_private_jwks(private_key: PrivateKey, other_private_key: PrivateKey) -> None:
    good = private_key_to_jwk(private_key)
    d = good["d"]
    cases: list[tuple[str, Any]] = [
        ("missing d", {k: v for k, v in good.items() if k != "d"}),
        ("d 31 bytes", {**good, "d": b64u(bytes(31))}),
        ("d 33 bytes", {**good, "d": b64u(bytes(33))}),
        ("d padded", {**good, "d": d[:42] + "="}),
        ("d not a string", {**good, "d": 1}),
        ("x of another key", {**good, "x": private_key_to_jwk(other_private_key)["x"]}),
        ("missing x", {k: v for k, v in good.items() if k != "x"}),
        ("use enc", {**good, "use": "enc"}),
        ("key_ops without sign", {**good, "key_ops": ["verify"]}),
        ("crv Ed25519", {**good, "crv": "Ed25519"}),
    ]
    for label, jwk in cases:
        with pytest.raises(InvalidKey):
            private_key_from_jwk(jwk)
            pytest.fail(label)


def test_accepted_optional_members(public_key: PublicKey, private_key: PrivateKey) -> None:
    jwk = {
        **public_key_to_jwk(public_key),
        "use": "sig",
        "key_ops": ["verify"],
        "alg": "VXEd25519",
        "kid": "x",
        "unknown": {"ignored": True},
    }
    assert public_key_from_jwk(jwk, alg="VXEd25519") == public_key
    private = {**private_key_to_jwk(private_key), "key_ops": ["sign"], "alg": "XEd25519"}
    assert private_key_from_jwk(private, alg="XEd25519") == private_key


@pytest.mark.parametrize("bound", ["XEd25519", "VXEd25519"])
def test_alg_binding_is_kept(public_key: PublicKey, private_key: PrivateKey, bound: str) -> None:
    """A PublicKey cannot carry the JWK's ``alg``, so the loader refuses to drop it.

    A key bound to one algorithm loads only for that algorithm (draft §5: a key bound to one
    algorithm MUST NOT be used with the other); an unbound JWK loads for either.
    """
    other = "VXEd25519" if bound == "XEd25519" else "XEd25519"
    public = public_key_to_jwk(public_key, alg=bound)
    private = private_key_to_jwk(private_key, alg=bound)
    assert public_key_from_jwk(public, alg=bound) == public_key
    assert private_key_from_jwk(private, alg=bound) == private_key
    for loader, jwk in ((public_key_from_jwk, public), (private_key_from_jwk, private)):
        with pytest.raises(InvalidKey, match=f"bound to '{bound}'"):
            loader(jwk, alg=other)
        with pytest.raises(InvalidKey, match=f"pass alg='{bound}'"):
            loader(jwk)
        with pytest.raises(InvalidKey, match=f"pass alg='{bound}'"):
            loader(json.dumps(jwk))
    unbound = public_key_to_jwk(public_key)
    assert public_key_from_jwk(unbound) == public_key
    assert public_key_from_jwk(unbound, alg=other) == public_key
    with pytest.raises(ValueError, match="alg must be one of"):
        public_key_from_jwk(unbound, alg="EdDSA")


def test_alg_binding_on_the_pyjwt_path(public_key: PublicKey) -> None:
    from jwt.exceptions import InvalidKeyError

    from xeddsa.jose.pyjwt import XEd25519PyJWTAlgorithm

    adapter = XEd25519PyJWTAlgorithm()
    assert adapter.from_jwk(public_key_to_jwk(public_key, alg="XEd25519")) == public_key
    with pytest.raises(InvalidKeyError, match="VXEd25519"):
        adapter.from_jwk(public_key_to_jwk(public_key, alg="VXEd25519"))


def test_alg_binding_on_the_okp_key_paths(private_key: PrivateKey, public_key: PublicKey) -> None:
    """joserfc OKPKey objects keep ``alg``: each verification path refuses the other algorithm."""
    from joserfc import jws
    from joserfc.errors import JoseError

    from xeddsa.jose import deserialize_compact, isolated_registry, verify_vxed25519

    registry = isolated_registry()
    token = jws.serialize_compact(
        {"alg": "VXEd25519"}, b"m", okp_key(private_key), registry=registry
    )
    bound = okp_key(public_key, alg="XEd25519")
    with pytest.raises(InvalidKey, match="XEd25519"):
        verify_vxed25519(token, bound)
    with pytest.raises(JoseError):
        jws.deserialize_compact(token, bound, registry=registry)
    with pytest.raises(JoseError):
        deserialize_compact(token, bound, registry=registry)
    with pytest.raises(JoseError):  # and a bound private key cannot sign the other algorithm
        jws.serialize_compact(
            {"alg": "VXEd25519"}, b"m", okp_key(private_key, alg="XEd25519"), registry=registry
        )
    assert verify_vxed25519(token, okp_key(public_key, alg="VXEd25519")).payload == b"m"
