"""Curve25519 building-block vectors: ``curve25519/*.json`` (function vectors, one group each)."""

from __future__ import annotations

from test_vectors.tools import ref25519 as ref
from test_vectors.tools.constructions import ORDER8_US, find_twist_u
from test_vectors.tools.facts import elligator_facts, key_facts
from test_vectors.tools.inputs import MSG_ABC, Key, P, derive, expect, hx, le, sc
from test_vectors.tools.vectorfile import (
    FUNCTION_RESULT_NOTE,
    Collector,
    Json,
    finish,
    header,
    key_fields,
)
from xeddsa import hazmat


def convert_mont_file(keys: list[Key]) -> Json:
    col = Collector()
    t = col.group({"type": "ConvertMont"})
    cases: list[tuple[str, bytes, list[str]]] = [
        (f"{key.label} (kB sign bit {key.sign_bit})", key.u, ["x25519_key"]) for key in keys
    ]
    cases += [
        ("u = 9 (base point)", le(9), ["base_point_key"]),
        ("u = 0 (order 2)", le(0), []),
        ("u = 1 (order 4)", le(1), []),
        ("u = p - 1 (inv(0) = 0 gives y = 0)", le(P - 1), []),
        ("order-8 u value 1", le(ORDER8_US[0]), []),
        ("order-8 u value 2", le(ORDER8_US[1]), []),
        ("u = 2 (twist)", le(2), []),
        ("derived twist u", find_twist_u("twist-0"), []),
        ("u = 9 + p (reduced mod p)", le(9 + P), []),
        ("u = p", le(P), []),
        ("u = 2^255 - 1", le(2**255 - 1), []),
        ("u = 9 + 2^255 (bit 255 masked)", le(9 + 2**255), []),
        (f"{keys[0].label} u with bit 255 set", le(sc(keys[0].u) | 2**255), []),
    ]
    for comment, u, flags in cases:
        out = hazmat.convert_mont(u)
        expect(out == ref.convert_mont(u), f"convert_mont disagrees: {comment}")
        A_pt = ref.decode(out)
        fields: Json = {"u": hx(u), "A": hx(out), "onCurve": A_pt is not None}
        t.case(comment, fields, "valid", flags, facts=key_facts(u))
    head = header(
        "convert_mont",
        "Section 2.3 (convert_mont, u_to_y)",
        FUNCTION_RESULT_NOTE,
        signing=False,
        policies=False,
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
        ("d = 0^32 (k = clamp(d) = 2^254)", Key("zero", bytes(32)), ["clamping_edge"]),
        ("d = ff^32 (k = clamp(d) = 2^255 - 8)", Key("ones", b"\xff" * 32), ["clamping_edge"]),
    ]
    entries = [(f"{key.label}", key, ["x25519_key"]) for key in keys] + extra_keys
    for comment, key, flags in entries:
        t.case(
            f"{comment} (kB sign bit {key.sign_bit})",
            key_fields(key),
            "valid",
            [*flags, f"kB_sign_bit_{key.sign_bit}"],
        )
    head = header(
        "calculate_key_pair",
        "Section 2.3 (calculate_key_pair)",
        FUNCTION_RESULT_NOTE,
        signing=False,
        policies=False,
    )
    head["note"] = (
        "d is the input (32 private-key octets as stored), k = clamp(d) (RFC 7748 "
        "decodeScalar25519) the scalar calculate_key_pair(k) takes; u is the X25519 public key of "
        "d; A has sign bit 0; a = k mod q if kB has sign bit 0, else -k mod q."
    )
    return finish(head, col)


def elligator2_file() -> Json:
    col = Collector()
    t = col.group({"type": "Elligator2"})
    cases: list[tuple[str, bytes, list[str]]] = [
        ("r = 0", le(0), ["r_special"]),
        ("r = 1", le(1), ["r_special"]),
        ("r = p - 1", le(P - 1), ["r_special"]),
        ("r = p (reduces to 0)", le(P), []),
        ("r = 2^255 - 1", le(2**255 - 1), []),
        ("r = 1 + 2^255 (bit 255 ignored)", le(1 + 2**255), []),
    ]
    cases.append(
        (
            "r = bytes 00..1f (libsignal-protocol-c elligator vector input)",
            bytes(range(32)),
            ["upstream_inputs"],
        )
    )
    cases += [(f"derived r #{i}", derive(f"elligator2-{i}"), []) for i in range(8)]
    for comment, r, flags in cases:
        u = hazmat.elligator2(r)
        expect(u == ref.elligator2(r), f"elligator2 disagrees: {comment}")
        t.case(comment, {"r": hx(r), "u": hx(u)}, "valid", flags, facts=elligator_facts(r))
    head = header(
        "elligator2",
        "Section 2.6 (elligator2)",
        FUNCTION_RESULT_NOTE,
        signing=False,
        policies=False,
    )
    head["note"] = "r is read as an integer mod 2^255 (bit 255 ignored), then reduced mod p."
    return finish(head, col)


def hash_to_point_file(keys: list[Key]) -> Json:
    col = Collector()
    t = col.group({"type": "HashToPoint"})
    cases: list[tuple[str, bytes]] = [("empty input", b""), ("'abc'", b"abc")]
    cases += [(f"A || 'abc' for {key.label} (the VXEdDSA Bv)", key.A + MSG_ABC) for key in keys]
    cases += [(f"derived input #{i}", derive(f"hash-to-point-{i}", 64)) for i in range(6)]
    for comment, data in cases:
        pt = hazmat.hash_to_point(data)
        expect(pt == ref.hash_to_point(data), f"hash_to_point disagrees: {comment}")
        h = ref.hash_i(2, data)
        t.case(comment, {"input": hx(data), "hash2": hx(h), "point": hx(pt)}, "valid", [])
    head = header(
        "hash_to_point",
        "Section 2.6 (hash_to_point)",
        FUNCTION_RESULT_NOTE,
        signing=False,
        policies=False,
    )
    head["note"] = (
        "point = c * P where P.y = u_to_y(elligator2(hash2 mod 2^255)) and P.s = bit 255 of "
        "hash2; equals libsodium crypto_core_ed25519_from_uniform(hash2[:32])."
    )
    return finish(head, col)
