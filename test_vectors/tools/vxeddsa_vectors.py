"""VXEdDSA vectors: ``vxeddsa25519/sign.json`` and ``vxeddsa25519/verify.json``.

One function per group of cases; each verify group is one public key u.
"""

from __future__ import annotations

from collections.abc import Iterable

from test_vectors.tools import inputs, vectorfile
from test_vectors.tools import ref25519 as ref
from test_vectors.tools.constructions import (
    ORDER8,
    TORSION,
    find_twist_u,
    first_y_off_curve,
    grind_h_mod8,
    mixed_order_key,
    vrf_output,
    vsign,
    vxeddsa_raw,
)
from test_vectors.tools.facts import vxeddsa_signature_facts
from test_vectors.tools.inputs import MSG_ABC, Key, P, Q, derive, expect, flip, hx, le, sc
from test_vectors.tools.vectorfile import INVALID, SPEC_ONLY, VALID, Collector, Group, key_flags
from xeddsa import hazmat

# ---------------------------------------------------------------------------------------------
# sign.json


def _sign_case(
    group: Group, comment: str, msg: bytes, z: bytes, sig: bytes, v: bytes, flags: Iterable[str]
) -> None:
    """A signing case: inputs, the signature V || h || s, its three parts and the VRF output."""
    expect(vrf_output(sig[:32]) == v, "VRF output disagrees with the reference")
    fields: vectorfile.Json = {
        "msg": hx(msg),
        "Z": hx(z),
        "sig": hx(sig),
        "V": hx(sig[:32]),
        "h": hx(sig[32:64]),
        "s": hx(sig[64:]),
        "vrf": hx(v),
    }
    group.case(comment, fields, "valid", flags)


def _sign_key_group(col: Collector, key: Key) -> None:
    """Honest proofs by one key: three messages and 'abc' again with another Z."""
    group = col.group({"type": "VXEdDSASign", **vectorfile.key_fields(key)})
    for name, msg, extra in (
        ("abc", MSG_ABC, []),
        ("empty", inputs.MSG_EMPTY, ["empty_msg"]),
        ("long", inputs.MSG_LONG, ["long_msg"]),
    ):
        sig, v, z = vsign(key, msg, f"vsign-{key.label}-{name}")
        _sign_case(
            group, f"sign {name} message", msg, z, sig, v, ["valid_honest", *key_flags(key), *extra]
        )
    sig, v, z = vsign(key, MSG_ABC, f"vsign-{key.label}-abc-again")
    _sign_case(
        group,
        "same message, other Z: same V and VRF output, other h and s",
        MSG_ABC,
        z,
        sig,
        v,
        ["valid_honest", "same_msg_other_Z", *key_flags(key)],
    )


def _sign_upstream_groups(col: Collector) -> None:
    """The inputs of libsignal-protocol-c's vxeddsa_fast_test and of the rev-1 VRF test."""
    for up, msg, z, comment in (
        (
            Key("upstream-c-fast-test", inputs.UPSTREAM_D),
            inputs.UPSTREAM_MSG,
            inputs.UPSTREAM_Z,
            "inputs of libsignal-protocol-c vxeddsa_fast_test (200 zero bytes, Z = 0)",
        ),
        (
            Key("upstream-unique", inputs.UPSTREAM_VRF_D),
            inputs.UPSTREAM_VRF_MSG,
            derive("vsign-unique", 64),
            "key and message of libsignal's rev-1 VRF uniqueness test, our own Z",
        ),
    ):
        group = col.group({"type": "VXEdDSASign", **vectorfile.key_fields(up)})
        sig, v = hazmat.vxeddsa_sign(up.d, msg, z)
        _sign_case(
            group, comment, msg, z, sig, v, ["valid_honest", "upstream_inputs", *key_flags(up)]
        )


def vxeddsa_sign_file(keys: list[Key]) -> vectorfile.Json:
    return vectorfile.signing_file(
        "VXEdDSA", "Section 4 (vxeddsa_sign)", keys, _sign_key_group, _sign_upstream_groups
    )


# ---------------------------------------------------------------------------------------------
# verify.json


def _verify_group(col: Collector, u: bytes, comment: str) -> vectorfile.VerifyGroup:
    return vectorfile.VerifyGroup(col, "VXEdDSAVerify", u, comment, vxeddsa_signature_facts)


