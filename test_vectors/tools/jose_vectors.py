"""JOSE vectors: ``jose/jwk.json`` (keys) and ``jose/jws.json`` (compact JWS)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import xeddsa
from test_vectors.tools import ref25519 as ref
from test_vectors.tools.constructions import mixed_order_key
from test_vectors.tools.inputs import Key, P, Q, b64url, derive, expect, find_key, flip, hx, le, sc
from test_vectors.tools.vectorfile import FLAG_NOTES, Collector, Group, Json, header
from xeddsa import PrivateKey, PublicKey, hazmat
from xeddsa.jose import jwk_thumbprint, private_key_from_jwk, public_key_to_jwk

JOSE_PAYLOAD_XED = b"Example of XEd25519 signing"
JOSE_PAYLOAD_VX = b"Example of VXEd25519 signing"


class JoseKey:
    """The JOSE key: a kB-sign-bit-1 key whose private bytes change under clamping."""

    def __init__(self) -> None:
        self.key = find_key("jose-key", 1)
        self.private = PrivateKey.from_private_bytes(self.key.k)
        self.public = self.private.public_key()
        expect(self.public.public_bytes() == self.key.u, "jose key u")
        self.thumbprint = jwk_thumbprint(self.public)
        self.thumbprint_input = json.dumps(
            {"crv": "X25519", "kty": "OKP", "x": b64url(self.key.u)},
            separators=(",", ":"),
            sort_keys=True,
        )
        expect(
            self.thumbprint == b64url(hashlib.sha256(self.thumbprint_input.encode()).digest()),
            "thumbprint",
        )


def _jwk_valid_group(col: Collector, jk: JoseKey) -> None:
    """The private JWK (unclamped d), the public JWK and its alg-restricted forms."""
    key, public, thumb = jk.key, jk.public, jk.thumbprint
    # "d" holds the 32 private-key octets as generated, *unclamped* (RFC 8037 allows any X25519
    # private key); an implementation that forgets k = clamp(d) derives another key and fails.
    k_clamped = le(ref.clamp(key.k))
    expect(k_clamped != key.k, "the JOSE key must change under clamping")
    forgot = bytearray(ref.encode(ref.mul(sc(key.k) % Q, ref.BASE)))
    forgot[31] &= 0x7F
    expect(bytes(forgot) != key.A, "signing with the unclamped d must not match x")
    private_jwk = {"kty": "OKP", "crv": "X25519", "x": b64url(key.u), "d": b64url(key.k)}
    expect(private_key_from_jwk(private_jwk).public_key().public_bytes() == key.u, "JWK import")
    expect(public.ed25519_public_bytes() == key.A, "Edwards key")
    t = col.group({"type": "JWK", "keyLabel": key.label})
    t.case(
        "private JWK: d is the unclamped private key, k = clamp(d) the signing scalar",
        {
            "jwk": private_jwk,
            "d": hx(key.k),
            "kClamped": hx(k_clamped),
            "u": hx(key.u),
            "ed25519PublicKey": hx(public.ed25519_public_bytes()),
            "thumbprintInput": jk.thumbprint_input,
            "thumbprint": thumb,
        },
        "valid",
        [f"kB_sign_bit_{key.sign_bit}"],
    )
    t.case("public JWK", {"jwk": public_key_to_jwk(public), "thumbprint": thumb}, "valid", [])
    t.case(
        "public JWK restricted to XEd25519, thumbprint as kid",
        {
            "jwk": public_key_to_jwk(public, alg="XEd25519", thumbprint_kid=True),
            "thumbprint": thumb,
        },
        "valid",
        [],
    )
    t.case(
        "public JWK restricted to VXEd25519",
        {"jwk": public_key_to_jwk(public, alg="VXEd25519"), "thumbprint": thumb},
        "valid",
        [],
    )


def _jwk_invalid_group(col: Collector, jk: JoseKey) -> None:
    """Public JWKs whose x fails the key checks."""
    key = jk.key
    t = col.group({"type": "JWKInvalid"})
    for comment, x, flags in (
        ("x with bit 255 set", le(sc(key.u) | 2**255), ["u_top_bit", "u_ge_p"]),
        ("x = 0 (small order)", le(0), ["low_order_A", "small_order_u"]),
        ("x on the twist", le(2), ["twist_u"]),
        ("x = p + 9", le(P + 9), ["u_ge_p"]),
        (
            "a mixed-order x (torsion component; subgroup check)",
            mixed_order_key(key)[0],
            ["mixed_order_A"],
        ),
    ):
        t.case(
            f"public JWK with {comment}: strict import rejects",
            {"jwk": {"kty": "OKP", "crv": "X25519", "x": b64url(x)}},
            "invalid",
            flags,
        )
        accepted = True
        try:
            PublicKey.from_public_bytes(x)
        except xeddsa.InvalidKey:
            accepted = False
        expect(not accepted, f"strict import accepts {comment}")


def jwk_file(jk: JoseKey) -> Json:
    col = Collector()
    _jwk_valid_group(col, jk)
    _jwk_invalid_group(col, jk)
    return {
        **header("JWK", "RFC 8037 OKP keys with crv X25519", signing=False, policies=False),
        "numberOfTests": col.count(),
        "notes": {f: FLAG_NOTES[f] for f in col.used_flags()},
        "testGroups": col.groups,
    }


def _jws_case(
    t: Group,
    key: Key,
    comment: str,
    header_text: str,
    body: bytes,
    zlabel: str,
    result: str,
    flags: list[str],
    mutate: Callable[[bytes], bytes] | None = None,
) -> None:
    """A compact JWS signed with Z = derive(zlabel), optionally with its signature mutated."""
    alg = json.loads(header_text)["alg"]
    signing_input = f"{b64url(header_text.encode())}.{b64url(body)}".encode("ascii")
    z = derive(zlabel, 64)
    fields: Json = {
        "protected": header_text,
        "payload": body.decode("utf-8"),
        "signingInput": signing_input.decode("ascii"),
        "Z": hx(z),
    }
    vrf: bytes | None
    if alg == "XEd25519":
        sig = hazmat.xeddsa_sign(key.k, signing_input, z)
        vrf = None
    else:
        sig, vrf = hazmat.vxeddsa_sign(key.k, signing_input, z)
    if mutate is not None:
        sig = mutate(sig)
        vrf = None
    fields["signature"] = hx(sig)
    if alg == "VXEd25519":
        fields["V"], fields["h"], fields["s"] = hx(sig[:32]), hx(sig[32:64]), hx(sig[64:])
        fields["vrf"] = None if vrf is None else hx(vrf)
    fields["jws"] = f"{signing_input.decode('ascii')}.{b64url(sig)}"
    t.case(comment, fields, result, flags)


def _plus_q_64(sig: bytes) -> bytes:
    return sig[:32] + le(sc(sig[32:]) + Q)


def _plus_q_96(sig: bytes) -> bytes:
    return sig[:64] + le(sc(sig[64:]) + Q)


def jws_file(jk: JoseKey) -> Json:
    key, thumb = jk.key, jk.thumbprint
    col = Collector()
    t = col.group(
        {"type": "CompactJWS", "keyLabel": key.label, "x": b64url(key.u), "thumbprint": thumb}
    )
    xed, vx = JOSE_PAYLOAD_XED, JOSE_PAYLOAD_VX
    for comment, header_text, body, zlabel, result, flags, mutate in (
        (
            'XEd25519, header {"alg":"XEd25519"}',
            '{"alg":"XEd25519"}',
            xed,
            "jose-xed-1",
            "valid",
            ["valid_honest"],
            None,
        ),
        (
            "XEd25519 with the thumbprint as kid",
            f'{{"alg":"XEd25519","kid":"{thumb}"}}',
            xed,
            "jose-xed-2",
            "valid",
            ["valid_honest"],
            None,
        ),
        (
            'VXEd25519, header {"alg":"VXEd25519"}',
            '{"alg":"VXEd25519"}',
            vx,
            "jose-vx-1",
            "valid",
            ["valid_honest"],
            None,
        ),
        (
            "VXEd25519, same signing input, other Z: same V and VRF output",
            '{"alg":"VXEd25519"}',
            vx,
            "jose-vx-2",
            "valid",
            ["valid_honest", "same_msg_other_Z"],
            None,
        ),
        (
            "VXEd25519 with kid: another signing input, so another VRF output",
            f'{{"alg":"VXEd25519","kid":"{thumb}"}}',
            vx,
            "jose-vx-3",
            "valid",
            ["valid_honest"],
            None,
        ),
        (
            "XEd25519 with s + q: rejected (JOSE verifies with the strict policy)",
            '{"alg":"XEd25519"}',
            xed,
            "jose-xed-1",
            "invalid",
            ["s_ge_q", "s_plus_q"],
            _plus_q_64,
        ),
        (
            "VXEd25519 with s + q: rejected",
            '{"alg":"VXEd25519"}',
            vx,
            "jose-vx-1",
            "invalid",
            ["s_ge_q", "s_plus_q"],
            _plus_q_96,
        ),
        (
            "XEd25519 with one bit of R flipped",
            '{"alg":"XEd25519"}',
            xed,
            "jose-xed-1",
            "invalid",
            ["bitflip_R"],
            lambda sig: flip(sig, 5, 2),
        ),
    ):
        _jws_case(t, key, comment, header_text, body, zlabel, result, flags, mutate)
    return {
        **header(
            "JWS",
            "RFC 7515 compact serialization, alg XEd25519 and VXEd25519",
            signing=True,
            policies=False,
        ),
        "verificationPolicy": "strict",
        "numberOfTests": col.count(),
        "notes": {f: FLAG_NOTES[f] for f in col.used_flags()},
        "testGroups": col.groups,
    }


def jose_files() -> tuple[Json, Json]:
    """Return (jwk.json, jws.json)."""
    jk = JoseKey()
    return jwk_file(jk), jws_file(jk)
