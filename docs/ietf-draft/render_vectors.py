"""Render the test-vector appendix of the Internet-Draft from ``test_vectors/``.

The appendix text between the two marker comments of the draft is generated here and nowhere
else::

    python docs/ietf-draft/render_vectors.py            # rewrite the appendix in place
    python docs/ietf-draft/render_vectors.py --check    # CI: exit 1 if draft and vectors differ

Only the published JSON files are read; nothing is recomputed, so the appendix shows exactly the
bytes that ``tests/test_vectors_published/`` verifies on both backends.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

HERE: Final = Path(__file__).resolve().parent
REPO_ROOT: Final = HERE.parent.parent
VECTORS: Final = REPO_ROOT / "test_vectors"
DRAFT: Final = HERE / "draft-doe-jose-xeddsa-01.xml"
BEGIN: Final = "<!-- BEGIN GENERATED TEST VECTORS (docs/ietf-draft/render_vectors.py) -->"
END: Final = "<!-- END GENERATED TEST VECTORS -->"
WIDTH: Final = 64

Json = dict[str, Any]
Pair = tuple[Json, Json]


def load(rel: str) -> Json:
    """Parse one vector file."""
    with (VECTORS / rel).open(encoding="ascii") as fh:
        data: Json = json.load(fh)
    return data


def pairs(rel: str) -> list[Pair]:
    """(group, case) pairs of a vector file."""
    return [(g, c) for g in load(rel)["testGroups"] for c in g["tests"]]


def wrap(text: str, width: int = WIDTH, indent: str = "  ") -> list[str]:
    """Split ``text`` into lines of at most ``width`` characters."""
    if not text:
        return [f"{indent}(empty)"]
    return [indent + text[i : i + width] for i in range(0, len(text), width)]


def field(label: str, value: str) -> list[str]:
    """A labelled, wrapped value."""
    return [f"{label}:", *wrap(value)]


def sourcecode(lines: list[str], kind: str | None = None) -> str:
    """A <sourcecode> element holding ``lines`` verbatim."""
    for line in lines:
        if len(line) > 69 or "]]>" in line:
            raise ValueError(f"line unsuitable for the draft: {line!r}")
    attr = f' type="{kind}"' if kind else ""
    body = "\n".join(lines)
    return f"<sourcecode{attr}><![CDATA[\n{body}\n]]></sourcecode>"


def text(paragraph: str) -> str:
    """A <t> element; ``paragraph`` must already be XML-safe."""
    return f"<t>{paragraph}</t>"


def section(anchor: str, title: str, parts: list[str]) -> str:
    """A <section> element."""
    inner = "\n".join(parts)
    return f'<section anchor="{anchor}">\n<name>{title}</name>\n{inner}\n</section>'


def json_lines(obj: Json) -> list[str]:
    """Pretty JSON, one member per line."""
    return json.dumps(obj, indent=2).splitlines()


def verdict(case: Json) -> str:
    """'strict: invalid; spec: valid' summary of the signature-level verdicts."""
    result = case["policyResults"]
    return f"strict: {result['strict']}; spec: {result['spec']}"


def document_verdict(group: Json, case: Json) -> str:
    """The verdict of this document (key checks and the strict signature-level steps): the
    vector's final ``result``."""
    return str(case["result"])


def message_lines(msg_hex: str) -> list[str]:
    """The message in hex, with its ASCII form when printable."""
    raw = bytes.fromhex(msg_hex)
    lines = field("message (hex)", msg_hex)
    if raw and all(32 <= b < 127 for b in raw):
        lines.insert(0, f"message (ASCII): {raw.decode('ascii')}")
    return lines


# ---------------------------------------------------------------------------------------------
# selection of the cases shown in the appendix


@dataclass(frozen=True)
class Selection:
    """One verification case shown in the appendix."""

    rel: str
    title: str
    predicate: Callable[[Json, Json], bool]


def _flags(case: Json) -> set[str]:
    return set(case["flags"])