def _h_s_cases(t: vectorfile.VerifyGroup, sig1: bytes, v1: bytes, kf: list[str]) -> None:
    """h and s replaced by values >= q or special values."""
    V1, h1, s1 = sig1[:32], sc(sig1[32:64]), sc(sig1[64:])
    expect(s1 + Q < 2**253 and h1 + Q < 2**253, "h, s + q below 2^253")
    t.case(
        "s + q: malleable twin with the same VRF output (spec accepts)",
        MSG_ABC,
        V1 + le(h1) + le(s1 + Q),
        SPEC_ONLY,
        ["s_plus_q", *kf],
        v1,
    )
    t.case("s + 2q", MSG_ABC, V1 + le(h1) + le(s1 + 2 * Q), INVALID, [*kf])
    t.case(
        "h + q: the recomputed h is reduced, so bytes differ",
        MSG_ABC,
        V1 + le(h1 + Q) + le(s1),
        INVALID,
        [*kf],
    )
    t.case("h + 2q", MSG_ABC, V1 + le(h1 + 2 * Q) + le(s1), INVALID, [*kf])
    t.case(
        "h = 2^255 + h (top bit of h set)",
        MSG_ABC,
        V1 + le(h1 + 2**255) + le(s1),
        INVALID,
        [*kf],
    )
    for name, value in (("0", 0), ("q", Q)):
        t.case(f"h = {name}", MSG_ABC, V1 + le(value) + le(s1), INVALID, ["h_special", *kf])
        t.case(f"s = {name}", MSG_ABC, V1 + le(h1) + le(value), INVALID, ["s_special", *kf])


def _V_cases(t: vectorfile.VerifyGroup, k1: Key, sig1: bytes, v1: bytes, kf: list[str]) -> None:
    """Torsioned, small-order, non-canonical and off-curve V."""
    # torsioned V: V' = V + T with h ground to 0 mod 8 verifies and gives the same output
    V_pt = ref.decode(sig1[:32])
    assert V_pt is not None
    Vt = ref.encode(ref.add(V_pt, ORDER8))
    Vt_, ht, st = grind_h_mod8(lambda r: vxeddsa_raw(k1.A, k1.a, MSG_ABC, r, Vt), "torsion-V")
    expect(vrf_output(Vt_) == v1, "torsioned V keeps the output")
    t.case(
        "V' = V + T8, proof ground so that h = 0 mod 8: same VRF output, another proof",
        MSG_ABC,
        Vt + le(ht) + le(st),
        VALID,
        ["torsion_V", *kf],
        v1,
    )
    t.case(
        "V' = V + T8 with the honest h and s", MSG_ABC, Vt + sig1[32:], INVALID, ["torsion_V", *kf]
    )
    for i in (0, 1, 2, 4):
        t.case(
            f"V = small-order point {i}*T8",
            MSG_ABC,
            ref.encode(TORSION[i]) + sig1[32:],
            INVALID,
            [*kf],
        )
    for name, V in (
        ("identity, y = p + 1", le(P + 1)),
        ("identity with sign bit 1", le(1 + 2**255)),
        ("(0, -1) with sign bit 1", le(P - 1 + 2**255)),
        ("y = p", le(P)),
    ):
        t.case(f"V = {name}", MSG_ABC, V + sig1[32:], INVALID, [*kf])
    t.noncanonical_point_cases("V", MSG_ABC, sig1, 1, kf)
    y = first_y_off_curve()
    t.case(
        f"V with y = {y}: not on the curve",
        MSG_ABC,
        le(y) + sig1[32:],
        INVALID,
        [*kf],
    )


def _bitflip_message_length_cases(t: vectorfile.VerifyGroup, sig1: bytes, kf: list[str]) -> None:
    """One bit of V, h or s flipped, the message changed, the signature of the wrong length."""
    for part, offset, flag in (
        ("V", 0, "bitflip_V"),
        ("h", 32, "bitflip_h"),
        ("s", 64, "bitflip_s"),
    ):
        for byte, bit in ((0, 0), (17, 4), (31, 6)):
            t.case(
                f"{part} bit {bit} of byte {byte} flipped",
                MSG_ABC,
                flip(sig1, offset + byte, bit),
                INVALID,
                [flag, *kf],
            )
    for name, msg in (
        ("a byte appended", MSG_ABC + b"\x00"),
        ("one bit flipped", flip(MSG_ABC, 2, 1)),
    ):
        t.case(f"message {name}", msg, sig1, INVALID, ["modified_msg", *kf])
    for name, sig in (
        ("95 bytes", sig1[:95]),
        ("97 bytes", sig1 + b"\x00"),
        ("64 bytes (XEdDSA size)", sig1[:64]),
    ):
        t.case(f"signature of {name}", MSG_ABC, sig, INVALID, [*kf])


