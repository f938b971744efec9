"""Generate the COSE_Sign1 test vectors of XEd25519 and VXEd25519: ``test_vectors/cose/sign1.json``.

Run from the repository root::

    python test_vectors/tools/generate_cose.py            # (re)write the file
    python test_vectors/tools/generate_cose.py --check    # exit 1 if the committed file differs

Rules (the same as for ``generate.py``):

- deterministic: the key is the JOSE vectors' key ("jose-key-0"), every Z is SHA-512 of a fixed
  label; no RNG, no clock; the output is byte-identical on every run;
- signatures come from :mod:`xeddsa.hazmat` on the ``pure`` backend; COSE structures from
  :mod:`xeddsa.cose` (``protected_header``, ``sig_structure``, ``encode_sign1``);
- the expected verdict of every case is fixed by its construction; the generator then checks
  that :func:`xeddsa.cose.verify_sign1` agrees (and, for valid XEd25519 cases, that the
  signature verifies as Ed25519 under the converted key) and refuses to write otherwise.

The algorithm values are the provisional private-use values -65537 (XEd25519) and -65538
(VXEd25519) of :mod:`xeddsa.cose`; IANA has assigned none yet.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import cbor2

import xeddsa
from xeddsa import InvalidSignature, PublicKey, hazmat
from xeddsa.cose import (
    VXED25519_ID,
    XED25519_ID,
    encode_sign1,
    protected_header,
    sig_structure,
    verify_sign1,
)

GENERATOR: Final = {"path": "test_vectors/tools/generate_cose.py", "version": "1.0.0"}
OUT: Final = Path(__file__).resolve().parents[1] / "cose" / "sign1.json"
LABEL_PREFIX: Final = b"xeddsa cose vectors v1|"
#: The private key of test_vectors/jose/jwk.json ("jose-key-0"), unclamped as stored.
KEY_D: Final = bytes.fromhex("7d34ab1523bf187a0473c454ee6132445a8876cc637819b7b69d05edbd4b248e")
L: Final = 2**252 + 27742317777372353535851937790883648493
IDS: Final = {"XEd25519": XED25519_ID, "VXEd25519": VXED25519_ID}

Json = dict[str, Any]


def derive(label: str) -> bytes:
    """64 bytes fixed by ``label``: SHA-512(LABEL_PREFIX || label)."""
    return hashlib.sha512(LABEL_PREFIX + label.encode("ascii")).digest()


def _sign(algorithm: str, message: bytes, z: bytes) -> tuple[bytes, bytes | None]:
    if algorithm == "XEd25519":
        return hazmat.xeddsa_sign(KEY_D, message, z), None
    return hazmat.vxeddsa_sign(KEY_D, message, z)


def _case(
    comment: str,
    algorithm: str,
    payload: bytes,
    *,
    z_label: str,
    kid: bytes | None = None,
    external_aad: bytes = b"",
    flags: list[str],
    mutate: str | None = None,
) -> Json:
    """One COSE_Sign1 case; ``mutate`` names the construction of an invalid one."""
    protected = protected_header(algorithm, kid=kid)  # type: ignore[arg-type]
    unprotected: dict[int, Any] = {}
    signed_protected = protected
    if mutate == "alg_unprotected":
        # Signed with a protected header that lacks alg; alg is only in the unprotected bucket.
        signed_protected = cbor2.dumps({4: kid or b"k"}, canonical=True)
        unprotected = {1: IDS[algorithm]}
    if mutate == "alg_ed25519":
        # The same signature is a valid Ed25519 signature; the header claims Ed25519 (-19).
        signed_protected = cbor2.dumps({1: -19}, canonical=True)
    to_be_signed = sig_structure(signed_protected, payload, external_aad)
    z = derive(z_label)
    signature, vrf_output = _sign(algorithm, to_be_signed, z)
    sent_payload = payload
    if mutate == "s_plus_L":
        split = len(signature) - 32
        s = int.from_bytes(signature[split:], "little") + L
        signature = signature[:split] + s.to_bytes(32, "little")
    if mutate == "payload_changed":
        sent_payload = payload + b"!"
    encoded = encode_sign1(signed_protected, sent_payload, signature, unprotected)
    case: Json = {
        "comment": comment,
        "algorithm": algorithm,
        "algorithmId": IDS[algorithm],
        "protected": signed_protected.hex(),
        "unprotected": cbor2.dumps(unprotected).hex(),
        "payload": sent_payload.hex(),
        "externalAad": external_aad.hex(),
        "Z": z.hex(),
        "sigStructure": to_be_signed.hex(),
        "signature": signature.hex(),
        "coseSign1": encoded.hex(),
    }
    valid = mutate is None
    if valid and vrf_output is not None:
        case["vrfOutput"] = vrf_output.hex()
    case["result"] = "valid" if valid else "invalid"
    case["flags"] = flags
    return case


def build() -> Json:
    """The complete vector file as a JSON-ready dict; checks every verdict against the library."""
    with xeddsa.use_backend("pure"):
        edwards, _ = hazmat.calculate_key_pair(KEY_D)  # (A, a)
        private = xeddsa.PrivateKey.from_private_bytes(KEY_D)
        public = private.public_key()
        k = private.private_bytes()  # clamp(d)
        cases = [
            _case(
                "XEd25519, protected {1: alg}",
                "XEd25519",
                b"Example of XEd25519 COSE_Sign1",
                z_label="xed-1",
                flags=["valid_honest"],
            ),
            _case(
                "XEd25519, protected {1: alg, 4: kid}, external AAD",
                "XEd25519",
                b"Example of XEd25519 COSE_Sign1",
                z_label="xed-2",
                kid=b"jose-key-0",
                external_aad=b"external",
                flags=["valid_honest", "external_aad"],
            ),
            _case(
                "VXEd25519, protected {1: alg}",
                "VXEd25519",
                b"Example of VXEd25519 COSE_Sign1",
                z_label="vxed-1",
                flags=["valid_honest"],
            ),
            _case(
                "VXEd25519, same message, another Z: same VRF output",
                "VXEd25519",
                b"Example of VXEd25519 COSE_Sign1",
                z_label="vxed-2",
                flags=["valid_honest", "same_msg_other_Z"],
            ),
            _case(
                "XEd25519, s replaced by s + L",
                "XEd25519",
                b"Example of XEd25519 COSE_Sign1",
                z_label="xed-1",
                flags=["s_plus_q"],
                mutate="s_plus_L",
            ),
            _case(
                "VXEd25519, s replaced by s + L",
                "VXEd25519",
                b"Example of VXEd25519 COSE_Sign1",
                z_label="vxed-1",
                flags=["s_plus_q"],
                mutate="s_plus_L",
            ),
            _case(
                "XEd25519, alg only in the unprotected header",
                "XEd25519",
                b"Example of XEd25519 COSE_Sign1",
                z_label="xed-3",
                kid=b"jose-key-0",
                flags=["alg_unprotected"],
                mutate="alg_unprotected",
            ),
            _case(
                "XEd25519 signature under a protected header claiming Ed25519 (-19)",
                "XEd25519",
                b"Example of XEd25519 COSE_Sign1",
                z_label="xed-4",
                flags=["alg_confusion"],
                mutate="alg_ed25519",
            ),
            _case(
                "XEd25519, payload changed after signing",
                "XEd25519",
                b"Example of XEd25519 COSE_Sign1",
                z_label="xed-1",
                flags=["modified_msg"],
                mutate="payload_changed",
            ),
        ]
        for tc_id, case in enumerate(cases, 1):
            case["tcId"] = tc_id
            _check(case, public, edwards)
    ordered = [{"tcId": c.pop("tcId"), **c} for c in cases]
    return {
        "algorithm": "XEd25519/VXEd25519 in COSE_Sign1",
        "spec": "draft-doe-jose-xeddsa-01, Section 'Use in COSE'; RFC 9052 Section 4.2 and 4.4",
        "source": "native: constructed by test_vectors/tools/generate_cose.py from fixed labels",
        "generator": GENERATOR,
        "algorithmIds": {
            "XEd25519": XED25519_ID,
            "VXEd25519": VXED25519_ID,
            "note": "provisional private-use values (< -65536); IANA has assigned none yet",
        },
        "encoding": "byte strings are lowercase hex; COSE structures are CBOR (RFC 8949)",
        "verificationPolicy": "strict (the draft's rule), alg only in the protected header",
        "numberOfTests": len(ordered),
        "notes": {
            "valid_honest": "an honest signature",
            "external_aad": "the Sig_structure carries external AAD (given in externalAad)",
            "same_msg_other_Z": "the same Sig_structure signed again with another Z",
            "s_plus_q": "s replaced by s + L: the malleable twin of a valid signature",
            "alg_unprotected": "alg only in the unprotected header: must be rejected",
            "alg_confusion": (
                "the signature is a valid Ed25519 signature under the converted key of a "
                "Sig_structure whose protected alg is Ed25519 (-19); an XEd25519 verifier "
                "holding the X25519 key must reject it"
            ),
            "modified_msg": "the payload differs from the signed one",
        },
        "testGroups": [
            {
                "type": "CoseSign1",
                "keyLabel": "jose-key-0",
                "d": KEY_D.hex(),
                "k": k.hex(),
                "u": public.public_bytes().hex(),
                "ed25519PublicKey": edwards.hex(),
                "coseKey": cbor2.dumps(
                    {1: 1, -1: 4, -2: public.public_bytes()}, canonical=True
                ).hex(),
                "tests": ordered,
            }
        ],
    }


def _check(case: Json, public: PublicKey, edwards: bytes) -> None:
    """Refuse to publish a case whose stated verdict the library does not reproduce."""
    message = bytes.fromhex(case["coseSign1"])
    aad = bytes.fromhex(case["externalAad"])
    try:
        result = verify_sign1(
            message, public, algorithms=("XEd25519", "VXEd25519"), external_aad=aad
        )
    except InvalidSignature:
        verdict, vrf = "invalid", None
    else:
        verdict, vrf = "valid", result.vrf_output
    if verdict != case["result"] or (vrf.hex() if vrf else None) != case.get("vrfOutput"):
        raise SystemExit(f"tcId {case['tcId']}: library says {verdict}, case says {case['result']}")
    if (case["algorithm"] == "XEd25519" and case["result"] == "valid") or "alg_confusion" in case[
        "flags"
    ]:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        Ed25519PublicKey.from_public_bytes(edwards).verify(
            bytes.fromhex(case["signature"]), bytes.fromhex(case["sigStructure"])
        )


def render() -> str:
    """The file's exact text."""
    return json.dumps(build(), indent=2, ensure_ascii=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the committed file differs"
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUT.read_text(encoding="ascii") if OUT.exists() else None
        if current != text:
            print(
                f"{OUT.relative_to(OUT.parents[2])} is stale: run {GENERATOR['path']}",
                file=sys.stderr,
            )
            return 1
        print(
            f"{OUT.relative_to(OUT.parents[2])}: up to date ({json.loads(text)['numberOfTests']}"
            " cases)"
        )
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="ascii")
    print(f"wrote {OUT.relative_to(OUT.parents[2])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
