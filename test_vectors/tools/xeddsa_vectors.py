"""XEdDSA vectors: ``xeddsa25519/sign.json`` and ``xeddsa25519/verify.json``.

One function per group of cases; each verify group is one public key u.
"""

from __future__ import annotations

from collections.abc import Iterable

from test_vectors.tools import inputs, vectorfile
from test_vectors.tools import ref25519 as ref
from test_vectors.tools.constructions import (
    ORDER8,
    ORDER8_US,
    TORSION,
    cofactored_equation_holds,
    find_twist_u,
    grind_h_mod8,
    libsignal_signature,
    mixed_key_small_R,
    mixed_order_key,
    sign_raw,
    small_order_forgery,
    small_order_forgery_mixed_R,
    xsign,
)
from test_vectors.tools.facts import xeddsa_signature_facts
from test_vectors.tools.inputs import MSG_ABC, Key, P, Q, derive, expect, flip, hx, le, sc
from test_vectors.tools.vectorfile import INVALID, SPEC_ONLY, VALID, Collector, Group, key_flags
from xeddsa import hazmat

# ---------------------------------------------------------------------------------------------
# sign.json


def _sign_group(col: Collector, key: Key) -> Group:
    return col.group({"type": "XEdDSASign", **vectorfile.key_fields(key)})


def _sign_case(
    group: Group, comment: str, msg: bytes, z: bytes, sig: bytes, flags: Iterable[str], **extra: str
) -> None:
    group.case(comment, {**extra, "msg": hx(msg), "Z": hx(z), "sig": hx(sig)}, "valid", flags)


def _sign_key_group(col: Collector, key: Key) -> None:
    """Honest signatures by one key: four messages, another Z, other unclamped octets d."""
    group = _sign_group(col, key)
    for name, msg, extra in (
        ("abc", MSG_ABC, []),
        ("empty", inputs.MSG_EMPTY, ["empty_msg"]),
        ("long", inputs.MSG_LONG, ["long_msg"]),
        ("text", inputs.MSG_TEXT, []),
    ):
        sig, z = xsign(key, msg, f"xsign-{key.label}-{name}")
        _sign_case(
            group, f"sign {name} message", msg, z, sig, ["valid_honest", *key_flags(key), *extra]
        )
    sig, z = xsign(key, MSG_ABC, f"xsign-{key.label}-abc-again")
    _sign_case(
        group,
        "same message, other Z: another valid signature",
        MSG_ABC,
        z,
        sig,
        ["valid_honest", "same_msg_other_Z", *key_flags(key)],
    )
    # The case's own d: the group's d with the low 3 bits and bit 255 set and bit 254 cleared,
    # so that every clamped bit differs; clamp(d) is still the group's k.
    raw = bytearray(key.d)
    raw[0] |= 7
    raw[31] = (raw[31] | 0x80) & 0xBF
    if le(ref.clamp(bytes(raw))) == key.k:
        z = derive(f"xsign-{key.label}-abc", 64)
        sig = hazmat.xeddsa_sign(bytes(raw), MSG_ABC, z)
        expect(sig == hazmat.xeddsa_sign(key.k, MSG_ABC, z), "clamping changes signature")
        _sign_case(
            group,
            "the case's own unclamped d, clamp(d) = the group's k: the same signature",
            MSG_ABC,
            z,
            sig,
            ["valid_honest", "unclamped_d", *key_flags(key)],
            d=hx(bytes(raw)),
        )


def _sign_upstream_group(col: Collector) -> None:
    """The inputs of libsignal-protocol-c's xeddsa_fast_test."""
    up = Key("upstream-c-fast-test", inputs.UPSTREAM_D)
    group = _sign_group(col, up)
    sig = hazmat.xeddsa_sign(up.d, inputs.UPSTREAM_MSG, inputs.UPSTREAM_Z)
    _sign_case(
        group,
        "inputs of libsignal-protocol-c xeddsa_fast_test (200 zero bytes, Z = 0)",
        inputs.UPSTREAM_MSG,
        inputs.UPSTREAM_Z,
        sig,
        ["valid_honest", "upstream_inputs", *key_flags(up)],
    )


