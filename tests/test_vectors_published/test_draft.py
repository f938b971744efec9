"""The Internet-Draft: its test-vector appendix matches test_vectors/ and its cases verify."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from tests.test_vectors_published._published_vectors import POLICIES, REPO_ROOT, PolicyName, h
from xeddsa import hazmat

DRAFT_DIR = REPO_ROOT / "docs" / "ietf-draft"
DRAFT = DRAFT_DIR / "draft-doe-jose-xeddsa-01.xml"


def _load_renderer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_vectors", DRAFT_DIR / "render_vectors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_vectors"] = module
    spec.loader.exec_module(module)
    return module


render_vectors = _load_renderer()


def test_appendix_matches_the_vectors() -> None:
    text = DRAFT.read_text(encoding="utf-8")
    assert render_vectors.splice(text, render_vectors.render()) == text
    done = subprocess.run(
        [sys.executable, str(DRAFT_DIR / "render_vectors.py"), "--check", "--draft", str(DRAFT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_check_mode_fails_on_a_stale_appendix(tmp_path: Path) -> None:
    text = DRAFT.read_text(encoding="utf-8")
    stale = tmp_path / DRAFT.name
    stale.write_text(
        text.replace("a6bd80598ec6b7517232464fe3637b08", "a6bd80598ec6b7517232464fe3637b09")
    )
    assert stale.read_text(encoding="utf-8") != text
    assert render_vectors.main(["--check", "--draft", str(stale)]) == 1
    assert render_vectors.main(["--draft", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == text


SELECTED = render_vectors.selected_cases()


@pytest.mark.parametrize("selected", SELECTED, ids=[s[0].title for s in SELECTED])
@pytest.mark.parametrize("policy", POLICIES)
def test_every_appendix_case_verifies_as_stated(
    backend: str, policy: PolicyName, selected: tuple[object, dict[str, str], dict[str, object]]
) -> None:
    sel, group, case = selected
    u, msg, sig = h(group["u"]), h(str(case["msg"])), h(str(case["sig"]))
    result = case["policyResults"]
    assert isinstance(result, dict)
    want = result[policy] == "valid"
    if sel.rel.startswith("vxeddsa"):  # type: ignore[attr-defined]
        out = hazmat.vxeddsa_verify(u, msg, sig, policy=policy)
        assert (out is not None) is want
        if want:
            assert out is not None and out.hex() == case["vrf"]
    else:
        assert hazmat.xeddsa_verify(u, msg, sig, policy=policy) is want


def test_every_hex_value_in_the_appendix_comes_from_the_vectors() -> None:
    text = DRAFT.read_text(encoding="utf-8")
    body = text.split(render_vectors.BEGIN)[1].split(render_vectors.END)[0]
    corpus = "".join(
        p.read_text(encoding="ascii") for p in (REPO_ROOT / "test_vectors").rglob("*.json")
    )
    values = re.findall(r"^  ([0-9a-f]{64})$", body, re.MULTILINE)
    assert len(values) >= 40
    for value in values:
        assert value in corpus, value


def test_draft_structure() -> None:
    root = ET.parse(DRAFT).getroot()
    assert root.get("docName") == "draft-doe-jose-xeddsa-01"
    assert root.get("version") == "3"
    assert root.get("ipr") == "trust200902"
    anchors = {ref.get("anchor") for ref in root.iter("reference")}
    cited = {x.get("target") for x in root.iter("xref")}
    sections = {s.get("anchor") for s in root.iter("section")}
    assert anchors <= cited, anchors - cited
    assert cited <= anchors | sections, cited - anchors - sections
    assert not list(root.iter("{http://www.w3.org/2001/XInclude}include"))
    text = DRAFT.read_text(encoding="utf-8")
    fields = [
        "Algorithm Name:",
        "Algorithm Description:",
        "Algorithm Usage Location(s):",
        "JOSE Implementation Requirements:",
        "Change Controller:",
        "Specification Document(s):",
        "Algorithm Analysis Documents(s):",
    ]
    for alg in ("XEd25519", "VXEd25519"):
        block = text.split(f"<dt>Algorithm Name:</dt><dd>{alg}</dd>")[1]
        positions = [block.find(f"<dt>{name}</dt>") for name in fields[1:]]
        assert all(p >= 0 for p in positions) and positions == sorted(positions), alg
