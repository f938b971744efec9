"""Generate the published XEdDSA / VXEdDSA / JOSE test vectors under ``test_vectors/``.

Run from the repository root::

    python -m test_vectors.tools.generate            # (re)write the JSON files
    python -m test_vectors.tools.generate --check    # exit 1 if any committed file differs

Rules:

- deterministic: every private key, message and Z comes from SHA-512 of a fixed label
  (:func:`derive`); no RNG, no clock, no git state; the output is byte-identical on every run;
- library outputs come only from :mod:`xeddsa.hazmat` (and :mod:`xeddsa.jose` for JWKs and
  thumbprints) on the ``pure`` backend;
- edge cases are *constructed* with :mod:`test_vectors.tools.ref25519`, an independent reference,
  and the expected verdict of every case is fixed by its construction, not read back from the
  library; the generator then checks the library agrees and refuses to write otherwise.

File layout and schema: ``test_vectors/README.md``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import xeddsa
from test_vectors.tools import ref25519 as ref
from xeddsa import hazmat

GENERATOR: Final = {"path": "test_vectors/tools/generate.py", "version": "1.0.0"}
ROOT: Final = Path(__file__).resolve().parents[1]
LABEL_PREFIX: Final = b"xeddsa test vectors v1|"
SPEC: Final = "The XEdDSA and VXEdDSA Signature Schemes, Revision 1 (T. Perrin, 2016-10-20)"
SOURCE: Final = "native: constructed by test_vectors/tools/generate.py from fixed labels"
POLICIES: Final = ["strict", "spec"]
POLICY_NOTES: Final = {
    "strict": (
        "library default and JOSE rule: u < p (no masking), A on the curve and not of small "
        "order, s < q (and h < q for VXEdDSA), R not of small order, canonical V; "
        "cofactorless equation with byte comparison. Signature-level only: the prime-order "
        "subgroup check of key import is not part of it (see keyImport)"
    ),
    "spec": "literal revision 1 checks: u < p, A on the curve, s < 2^253 (and h < 2^253)",
}

P: Final = ref.P
Q: Final = ref.Q

Json = dict[str, Any]
Result = dict[str, str]

VALID: Final[Result] = {"strict": "valid", "spec": "valid"}
INVALID: Final[Result] = {"strict": "invalid", "spec": "invalid"}
SPEC_ONLY: Final[Result] = {"strict": "invalid", "spec": "valid"}

FLAG_NOTES: Final[dict[str, str]] = {
    "valid_honest": "an honest signature from the signing algorithm",
    "kB_sign_bit_1": "the key's kB has sign bit 1, so the signer negates the scalar (a = -k)",
    "kB_sign_bit_0": "the key's kB has sign bit 0 (a = k)",
    "unclamped_k": "the private key bytes are not clamped; signing clamps them first",
    "empty_msg": "the message is empty",
    "long_msg": "a long message (1000 bytes)",
    "same_msg_other_Z": "the same message signed again with another Z",
    "u_ge_p": "u is not below p: a non-canonical alias of a field element (strict and spec reject)",
    "u_top_bit": "bit 255 of u is set; X25519 would mask it, XEdDSA rejects it (u >= p)",
    "twist_u": "u is on the quadratic twist, not on Curve25519",
    "low_order_A": "the converted key A has small order (u in {0, 1, p-1, order-8 values})",
    "mixed_order_A": "A has a torsion component (A = aB + T, T of order 8)",
    "wrong_length_u": "u is not 32 bytes",
    "s_ge_q": "s >= q (strict rejects; spec accepts when s < 2^253 and the equation holds)",
    "s_plus_q": "s replaced by s + q: the malleable twin of a valid signature",
    "s_ge_2_253": "s >= 2^253 (both policies reject)",
    "s_special": "s is a special value (0, 1, q-1, q, 2^252, ...)",
    "h_ge_q": "the VXEdDSA h is replaced by h + q or another value >= q",
    "h_special": "the VXEdDSA h is a special value",
    "low_order_R": "R has small order (including the identity)",
    "noncanonical_R": "R is a non-canonical encoding (y >= p, or x = 0 with sign bit 1)",
    "R_special": "R is a special encoding (base point, negated R, all 0xff, ...)",
    "keyless_forgery": "a forgery made without the private key, possible only under a "
    "small-order or torsioned key",
    "libsignal_sign_bit": "libsignal 'curvesigs' format: the sign bit of kB travels in the top "
    "bit of s (only the libsignal policy, not tested here, accepts it)",
    "noncanonical_V": "V is a non-canonical encoding (y >= p, or x = 0 with sign bit 1)",
    "torsion_V": "V has a torsion component added (V' = V + T); the VRF output is unchanged",
    "low_order_V": "V has small order",
    "V_not_on_curve": "V does not decode to a curve point",
    "bitflip_R": "one bit of R flipped",
    "bitflip_s": "one bit of s flipped",
    "bitflip_V": "one bit of V flipped",
    "bitflip_h": "one bit of h flipped",
    "modified_msg": "the message differs from the signed one",
    "wrong_length": "the signature has the wrong length",
    "base_point_key": "u = 9, the base point (private scalar 1; constructed, not a clamped key)",
    "x25519_key": "an X25519 key from calculate_key_pair",
    "small_order_u": "u is a small-order point (or maps to one)",
    "r_special": "a special Elligator 2 input",
    "r_top_bit": "bit 255 of the Elligator 2 input is set (ignored by the map)",
    "r_ge_p": "the Elligator 2 input is >= p after masking bit 255",
    "clamping_edge": "a private key at the edge of clamping (all zero or all one bits)",
    "upstream_inputs": "inputs taken from an upstream known-answer test (see the comment)",
}


def derive(label: str, size: int = 32) -> bytes:
    """Return ``size`` (<= 64) bytes: SHA-512(LABEL_PREFIX || label)."""
    return hashlib.sha512(LABEL_PREFIX + label.encode("utf-8")).digest()[:size]


def hx(data: bytes) -> str:
    """Lower-case hex."""
    return data.hex()


def b64url(data: bytes) -> str:
    """Unpadded base64url (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def le(n: int) -> bytes:
    """32-byte little-endian encoding of n (n < 2^256)."""
    return n.to_bytes(32, "little")


def sc(data: bytes) -> int:
    """Little-endian integer."""
    return int.from_bytes(data, "little")


def flip(data: bytes, byte: int, bit: int) -> bytes:
    """Return ``data`` with one bit flipped."""
    out = bytearray(data)
    out[byte] ^= 1 << bit
    return bytes(out)


class GenerationError(Exception):
    """The library disagrees with a constructed expectation: refuse to write vectors."""


def expect(condition: bool, what: str) -> None:
    """Raise GenerationError unless ``condition`` holds."""
    if not condition:
        raise GenerationError(what)


# ---------------------------------------------------------------------------------------------
# keys and messages


class Key:
    """A private key with the values every file records."""

    def __init__(self, label: str, k: bytes) -> None:
        self.label = label
        self.k = k
        self.A, a_bytes = hazmat.calculate_key_pair(k)
        self.a = sc(a_bytes)
        ref_A, ref_a, self.sign_bit = ref.calculate_key_pair(k)
        expect((ref_A, ref_a) == (self.A, self.a), f"calculate_key_pair({label}) disagrees")
        self.u = ref.x25519_public(k)
        expect(ref.convert_mont(self.u) == self.A, f"convert_mont(u) != A for {label}")
        expect(hazmat.convert_mont(self.u) == self.A, f"hazmat.convert_mont(u) != A for {label}")


def find_key(prefix: str, sign_bit: int) -> Key:
    """Return the first key ``prefix-<n>`` whose kB has the wanted sign bit."""
    n = 0
    while True:
        label = f"{prefix}-{n}"
        key = Key(label, derive(label))
        if key.sign_bit == sign_bit:
            return key
        n += 1


MSG_ABC: Final = b"abc"
MSG_EMPTY: Final = b""
MSG_LONG: Final = bytes(derive(f"long-msg-{i}", 64)[j] for i in range(16) for j in range(64))[:1000]
MSG_TEXT: Final = b"XEdDSA test vector message"

#: Inputs of libsignal-protocol-c's xeddsa_fast_test / vxeddsa_fast_test (numbers only): the
#: private key is 32 zero bytes with byte 8 = 0xbd and byte 31 = 0x40, the message 200 zero
#: bytes, Z 64 zero bytes. Recorded so that the published files overlap the upstream KATs.
UPSTREAM_K: Final = bytes(8) + b"\xbd" + bytes(22) + b"\x40"
UPSTREAM_MSG: Final = bytes(200)
UPSTREAM_Z: Final = bytes(64)
#: The message of libsignal's rev-1 VRF uniqueness test ("This is unique.") and its key.
UPSTREAM_VRF_K: Final = bytes.fromhex(
    "38611d253bea85a203805343b74a936d3b13b9e3121453e9740b6b827e337e5d"
)
UPSTREAM_VRF_MSG: Final = b"This is unique."


def xsign(key: Key, msg: bytes, zlabel: str) -> tuple[bytes, bytes]:
    """Return (signature, Z) from hazmat.xeddsa_sign with Z = derive(zlabel, 64)."""
    z = derive(zlabel, 64)
    sig = hazmat.xeddsa_sign(key.k, msg, z)
    expect(ref.ed25519_verify_cofactorless(key.A, msg, sig, strict=True), "honest sig fails")
    return sig, z


def vsign(key: Key, msg: bytes, zlabel: str) -> tuple[bytes, bytes, bytes]:
    """Return (signature, v, Z) from hazmat.vxeddsa_sign."""
    z = derive(zlabel, 64)
    sig, v = hazmat.vxeddsa_sign(key.k, msg, z)
    return sig, v, z


# ---------------------------------------------------------------------------------------------
# constructions with the independent reference


TORSION: Final = ref.torsion_points()
ORDER8: Final = TORSION[1]


def sign_raw(A: bytes, a: int, msg: bytes, r: int, R: bytes | None = None) -> bytes:
    """Return R || s with s = r + h a for the Edwards key A (R = rB unless given)."""
    R = ref.encode(ref.mul(r, ref.BASE)) if R is None else R
    h = ref.challenge(R, A, msg)
    return R + le((r + h * a) % Q)


def libsignal_signature(key: Key, msg: bytes, zlabel: str) -> bytes:
    """Return a libsignal 'curvesigs' signature: no negation, sign bit of kB in the top bit of s."""
    kc = ref.clamp(key.k) % Q
    E = ref.encode(ref.mul(kc, ref.BASE))
    r = sc(ref.hash_i(1, le(kc) + msg + derive(zlabel, 64))) % Q
    sig = sign_raw(E, kc, msg, r)
    s = bytearray(sig[32:])
    s[31] |= E[31] & 0x80
    return sig[:32] + bytes(s)


def small_order_forgery(u: bytes, msg_prefix: bytes) -> tuple[bytes, bytes]:
    """Forge (msg, R || 0) under a small-order u: find msg with sB - hA = -hA = R, R in <A>."""
    A_pt = ref.decode(hazmat.convert_mont(u))
    expect(A_pt is not None and ref.is_small_order(A_pt), "forgery needs a small-order A")
    assert A_pt is not None
    A = ref.encode(A_pt)
    multiples = [ref.mul(i, A_pt) for i in range(8)]
    for n in range(256):
        msg = msg_prefix + str(n).encode()
        for R_pt in multiples:
            R = ref.encode(R_pt)
            h = ref.challenge(R, A, msg)
            if ref.equal(ref.neg(ref.mul(h, A_pt)), R_pt):
                return msg, R + le(0)
    raise GenerationError("no small-order forgery found")


def small_order_forgery_mixed_R(u: bytes, msg: bytes, seed: str) -> bytes:
    """Forge R || s under a small-order u with a mixed-order R = sB + T, T in <A>."""
    A_pt = ref.decode(hazmat.convert_mont(u))
    assert A_pt is not None
    A = ref.encode(A_pt)
    multiples = [ref.mul(i, A_pt) for i in range(1, 8)]
    for n in range(256):
        s = sc(derive(f"{seed}-{n}")) % Q
        sB = ref.mul(s, ref.BASE)
        for T in multiples:
            R_pt = ref.add(sB, T)
            R = ref.encode(R_pt)
            h = ref.challenge(R, A, msg)
            if ref.equal(ref.add(sB, ref.neg(ref.mul(h, A_pt))), R_pt):
                return R + le(s)
    raise GenerationError("no mixed-R forgery found")


def mixed_order_key(key: Key) -> tuple[bytes, bytes, int, ref.Point]:
    """Return (u', A', a', T') with A' = a'B + T' the sign-0 point of u' = u(aB + T8)."""
    pt = ref.add(ref.mul(key.a, ref.BASE), ORDER8)
    u = ref.u_of_point(pt)
    A = hazmat.convert_mont(u)
    if ref.encode(pt) == A:
        return u, A, key.a, ORDER8
    expect(ref.encode(ref.neg(pt)) == A, "mixed-order conversion")
    return u, A, (-key.a) % Q, ref.neg(ORDER8)


def key_import(u: bytes) -> str:
    """The public-key checks of the draft (length, u < p, on the curve, not of small order, in
    the prime-order subgroup), constructed with the reference and checked against
    :meth:`xeddsa.PublicKey.from_public_bytes` (which performs the same checks)."""
    want = "invalid"
    if len(u) == 32 and sc(u) < P and ref.on_montgomery_curve(sc(u)):
        pt = ref.decode(ref.convert_mont(u))
        if pt is not None and not ref.is_small_order(pt) and ref.order_divides(Q, pt):
            want = "valid"
    try:
        xeddsa.PublicKey.from_public_bytes(u)
        got = "valid"
    except xeddsa.InvalidKey:
        got = "invalid"
    expect(got == want, f"key import of u = {u.hex()}: library {got}, construction {want}")
    return want


def vxeddsa_raw(
    A: bytes, a: int, msg: bytes, r: int, V: bytes | None = None
) -> tuple[bytes, int, int]:
    """Return (V, h, s) for VXEdDSA with nonce r; V defaults to a * Bv.

    The proof is valid only if the torsion parts cancel; callers grind r for that.
    """
    Bv = ref.decode(hazmat.hash_to_point(A + msg))
    assert Bv is not None
    V = ref.encode(ref.mul(a, Bv)) if V is None else V
    R = ref.encode(ref.mul(r, ref.BASE))
    Rv = ref.encode(ref.mul(r, Bv))
    h = sc(ref.hash_i(4, A + V + R + Rv + msg)) % Q
    return V, h, (r + h * a) % Q


def vrf_output(V: bytes) -> bytes:
    """v = hash_5(cV) mod 2^256 computed with the reference."""
    V_pt = ref.decode(V)
    assert V_pt is not None
    return ref.hash_i(5, ref.encode(ref.mul(8, V_pt)))[:32]


def grind_h_mod8(
    make: Callable[[int], tuple[bytes, int, int]], seed: str
) -> tuple[bytes, int, int]:
    """Try nonces derive(seed-n) until h = 0 mod 8; return (V, h, s)."""
    for n in range(512):
        V, h, s = make(sc(derive(f"{seed}-{n}", 64)) % Q)
        if h % 8 == 0:
            return V, h, s
    raise GenerationError("grinding failed")


def find_twist_u(label: str) -> bytes:
    """Return the first derived u < p that is on the twist and not of small order."""
    n = 0
    while True:
        u = sc(derive(f"{label}-{n}")) % P
        if not ref.on_montgomery_curve(u):
            return le(u)
        n += 1


def noncanonical_decodable_y() -> list[int]:
    """Return the y0 in [2, 19) such that y0 + p (>= p) still decodes to a non-small point."""
    out = []
    for y0 in range(2, 19):
        pt = ref.point_from_y(y0, 0)
        if pt is not None and not ref.is_small_order(pt):
            out.append(y0)
    return out


# ---------------------------------------------------------------------------------------------
# file builders


class Collector:
    """Collect test groups with sequential tcIds."""

    def __init__(self) -> None:
        self.groups: list[Json] = []
        self.next_id = 1

    def group(self, fields: Json) -> list[Json]:
        tests: list[Json] = []
        self.groups.append({**fields, "tests": tests})
        return tests

    def case(
        self, tests: list[Json], comment: str, fields: Json, result: Any, flags: Iterable[str]
    ) -> Json:
        flag_list = sorted(set(flags))
        for flag in flag_list:
            expect(flag in FLAG_NOTES, f"undocumented flag {flag}")
        entry: Json = {
            "tcId": self.next_id,
            "comment": comment,
            **fields,
            "result": result,
            "flags": flag_list,
        }
        self.next_id += 1
        tests.append(entry)
        return entry

    def count(self) -> int:
        return self.next_id - 1

    def used_flags(self) -> list[str]:
        return sorted({f for g in self.groups for t in g["tests"] for f in t["flags"]})


def header(algorithm: str, spec_section: str, *, signing: bool, policies: bool) -> Json:
    out: Json = {
        "algorithm": algorithm,
        "spec": f"{SPEC}, {spec_section}",
        "source": SOURCE,
        "convention": "rev1-sign-bit-0",
    }
    if signing:
        out["nonce_scalar"] = "spec"
    out["generator"] = dict(GENERATOR)
    if policies:
        out["policies"] = list(POLICIES)
        out["policyNotes"] = dict(POLICY_NOTES)
    return out


def finish(head: Json, col: Collector) -> Json:
    flags = col.used_flags()
    return {
        **head,
        "numberOfTests": col.count(),
        "notes": {flag: FLAG_NOTES[flag] for flag in flags},
        "testGroups": col.groups,
    }


def key_flags(key: Key) -> list[str]:
    return [f"kB_sign_bit_{key.sign_bit}"]


def _signing_key_fields(group_type: str, key: Key) -> Json:
    """Return the key fields shared by the XEdDSA and VXEdDSA signing groups, in file order."""
    return {
        "type": group_type,
        "keyLabel": key.label,
        "k": hx(key.k),
        "kClamped": hx(le(ref.clamp(key.k))),
        "a": hx(le(key.a)),
        "A": hx(key.A),
        "u": hx(key.u),
        "kBSignBit": key.sign_bit,
    }


# ---------------------------------------------------------------------------------------------
# XEdDSA


def xeddsa_sign_file(keys: list[Key]) -> Json:
    col = Collector()
    for key in keys:
        tests = col.group(_signing_key_fields("XEdDSASign", key))
        for name, msg, extra in (
            ("abc", MSG_ABC, []),
            ("empty", MSG_EMPTY, ["empty_msg"]),
            ("long", MSG_LONG, ["long_msg"]),
            ("text", MSG_TEXT, []),
        ):
            sig, z = xsign(key, msg, f"xsign-{key.label}-{name}")
            col.case(
                tests,
                f"sign {name} message",
                {"msg": hx(msg), "Z": hx(z), "sig": hx(sig)},
                VALID,
                ["valid_honest", *key_flags(key), *extra],
            )
        sig, z = xsign(key, MSG_ABC, f"xsign-{key.label}-abc-again")
        col.case(
            tests,
            "same message, other Z: another valid signature",
            {"msg": hx(MSG_ABC), "Z": hx(z), "sig": hx(sig)},
            VALID,
            ["valid_honest", "same_msg_other_Z", *key_flags(key)],
        )
        # Unclamped private key bytes: the low 3 bits and bit 255 set, bit 254 cleared.
        raw = bytearray(key.k)
        raw[0] |= 7
        raw[31] = (raw[31] | 0x80) & 0xBF
        if ref.clamp(bytes(raw)) == ref.clamp(key.k):
            z = derive(f"xsign-{key.label}-abc", 64)
            sig = hazmat.xeddsa_sign(bytes(raw), MSG_ABC, z)
            expect(sig == hazmat.xeddsa_sign(key.k, MSG_ABC, z), "clamping changes signature")
            col.case(
                tests,
                "unclamped k: same signature as the clamped key",
                {"kUnclamped": hx(bytes(raw)), "msg": hx(MSG_ABC), "Z": hx(z), "sig": hx(sig)},
                VALID,
                ["valid_honest", "unclamped_k", *key_flags(key)],
            )
    up = Key("upstream-c-fast-test", UPSTREAM_K)
    tests = col.group(
        {
            "type": "XEdDSASign",
            "keyLabel": up.label,
            "k": hx(up.k),
            "kClamped": hx(le(ref.clamp(up.k))),
            "a": hx(le(up.a)),
            "A": hx(up.A),
            "u": hx(up.u),
            "kBSignBit": up.sign_bit,
        }
    )
    sig = hazmat.xeddsa_sign(up.k, UPSTREAM_MSG, UPSTREAM_Z)
    col.case(
        tests,
        "inputs of libsignal-protocol-c xeddsa_fast_test (200 zero bytes, Z = 0)",
        {"msg": hx(UPSTREAM_MSG), "Z": hx(UPSTREAM_Z), "sig": hx(sig)},
        VALID,
        ["valid_honest", "upstream_inputs", *key_flags(up)],
    )
    head = header("XEdDSA", "Section 3 (xeddsa_sign)", signing=True, policies=True)
    return finish(head, col)


def xeddsa_verify_file(k1: Key, k2: Key) -> Json:
    col = Collector()
    sig1, _ = xsign(k1, MSG_ABC, "xverify-k1-abc")
    R1, s1 = sig1[:32], sc(sig1[32:])

    def add_sig(
        tests: list[Json],
        comment: str,
        msg: bytes,
        sig: bytes,
        result: Result,
        flags: Iterable[str],
    ) -> None:
        col.case(tests, comment, {"msg": hx(msg), "sig": hx(sig)}, result, flags)

    def key_group(u: bytes, comment: str, A: bytes | None) -> list[Json]:
        return col.group(
            {
                "type": "XEdDSAVerify",
                "u": hx(u),
                "A": None if A is None else hx(A),
                "keyImport": key_import(u),
                "keyComment": comment,
            }
        )

    # --- honest key with kB sign bit 1 ---------------------------------------------------------
    kf = key_flags(k1)
    t = key_group(k1.u, f"{k1.label}: X25519 key, kB sign bit 1", k1.A)
    add_sig(t, "valid signature", MSG_ABC, sig1, VALID, ["valid_honest", *kf])
    for name, msg, extra in (
        ("empty", MSG_EMPTY, ["empty_msg"]),
        ("long", MSG_LONG, ["long_msg"]),
        ("text", MSG_TEXT, []),
    ):
        add_sig(
            t,
            f"valid signature, {name} message",
            msg,
            xsign(k1, msg, f"xverify-k1-{name}")[0],
            VALID,
            ["valid_honest", *kf, *extra],
        )
    add_sig(
        t,
        "valid signature, same message and other Z",
        MSG_ABC,
        xsign(k1, MSG_ABC, "xverify-k1-abc-2")[0],
        VALID,
        ["valid_honest", "same_msg_other_Z", *kf],
    )
    expect(s1 + Q < 2**253, "s + q must stay below 2^253")
    add_sig(
        t,
        "s + q: malleable twin (spec accepts)",
        MSG_ABC,
        R1 + le(s1 + Q),
        SPEC_ONLY,
        ["s_ge_q", "s_plus_q", *kf],
    )
    for mult in (2, 3, 4, 8):
        add_sig(
            t,
            f"s + {mult}q",
            MSG_ABC,
            R1 + le(s1 + mult * Q),
            INVALID,
            ["s_ge_q", "s_ge_2_253", *kf],
        )
    add_sig(t, "s + 2^253", MSG_ABC, R1 + le(s1 + 2**253), INVALID, ["s_ge_q", "s_ge_2_253", *kf])
    add_sig(
        t,
        "s + 2^255 (top bit of s set)",
        MSG_ABC,
        R1 + le(s1 + 2**255),
        INVALID,
        ["s_ge_q", "s_ge_2_253", *kf],
    )
    add_sig(
        t,
        "s - q + 2^256 wrapped: s + p",
        MSG_ABC,
        R1 + le(s1 + P),
        INVALID,
        ["s_ge_q", "s_ge_2_253", *kf],
    )
    add_sig(t, "-s mod q", MSG_ABC, R1 + le((-s1) % Q), INVALID, ["s_special", *kf])
    for name, value in (
        ("0", 0),
        ("1", 1),
        ("q - 1", Q - 1),
        ("q", Q),
        ("q + 1", Q + 1),
        ("2^252", 2**252),
        ("2^253 - 1", 2**253 - 1),
        ("2^253", 2**253),
        ("p", P),
        ("2^256 - 1", 2**256 - 1),
    ):
        extra = []
        if value >= Q:
            extra.append("s_ge_q")
        if value >= 2**253:
            extra.append("s_ge_2_253")
        add_sig(t, f"s = {name}", MSG_ABC, R1 + le(value), INVALID, ["s_special", *kf, *extra])
    # special R with the honest s
    small = [ref.encode(pt) for pt in TORSION]
    for i, R in enumerate(small):
        add_sig(
            t,
            f"R = small-order point {i}*T8 with honest s",
            MSG_ABC,
            R + sig1[32:],
            INVALID,
            ["low_order_R", *kf],
        )
    for name, R, extra in (
        ("identity, non-canonical y = p + 1", le(P + 1), ["low_order_R", "noncanonical_R"]),
        (
            "identity with sign bit 1 (x = 0, sign 1)",
            le(1 + 2**255),
            ["low_order_R", "noncanonical_R"],
        ),
        ("(0, -1) with sign bit 1", le(P - 1 + 2**255), ["low_order_R", "noncanonical_R"]),
        ("y = p (non-canonical y = 0)", le(P), ["low_order_R", "noncanonical_R"]),
        ("all 0xff", b"\xff" * 32, ["noncanonical_R"]),
        ("base point", ref.encode(ref.BASE), ["R_special"]),
        ("-R (sign bit of R flipped)", flip(R1, 31, 7), ["R_special", "bitflip_R"]),
    ):
        add_sig(t, f"R = {name}", MSG_ABC, R + sig1[32:], INVALID, [*extra, *kf])
    for y0 in noncanonical_decodable_y()[:2]:
        add_sig(
            t,
            f"R = y0 + p for y0 = {y0}: non-canonical, decodable, not small order",
            MSG_ABC,
            le(P + y0) + sig1[32:],
            INVALID,
            ["noncanonical_R", *kf],
        )
    # R = identity with s = h a: the equation holds; only the small-order R rule rejects it
    ident = le(1)
    forged = sign_raw(k1.A, k1.a, MSG_ABC, 0, ident)
    add_sig(
        t,
        "R = identity, s = h a (r = 0): equation holds, strict rejects small R",
        MSG_ABC,
        forged,
        SPEC_ONLY,
        ["low_order_R", *kf],
    )
    nc_ident = le(P + 1)
    forged = sign_raw(k1.A, k1.a, MSG_ABC, 0, nc_ident)
    add_sig(
        t,
        "R = identity encoded as y = p + 1, s = h a: byte comparison rejects",
        MSG_ABC,
        forged,
        INVALID,
        ["low_order_R", "noncanonical_R", *kf],
    )
    for byte, bit in ((0, 0), (0, 7), (7, 3), (15, 1), (16, 5), (30, 6), (31, 0), (31, 6)):
        add_sig(
            t,
            f"R bit {bit} of byte {byte} flipped",
            MSG_ABC,
            flip(sig1, byte, bit),
            INVALID,
            ["bitflip_R", *kf],
        )
    for byte, bit in ((0, 0), (0, 7), (7, 3), (15, 1), (16, 5), (30, 6), (31, 0), (31, 3)):
        mutated = flip(sig1, 32 + byte, bit)
        extra = ["s_ge_q"] if sc(mutated[32:]) >= Q else []
        add_sig(
            t,
            f"s bit {bit} of byte {byte} flipped",
            MSG_ABC,
            mutated,
            INVALID,
            ["bitflip_s", *kf, *extra],
        )
    for name, msg in (
        ("a byte appended", MSG_ABC + b"\x00"),
        ("truncated", MSG_ABC[:2]),
        ("one bit flipped", flip(MSG_ABC, 0, 0)),
        ("empty", MSG_EMPTY),
    ):
        add_sig(t, f"message {name}", msg, sig1, INVALID, ["modified_msg", *kf])
    for name, sig in (
        ("empty", b""),
        ("R only", R1),
        ("truncated to 63 bytes", sig1[:63]),
        ("a zero byte appended", sig1 + b"\x00"),
        ("doubled", sig1 + sig1),
    ):
        add_sig(t, f"signature {name}", MSG_ABC, sig, INVALID, ["wrong_length", *kf])
    ls_sig = libsignal_signature(k1, MSG_ABC, "xverify-k1-libsignal")
    expect(ls_sig[63] & 0x80 == 0x80, "libsignal sign bit")
    add_sig(
        t,
        "libsignal format: sign bit of kB in the top bit of s",
        MSG_ABC,
        ls_sig,
        INVALID,
        ["libsignal_sign_bit", "s_ge_q", "s_ge_2_253", *kf],
    )
    cleared = ls_sig[:63] + bytes([ls_sig[63] & 0x7F])
    add_sig(
        t,
        "libsignal format with the top bit of s cleared",
        MSG_ABC,
        cleared,
        INVALID,
        ["libsignal_sign_bit", *kf],
    )

    # --- honest key with kB sign bit 0 ---------------------------------------------------------
    kf = key_flags(k2)
    t = key_group(k2.u, f"{k2.label}: X25519 key, kB sign bit 0", k2.A)
    sig2, _ = xsign(k2, MSG_ABC, "xverify-k2-abc")
    add_sig(t, "valid signature", MSG_ABC, sig2, VALID, ["valid_honest", *kf])
    for name, msg, extra in (
        ("empty", MSG_EMPTY, ["empty_msg"]),
        ("long", MSG_LONG, ["long_msg"]),
        ("text", MSG_TEXT, []),
    ):
        add_sig(
            t,
            f"valid signature, {name} message",
            msg,
            xsign(k2, msg, f"xverify-k2-{name}")[0],
            VALID,
            ["valid_honest", *kf, *extra],
        )
    add_sig(
        t,
        "s + q: malleable twin (spec accepts)",
        MSG_ABC,
        sig2[:32] + le(sc(sig2[32:]) + Q),
        SPEC_ONLY,
        ["s_ge_q", "s_plus_q", *kf],
    )
    ls2 = libsignal_signature(k2, MSG_ABC, "xverify-k2-libsignal")
    expect(ls2[63] & 0x80 == 0, "sign bit 0 key")
    add_sig(
        t,
        "libsignal-format signature of a sign-bit-0 key: also a rev 1 signature",
        MSG_ABC,
        ls2,
        VALID,
        [*kf],
    )
    for byte, bit in ((3, 2), (31, 7)):
        add_sig(
            t,
            f"R bit {bit} of byte {byte} flipped",
            MSG_ABC,
            flip(sig2, byte, bit),
            INVALID,
            ["bitflip_R", *kf],
        )
    add_sig(
        t, "s bit 0 of byte 12 flipped", MSG_ABC, flip(sig2, 44, 0), INVALID, ["bitflip_s", *kf]
    )
    add_sig(t, "signature of k1 under k2", MSG_ABC, sig1, INVALID, [*kf])

    # --- non-canonical u ------------------------------------------------------------------------
    t = key_group(le(sc(k1.u) | 2**255), f"{k1.label} u with bit 255 set (X25519 masks it)", None)
    add_sig(t, "valid signature for the masked u", MSG_ABC, sig1, INVALID, ["u_top_bit", "u_ge_p"])
    base_u = le(9)
    base_sig = sign_raw(ref.encode(ref.BASE), 1, MSG_TEXT, sc(derive("base-point-r", 64)) % Q)
    t = key_group(
        base_u, "u = 9, the base point (Edwards B, private scalar 1)", ref.encode(ref.BASE)
    )
    add_sig(
        t, "valid signature under the base point", MSG_TEXT, base_sig, VALID, ["base_point_key"]
    )
    t = key_group(le(9 + P), "u = p + 9: non-canonical alias of the base point", None)
    add_sig(t, "signature valid for u = 9", MSG_TEXT, base_sig, INVALID, ["u_ge_p"])
    t = key_group(le(9 + 2**255), "u = 9 + 2^255: top-bit alias of the base point", None)
    add_sig(t, "signature valid for u = 9", MSG_TEXT, base_sig, INVALID, ["u_ge_p", "u_top_bit"])
    for name, u in (("p", P), ("p + 1", P + 1), ("2^255 - 1", 2**255 - 1)):
        t = key_group(le(u), f"u = {name}", None)
        add_sig(t, "any signature", MSG_ABC, sig1, INVALID, ["u_ge_p"])
        # forgeries that would work for the reduced u
        reduced = le(u % P)
        A_pt = ref.decode(hazmat.convert_mont(reduced))
        if A_pt is not None and ref.is_small_order(A_pt):
            msg, forged = small_order_forgery(reduced, b"forgery for reduced u, try ")
            add_sig(
                t,
                "keyless forgery valid for the reduced u",
                msg,
                forged,
                INVALID,
                ["u_ge_p", "keyless_forgery"],
            )

    # --- small-order u: keyless forgeries --------------------------------------------------------
    order8_us = sorted({sc(ref.u_of_point(pt)) for pt in (TORSION[1], TORSION[3])})
    for name, u in (
        ("0", 0),
        ("1", 1),
        ("p - 1", P - 1),
        ("order-8 value 1", order8_us[0]),
        ("order-8 value 2", order8_us[1]),
    ):
        ub = le(u)
        t = key_group(ub, f"u = {name}: small-order key", hazmat.convert_mont(ub))
        msg, forged = small_order_forgery(ub, f"forged under u = {name}, try ".encode())
        add_sig(
            t,
            "keyless forgery: s = 0, R in <A>",
            msg,
            forged,
            SPEC_ONLY,
            ["low_order_A", "low_order_R", "keyless_forgery", "small_order_u"],
        )
        if name in ("0", "order-8 value 1"):
            forged = small_order_forgery_mixed_R(ub, MSG_TEXT, f"mixed-R-{name}")
            add_sig(
                t,
                "keyless forgery with a mixed-order R = sB + T",
                MSG_TEXT,
                forged,
                SPEC_ONLY,
                ["low_order_A", "keyless_forgery", "small_order_u"],
            )
        add_sig(
            t,
            "honest signature of another key",
            MSG_ABC,
            sig1,
            INVALID,
            ["low_order_A", "small_order_u"],
        )

    # --- twist u ----------------------------------------------------------------------------------
    for i in range(2):
        tu = find_twist_u(f"twist-{i}")
        t = key_group(tu, f"twist u #{i}", None)
        add_sig(t, "a signature of another key", MSG_ABC, sig1, INVALID, ["twist_u"])
    t = key_group(le(2), "u = 2 (on the twist)", None)
    expect(not ref.on_montgomery_curve(2), "u = 2 is a twist point")
    add_sig(t, "a signature of another key", MSG_ABC, sig1, INVALID, ["twist_u"])

    # --- mixed-order u ---------------------------------------------------------------------------
    mu, mA, ma, mT = mixed_order_key(k1)
    t = key_group(mu, f"{k1.label} public point plus an order-8 point", mA)

    def mixed_sig(r: int) -> tuple[bytes, int, int]:
        R = ref.encode(ref.mul(r, ref.BASE))
        h = ref.challenge(R, mA, MSG_TEXT)
        return R, h, (r + h * ma) % Q

    R, h, s = grind_h_mod8(mixed_sig, "mixed-order-grind")
    add_sig(
        t,
        "signature ground to h = 0 mod 8: torsion cancels (both policies accept)",
        MSG_TEXT,
        R + le(s),
        VALID,
        ["mixed_order_A"],
    )
    for n in range(64):
        R, h, s = mixed_sig(sc(derive(f"mixed-order-plain-{n}", 64)) % Q)
        if h % 8:
            break
    add_sig(
        t,
        "signature with h != 0 mod 8: the torsion term remains",
        MSG_TEXT,
        R + le(s),
        INVALID,
        ["mixed_order_A"],
    )
    # mixed-order A, small-order R (speccheck case 2 class): s = h a', R = -hT'
    found = False
    torsion_mult = [ref.mul(i, mT) for i in range(1, 8)]
    for n in range(256):
        msg = b"mixed-order key, small-order R, try " + str(n).encode()
        for Rt in torsion_mult:
            R = ref.encode(Rt)
            h = ref.challenge(R, mA, msg)
            if ref.equal(ref.neg(ref.mul(h, mT)), Rt):
                add_sig(
                    t,
                    "small-order R = -hT with s = h a'",
                    msg,
                    R + le(h * ma % Q),
                    SPEC_ONLY,
                    ["mixed_order_A", "low_order_R"],
                )
                found = True
                break
        if found:
            break
    expect(found, "mixed-order A with small R")

    # --- wrong-length u -------------------------------------------------------------------------
    for name, short_u in (("31 bytes", k1.u[:31]), ("33 bytes", k1.u + b"\x00")):
        t = key_group(short_u, f"{k1.label} u, {name}", None)
        add_sig(t, "valid signature for the 32-byte u", MSG_ABC, sig1, INVALID, ["wrong_length_u"])

    head = header("XEdDSA", "Section 3 (xeddsa_verify)", signing=True, policies=True)
    head["keyImportNote"] = KEY_IMPORT_NOTE
    return finish(head, col)


# ---------------------------------------------------------------------------------------------
# VXEdDSA


def vxeddsa_sign_file(keys: list[Key]) -> Json:
    col = Collector()
    for key in keys:
        tests = col.group(_signing_key_fields("VXEdDSASign", key))
        for name, msg, extra in (
            ("abc", MSG_ABC, []),
            ("empty", MSG_EMPTY, ["empty_msg"]),
            ("long", MSG_LONG, ["long_msg"]),
        ):
            sig, v, z = vsign(key, msg, f"vsign-{key.label}-{name}")
            expect(vrf_output(sig[:32]) == v, "VRF output disagrees with the reference")
            col.case(
                tests,
                f"sign {name} message",
                {
                    "msg": hx(msg),
                    "Z": hx(z),
                    "sig": hx(sig),
                    "V": hx(sig[:32]),
                    "h": hx(sig[32:64]),
                    "s": hx(sig[64:]),
                    "vrf": hx(v),
                },
                VALID,
                ["valid_honest", *key_flags(key), *extra],
            )
        sig, v, z = vsign(key, MSG_ABC, f"vsign-{key.label}-abc-again")
        col.case(
            tests,
            "same message, other Z: same V and VRF output, other h and s",
            {
                "msg": hx(MSG_ABC),
                "Z": hx(z),
                "sig": hx(sig),
                "V": hx(sig[:32]),
                "h": hx(sig[32:64]),
                "s": hx(sig[64:]),
                "vrf": hx(v),
            },
            VALID,
            ["valid_honest", "same_msg_other_Z", *key_flags(key)],
        )
    for up, msg, z, comment in (
        (
            Key("upstream-c-fast-test", UPSTREAM_K),
            UPSTREAM_MSG,
            UPSTREAM_Z,
            "inputs of libsignal-protocol-c vxeddsa_fast_test (200 zero bytes, Z = 0)",
        ),
        (
            Key("upstream-unique", UPSTREAM_VRF_K),
            UPSTREAM_VRF_MSG,
            derive("vsign-unique", 64),
            "key and message of libsignal's rev-1 VRF uniqueness test, our own Z",
        ),
    ):
        tests = col.group(
            {
                "type": "VXEdDSASign",
                "keyLabel": up.label,
                "k": hx(up.k),
                "kClamped": hx(le(ref.clamp(up.k))),
                "a": hx(le(up.a)),
                "A": hx(up.A),
                "u": hx(up.u),
                "kBSignBit": up.sign_bit,
            }
        )
        sig, v = hazmat.vxeddsa_sign(up.k, msg, z)
        expect(vrf_output(sig[:32]) == v, "VRF output disagrees with the reference")
        col.case(
            tests,
            comment,
            {
                "msg": hx(msg),
                "Z": hx(z),
                "sig": hx(sig),
                "V": hx(sig[:32]),
                "h": hx(sig[32:64]),
                "s": hx(sig[64:]),
                "vrf": hx(v),
            },
            VALID,
            ["valid_honest", "upstream_inputs", *key_flags(up)],
        )
    head = header("VXEdDSA", "Section 4 (vxeddsa_sign)", signing=True, policies=True)
    return finish(head, col)


def vxeddsa_verify_file(k1: Key, k2: Key) -> Json:
    col = Collector()

    def key_group(u: bytes, comment: str, A: bytes | None) -> list[Json]:
        return col.group(
            {
                "type": "VXEdDSAVerify",
                "u": hx(u),
                "A": None if A is None else hx(A),
                "keyImport": key_import(u),
                "keyComment": comment,
            }
        )

    def add(
        tests: list[Json],
        comment: str,
        msg: bytes,
        sig: bytes,
        result: Result,
        flags: Iterable[str],
        vrf: bytes | None,
    ) -> None:
        fields: Json = {"msg": hx(msg), "sig": hx(sig), "vrf": None if vrf is None else hx(vrf)}
        col.case(tests, comment, fields, result, flags)

    sig1, v1, _ = vsign(k1, MSG_ABC, "vverify-k1-abc")
    V1, h1, s1 = sig1[:32], sc(sig1[32:64]), sc(sig1[64:])
    kf = key_flags(k1)
    t = key_group(k1.u, f"{k1.label}: X25519 key, kB sign bit 1", k1.A)
    add(t, "valid signature", MSG_ABC, sig1, VALID, ["valid_honest", *kf], v1)
    for name, msg, extra in (("empty", MSG_EMPTY, ["empty_msg"]), ("long", MSG_LONG, ["long_msg"])):
        sig, v, _ = vsign(k1, msg, f"vverify-k1-{name}")
        add(
            t, f"valid signature, {name} message", msg, sig, VALID, ["valid_honest", *kf, *extra], v
        )
    sig, v, _ = vsign(k1, MSG_ABC, "vverify-k1-abc-2")
    expect(v == v1 and sig[:32] == V1 and sig != sig1, "Z-independence of V and v")
    add(
        t,
        "same message, other Z: same V and VRF output",
        MSG_ABC,
        sig,
        VALID,
        ["valid_honest", "same_msg_other_Z", *kf],
        v,
    )
    expect(s1 + Q < 2**253 and h1 + Q < 2**253, "h, s + q below 2^253")
    add(
        t,
        "s + q: malleable twin with the same VRF output (spec accepts)",
        MSG_ABC,
        V1 + le(h1) + le(s1 + Q),
        SPEC_ONLY,
        ["s_ge_q", "s_plus_q", *kf],
        v1,
    )
    add(
        t,
        "s + 2q",
        MSG_ABC,
        V1 + le(h1) + le(s1 + 2 * Q),
        INVALID,
        ["s_ge_q", "s_ge_2_253", *kf],
        None,
    )
    add(
        t,
        "h + q: the recomputed h is reduced, so bytes differ",
        MSG_ABC,
        V1 + le(h1 + Q) + le(s1),
        INVALID,
        ["h_ge_q", *kf],
        None,
    )
    add(t, "h + 2q", MSG_ABC, V1 + le(h1 + 2 * Q) + le(s1), INVALID, ["h_ge_q", *kf], None)
    add(
        t,
        "h = 2^255 + h (top bit of h set)",
        MSG_ABC,
        V1 + le(h1 + 2**255) + le(s1),
        INVALID,
        ["h_ge_q", *kf],
        None,
    )
    for name, value in (("0", 0), ("q", Q)):
        extra = ["h_ge_q"] if value >= Q else []
        add(
            t,
            f"h = {name}",
            MSG_ABC,
            V1 + le(value) + le(s1),
            INVALID,
            ["h_special", *kf, *extra],
            None,
        )
        extra = ["s_ge_q"] if value >= Q else []
        add(
            t,
            f"s = {name}",
            MSG_ABC,
            V1 + le(h1) + le(value),
            INVALID,
            ["s_special", *kf, *extra],
            None,
        )
    # torsioned V: V' = V + T with h ground to 0 mod 8 verifies and gives the same output
    T = ORDER8
    V_pt = ref.decode(V1)
    assert V_pt is not None
    Vt = ref.encode(ref.add(V_pt, T))
    Vt_, ht, st = grind_h_mod8(lambda r: vxeddsa_raw(k1.A, k1.a, MSG_ABC, r, Vt), "torsion-V")
    expect(vrf_output(Vt_) == v1, "torsioned V keeps the output")
    add(
        t,
        "V' = V + T8, proof ground so that h = 0 mod 8: same VRF output, another proof",
        MSG_ABC,
        Vt + le(ht) + le(st),
        VALID,
        ["torsion_V", *kf],
        v1,
    )
    add(
        t,
        "V' = V + T8 with the honest h and s",
        MSG_ABC,
        Vt + sig1[32:],
        INVALID,
        ["torsion_V", *kf],
        None,
    )
    for i in (0, 1, 2, 4):
        add(
            t,
            f"V = small-order point {i}*T8",
            MSG_ABC,
            ref.encode(TORSION[i]) + sig1[32:],
            INVALID,
            ["low_order_V", *kf],
            None,
        )
    for name, V in (
        ("identity, y = p + 1", le(P + 1)),
        ("identity with sign bit 1", le(1 + 2**255)),
        ("(0, -1) with sign bit 1", le(P - 1 + 2**255)),
        ("y = p", le(P)),
    ):
        add(
            t,
            f"V = {name}",
            MSG_ABC,
            V + sig1[32:],
            INVALID,
            ["noncanonical_V", "low_order_V", *kf],
            None,
        )
    for y0 in noncanonical_decodable_y()[:1]:
        add(
            t,
            f"V = y0 + p for y0 = {y0}: non-canonical, decodable, not small order",
            MSG_ABC,
            le(P + y0) + sig1[32:],
            INVALID,
            ["noncanonical_V", *kf],
            None,
        )
    y = 2
    while ref.point_from_y(y, 0) is not None:
        y += 1
    add(
        t,
        f"V with y = {y}: not on the curve",
        MSG_ABC,
        le(y) + sig1[32:],
        INVALID,
        ["V_not_on_curve", *kf],
        None,
    )
    for part, offset, flag in (
        ("V", 0, "bitflip_V"),
        ("h", 32, "bitflip_h"),
        ("s", 64, "bitflip_s"),
    ):
        for byte, bit in ((0, 0), (17, 4), (31, 6)):
            add(
                t,
                f"{part} bit {bit} of byte {byte} flipped",
                MSG_ABC,
                flip(sig1, offset + byte, bit),
                INVALID,
                [flag, *kf],
                None,
            )
    for name, msg in (
        ("a byte appended", MSG_ABC + b"\x00"),
        ("one bit flipped", flip(MSG_ABC, 2, 1)),
    ):
        add(t, f"message {name}", msg, sig1, INVALID, ["modified_msg", *kf], None)
    for name, sig in (
        ("95 bytes", sig1[:95]),
        ("97 bytes", sig1 + b"\x00"),
        ("64 bytes (XEdDSA size)", sig1[:64]),
    ):
        add(t, f"signature of {name}", MSG_ABC, sig, INVALID, ["wrong_length", *kf], None)

    kf = key_flags(k2)
    t = key_group(k2.u, f"{k2.label}: X25519 key, kB sign bit 0", k2.A)
    sig2, v2, _ = vsign(k2, MSG_ABC, "vverify-k2-abc")
    add(t, "valid signature", MSG_ABC, sig2, VALID, ["valid_honest", *kf], v2)
    add(
        t,
        "s + q (spec accepts)",
        MSG_ABC,
        sig2[:64] + le(sc(sig2[64:]) + Q),
        SPEC_ONLY,
        ["s_ge_q", "s_plus_q", *kf],
        v2,
    )
    add(t, "signature of k1 under k2", MSG_ABC, sig1, INVALID, [*kf], None)

    for u, comment, flags in (
        (le(sc(k1.u) | 2**255), f"{k1.label} u with bit 255 set", ["u_top_bit", "u_ge_p"]),
        (le(P + 1), "u = p + 1", ["u_ge_p"]),
        (find_twist_u("twist-0"), "twist u", ["twist_u"]),
        (le(0), "u = 0", ["low_order_A", "small_order_u"]),
        (le(1), "u = 1", ["low_order_A", "small_order_u"]),
        (ref.u_of_point(ORDER8), "order-8 u", ["low_order_A", "small_order_u"]),
        (k1.u[:31], f"{k1.label} u, 31 bytes", ["wrong_length_u"]),
    ):
        t = key_group(u, comment, None)
        add(t, f"valid signature of {k1.label}", MSG_ABC, sig1, INVALID, flags, None)

    mu, mA, ma, _ = mixed_order_key(k1)
    t = key_group(mu, f"{k1.label} public point plus an order-8 point", mA)
    V, h, s = grind_h_mod8(lambda r: vxeddsa_raw(mA, ma, MSG_TEXT, r), "vx-mixed-grind")
    add(
        t,
        "proof ground to h = 0 mod 8 (both policies accept)",
        MSG_TEXT,
        V + le(h) + le(s),
        VALID,
        ["mixed_order_A"],
        vrf_output(V),
    )
    for n in range(64):
        V, h, s = vxeddsa_raw(mA, ma, MSG_TEXT, sc(derive(f"vx-mixed-plain-{n}", 64)) % Q)
        if h % 8:
            break
    add(t, "proof with h != 0 mod 8", MSG_TEXT, V + le(h) + le(s), INVALID, ["mixed_order_A"], None)

    head = header("VXEdDSA", "Section 4 (vxeddsa_verify)", signing=True, policies=True)
    head["keyImportNote"] = KEY_IMPORT_NOTE
    return finish(head, col)


# ---------------------------------------------------------------------------------------------
# curve25519 building blocks


def convert_mont_file(keys: list[Key]) -> Json:
    col = Collector()
    t = col.group({"type": "ConvertMont"})
    order8_us = sorted({sc(ref.u_of_point(pt)) for pt in (TORSION[1], TORSION[3])})
    cases: list[tuple[str, bytes, list[str]]] = [
        (f"{key.label} (kB sign bit {key.sign_bit})", key.u, ["x25519_key"]) for key in keys
    ]
    cases += [
        ("u = 9 (base point)", le(9), ["base_point_key"]),
        ("u = 0 (order 2)", le(0), ["small_order_u"]),
        ("u = 1 (order 4)", le(1), ["small_order_u"]),
        ("u = p - 1 (inv(0) = 0 gives y = 0)", le(P - 1), ["small_order_u"]),
        ("order-8 u value 1", le(order8_us[0]), ["small_order_u"]),
        ("order-8 u value 2", le(order8_us[1]), ["small_order_u"]),
        ("u = 2 (twist)", le(2), ["twist_u"]),
        ("derived twist u", find_twist_u("twist-0"), ["twist_u"]),
        ("u = 9 + p (reduced mod p)", le(9 + P), ["u_ge_p"]),
        ("u = p", le(P), ["u_ge_p"]),
        ("u = 2^255 - 1", le(2**255 - 1), ["u_ge_p"]),
        ("u = 9 + 2^255 (bit 255 masked)", le(9 + 2**255), ["u_top_bit", "u_ge_p"]),
        (
            f"{keys[0].label} u with bit 255 set",
            le(sc(keys[0].u) | 2**255),
            ["u_top_bit", "u_ge_p"],
        ),
    ]
    for comment, u, flags in cases:
        out = hazmat.convert_mont(u)
        expect(out == ref.convert_mont(u), f"convert_mont disagrees: {comment}")
        A_pt = ref.decode(out)
        fields: Json = {"u": hx(u), "A": hx(out), "onCurve": A_pt is not None}
        col.case(t, comment, fields, "valid", flags)
    head = header(
        "convert_mont", "Section 2.3 (convert_mont, u_to_y)", signing=False, policies=False
    )
    head["note"] = (
        "convert_mont masks bit 255 and reduces mod p; it does not check that u is on the curve. "
        "Verification rejects u >= p before calling it."
    )
    return finish(head, col)


def calculate_key_pair_file(keys: list[Key]) -> Json:
    col = Collector()
    t = col.group({"type": "CalculateKeyPair"})
    extra_keys = [
        ("k = 0^32 (clamps to 2^254)", Key("zero", bytes(32)), ["clamping_edge"]),
        ("k = ff^32 (clamps to 2^255 - 8)", Key("ones", b"\xff" * 32), ["clamping_edge"]),
    ]
    entries = [(f"{key.label}", key, ["x25519_key"]) for key in keys] + extra_keys
    for comment, key, flags in entries:
        fields: Json = {
            "k": hx(key.k),
            "kClamped": hx(le(ref.clamp(key.k))),
            "u": hx(key.u),
            "A": hx(key.A),
            "a": hx(le(key.a)),
            "kBSignBit": key.sign_bit,
        }
        col.case(
            t,
            f"{comment} (kB sign bit {key.sign_bit})",
            fields,
            "valid",
            [*flags, f"kB_sign_bit_{key.sign_bit}"],
        )
    head = header(
        "calculate_key_pair", "Section 2.3 (calculate_key_pair)", signing=False, policies=False
    )
    head["note"] = (
        "k is clamped (RFC 7748 decodeScalar25519); u is the X25519 public key of k; A has sign "
        "bit 0; a = k mod q if kB has sign bit 0, else -k mod q."
    )
    return finish(head, col)


def elligator2_file() -> Json:
    col = Collector()
    t = col.group({"type": "Elligator2"})
    cases: list[tuple[str, bytes, list[str]]] = [
        ("r = 0", le(0), ["r_special"]),
        ("r = 1", le(1), ["r_special"]),
        ("r = p - 1", le(P - 1), ["r_special"]),
        ("r = p (reduces to 0)", le(P), ["r_ge_p"]),
        ("r = 2^255 - 1", le(2**255 - 1), ["r_ge_p"]),
        ("r = 1 + 2^255 (bit 255 ignored)", le(1 + 2**255), ["r_top_bit"]),
    ]
    cases.append(
        (
            "r = bytes 00..1f (libsignal-protocol-c elligator vector input)",
            bytes(range(32)),
            ["upstream_inputs"],
        )
    )
    for i in range(8):
        r = derive(f"elligator2-{i}")
        derived_flags = []
        if r[31] & 0x80:
            derived_flags.append("r_top_bit")
        if sc(r) & ((1 << 255) - 1) >= P:
            derived_flags.append("r_ge_p")
        cases.append((f"derived r #{i}", r, derived_flags))
    for comment, r, flags in cases:
        u = hazmat.elligator2(r)
        expect(u == ref.elligator2(r), f"elligator2 disagrees: {comment}")
        col.case(t, comment, {"r": hx(r), "u": hx(u)}, "valid", flags)
    head = header("elligator2", "Section 2.6 (elligator2)", signing=False, policies=False)
    head["note"] = "r is read as an integer mod 2^255 (bit 255 ignored), then reduced mod p."
    return finish(head, col)


def hash_to_point_file(keys: list[Key]) -> Json:
    col = Collector()
    t = col.group({"type": "HashToPoint"})
    cases: list[tuple[str, bytes]] = [("empty input", b""), ("'abc'", b"abc")]
    cases += [(f"A || 'abc' for {key.label} (the VXEdDSA Bv)", key.A + MSG_ABC) for key in keys]
    cases += [(f"derived input #{i}", derive(f"hash-to-point-{i}", 64)) for i in range(6)]
    for comment, x in cases:
        pt = hazmat.hash_to_point(x)
        expect(pt == ref.hash_to_point(x), f"hash_to_point disagrees: {comment}")
        h = ref.hash_i(2, x)
        col.case(t, comment, {"x": hx(x), "hash2": hx(h), "point": hx(pt)}, "valid", [])
    head = header("hash_to_point", "Section 2.6 (hash_to_point)", signing=False, policies=False)
    head["note"] = (
        "point = c * P where P.y = u_to_y(elligator2(hash2 mod 2^255)) and P.s = bit 255 of "
        "hash2; equals libsodium crypto_core_ed25519_from_uniform(hash2[:32])."
    )
    return finish(head, col)


# ---------------------------------------------------------------------------------------------
# JOSE


def jose_files() -> tuple[Json, Json]:
    from xeddsa import PrivateKey, PublicKey
    from xeddsa.jose import jwk_thumbprint, private_key_from_jwk, public_key_to_jwk

    key = find_key("jose-key", 1)
    private = PrivateKey.from_private_bytes(key.k)
    public = private.public_key()
    expect(public.public_bytes() == key.u, "jose key u")
    thumb = jwk_thumbprint(public)
    canonical = json.dumps(
        {"crv": "X25519", "kty": "OKP", "x": b64url(key.u)}, separators=(",", ":"), sort_keys=True
    )
    expect(thumb == b64url(hashlib.sha256(canonical.encode()).digest()), "thumbprint")
    # "d" holds the 32 private-key octets as generated, *unclamped* (RFC 8037 allows any X25519
    # private key); an implementation that forgets k = clamp(d) derives another key and fails.
    k_clamped = le(ref.clamp(key.k))
    expect(k_clamped != key.k, "the JOSE key must change under clamping")
    forgot = bytearray(ref.encode(ref.mul(sc(key.k) % Q, ref.BASE)))
    forgot[31] &= 0x7F
    expect(bytes(forgot) != key.A, "signing with the unclamped d must not match x")
    private_jwk = {"kty": "OKP", "crv": "X25519", "x": b64url(key.u), "d": b64url(key.k)}
    expect(private_key_from_jwk(private_jwk).public_key().public_bytes() == key.u, "JWK import")
    key_col = Collector()
    t = key_col.group({"type": "JWK", "keyLabel": key.label})
    key_col.case(
        t,
        "private JWK: d is the unclamped private key, k = clamp(d) the signing scalar",
        {
            "jwk": private_jwk,
            "d": hx(key.k),
            "kClamped": hx(k_clamped),
            "u": hx(key.u),
            "ed25519PublicKey": hx(public.ed25519_public_bytes()),
            "thumbprintInput": canonical,
            "thumbprint": thumb,
        },
        "valid",
        [f"kB_sign_bit_{key.sign_bit}"],
    )
    key_col.case(
        t, "public JWK", {"jwk": public_key_to_jwk(public), "thumbprint": thumb}, "valid", []
    )
    key_col.case(
        t,
        "public JWK restricted to XEd25519, thumbprint as kid",
        {
            "jwk": public_key_to_jwk(public, alg="XEd25519", thumbprint_kid=True),
            "thumbprint": thumb,
        },
        "valid",
        [],
    )
    key_col.case(
        t,
        "public JWK restricted to VXEd25519",
        {"jwk": public_key_to_jwk(public, alg="VXEd25519"), "thumbprint": thumb},
        "valid",
        [],
    )
    expect(public.ed25519_public_bytes() == key.A, "Edwards key")
    bad_col_tests = key_col.group({"type": "JWKInvalid"})
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
        key_col.case(
            bad_col_tests,
            f"public JWK with {comment}: strict import rejects",
            {"jwk": {"kty": "OKP", "crv": "X25519", "x": b64url(x)}},
            "invalid",
            flags,
        )
        with_check = True
        try:
            PublicKey.from_public_bytes(x)
        except xeddsa.InvalidKey:
            with_check = False
        expect(not with_check, f"strict import accepts {comment}")
    keys_json = {
        **header("JWK", "RFC 8037 OKP keys with crv X25519", signing=False, policies=False),
        "numberOfTests": key_col.count(),
        "notes": {f: FLAG_NOTES[f] for f in key_col.used_flags()},
        "testGroups": key_col.groups,
    }

    col = Collector()
    t = col.group(
        {"type": "CompactJWS", "keyLabel": key.label, "x": b64url(key.u), "thumbprint": thumb}
    )
    payload = b"Example of XEd25519 signing"

    def jws_case(
        comment: str,
        header_text: str,
        body: bytes,
        zlabel: str,
        result: str,
        flags: list[str],
        mutate: Callable[[bytes], bytes] | None = None,
    ) -> bytes:
        alg = json.loads(header_text)["alg"]
        signing_input = f"{b64url(header_text.encode())}.{b64url(body)}".encode("ascii")
        z = derive(zlabel, 64)
        fields: Json = {
            "protected": header_text,
            "payload": body.decode("utf-8"),
            "signingInput": signing_input.decode("ascii"),
            "Z": hx(z),
        }
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
        col.case(t, comment, fields, result, flags)
        return sig

    jws_case(
        'XEd25519, header {"alg":"XEd25519"}',
        '{"alg":"XEd25519"}',
        payload,
        "jose-xed-1",
        "valid",
        ["valid_honest"],
    )
    jws_case(
        "XEd25519 with the thumbprint as kid",
        f'{{"alg":"XEd25519","kid":"{thumb}"}}',
        payload,
        "jose-xed-2",
        "valid",
        ["valid_honest"],
    )
    vpayload = b"Example of VXEd25519 signing"
    jws_case(
        'VXEd25519, header {"alg":"VXEd25519"}',
        '{"alg":"VXEd25519"}',
        vpayload,
        "jose-vx-1",
        "valid",
        ["valid_honest"],
    )
    jws_case(
        "VXEd25519, same signing input, other Z: same V and VRF output",
        '{"alg":"VXEd25519"}',
        vpayload,
        "jose-vx-2",
        "valid",
        ["valid_honest", "same_msg_other_Z"],
    )
    jws_case(
        "VXEd25519 with kid: another signing input, so another VRF output",
        f'{{"alg":"VXEd25519","kid":"{thumb}"}}',
        vpayload,
        "jose-vx-3",
        "valid",
        ["valid_honest"],
    )

    def plus_q_64(sig: bytes) -> bytes:
        return sig[:32] + le(sc(sig[32:]) + Q)

    def plus_q_96(sig: bytes) -> bytes:
        return sig[:64] + le(sc(sig[64:]) + Q)

    jws_case(
        "XEd25519 with s + q: rejected (JOSE verifies with the strict policy)",
        '{"alg":"XEd25519"}',
        payload,
        "jose-xed-1",
        "invalid",
        ["s_ge_q", "s_plus_q"],
        plus_q_64,
    )
    jws_case(
        "VXEd25519 with s + q: rejected",
        '{"alg":"VXEd25519"}',
        vpayload,
        "jose-vx-1",
        "invalid",
        ["s_ge_q", "s_plus_q"],
        plus_q_96,
    )
    jws_case(
        "XEd25519 with one bit of R flipped",
        '{"alg":"XEd25519"}',
        payload,
        "jose-xed-1",
        "invalid",
        ["bitflip_R"],
        lambda sig: flip(sig, 5, 2),
    )
    jws_json = {
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
    return keys_json, jws_json


# ---------------------------------------------------------------------------------------------
# verification of the generated verdicts against the library (pure backend)


def check_verdicts(data: Json, vx: bool) -> None:
    """Refuse to write a verify/sign file whose constructed verdicts the library contradicts."""
    for group in data["testGroups"]:
        u = bytes.fromhex(group["u"])
        for case in group["tests"]:
            msg, sig = bytes.fromhex(case["msg"]), bytes.fromhex(case["sig"])
            for policy in POLICIES:
                want = case["result"][policy] == "valid"
                if vx:
                    out = hazmat.vxeddsa_verify(u, msg, sig, policy=policy)  # type: ignore[arg-type]
                    got = out is not None
                    if got and case.get("vrf") is not None:
                        expect(
                            out == bytes.fromhex(case["vrf"]),
                            f"tcId {case['tcId']}: VRF output differs",
                        )
                else:
                    got = hazmat.xeddsa_verify(u, msg, sig, policy=policy)  # type: ignore[arg-type]
                expect(
                    got == want,
                    f"tcId {case['tcId']} ({case['comment']}), policy {policy}: "
                    f"library says {got}, construction says {want}",
                )


KEY_IMPORT_NOTE: Final = (
    "keyImport (per group) is the verdict of the public-key checks of the JOSE draft and of "
    "xeddsa.PublicKey.from_public_bytes: 32 bytes, u < p, on the curve, not of small order, and "
    "in the prime-order subgroup. A signature is valid under the draft only if keyImport and "
    "the strict result are both valid; strict alone is the signature-level check, which accepts "
    "a mixed-order u with a ground signature."
)


def build() -> dict[str, Json]:
    """Build every file (relative path -> JSON object)."""
    with xeddsa.use_backend("pure"):
        k1 = find_key("key-sign1", 1)
        k2 = find_key("key-sign0", 0)
        k3 = find_key("key-extra", 1)
        keys = [k1, k2, k3]
        files = {
            "xeddsa25519/sign.json": xeddsa_sign_file(keys),
            "xeddsa25519/verify.json": xeddsa_verify_file(k1, k2),
            "vxeddsa25519/sign.json": vxeddsa_sign_file(keys),
            "vxeddsa25519/verify.json": vxeddsa_verify_file(k1, k2),
            "curve25519/convert_mont.json": convert_mont_file(keys),
            "curve25519/elligator2.json": elligator2_file(),
            "curve25519/hash_to_point.json": hash_to_point_file(keys),
            "curve25519/calculate_key_pair.json": calculate_key_pair_file(keys),
        }
        files["jose/jwk.json"], files["jose/jws.json"] = jose_files()
        for name in ("xeddsa25519/sign.json", "xeddsa25519/verify.json"):
            flat = {
                "testGroups": [
                    {"u": g["u"], "tests": g["tests"]} for g in files[name]["testGroups"]
                ]
            }
            check_verdicts(flat, vx=False)
        for name in ("vxeddsa25519/sign.json", "vxeddsa25519/verify.json"):
            flat = {
                "testGroups": [
                    {"u": g["u"], "tests": g["tests"]} for g in files[name]["testGroups"]
                ]
            }
            check_verdicts(flat, vx=True)
    return files


def serialize(obj: Json) -> bytes:
    """Stable JSON text: two-space indent, insertion order, ASCII, trailing newline."""
    return (json.dumps(obj, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if a committed file differs"
    )
    parser.add_argument("--out", type=Path, default=ROOT, help="output directory")
    args = parser.parse_args(argv)
    try:
        files = build()
    except GenerationError as exc:
        print(f"generation refused: {exc}", file=sys.stderr)
        return 2
    stale = []
    for rel, obj in files.items():
        path = args.out / rel
        data = serialize(obj)
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_bytes() != data:
                path.write_bytes(data)
                print(f"wrote {rel}")
    if stale:
        print(
            "stale vector files (run python -m test_vectors.tools.generate): " + ", ".join(stale),
            file=sys.stderr,
        )
        return 1
    if args.check:
        print(f"{len(files)} vector files up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
