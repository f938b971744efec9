"""test_vectors/cose/sign1.json: regenerates identically, every verdict holds on both backends,
pycose and an Ed25519 verifier agree, and the draft's COSE_Sign1 appendix shows its bytes."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pycose.exceptions import CoseException
from pycose.messages.sign1message import Sign1Message

from xeddsa import InvalidSignature, PublicKey
from xeddsa.cose import cose_key, register_algorithms, verify_sign1

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "test_vectors" / "cose" / "sign1.json"
GENERATOR = ROOT / "test_vectors" / "tools" / "generate_cose.py"
DRAFT = ROOT / "docs" / "ietf-draft" / "draft-doe-jose-xeddsa-01.xml"
DATA: dict[str, Any] = json.loads(VECTORS.read_text(encoding="ascii"))
GROUP: dict[str, Any] = DATA["testGroups"][0]
CASES: list[dict[str, Any]] = GROUP["tests"]


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_cose", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_check_mode_passes() -> None:
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr


def test_generator_check_mode_fails_on_a_stale_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generator = _load_generator()
    stale = tmp_path / "test_vectors" / "cose" / "sign1.json"
    stale.parent.mkdir(parents=True)
    stale.write_text(VECTORS.read_text(encoding="ascii").replace('"valid"', '"invalid"', 1))
    monkeypatch.setattr(generator, "OUT", stale)
    assert generator.main(["--check"]) == 1
    assert generator.main([]) == 0
    assert stale.read_text(encoding="ascii") == VECTORS.read_text(encoding="ascii")


def test_the_file_has_valid_and_invalid_cases_of_both_algorithms() -> None:
    seen = {(c["algorithm"], c["result"]) for c in CASES}
    assert seen == {(a, r) for a in ("XEd25519", "VXEd25519") for r in ("valid", "invalid")}
    assert DATA["numberOfTests"] == len(CASES)
    assert [c["tcId"] for c in CASES] == list(range(1, len(CASES) + 1))


@pytest.mark.parametrize("case", CASES, ids=[f"tcId{c['tcId']}" for c in CASES])
def test_every_case_verifies_as_stated(backend: str, case: dict[str, Any]) -> None:
    public = PublicKey.from_public_bytes(bytes.fromhex(GROUP["u"]))
    message = bytes.fromhex(case["coseSign1"])
    aad = bytes.fromhex(case["externalAad"])
    if case["result"] == "valid":
        result = verify_sign1(
            message, public, algorithms=("XEd25519", "VXEd25519"), external_aad=aad
        )
        assert result.payload == bytes.fromhex(case["payload"])
        assert (result.vrf_output.hex() if result.vrf_output else None) == case.get("vrfOutput")
    else:
        with pytest.raises(InvalidSignature):
            verify_sign1(message, public, algorithms=("XEd25519", "VXEd25519"), external_aad=aad)


PYCOSE_CASES = [c for c in CASES if "alg_confusion" not in c["flags"]]


@pytest.mark.parametrize("case", PYCOSE_CASES, ids=[f"tcId{c['tcId']}" for c in PYCOSE_CASES])
def test_pycose_agrees(case: dict[str, Any]) -> None:
    register_algorithms()
    message = Sign1Message.decode(bytes.fromhex(case["coseSign1"]))
    # pycose declares this setter apart from its getter, so mypy sees a read-only property.
    message.external_aad = bytes.fromhex(case["externalAad"])  # type: ignore[misc]
    message.key = cose_key(PublicKey.from_public_bytes(bytes.fromhex(GROUP["u"])))
    assert message.verify_signature() is (case["result"] == "valid")


def test_pycose_refuses_the_alg_confusion_case() -> None:
    (case,) = [c for c in CASES if "alg_confusion" in c["flags"]]
    with pytest.raises(CoseException):  # pycose 1.1 knows no Ed25519 (-19) and refuses it
        Sign1Message.decode(bytes.fromhex(case["coseSign1"]))


def test_xed_signatures_are_ed25519_signatures_of_the_sig_structure() -> None:
    edwards = Ed25519PublicKey.from_public_bytes(bytes.fromhex(GROUP["ed25519PublicKey"]))
    checked = 0
    for case in CASES:
        if case["algorithm"] == "XEd25519" and (
            case["result"] == "valid" or "alg_confusion" in case["flags"]
        ):
            signature = bytes.fromhex(case["signature"])
            edwards.verify(signature, bytes.fromhex(case["sigStructure"]))
            checked += 1
    assert checked == 3


def _appendix_b() -> str:
    text = DRAFT.read_text(encoding="utf-8")
    return text.split('<section anchor="cose-examples">')[1].split("</section>")[0]


def test_the_draft_appendix_shows_the_vectors() -> None:
    blocks = re.findall(r"^([A-Za-z_ ()0-9,]+):\n((?:  [0-9a-f]+\n)+)", _appendix_b(), re.M)
    values = {"".join(line.strip() for line in body.splitlines()) for _, body in blocks}
    assert len(values) >= 10
    published = {GROUP["coseKey"], GROUP["ed25519PublicKey"]}
    for case in CASES:
        published |= {case[k] for k in ("protected", "Z", "sigStructure", "signature")}
        published |= {case["coseSign1"], case.get("vrfOutput", "")}
    assert values <= published, values - published
    for tc_id in (1, 3, 7, 8):
        assert CASES[tc_id - 1]["coseSign1"] in values
