"""Generate the published XEdDSA / VXEdDSA / JOSE test vectors under ``test_vectors/``.

Run from the repository root::

    python -m test_vectors.tools.generate            # (re)write the JSON files
    python -m test_vectors.tools.generate --check    # exit 1 if any committed file differs

Rules:

- deterministic: every private key, message and Z comes from SHA-512 of a fixed label
  (:func:`test_vectors.tools.inputs.derive`); no RNG, no clock, no git state; the output is
  byte-identical on every run;
- library outputs come only from :mod:`xeddsa.hazmat` (and :mod:`xeddsa.jose` for JWKs and
  thumbprints) on the ``pure`` backend;
- edge cases are *constructed* with :mod:`test_vectors.tools.ref25519`, an independent reference,
  and the expected verdict of every case is fixed by its construction, not read back from the
  library; the generator then checks the library agrees and refuses to write otherwise.

The modules next to this one: ``inputs`` (labels, keys, messages), ``constructions`` (edge cases
built with the reference), ``vectorfile`` (header, flags, groups and cases), and one module per
family of files (``xeddsa_vectors``, ``vxeddsa_vectors``, ``curve_vectors``, ``jose_vectors``).
File layout and schema: ``test_vectors/README.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Final

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import xeddsa
from test_vectors.tools.curve_vectors import (
    calculate_key_pair_file,
    convert_mont_file,
    elligator2_file,
    hash_to_point_file,
)
from test_vectors.tools.inputs import GenerationError, expect, find_key
from test_vectors.tools.jose_vectors import jose_files
from test_vectors.tools.schemas import schema_path, schemas
from test_vectors.tools.vectorfile import POLICIES, VALID, Json
from test_vectors.tools.vxeddsa_vectors import vxeddsa_sign_file, vxeddsa_verify_file
from test_vectors.tools.xeddsa_vectors import xeddsa_sign_file, xeddsa_verify_file
from xeddsa import hazmat

__all__ = ["GenerationError", "build", "check_verdicts", "main", "serialize"]

ROOT: Final = Path(__file__).resolve().parents[1]


def check_verdicts(data: Json, vx: bool) -> None:
    """Refuse to write a verify/sign file whose constructed verdicts the library contradicts."""
    for group in data["testGroups"]:
        u = bytes.fromhex(group["u"])
        for case in group["tests"]:
            msg, sig = bytes.fromhex(case["msg"]), bytes.fromhex(case["sig"])
            for policy in POLICIES:
                want = case.get("policyResults", VALID)[policy] == "valid"
                if vx:
                    out = hazmat.vxeddsa_verify(u, msg, sig, policy=policy)  # type: ignore[arg-type]
                    got = out is not None
                    if got:
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


def build() -> dict[str, Json]:
    """Build every file (relative path -> JSON object): the vectors, each naming its schema,
    and the schemas."""
    # The vectors are made by the readable reference backend on published test keys, so the
    # warning about timing side channels on private keys does not apply here.
    with xeddsa.use_backend("pure"), warnings.catch_warnings():
        warnings.simplefilter("ignore", xeddsa.NonConstantTimeWarning)
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
        for name, vx in (
            ("xeddsa25519/sign.json", False),
            ("xeddsa25519/verify.json", False),
            ("vxeddsa25519/sign.json", True),
            ("vxeddsa25519/verify.json", True),
        ):
            check_verdicts(files[name], vx=vx)
    out: dict[str, Json] = {}
    for rel, schema in schemas().items():
        out[rel] = {"schema": "../" + schema_path(rel), **files[rel]}
        out[schema_path(rel)] = schema
    return out


def serialize(obj: Json) -> bytes:
    """Stable JSON text: two-space indent, insertion order, ASCII, trailing newline."""
    return (json.dumps(obj, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
        print(f"{len(files)} files (vectors and their schemas) up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