SELECTIONS: Final[tuple[Selection, ...]] = (
    Selection(
        "xeddsa25519/verify.json",
        "XEd25519: s replaced by s + L",
        lambda g, c: _flags(c) == {"s_ge_q", "s_plus_q", "kB_sign_bit_1"},
    ),
    Selection(
        "xeddsa25519/verify.json",
        "XEd25519: sign bit carried in the top bit of s (libsignal format)",
        lambda g, c: "libsignal_sign_bit" in _flags(c) and "s_ge_2_253" in _flags(c),
    ),
    Selection(
        "xeddsa25519/verify.json",
        "XEd25519: u with bit 255 set",
        lambda g, c: _flags(c) == {"u_top_bit", "u_ge_p"},
    ),
    Selection(
        "xeddsa25519/verify.json",
        "XEd25519: non-canonical u = p + 9",
        lambda g, c: g["keyComment"].startswith("u = p + 9"),
    ),
    Selection(
        "xeddsa25519/verify.json",
        "XEd25519: keyless forgery under the small-order u = 0",
        lambda g, c: g["keyComment"].startswith("u = 0:") and "low_order_R" in _flags(c),
    ),
    Selection(
        "xeddsa25519/verify.json",
        "XEd25519: mixed-order u (torsion), signature ground to h = 0 mod 8",
        lambda g, c: "mixed_order_A" in _flags(c) and c["policyResults"]["strict"] == "valid",
    ),
    Selection(
        "vxeddsa25519/verify.json",
        "VXEd25519: s replaced by s + L",
        lambda g, c: _flags(c) == {"s_ge_q", "s_plus_q", "kB_sign_bit_1"},
    ),
    Selection(
        "vxeddsa25519/verify.json",
        "VXEd25519: V plus a point of order 8 (same VRF output)",
        lambda g, c: "torsion_V" in _flags(c) and c["policyResults"]["strict"] == "valid",
    ),
)


def selected_cases() -> list[tuple[Selection, Json, Json]]:
    """The first case of each selection (raises if a selection matches nothing)."""
    out = []
    for sel in SELECTIONS:
        match = next(((g, c) for g, c in pairs(sel.rel) if sel.predicate(g, c)), None)
        if match is None:
            raise LookupError(f"no case for appendix selection {sel.title!r}")
        out.append((sel, match[0], match[1]))
    return out


# ---------------------------------------------------------------------------------------------
# rendering


def render_keys() -> str:
    cases = [c for g, c in pairs("jose/jwk.json") if g["type"] == "JWK"]
    private = next(c for c in cases if "d" in c["jwk"])
    public = next(c for c in cases if "d" not in c["jwk"] and "alg" not in c["jwk"])
    restricted = next(c for c in cases if c["jwk"].get("alg") == "XEd25519")
    parts = [
        text(
            'The private JWK <xref target="RFC8037"/>. Its "d" holds 32 private-key octets '
            "that are not clamped, as an X25519 private key can be "
            '(<xref target="RFC7748" section="5"/>); the signing scalar is k = clamp(d) '
            '(<xref target="key-rep"/>). An implementation that uses d without clamping '
            "derives a different key and does not reproduce the signatures below."
        ),
        sourcecode(json_lines(private["jwk"]), "json"),
        sourcecode([*field("d (hex)", private["d"]), *field("k = clamp(d) (hex)", private["k"])]),
        text("The public JWK, and the same key restricted to XEd25519 with its thumbprint as kid:"),
        sourcecode(json_lines(public["jwk"]), "json"),
        sourcecode(json_lines(restricted["jwk"]), "json"),
        text(
            'The JWK Thumbprint <xref target="RFC7638"/> input and the thumbprint (SHA-256, '
            "base64url); they are the same for the private and the public JWK and for every "
            "use of the key:"
        ),
        sourcecode([*wrap(private["thumbprintInput"], indent=""), "", private["thumbprint"]]),
        text(
            "The Edwards public key A = convert_mont(u) (sign bit 0). An XEd25519 signature by "
            "this key is also an Ed25519 signature under A:"
        ),
        sourcecode(field("A", private["A"])),
    ]
    return section("vectors-keys", "Key", parts)


def _jws_parts(case: Json) -> list[str]:
    lines = [
        f"JWS Protected Header: {case['protected']}",
        f"payload (ASCII): {case['payload']}",
        "",
        *field("JWS Signing Input", case["signingInput"]),
        "",
        *field("Z (hex)", case["Z"]),
    ]
    sig_lines: list[str]
    if "V" in case:
        sig_lines = [*field("V", case["V"]), *field("h", case["h"]), *field("s", case["s"])]
        if case.get("vrf"):
            sig_lines += field("VRF output (derived, never transmitted)", case["vrf"])
    else:
        sig_lines = field("signature R || s (hex)", case["sig"])
    return [
        sourcecode(lines),
        sourcecode(sig_lines),
        sourcecode(field("JWS Compact Serialization", case["jws"])),
    ]


