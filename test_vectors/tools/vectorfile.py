"""The shape of a published vector file: header, flag notes, groups of cases with tcIds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from test_vectors.tools import ref25519 as ref
from test_vectors.tools.inputs import Key, expect, hx, le

GENERATOR: Final = {"path": "test_vectors/tools/generate.py", "version": "1.0.0"}
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
KEY_IMPORT_NOTE: Final = (
    "keyImport (per group) is the verdict of the public-key checks of the JOSE draft and of "
    "xeddsa.PublicKey.from_public_bytes: 32 bytes, u < p, on the curve, not of small order, and "
    "in the prime-order subgroup. A signature is valid under the draft only if keyImport and "
    "the strict result are both valid; strict alone is the signature-level check, which accepts "
    "a mixed-order u with a ground signature."
)

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


class Group:
    """One test group: its cases take the next tcIds of the file."""

    def __init__(self, collector: Collector, tests: list[Json]) -> None:
        self._collector = collector
        self.tests = tests

    def case(self, comment: str, fields: Json, result: Any, flags: Iterable[str]) -> Json:
        """Append a case (tcId, comment, fields, result, sorted flags) and return it."""
        flag_list = sorted(set(flags))
        for flag in flag_list:
            expect(flag in FLAG_NOTES, f"undocumented flag {flag}")
        entry: Json = {
            "tcId": self._collector.next_id,
            "comment": comment,
            **fields,
            "result": result,
            "flags": flag_list,
        }
        self._collector.next_id += 1
        self.tests.append(entry)
        return entry


class Collector:
    """The groups of one file, with sequential tcIds across groups."""

    def __init__(self) -> None:
        self.groups: list[Json] = []
        self.next_id = 1

    def group(self, fields: Json) -> Group:
        """Open a new group with the given group-level fields."""
        tests: list[Json] = []
        self.groups.append({**fields, "tests": tests})
        return Group(self, tests)

    def count(self) -> int:
        return self.next_id - 1

    def used_flags(self) -> list[str]:
        return sorted({f for g in self.groups for t in g["tests"] for f in t["flags"]})


def header(algorithm: str, spec_section: str, *, signing: bool, policies: bool) -> Json:
    """The header fields of a file, before numberOfTests."""
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
    """The whole file: header, numberOfTests, the notes of the flags used, testGroups."""
    return {
        **head,
        "numberOfTests": col.count(),
        "notes": {flag: FLAG_NOTES[flag] for flag in col.used_flags()},
        "testGroups": col.groups,
    }


def key_flags(key: Key) -> list[str]:
    """The descriptive flag of a key's kB sign bit."""
    return [f"kB_sign_bit_{key.sign_bit}"]


def key_fields(key: Key) -> Json:
    """The private-key fields (k, clamped k, u, A, a, kB sign bit) in the order of the signing
    groups; every file that records a private key uses this one dict."""
    return {
        "keyLabel": key.label,
        "k": hx(key.k),
        "kClamped": hx(le(ref.clamp(key.k))),
        "a": hx(le(key.a)),
        "A": hx(key.A),
        "u": hx(key.u),
        "kBSignBit": key.sign_bit,
    }