def _key_sign1_group(col: Collector, k1: Key, sig1: bytes, v1: bytes) -> None:
    """The honest key with kB sign bit 1 and every proof-level edge case under it."""
    kf = key_flags(k1)
    t = _verify_group(col, k1.u, f"{k1.label}: X25519 key, kB sign bit 1")
    t.case("valid signature", MSG_ABC, sig1, VALID, ["valid_honest", *kf], v1)
    for name, msg, extra in (
        ("empty", inputs.MSG_EMPTY, ["empty_msg"]),
        ("long", inputs.MSG_LONG, ["long_msg"]),
    ):
        sig, v, _ = vsign(k1, msg, f"vverify-k1-{name}")
        t.case(
            f"valid signature, {name} message", msg, sig, VALID, ["valid_honest", *kf, *extra], v
        )
    sig, v, _ = vsign(k1, MSG_ABC, "vverify-k1-abc-2")
    expect(v == v1 and sig[:32] == sig1[:32] and sig != sig1, "Z-independence of V and v")
    t.case(
        "same message, other Z: same V and VRF output",
        MSG_ABC,
        sig,
        VALID,
        ["valid_honest", "same_msg_other_Z", *kf],
        v,
    )
    _h_s_cases(t, sig1, v1, kf)
    _V_cases(t, k1, sig1, v1, kf)
    _bitflip_message_length_cases(t, sig1, kf)


def _key_sign0_group(col: Collector, k2: Key, sig1: bytes) -> None:
    """The honest key with kB sign bit 0."""
    kf = key_flags(k2)
    t = _verify_group(col, k2.u, f"{k2.label}: X25519 key, kB sign bit 0")
    sig2, v2, _ = vsign(k2, MSG_ABC, "vverify-k2-abc")
    t.case("valid signature", MSG_ABC, sig2, VALID, ["valid_honest", *kf], v2)
    t.case(
        "s + q (spec accepts)",
        MSG_ABC,
        sig2[:64] + le(sc(sig2[64:]) + Q),
        SPEC_ONLY,
        ["s_plus_q", *kf],
        v2,
    )
    t.case("signature of k1 under k2", MSG_ABC, sig1, INVALID, [*kf])


def _bad_u_groups(col: Collector, k1: Key, sig1: bytes) -> None:
    """u that fails the key checks: u >= p, twist, small order, wrong length."""
    for u, comment in (
        (le(sc(k1.u) | 2**255), f"{k1.label} u with bit 255 set"),
        (le(P + 1), "u = p + 1"),
        (find_twist_u("twist-0"), "twist u"),
        (le(0), "u = 0"),
        (le(1), "u = 1"),
        (ref.u_of_point(ORDER8), "order-8 u"),
        (k1.u[:31], f"{k1.label} u, 31 bytes"),
    ):
        t = _verify_group(col, u, comment)
        t.case(f"valid signature of {k1.label}", MSG_ABC, sig1, INVALID, [])


def _mixed_order_u_group(col: Collector, k1: Key) -> None:
    """u of k1's point plus an order-8 point: proofs with and without h = 0 mod 8."""
    mu, mA, ma, _ = mixed_order_key(k1)
    t = _verify_group(col, mu, f"{k1.label} public point plus an order-8 point")
    V, h, s = grind_h_mod8(lambda r: vxeddsa_raw(mA, ma, inputs.MSG_TEXT, r), "vx-mixed-grind")
    t.case(
        "proof ground to h = 0 mod 8 (both policies accept)",
        inputs.MSG_TEXT,
        V + le(h) + le(s),
        VALID,
        [],
        vrf_output(V),
    )
    for n in range(64):
        V, h, s = vxeddsa_raw(mA, ma, inputs.MSG_TEXT, sc(derive(f"vx-mixed-plain-{n}", 64)) % Q)
        if h % 8:
            break
    t.case("proof with h != 0 mod 8", inputs.MSG_TEXT, V + le(h) + le(s), INVALID, [])


def vxeddsa_verify_file(k1: Key, k2: Key) -> vectorfile.Json:
    col = Collector()
    sig1, v1, _ = vsign(k1, MSG_ABC, "vverify-k1-abc")
    _key_sign1_group(col, k1, sig1, v1)
    _key_sign0_group(col, k2, sig1)
    _bad_u_groups(col, k1, sig1)
    _mixed_order_u_group(col, k1)
    return vectorfile.verify_file("VXEdDSA", "Section 4 (vxeddsa_verify)", col)
