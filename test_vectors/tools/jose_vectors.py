"""JOSE vectors: ``jose/jwk.json`` (keys) and ``jose/jws.json`` (compact JWS)."""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Callable
from typing import Any, Final

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

import xeddsa
from test_vectors.tools import ref25519 as ref
from test_vectors.tools.constructions import mixed_order_key
from test_vectors.tools.facts import key_facts, vxeddsa_signature_facts, xeddsa_signature_facts
from test_vectors.tools.inputs import P, Q, b64url, derive, expect, find_key, flip, hx, le, sc
from test_vectors.tools.vectorfile import Collector, Group, Json, finish, header
from xeddsa import PrivateKey, hazmat
from xeddsa.jose import (
    isolated_registry,
    jwk_thumbprint,
    private_key_from_jwk,
    public_key_from_jwk,
    public_key_to_jwk,
    verify_vxed25519,
)

JOSE_PAYLOAD_XED = b"Example of XEd25519 signing"
JOSE_PAYLOAD_VX = b"Example of VXEd25519 signing"


class JoseKey:
    """The JOSE key: a kB-sign-bit-1 key whose private bytes change under clamping."""

    def __init__(self) -> None:
        self.key = find_key("jose-key", 1)
        self.private = PrivateKey.from_private_bytes(self.key.d)
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


JWK_RESULT_NOTE: Final = (
    "result: whether the JWK is accepted as the key of XEd25519 and VXEd25519 (a private JWK for "
    "signing, a public JWK for verifying): kty OKP, crv X25519, the key checks on x (32 bytes, "
    "u < p, on the curve, not of small order, in the prime-order subgroup), use (if present) "
    "sig, key_ops (if present) containing the operation, alg (if present) XEd25519 or VXEd25519"
)
JWS_RESULT_NOTE: Final = (
    "result is the final verdict of a verifier that holds jwk (the group's, or the case's own "
    "jwk when given) and accepts only the algorithms listed in algorithms: key import, the "
    "JOSE rules (alg from the protected header only, canonical unpadded base64url, crit "
    "understood, fixedProtected octet for octet when given) and the strict signature check"
)
JOIN_NOTE: Final = (
    "each group's keyLabel names the key of the jose/jwk.json group with the same keyLabel; "
    "the group's jwk is that key's public JWK"
)


def _jwk_accepted(jwk: Json) -> bool:
    """Whether xeddsa.jose imports the JWK (as a private key if it has d, else as public) for
    the algorithm its ``alg`` names (any algorithm when it names none or an unknown one)."""
    alg = jwk.get("alg") if jwk.get("alg") in ("XEd25519", "VXEd25519") else None
    try:
        (private_key_from_jwk if "d" in jwk else public_key_from_jwk)(jwk, alg=alg)
    except xeddsa.InvalidKey:
        return False
    return True


def _jwk_valid_group(col: Collector, jk: JoseKey) -> None:
    """The private JWK (unclamped d), the public JWK and its restricted forms."""
    key, public, thumb = jk.key, jk.public, jk.thumbprint
    # "d" holds the 32 private-key octets as generated, *unclamped* (RFC 8037 allows any X25519
    # private key); an implementation that forgets k = clamp(d) derives another key and fails.
    expect(key.k != key.d, "the JOSE key must change under clamping")
    forgot = bytearray(ref.encode(ref.mul(sc(key.d) % Q, ref.BASE)))
    forgot[31] &= 0x7F
    expect(bytes(forgot) != key.A, "signing with the unclamped d must not match x")
    private_jwk = {"kty": "OKP", "crv": "X25519", "x": b64url(key.u), "d": b64url(key.d)}
    expect(private_key_from_jwk(private_jwk).public_key().public_bytes() == key.u, "JWK import")
    expect(public.ed25519_public_bytes() == key.A, "Edwards key")
    t = col.group({"type": "JWK", "keyLabel": key.label})
    t.case(
        "private JWK: its d is the unclamped private key d (here in hex), k = clamp(d) the "
        "signing scalar",
        {
            "jwk": private_jwk,
            "d": hx(key.d),
            "k": hx(key.k),
            "u": hx(key.u),
            "A": hx(public.ed25519_public_bytes()),
            "thumbprintInput": jk.thumbprint_input,
            "thumbprint": thumb,
        },
        "valid",
        [f"kB_sign_bit_{key.sign_bit}"],
    )
    plain = public_key_to_jwk(public)
    for comment, jwk, flags in (
        ("public JWK", plain, []),
        (
            "public JWK restricted to XEd25519, thumbprint as kid",
            public_key_to_jwk(public, alg="XEd25519", thumbprint_kid=True),
            ["jwk_restricted"],
        ),
        (
            "public JWK restricted to VXEd25519",
            public_key_to_jwk(public, alg="VXEd25519"),
            ["jwk_restricted"],
        ),
        (
            'public JWK with "use": "sig" and "key_ops": ["verify"]',
            {**plain, "use": "sig", "key_ops": ["verify"]},
            ["jwk_restricted"],
        ),
    ):
        expect(_jwk_accepted(jwk), f"library refuses {comment}")
        t.case(comment, {"jwk": jwk, "thumbprint": thumb}, "valid", flags)