def xeddsa_sign_file(keys: list[Key]) -> vectorfile.Json:
    return vectorfile.signing_file(
        "XEdDSA", "Section 3 (xeddsa_sign)", keys, _sign_key_group, _sign_upstream_group
    )


# ---------------------------------------------------------------------------------------------
# verify.json


def _verify_group(col: Collector, u: bytes, comment: str) -> vectorfile.VerifyGroup:
    return vectorfile.VerifyGroup(col, "XEdDSAVerify", u, comment, xeddsa_signature_facts)


def _honest_valid_cases(t: vectorfile.VerifyGroup, key: Key, sig: bytes, label: str) -> None:
    """The honest signature of 'abc' and of the empty, long and text messages."""
    kf = key_flags(key)
    t.case("valid signature", MSG_ABC, sig, VALID, ["valid_honest", *kf])
    for name, msg, extra in (
        ("empty", inputs.MSG_EMPTY, ["empty_msg"]),
        ("long", inputs.MSG_LONG, ["long_msg"]),
        ("text", inputs.MSG_TEXT, []),
    ):
        t.case(
            f"valid signature, {name} message",
            msg,
            xsign(key, msg, f"{label}-{name}")[0],
            VALID,
            ["valid_honest", *kf, *extra],
        )


def _s_cases(t: vectorfile.VerifyGroup, sig1: bytes, kf: list[str]) -> None:
    """s replaced by s + multiples of q, 2^253, 2^255, p, -s and special values."""
    R1, s1 = sig1[:32], sc(sig1[32:])
    expect(s1 + Q < 2**253, "s + q must stay below 2^253")
    t.case(
        "s + q: malleable twin (spec accepts)",
        MSG_ABC,
        R1 + le(s1 + Q),
        SPEC_ONLY,
        ["s_plus_q", *kf],
    )
    for mult in (2, 3, 4, 8):
        t.case(
            f"s + {mult}q",
            MSG_ABC,
            R1 + le(s1 + mult * Q),
            INVALID,
            [*kf],
        )
    for comment, value in (
        ("s + 2^253", s1 + 2**253),
        ("s + 2^255 (top bit of s set)", s1 + 2**255),
        ("s - q + 2^256 wrapped: s + p", s1 + P),
    ):
        t.case(comment, MSG_ABC, R1 + le(value), INVALID, [*kf])
    t.case("-s mod q", MSG_ABC, R1 + le((-s1) % Q), INVALID, ["s_special", *kf])
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
        t.case(f"s = {name}", MSG_ABC, R1 + le(value), INVALID, ["s_special", *kf])


def _R_cases(t: vectorfile.VerifyGroup, key: Key, sig1: bytes, kf: list[str]) -> None:
    """Small-order, non-canonical and special R with the honest s; R = identity with s = h a."""
    R1 = sig1[:32]
    for i, R in enumerate(ref.encode(pt) for pt in TORSION):
        t.case(
            f"R = small-order point {i}*T8 with honest s",
            MSG_ABC,
            R + sig1[32:],
            INVALID,
            [*kf],
        )
    for name, R, extra in (
        ("identity, non-canonical y = p + 1", le(P + 1), []),
        (
            "identity with sign bit 1 (x = 0, sign 1)",
            le(1 + 2**255),
            [],
        ),
        ("(0, -1) with sign bit 1", le(P - 1 + 2**255), []),
        ("y = p (non-canonical y = 0)", le(P), []),
        ("all 0xff", b"\xff" * 32, []),
        ("base point", ref.encode(ref.BASE), ["R_special"]),
        ("-R (sign bit of R flipped)", flip(R1, 31, 7), ["R_special", "bitflip_R"]),
    ):
        t.case(f"R = {name}", MSG_ABC, R + sig1[32:], INVALID, [*extra, *kf])
    t.noncanonical_point_cases("R", MSG_ABC, sig1, 2, kf)
    # R = identity with s = h a: the equation holds; only the small-order R rule rejects it
    t.case(
        "R = identity, s = h a (r = 0): equation holds, strict rejects small R",
        MSG_ABC,
        sign_raw(key.A, key.a, MSG_ABC, 0, le(1)),
        SPEC_ONLY,
        [*kf],
    )
    t.case(
        "R = identity encoded as y = p + 1, s = h a: byte comparison rejects",
        MSG_ABC,
        sign_raw(key.A, key.a, MSG_ABC, 0, le(P + 1)),
        INVALID,
        [*kf],
    )