def render_jws() -> str:
    cases = [c for _, c in pairs("jose/jws.json")]
    xed = next(
        c
        for c in cases
        if c["result"] == "valid" and '"kid"' not in c["protected"] and "V" not in c
    )
    vx = [c for c in cases if c["result"] == "valid" and "V" in c and '"kid"' not in c["protected"]]
    vx_kid = next(
        c for c in cases if c["result"] == "valid" and "V" in c and '"kid"' in c["protected"]
    )
    bad = [c for c in cases if c["result"] == "invalid" and "s_plus_q" in c["flags"]]
    xed_parts = [
        text("Signing the payload with the key above and the fixed Z shown:"),
        *_jws_parts(xed),
    ]
    vx_parts = [
        text("Signing a payload with VXEd25519 and the fixed Z shown:"),
        *_jws_parts(vx[0]),
        text(
            "The same JWS Signing Input signed again with another Z: h and s change, V and the "
            "VRF output do not."
        ),
        *_jws_parts(vx[1]),
        text(
            "The same payload with a kid in the protected header: a different JWS Signing "
            "Input, hence a different V and VRF output "
            '(<xref target="vrf-output"/>):'
        ),
        sourcecode(
            [
                f"JWS Protected Header: {vx_kid['protected'][:40]}",
                *wrap(vx_kid["protected"][40:]),
                *field("V", vx_kid["V"]),
                *field("VRF output", vx_kid["vrf"]),
            ]
        ),
    ]
    bad_parts = [
        text(
            "The following JWS equal the examples above except that L was added to s. Each "
            "<bcp14>MUST</bcp14> be rejected "
            '(<xref target="xed-verify"/> and <xref target="vxed-verify"/>), although the '
            "literal checks of [XEDDSA] accept them."
        )
    ]
    for case in bad:
        bad_parts.append(sourcecode(field(f"rejected ({case['protected']})", case["jws"])))
    return "\n".join(
        [
            section("vectors-xed-jws", "XEd25519 JWS", xed_parts),
            section("vectors-vxed-jws", "VXEd25519 JWS", vx_parts),
            section("vectors-jws-invalid", "Rejected JWS", bad_parts),
        ]
    )


def render_raw() -> str:
    parts = [
        text(
            "Verification cases on raw inputs (the message is the octet string given, not a "
            'JWS). "key checks" is the result of the public-key checks of '
            '<xref target="key-rep"/>, including the prime-order subgroup check. "strict" (under '
            '"signature steps") is the result of every other step of this document: u &lt; p, '
            "decoding of A, the small-order checks on A and R, s &lt; q and the verification "
            "equation; only the prime-order subgroup check is left to the key checks. "
            '"spec" is the literal rule of [XEDDSA], shown for contrast. A signature is valid '
            "under this document only if both the key checks and the strict steps succeed: "
            "the vectors keep the two apart because implementations commonly check a key once, "
            "when it is imported, and verify many signatures under it."
        )
    ]
    for sel, group, case in selected_cases():
        lines = [
            f"{sel.title}",
            f"({sel.rel}, tcId {case['tcId']})",
            *field("u", group["u"]),
            *message_lines(case["msg"]),
            *field("signature", case["sig"]),
        ]
        if case.get("vrf"):
            lines += field("VRF output (if accepted)", case["vrf"])
        key = "pass" if group["keyImport"] == "valid" else "fail"
        lines.append(f"key checks: {key}")
        lines.append(f"signature steps: {verdict(case)}")
        lines.append(f"this document: {document_verdict(group, case)}")
        parts.append(sourcecode(lines))
    return section("vectors-raw", "Verification Edge Cases", parts)


def render_counts() -> str:
    x = (
        load("xeddsa25519/verify.json")["numberOfTests"]
        + load("xeddsa25519/sign.json")["numberOfTests"]
    )
    v = (
        load("vxeddsa25519/verify.json")["numberOfTests"]
        + load("vxeddsa25519/sign.json")["numberOfTests"]
    )
    return text(
        f"The complete machine-readable set has {x} XEdDSA and {v} VXEdDSA cases with "
        "signature-level verdicts for both the rule of this document and the literal rule of "
        "[XEDDSA] and a key-check verdict for every public key, plus vectors for "
        "convert_mont, calculate_key_pair, elligator2 and hash_to_point; it is distributed with "
        'the implementation listed in <xref target="impl-status"/>.'
    )


def render() -> str:
    """The generated appendix body (between the markers)."""
    body = "\n".join([render_counts(), render_keys(), render_jws(), render_raw()])
    return body.replace("[XEDDSA]", '<xref target="XEDDSA"/>')


def splice(document: str, body: str) -> str:
    """Replace the text between the markers of ``document`` with ``body``."""
    head, sep1, rest = document.partition(BEGIN)
    _, sep2, tail = rest.partition(END)
    if not sep1 or not sep2:
        raise ValueError("draft lacks the generated-vector markers")
    return f"{head}{BEGIN}\n{body}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="render the draft's test-vector appendix")
    parser.add_argument("--check", action="store_true", help="exit 1 if the draft is stale")
    parser.add_argument("--draft", type=Path, default=DRAFT)
    args = parser.parse_args(argv)
    current = args.draft.read_text(encoding="utf-8")
    wanted = splice(current, render())
    if args.check:
        if current != wanted:
            print(
                f"{args.draft.name}: test-vector appendix is stale; run render_vectors.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.draft.name}: test-vector appendix matches test_vectors/")
        return 0
    if current != wanted:
        args.draft.write_text(wanted, encoding="utf-8")
        print(f"updated {args.draft.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