def _jwk_invalid_group(col: Collector, jk: JoseKey) -> None:
    """JWKs that XEd25519/VXEd25519 must refuse: bad x, another crv, use, key_ops, alg."""
    key = jk.key
    plain = public_key_to_jwk(jk.public)
    t = col.group({"type": "JWKInvalid"})
    for comment, x in (
        ("x with bit 255 set", le(sc(key.u) | 2**255)),
        ("x = 0 (small order)", le(0)),
        ("x on the twist", le(2)),
        ("x = p + 9", le(P + 9)),
        ("a mixed-order x (torsion component; subgroup check)", mixed_order_key(key)[0]),
    ):
        bad_x: Json = {"kty": "OKP", "crv": "X25519", "x": b64url(x)}
        expect(not _jwk_accepted(bad_x), f"strict import accepts {comment}")
        t.case(f"public JWK with {comment}", {"jwk": bad_x}, "invalid", [], facts=key_facts(x))
    for comment, jwk, flags in (
        (
            'the same key as an Ed25519 JWK ("crv": "Ed25519", x = A)',
            {"kty": "OKP", "crv": "Ed25519", "x": b64url(key.A)},
            ["wrong_crv", "alg_confusion"],
        ),
        ('public JWK with "use": "enc"', {**plain, "use": "enc"}, ["jwk_use_mismatch"]),
        (
            'public JWK with "key_ops": ["sign"] (no "verify")',
            {**plain, "key_ops": ["sign"]},
            ["jwk_key_ops_mismatch"],
        ),
        ('public JWK with "alg": "ECDH-ES"', {**plain, "alg": "ECDH-ES"}, ["jwk_alg_mismatch"]),
        ('public JWK with "alg": "EdDSA"', {**plain, "alg": "EdDSA"}, ["jwk_alg_mismatch"]),
        (
            'private JWK with "key_ops": ["verify"] (no "sign")',
            {
                "kty": "OKP",
                "crv": "X25519",
                "x": b64url(key.u),
                "d": b64url(key.d),
                "key_ops": ["verify"],
            },
            ["jwk_key_ops_mismatch"],
        ),
    ):
        expect(not _jwk_accepted(jwk), f"library accepts {comment}")
        t.case(comment, {"jwk": jwk}, "invalid", flags)


def jwk_file(jk: JoseKey) -> Json:
    col = Collector()
    _jwk_valid_group(col, jk)
    _jwk_invalid_group(col, jk)
    head = header(
        "JWK", "RFC 8037 OKP keys with crv X25519", JWK_RESULT_NOTE, signing=False, policies=False
    )
    return finish(head, col)


# ---------------------------------------------------------------------------------------------
# jws.json


def library_verdict(case: Json, group_jwk: Json) -> str:
    """The verdict of xeddsa.jose (joserfc models, verify_vxed25519) on a jws.json case."""
    jwk = case.get("jwk", group_jwk)
    token: Any = case["jws"] if "jws" in case else case["jwsJson"]
    algorithms: list[str] = case["algorithms"]
    try:
        key = OKPKey.import_key(jwk)
    except JoseError:
        return "invalid"
    if "VXEd25519" in algorithms:
        try:
            out = verify_vxed25519(token, key)
        except (xeddsa.InvalidSignature, xeddsa.InvalidKey):
            pass
        else:
            fixed = case.get("fixedProtected")
            if fixed is None or out.protected_raw == fixed.encode("utf-8"):
                return "valid"
    others = [alg for alg in algorithms if alg != "VXEd25519"]
    if others:
        registry = isolated_registry(others)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # joserfc's EdDSA deprecation warning
                if isinstance(token, str):
                    jws.deserialize_compact(token, key, algorithms=others, registry=registry)
                else:
                    jws.deserialize_json(token, key, algorithms=others, registry=registry)
        except (JoseError, xeddsa.XEdDSAError):
            return "invalid"
        return "valid"
    return "invalid"