def _bitflip_message_length_cases(t: vectorfile.VerifyGroup, sig1: bytes, kf: list[str]) -> None:
    """One bit of R or s flipped, the message changed, the signature of the wrong length."""
    for byte, bit in ((0, 0), (0, 7), (7, 3), (15, 1), (16, 5), (30, 6), (31, 0), (31, 6)):
        t.case(
            f"R bit {bit} of byte {byte} flipped",
            MSG_ABC,
            flip(sig1, byte, bit),
            INVALID,
            ["bitflip_R", *kf],
        )
    for byte, bit in ((0, 0), (0, 7), (7, 3), (15, 1), (16, 5), (30, 6), (31, 0), (31, 3)):
        t.case(
            f"s bit {bit} of byte {byte} flipped",
            MSG_ABC,
            flip(sig1, 32 + byte, bit),
            INVALID,
            ["bitflip_s", *kf],
        )
    for name, msg in (
        ("a byte appended", MSG_ABC + b"\x00"),
        ("truncated", MSG_ABC[:2]),
        ("one bit flipped", flip(MSG_ABC, 0, 0)),
        ("empty", inputs.MSG_EMPTY),
    ):
        t.case(f"message {name}", msg, sig1, INVALID, ["modified_msg", *kf])
    for name, sig in (
        ("empty", b""),
        ("R only", sig1[:32]),
        ("truncated to 63 bytes", sig1[:63]),
        ("a zero byte appended", sig1 + b"\x00"),
        ("doubled", sig1 + sig1),
    ):
        t.case(f"signature {name}", MSG_ABC, sig, INVALID, [*kf])


def _libsignal_cases(t: vectorfile.VerifyGroup, key: Key, kf: list[str]) -> None:
    """libsignal 'curvesigs' signatures of a sign-bit-1 key: rejected with or without the bit."""
    ls_sig = libsignal_signature(key, MSG_ABC, "xverify-k1-libsignal")
    expect(ls_sig[63] & 0x80 == 0x80, "libsignal sign bit")
    t.case(
        "libsignal format: sign bit of kB in the top bit of s",
        MSG_ABC,
        ls_sig,
        INVALID,
        ["libsignal_sign_bit", *kf],
    )
    t.case(
        "libsignal format with the top bit of s cleared",
        MSG_ABC,
        ls_sig[:63] + bytes([ls_sig[63] & 0x7F]),
        INVALID,
        ["libsignal_sign_bit", *kf],
    )


def _key_sign1_group(col: Collector, k1: Key, sig1: bytes) -> None:
    """The honest key with kB sign bit 1 and every signature-level edge case under it."""
    kf = key_flags(k1)
    t = _verify_group(col, k1.u, f"{k1.label}: X25519 key, kB sign bit 1")
    _honest_valid_cases(t, k1, sig1, "xverify-k1")
    t.case(
        "valid signature, same message and other Z",
        MSG_ABC,
        xsign(k1, MSG_ABC, "xverify-k1-abc-2")[0],
        VALID,
        ["valid_honest", "same_msg_other_Z", *kf],
    )
    _s_cases(t, sig1, kf)
    _R_cases(t, k1, sig1, kf)
    _bitflip_message_length_cases(t, sig1, kf)
    _libsignal_cases(t, k1, kf)


