"""The shape of a published vector file: header, flag notes, groups of cases with tcIds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from test_vectors.tools import ref25519 as ref
from test_vectors.tools.constructions import key_import, noncanonical_decodable_y
from test_vectors.tools.facts import FACT_FLAGS, key_facts
from test_vectors.tools.inputs import Key, P, expect, hx, le

GENERATOR: Final = {"path": "test_vectors/tools/generate.py", "version": "3.0.0"}
SPEC: Final = "The XEdDSA and VXEdDSA Signature Schemes, Revision 1 (T. Perrin, 2016-10-20)"
SOURCE: Final = "native: constructed by test_vectors/tools/generate.py from fixed labels"
POLICIES: Final = ["strict", "spec"]
STRICT_NOTE: Final = (
    "the rule of the JOSE algorithms XEd25519 and VXEd25519 at signature level: {checks}; "
    "cofactorless equation with byte comparison. The prime-order subgroup check of the key is "
    "not part of it (see keyImport)"
)
POLICY_NOTES: Final = {
    "XEdDSA": {
        "strict": STRICT_NOTE.format(
            checks="u < p (no masking), A on the curve and not of small order, s < q, R not of "
            "small order"
        ),
        "spec": "the literal revision 1 checks: u < p, A on the curve, s < 2^253",
    },
    "VXEdDSA": {
        "strict": STRICT_NOTE.format(
            checks="u < p (no masking), A on the curve and not of small order, h < q, s < q, "
            "V canonical, on the curve and not of small order, Bv not the identity"
        ),
        "spec": "the literal revision 1 checks: u < p, A on the curve, cA != I, V on the curve, "
        "cV != I, Bv != I, h < 2^253, s < 2^253",
    },
}
ENCODING: Final = (
    "byte strings are lower-case hex; d is the 32 private-key octets as stored (not necessarily "
    "clamped; a JWK's d in hex) and k = clamp(d) the private scalar (RFC 7748 decodeScalar25519); "
    "integers (d, k, a, u, r, h, s) are 32-byte "
    "little-endian (RFC 7748 / RFC 8032 convention); points (A, R, V, point) are 32-byte "
    "RFC 8032 encodings: little-endian y with the sign of x in bit 255"
)
KEY_IMPORT_NOTE: Final = (
    "keyImport (per group) is the verdict of the public-key checks of the JOSE algorithms: "
    "32 bytes, u < p, on the curve, not of small order, and in the prime-order subgroup. "
    "policyResults.strict is the signature-level verdict of those algorithms, which accepts "
    "a mixed-order u with a ground signature; policyResults.spec the literal revision 1 verdict."
)
VERIFY_RESULT_NOTE: Final = (
    "result is the final verdict under the JOSE algorithms' rules: valid iff keyImport is valid "
    "and policyResults.strict is valid"
)
A_NOTE: Final = (
    "A = convert_mont(u) is present exactly when u is 32 bytes and u < p (the inputs that "
    "verification converts); it is not a curve point when u is on the twist (flag twist_u)"
)

Json = dict[str, Any]
Result = dict[str, str]

#: Signature-level verdicts per policy (policyResults).
VALID: Final[Result] = {"strict": "valid", "spec": "valid"}
INVALID: Final[Result] = {"strict": "invalid", "spec": "invalid"}
SPEC_ONLY: Final[Result] = {"strict": "invalid", "spec": "valid"}

FLAG_NOTES: Final[dict[str, str]] = {
    "valid_honest": "an honest signature from the signing algorithm",
    "kB_sign_bit_1": "the key's kB has sign bit 1, so the signer negates the scalar (a = -k)",
    "kB_sign_bit_0": "the key's kB has sign bit 0 (a = k)",
    "unclamped_d": "the case's own private-key octets d are not clamped (bits 0-2 and 255 set, "
    "bit 254 clear); signing clamps them first, to the group's k",
    "empty_msg": "the message is empty",
    "long_msg": "a long message (1000 bytes)",
    "same_msg_other_Z": "the same message signed again with another Z",
    "u_ge_p": "u is not below p: a non-canonical alias of a field element (strict and spec reject)",
    "u_top_bit": "bit 255 of u is set; X25519 would mask it, XEdDSA rejects it (u >= p)",
    "twist_u": "u < p is on the quadratic twist, not on Curve25519 (u = p - 1 included: it "
    "is a twist point, yet convert_mont(p - 1) decodes to a point of order 4 because inv(0) = 0)",
    "low_order_A": "the converted key A has small order (u in {0, 1, p-1, order-8 values})",
    "mixed_order_A": "A has a torsion component (A = aB + T, T of order 8)",
    "wrong_length_u": "u is not 32 bytes",
    "s_ge_q": "s >= q (strict rejects; spec accepts when s < 2^253 and the equation holds)",
    "s_plus_q": "s replaced by s + q: the malleable twin of a valid signature",
    "s_ge_2_253": "s >= 2^253 (both policies reject)",
    "s_special": "s is a special value (0, 1, q-1, q, 2^252, ...)",
    "h_ge_q": "the VXEdDSA h is replaced by h + q or another value >= q",
    "h_ge_2_253": "the VXEdDSA h is >= 2^253 (both policies reject)",
    "h_special": "the VXEdDSA h is a special value",
    "low_order_R": "R has small order (including the identity)",
    "mixed_order_R": "R has a torsion component (R = rB + T, T of order 8): a cofactored "
    "verifier accepts such a signature, the cofactorless equation rejects it",
    "R_not_on_curve": "R does not decode to a curve point",
    "noncanonical_R": "R is a non-canonical encoding (y >= p, or x = 0 with sign bit 1)",
    "R_special": "R is a special encoding (base point, negated R, all 0xff, ...)",
    "keyless_forgery": "a forgery made without the private key, possible only under a "
    "small-order or torsioned key",
    "libsignal_sign_bit": "libsignal 'curvesigs' format: the sign bit of kB travels in the top "
    "bit of s (only the libsignal policy, not tested here, accepts it)",
    "noncanonical_V": "V is a non-canonical encoding (y >= p, or x = 0 with sign bit 1)",
    "torsion_V": "V has a torsion component added (V' = V + T); the VRF output is unchanged",
    "low_order_V": "V has small order",
    "mixed_order_V": "V has a torsion component (neither small order nor in the prime-order "
    "subgroup)",
    "V_not_on_curve": "V does not decode to a curve point",
    "bitflip_R": "one bit of R flipped",
    "bitflip_s": "one bit of s flipped",
    "bitflip_V": "one bit of V flipped",
    "bitflip_h": "one bit of h flipped",
    "modified_msg": "the message differs from the signed one",
    "wrong_length": "the signature has the wrong length",
    "base_point_key": "u = 9, the base point (private scalar 1; constructed, not a clamped key)",
    "x25519_key": "an X25519 key from calculate_key_pair",
    "small_order_u": "u < p is the u-coordinate of a point of order dividing 8 on the curve or "
    "its twist ([8]u is the point at infinity)",
    "r_special": "a special Elligator 2 input",
    "r_top_bit": "bit 255 of the Elligator 2 input is set (ignored by the map)",
    "r_ge_p": "the Elligator 2 input is >= p after masking bit 255",
    "clamping_edge": "private-key octets d at the edge of clamping (all zero or all one bits)",
    "upstream_inputs": "inputs taken from an upstream known-answer test (see the comment)",
    "alg_confusion": "the JWS, the key or the verifier's configuration pairs an X25519 key with "
    "EdDSA/Ed25519, or an Ed25519 key with XEd25519/VXEd25519",
    "jwk_alg_mismatch": "the JWK's alg names another algorithm than the JWS",
    "jwk_use_mismatch": "the JWK's use is not sig",
    "jwk_key_ops_mismatch": "the JWK's key_ops does not contain the operation",
    "jwk_restricted": "the JWK carries use, key_ops or alg that allow the operation",
    "alg_unprotected": "alg appears only in the unprotected header (JWS JSON Serialization)",
    "json_serialization": "the JWS is given in the flattened JWS JSON Serialization",
    "padded_signature": "the signature segment carries base64 padding",
    "nonzero_trailing_bits": "the unused trailing bits of the signature segment are not zero",
    "crit": "the protected header uses crit or b64 (RFC 7515 section 4.1.11, RFC 7797)",
    "fixed_protected_header": "the verifier requires the protected header to equal fixed octets "
    "(fixedProtected), the rule for one VRF output per message",
    "wrong_crv": "the JWK's crv is not X25519",
}


class Group:
    """One test group: its cases take the next tcIds of the file."""

    def __init__(self, collector: Collector, tests: list[Json]) -> None:
        self._collector = collector
        self.tests = tests

    def case(
        self,
        comment: str,
        fields: Json,
        result: str,
        flags: Iterable[str],
        *,
        facts: Iterable[str] = (),
        policy_results: Result | None = None,
    ) -> Json:
        """Append a case and return it: tcId, comment, fields, result, policyResults (verify
        files), flags (the descriptive ``flags`` and the computed ``facts``, sorted)."""
        described, computed = set(flags), set(facts)
        expect(not described & FACT_FLAGS, f"fact flags set by hand: {described & FACT_FLAGS}")
        expect(computed <= FACT_FLAGS, f"not fact flags: {computed - FACT_FLAGS}")
        expect(result in ("valid", "invalid"), f"result {result!r}")
        flag_list = sorted(described | computed)
        for flag in flag_list:
            expect(flag in FLAG_NOTES, f"undocumented flag {flag}")
        entry: Json = {"tcId": self._collector.next_id, "comment": comment, **fields}
        entry["result"] = result
        if policy_results is not None:
            entry["policyResults"] = dict(policy_results)
        entry["flags"] = flag_list
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


def header(
    algorithm: str, spec_section: str, result_note: str, *, signing: bool, policies: bool
) -> Json:
    """The header fields of a file, before numberOfTests."""
    out: Json = {
        "algorithm": algorithm,
        "spec": f"{SPEC}, {spec_section}",
        "source": SOURCE,
        "encoding": ENCODING,
        "convention": "rev1-sign-bit-0",
    }
    if signing:
        out["nonce_scalar"] = "spec"
    out["generator"] = dict(GENERATOR)
    out["resultNote"] = result_note
    if policies:
        out["policies"] = list(POLICIES)
        out["policyNotes"] = dict(POLICY_NOTES[algorithm])
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
    """The private-key fields (d, k = clamp(d), a, A, u, kB sign bit) in the order of the signing
    groups; every file that records a private key uses this one dict. Both d and k are always
    given, also when d is already clamped (then k = d)."""
    return {
        "keyLabel": key.label,
        "d": hx(key.d),
        "k": hx(key.k),
        "a": hx(le(key.a)),
        "A": hx(key.A),
        "u": hx(key.u),
        "kBSignBit": key.sign_bit,
    }


SIGN_RESULT_NOTE: Final = (
    "every case is an honest signature: result is valid under both policies and the signature "
    "must be reproduced byte for byte from d (the case's own d when given), msg and Z"
)
FUNCTION_RESULT_NOTE: Final = (
    "function vectors: result is always valid; the output fields must be reproduced exactly"
)


def final_result(key_import_verdict: str, policy_results: Result) -> str:
    """The final verdict of a verify case: key import and the strict signature-level checks."""
    ok = key_import_verdict == "valid" and policy_results["strict"] == "valid"
    return "valid" if ok else "invalid"


def verify_key_fields(u: bytes, key_import_verdict: str) -> Json:
    """The key fields of a verify group: u, A by the one rule of A_NOTE, keyImport."""
    out: Json = {"u": hx(u)}
    if len(u) == 32 and int.from_bytes(u, "little") < ref.P:
        out["A"] = hx(ref.convert_mont(u))
    out["keyImport"] = key_import_verdict
    return out


class VerifyGroup:
    """A group of a verify file (one u): cases are (msg, sig, verdict per policy, flags, and for
    VXEdDSA the VRF output); the final result and the fact flags are derived here."""

    def __init__(
        self,
        col: Collector,
        group_type: str,
        u: bytes,
        comment: str,
        signature_facts: Callable[[bytes], set[str]],
    ) -> None:
        self.u = u
        self.key_import = key_import(u)
        self.signature_facts = signature_facts
        self.with_vrf = group_type == "VXEdDSAVerify"
        self.group = col.group(
            {"type": group_type, **verify_key_fields(u, self.key_import), "keyComment": comment}
        )

    def case(
        self,
        comment: str,
        msg: bytes,
        sig: bytes,
        policy_results: Result,
        flags: Iterable[str],
        vrf: bytes | None = None,
    ) -> None:
        """A case; for VXEdDSA ``vrf`` is given exactly when some policy accepts."""
        accepted = "valid" in policy_results.values()
        expect((vrf is not None) == (self.with_vrf and accepted), f"vrf of {comment}")
        fields: Json = {"msg": hx(msg), "sig": hx(sig)}
        if vrf is not None:
            fields["vrf"] = hx(vrf)
        self.group.case(
            comment,
            fields,
            final_result(self.key_import, policy_results),
            flags,
            facts=key_facts(self.u) | self.signature_facts(sig),
            policy_results=policy_results,
        )

    def noncanonical_point_cases(
        self, point: str, msg: bytes, sig: bytes, count: int, flags: list[str]
    ) -> None:
        """``sig`` with its first point (R or V) replaced by y0 + p for the first ``count``
        decodable y0: every policy rejects the non-canonical encoding."""
        for y0 in noncanonical_decodable_y()[:count]:
            self.case(
                f"{point} = y0 + p for y0 = {y0}: non-canonical, decodable, not small order",
                msg,
                le(P + y0) + sig[32:],
                INVALID,
                [*flags],
            )


def signing_file(
    algorithm: str,
    spec_section: str,
    keys: Iterable[Key],
    key_group: Callable[[Collector, Key], None],
    upstream_groups: Callable[[Collector], None],
) -> Json:
    """A whole sign file of ``algorithm`` (XEdDSA or VXEdDSA): ``key_group`` adds each key's
    group, then ``upstream_groups`` the groups on other implementations' inputs."""
    col = Collector()
    for key in keys:
        key_group(col, key)
    upstream_groups(col)
    head = header(algorithm, spec_section, SIGN_RESULT_NOTE, signing=True, policies=True)
    return finish(head, col)


def verify_file(algorithm: str, spec_section: str, col: Collector) -> Json:
    """A whole verify file of ``algorithm``, with the notes on keyImport and on A."""
    head = header(algorithm, spec_section, VERIFY_RESULT_NOTE, signing=True, policies=True)
    head["keyImportNote"] = KEY_IMPORT_NOTE
    head["ANote"] = A_NOTE
    return finish(head, col)