class _JwsGroup:
    """The JWS group of the JOSE key: cases are checked against xeddsa.jose as they are added."""

    def __init__(self, col: Collector, jk: JoseKey) -> None:
        self.jk = jk
        self.jwk = public_key_to_jwk(jk.public)
        self.group: Group = col.group({"type": "JWS", "keyLabel": jk.key.label, "jwk": self.jwk})

    def case(self, comment: str, fields: Json, result: str, flags: list[str]) -> None:
        got = library_verdict(fields, self.jwk)
        expect(got == result, f"jws.json {comment!r}: xeddsa.jose says {got}, case says {result}")
        sig = fields.get("sig")
        facts: set[str] = set()
        if sig is not None:
            raw = bytes.fromhex(sig)
            facts = xeddsa_signature_facts(raw) if len(raw) == 64 else vxeddsa_signature_facts(raw)
        self.group.case(comment, fields, result, flags, facts=facts)

    def signed(
        self,
        comment: str,
        header_text: str,
        body: bytes,
        zlabel: str,
        result: str,
        flags: list[str],
        *,
        algorithms: list[str] | None = None,
        mutate: Callable[[bytes], bytes] | None = None,
        encode_sig: Callable[[str], str] | None = None,
        extra: Json | None = None,
    ) -> None:
        """A compact JWS signed with Z = derive(zlabel); the signature bytes may be mutated, the
        signature segment re-encoded, the verifier's algorithms and key (extra) changed."""
        key = self.jk.key
        alg = json.loads(header_text)["alg"]
        unencoded = json.loads(header_text).get("b64") is False
        payload_segment = body.decode("utf-8") if unencoded else b64url(body)
        signing_input = f"{b64url(header_text.encode())}.{payload_segment}".encode()
        z = derive(zlabel, 64)
        vrf: bytes | None = None
        if alg == "VXEd25519":
            sig, vrf = hazmat.vxeddsa_sign(key.d, signing_input, z)
        else:  # XEd25519, and the EdDSA header of the confusion case (same signature bytes)
            sig = hazmat.xeddsa_sign(key.d, signing_input, z)
        if mutate is not None:
            sig = mutate(sig)
        sig_segment = b64url(sig) if encode_sig is None else encode_sig(b64url(sig))
        fields: Json = {
            "algorithms": algorithms or [alg],
            **(extra or {}),
            "protected": header_text,
            "payload": body.decode("utf-8"),
            "signingInput": signing_input.decode("utf-8"),
            "Z": hx(z),
            "sig": hx(sig),
        }
        if alg == "VXEd25519" and len(sig) == 96:
            fields["V"], fields["h"], fields["s"] = hx(sig[:32]), hx(sig[32:64]), hx(sig[64:])
            if result == "valid":
                assert vrf is not None
                fields["vrf"] = hx(vrf)
        fields["jws"] = f"{signing_input.decode('utf-8')}.{sig_segment}"
        self.case(comment, fields, result, flags)


def _plus_q_64(sig: bytes) -> bytes:
    return sig[:32] + le(sc(sig[32:]) + Q)


def _plus_q_96(sig: bytes) -> bytes:
    return sig[:64] + le(sc(sig[64:]) + Q)