def _key_sign0_group(col: Collector, k2: Key, sig1: bytes) -> None:
    """The honest key with kB sign bit 0: its libsignal-format signature is a rev 1 one."""
    kf = key_flags(k2)
    t = _verify_group(col, k2.u, f"{k2.label}: X25519 key, kB sign bit 0")
    sig2, _ = xsign(k2, MSG_ABC, "xverify-k2-abc")
    _honest_valid_cases(t, k2, sig2, "xverify-k2")
    t.case(
        "s + q: malleable twin (spec accepts)",
        MSG_ABC,
        sig2[:32] + le(sc(sig2[32:]) + Q),
        SPEC_ONLY,
        ["s_plus_q", *kf],
    )
    ls2 = libsignal_signature(k2, MSG_ABC, "xverify-k2-libsignal")
    expect(ls2[63] & 0x80 == 0, "sign bit 0 key")
    t.case(
        "libsignal-format signature of a sign-bit-0 key: also a rev 1 signature",
        MSG_ABC,
        ls2,
        VALID,
        [*kf],
    )
    for byte, bit in ((3, 2), (31, 7)):
        t.case(
            f"R bit {bit} of byte {byte} flipped",
            MSG_ABC,
            flip(sig2, byte, bit),
            INVALID,
            ["bitflip_R", *kf],
        )
    t.case("s bit 0 of byte 12 flipped", MSG_ABC, flip(sig2, 44, 0), INVALID, ["bitflip_s", *kf])
    t.case("signature of k1 under k2", MSG_ABC, sig1, INVALID, [*kf])


def _noncanonical_u_groups(col: Collector, k1: Key, sig1: bytes) -> None:
    """u >= p (bit 255 set, p + 9, p, p + 1, 2^255 - 1) and u = 9, the base point."""
    t = _verify_group(
        col, le(sc(k1.u) | 2**255), f"{k1.label} u with bit 255 set (X25519 masks it)"
    )
    t.case("valid signature for the masked u", MSG_ABC, sig1, INVALID, [])
    base_sig = sign_raw(
        ref.encode(ref.BASE), 1, inputs.MSG_TEXT, sc(derive("base-point-r", 64)) % Q
    )
    t = _verify_group(col, le(9), "u = 9, the base point (Edwards B, private scalar 1)")
    t.case(
        "valid signature under the base point", inputs.MSG_TEXT, base_sig, VALID, ["base_point_key"]
    )
    t = _verify_group(col, le(9 + P), "u = p + 9: non-canonical alias of the base point")
    t.case("signature valid for u = 9", inputs.MSG_TEXT, base_sig, INVALID, [])
    t = _verify_group(col, le(9 + 2**255), "u = 9 + 2^255: top-bit alias of the base point")
    t.case("signature valid for u = 9", inputs.MSG_TEXT, base_sig, INVALID, [])
    for name, u in (("p", P), ("p + 1", P + 1), ("2^255 - 1", 2**255 - 1)):
        t = _verify_group(col, le(u), f"u = {name}")
        t.case("any signature", MSG_ABC, sig1, INVALID, [])
        # forgeries that would work for the reduced u
        reduced = le(u % P)
        A_pt = ref.decode(hazmat.convert_mont(reduced))
        if A_pt is not None and ref.is_small_order(A_pt):
            msg, forged = small_order_forgery(reduced, b"forgery for reduced u, try ")
            t.case(
                "keyless forgery valid for the reduced u",
                msg,
                forged,
                INVALID,
                ["keyless_forgery"],
            )


def _small_order_u_groups(col: Collector, sig1: bytes) -> None:
    """u of small order: keyless forgeries with s = 0 or a mixed-order R."""
    for name, u in (
        ("0", 0),
        ("1", 1),
        ("p - 1", P - 1),
        ("order-8 value 1", ORDER8_US[0]),
        ("order-8 value 2", ORDER8_US[1]),
    ):
        ub = le(u)
        t = _verify_group(col, ub, f"u = {name}: small-order key")
        msg, forged = small_order_forgery(ub, f"forged under u = {name}, try ".encode())
        t.case(
            "keyless forgery: s = 0, R in <A>",
            msg,
            forged,
            SPEC_ONLY,
            ["keyless_forgery"],
        )
        if name in ("0", "order-8 value 1"):
            t.case(
                "keyless forgery with a mixed-order R = sB + T",
                inputs.MSG_TEXT,
                small_order_forgery_mixed_R(ub, inputs.MSG_TEXT, f"mixed-R-{name}"),
                SPEC_ONLY,
                ["keyless_forgery"],
            )
        t.case(
            "honest signature of another key",
            MSG_ABC,
            sig1,
            INVALID,
            [],
        )