def _set_trailing_bit(segment: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(segment[-1])
    expect(last & 3 == 0, "86-character segment ends with two zero bits")
    return segment[:-1] + alphabet[last | 1]


def _honest_cases(t: _JwsGroup) -> None:
    """Valid XEd25519 and VXEd25519 JWS, with and without kid."""
    thumb = t.jk.thumbprint
    xed, vx = JOSE_PAYLOAD_XED, JOSE_PAYLOAD_VX
    t.signed(
        'XEd25519, header {"alg":"XEd25519"}',
        '{"alg":"XEd25519"}',
        xed,
        "jose-xed-1",
        "valid",
        ["valid_honest"],
    )
    t.signed(
        "XEd25519 with the thumbprint as kid",
        f'{{"alg":"XEd25519","kid":"{thumb}"}}',
        xed,
        "jose-xed-2",
        "valid",
        ["valid_honest"],
    )
    t.signed(
        'VXEd25519, header {"alg":"VXEd25519"}',
        '{"alg":"VXEd25519"}',
        vx,
        "jose-vx-1",
        "valid",
        ["valid_honest"],
    )
    t.signed(
        "VXEd25519, same signing input, other Z: same V and VRF output",
        '{"alg":"VXEd25519"}',
        vx,
        "jose-vx-2",
        "valid",
        ["valid_honest", "same_msg_other_Z"],
    )
    t.signed(
        "VXEd25519 with kid: another signing input, so another VRF output",
        f'{{"alg":"VXEd25519","kid":"{thumb}"}}',
        vx,
        "jose-vx-3",
        "valid",
        ["valid_honest"],
    )


def _signature_cases(t: _JwsGroup) -> None:
    """s + q, a flipped bit, and non-canonical encodings of the signature segment."""
    xed, vx = JOSE_PAYLOAD_XED, JOSE_PAYLOAD_VX
    t.signed(
        "XEd25519 with s + q: rejected (JOSE verifies with the strict policy)",
        '{"alg":"XEd25519"}',
        xed,
        "jose-xed-1",
        "invalid",
        ["s_plus_q"],
        mutate=_plus_q_64,
    )
    t.signed(
        "VXEd25519 with s + q: rejected",
        '{"alg":"VXEd25519"}',
        vx,
        "jose-vx-1",
        "invalid",
        ["s_plus_q"],
        mutate=_plus_q_96,
    )
    t.signed(
        "XEd25519 with one bit of R flipped",
        '{"alg":"XEd25519"}',
        xed,
        "jose-xed-1",
        "invalid",
        ["bitflip_R"],
        mutate=lambda sig: flip(sig, 5, 2),
    )
    t.signed(
        "XEd25519 signature segment with base64 padding '=='",
        '{"alg":"XEd25519"}',
        xed,
        "jose-xed-1",
        "invalid",
        ["padded_signature"],
        encode_sig=lambda seg: seg + "==",
    )
    t.signed(
        "XEd25519 signature segment with a non-zero unused trailing bit (decodes to the "
        "same octets under a lenient decoder)",
        '{"alg":"XEd25519"}',
        xed,
        "jose-xed-1",
        "invalid",
        ["nonzero_trailing_bits"],
        encode_sig=_set_trailing_bit,
    )


def _key_and_alg_cases(t: _JwsGroup) -> None:
    """Algorithm confusion with EdDSA/Ed25519 and JWK alg/use/key_ops mismatches."""
    jk, xed, vx = t.jk, JOSE_PAYLOAD_XED, JOSE_PAYLOAD_VX
    ed_jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(jk.key.A)}
    t.signed(
        'header {"alg":"EdDSA"} over an XEd25519 signature (a valid Ed25519 signature '
        "under A), verifier accepts XEd25519 only",
        '{"alg":"EdDSA"}',
        xed,
        "jose-eddsa-1",
        "invalid",
        ["alg_confusion"],
        algorithms=["XEd25519"],
    )
    t.signed(
        'header {"alg":"EdDSA"}, verifier accepts XEd25519 and EdDSA: an X25519 key never '
        "verifies EdDSA",
        '{"alg":"EdDSA"}',
        xed,
        "jose-eddsa-1",
        "invalid",
        ["alg_confusion"],
        algorithms=["XEd25519", "EdDSA"],
    )
    t.signed(
        "valid XEd25519 JWS, verifier holds the same key as an Ed25519 JWK (x = A)",
        '{"alg":"XEd25519"}',
        xed,
        "jose-xed-1",
        "invalid",
        ["alg_confusion", "wrong_crv"],
        algorithms=["XEd25519", "EdDSA"],
        extra={"jwk": ed_jwk},
    )
    plain = t.jwk
    for comment, header_text, body, zlabel, jwk, result, flags in (
        (
            'valid XEd25519 JWS, JWK with "alg": "XEd25519"',
            '{"alg":"XEd25519"}',
            xed,
            "jose-xed-1",
            {**plain, "alg": "XEd25519"},
            "valid",
            ["jwk_restricted"],
        ),
        (
            'valid XEd25519 JWS, JWK with "use": "sig" and "key_ops": ["verify"]',
            '{"alg":"XEd25519"}',
            xed,
            "jose-xed-1",
            {**plain, "use": "sig", "key_ops": ["verify"]},
            "valid",
            ["jwk_restricted"],
        ),
        (
            'valid XEd25519 JWS, JWK with "alg": "VXEd25519"',
            '{"alg":"XEd25519"}',
            xed,
            "jose-xed-1",
            {**plain, "alg": "VXEd25519"},
            "invalid",
            ["jwk_alg_mismatch"],
        ),
        (
            'valid VXEd25519 JWS, JWK with "alg": "XEd25519"',
            '{"alg":"VXEd25519"}',
            vx,
            "jose-vx-1",
            {**plain, "alg": "XEd25519"},
            "invalid",
            ["jwk_alg_mismatch"],
        ),
        (
            'valid XEd25519 JWS, JWK with "use": "enc"',
            '{"alg":"XEd25519"}',
            xed,
            "jose-xed-1",
            {**plain, "use": "enc"},
            "invalid",
            ["jwk_use_mismatch"],
        ),
        (
            'valid VXEd25519 JWS, JWK with "use": "enc"',
            '{"alg":"VXEd25519"}',
            vx,
            "jose-vx-1",
            {**plain, "use": "enc"},
            "invalid",
            ["jwk_use_mismatch"],
        ),
        (
            'valid XEd25519 JWS, JWK with "key_ops": ["sign"]',
            '{"alg":"XEd25519"}',
            xed,
            "jose-xed-1",
            {**plain, "key_ops": ["sign"]},
            "invalid",
            ["jwk_key_ops_mismatch"],
        ),
    ):
        t.signed(comment, header_text, body, zlabel, result, flags, extra={"jwk": jwk})