def _twist_u_groups(col: Collector, sig1: bytes) -> None:
    """u on the quadratic twist."""
    for i in range(2):
        t = _verify_group(col, find_twist_u(f"twist-{i}"), f"twist u #{i}")
        t.case("a signature of another key", MSG_ABC, sig1, INVALID, [])
    expect(not ref.on_montgomery_curve(2), "u = 2 is a twist point")
    t = _verify_group(col, le(2), "u = 2 (on the twist)")
    t.case("a signature of another key", MSG_ABC, sig1, INVALID, [])


def _mixed_order_u_group(col: Collector, k1: Key) -> None:
    """u of k1's point plus an order-8 point: signatures with and without h = 0 mod 8."""
    mu, mA, ma, mT = mixed_order_key(k1)
    t = _verify_group(col, mu, f"{k1.label} public point plus an order-8 point")

    def mixed_sig(r: int) -> tuple[bytes, int, int]:
        R = ref.encode(ref.mul(r, ref.BASE))
        h = ref.challenge(R, mA, inputs.MSG_TEXT)
        return R, h, (r + h * ma) % Q

    R, h, s = grind_h_mod8(mixed_sig, "mixed-order-grind")
    t.case(
        "signature ground to h = 0 mod 8: torsion cancels (both policies accept)",
        inputs.MSG_TEXT,
        R + le(s),
        VALID,
        [],
    )
    for n in range(64):
        R, h, s = mixed_sig(sc(derive(f"mixed-order-plain-{n}", 64)) % Q)
        if h % 8:
            break
    t.case(
        "signature with h != 0 mod 8: the torsion term remains",
        inputs.MSG_TEXT,
        R + le(s),
        INVALID,
        [],
    )
    msg, sig = mixed_key_small_R(mA, ma, mT)
    t.case(
        "small-order R = -hT with s = h a'",
        msg,
        sig,
        SPEC_ONLY,
        [],
    )


def _wrong_length_u_groups(col: Collector, k1: Key, sig1: bytes) -> None:
    """u of 31 and 33 bytes."""
    for name, short_u in (("31 bytes", k1.u[:31]), ("33 bytes", k1.u + b"\x00")):
        t = _verify_group(col, short_u, f"{k1.label} u, {name}")
        t.case("valid signature for the 32-byte u", MSG_ABC, sig1, INVALID, [])


def _mixed_order_R_group(col: Collector, key: Key) -> None:
    """An honest key and R = rB + T8 with s = r + h a: the cofactored equation holds, the
    cofactorless one does not, so a cofactored verifier (which the JOSE rules forbid) accepts."""
    kf = key_flags(key)
    t = _verify_group(col, key.u, f"{key.label}: X25519 key, kB sign bit {key.sign_bit} (again)")
    # R = rB + T8 with s = r + h a: a cofactored verifier accepts, the cofactorless one rejects
    r = sc(derive("mixed-order-R-r", 64)) % Q
    R_mixed = ref.encode(ref.add(ref.mul(r, ref.BASE), ORDER8))
    sig_mixed = sign_raw(key.A, key.a, MSG_ABC, r, R_mixed)
    expect(cofactored_equation_holds(key.A, MSG_ABC, sig_mixed), "cofactored check of mixed R")
    t.case(
        "mixed-order R = rB + T8 with s = r + h a: only a cofactored verifier accepts",
        MSG_ABC,
        sig_mixed,
        INVALID,
        [*kf],
    )


def xeddsa_verify_file(k1: Key, k2: Key) -> vectorfile.Json:
    col = Collector()
    sig1, _ = xsign(k1, MSG_ABC, "xverify-k1-abc")
    _key_sign1_group(col, k1, sig1)
    _key_sign0_group(col, k2, sig1)
    _noncanonical_u_groups(col, k1, sig1)
    _small_order_u_groups(col, sig1)
    _twist_u_groups(col, sig1)
    _mixed_order_u_group(col, k1)
    _wrong_length_u_groups(col, k1, sig1)
    _mixed_order_R_group(col, k1)
    return vectorfile.verify_file("XEdDSA", "Section 3 (xeddsa_verify)", col)