def _header_cases(t: _JwsGroup) -> None:
    """alg only in an unprotected header, crit and b64, and the fixed VRF header rule."""
    jk, xed, vx = t.jk, JOSE_PAYLOAD_XED, JOSE_PAYLOAD_VX
    for comment, protected, unprotected, result, flags in (
        (
            "flattened JWS JSON Serialization: alg protected, kid unprotected",
            '{"alg":"XEd25519"}',
            {"kid": jk.thumbprint},
            "valid",
            ["json_serialization"],
        ),
        (
            "flattened JWS JSON Serialization with alg only in the unprotected header",
            f'{{"kid":"{jk.thumbprint}"}}',
            {"alg": "XEd25519"},
            "invalid",
            ["json_serialization", "alg_unprotected"],
        ),
    ):
        signing_input = f"{b64url(protected.encode())}.{b64url(xed)}".encode()
        z = derive("jose-json-1", 64)
        sig = hazmat.xeddsa_sign(jk.key.d, signing_input, z)
        fields: Json = {
            "algorithms": ["XEd25519"],
            "protected": protected,
            "payload": xed.decode(),
            "signingInput": signing_input.decode(),
            "Z": hx(z),
            "sig": hx(sig),
            "jwsJson": {
                "payload": b64url(xed),
                "protected": b64url(protected.encode()),
                "header": unprotected,
                "signature": b64url(sig),
            },
        }
        t.case(comment, fields, result, flags)
    t.signed(
        'XEd25519 with "crit" naming an extension the verifier does not understand',
        '{"alg":"XEd25519","crit":["exp"],"exp":1}',
        xed,
        "jose-crit-1",
        "invalid",
        ["crit"],
    )
    t.signed(
        'VXEd25519 with "crit" naming an extension the verifier does not understand',
        '{"alg":"VXEd25519","crit":["exp"],"exp":1}',
        vx,
        "jose-crit-2",
        "invalid",
        ["crit"],
    )
    t.signed(
        'XEd25519 with "b64": false (unencoded payload) but without "crit"',
        '{"alg":"XEd25519","b64":false}',
        b"unencoded payload!",
        "jose-b64-1",
        "invalid",
        ["crit"],
    )
    fixed = '{"alg":"VXEd25519"}'
    t.signed(
        "VXEd25519, verifier requires the fixed protected header: equal octets",
        fixed,
        vx,
        "jose-vx-1",
        "valid",
        ["fixed_protected_header"],
        extra={"fixedProtected": fixed},
    )
    t.signed(
        "VXEd25519, fixed protected header required: same members with a space",
        '{"alg": "VXEd25519"}',
        vx,
        "jose-vx-fixed-1",
        "invalid",
        ["fixed_protected_header"],
        extra={"fixedProtected": fixed},
    )
    t.signed(
        "VXEd25519, fixed protected header required: a kid added",
        f'{{"alg":"VXEd25519","kid":"{jk.thumbprint}"}}',
        vx,
        "jose-vx-3",
        "invalid",
        ["fixed_protected_header"],
        extra={"fixedProtected": fixed},
    )


def jws_file(jk: JoseKey) -> Json:
    col = Collector()
    t = _JwsGroup(col, jk)
    _honest_cases(t)
    _signature_cases(t)
    _key_and_alg_cases(t)
    _header_cases(t)
    head = header(
        "JWS",
        "RFC 7515 JWS with alg XEd25519 and VXEd25519",
        JWS_RESULT_NOTE,
        signing=True,
        policies=False,
    )
    head["verificationPolicy"] = "strict"
    head["keyFile"] = "jose/jwk.json"
    head["keyJoin"] = JOIN_NOTE
    return finish(head, col)


def jose_files() -> tuple[Json, Json]:
    """Return (jwk.json, jws.json)."""
    jk = JoseKey()
    return jwk_file(jk), jws_file(jk)
