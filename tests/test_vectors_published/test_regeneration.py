"""The published vectors regenerate byte for byte, and the generator's check mode catches drift."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_vectors.tools import generate
from tests.test_vectors_published._published_vectors import FILES, REPO_ROOT, VECTOR_DIR, load


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return {rel: generate.serialize(obj) for rel, obj in generate.build().items()}


def test_generator_writes_exactly_the_published_files(built: dict[str, bytes]) -> None:
    schemas = sorted(str(p.relative_to(VECTOR_DIR)) for p in (VECTOR_DIR / "schemas").glob("*"))
    assert sorted(built) == sorted([*FILES, *schemas])
    on_disk = sorted(
        str(p.relative_to(VECTOR_DIR))
        for p in VECTOR_DIR.rglob("*.json")
        # cose/ is written by test_vectors/tools/generate_cose.py (tests/cose/test_vectors.py)
        if not {"tools", "consumers", "cose"} & set(p.parts)
    )
    assert on_disk == sorted([*FILES, *schemas])


def test_regeneration_is_byte_identical(built: dict[str, bytes]) -> None:
    for rel, data in built.items():
        assert (VECTOR_DIR / rel).read_bytes() == data, rel


def test_two_builds_agree(built: dict[str, bytes]) -> None:
    again = {rel: generate.serialize(obj) for rel, obj in generate.build().items()}
    assert again == built


@pytest.mark.parametrize(
    "argv",
    [
        [sys.executable, "-m", "test_vectors.tools.generate", "--check"],
        [sys.executable, "test_vectors/tools/generate.py", "--check"],
    ],
    ids=["module", "script"],
)
def test_check_mode_passes_on_the_committed_files(argv: list[str]) -> None:
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout


def test_check_mode_fails_on_a_changed_byte(tmp_path: Path) -> None:
    assert generate.main(["--out", str(tmp_path)]) == 0
    assert generate.main(["--out", str(tmp_path), "--check"]) == 0
    target = tmp_path / "xeddsa25519" / "verify.json"
    data = bytearray(target.read_bytes())
    data[-3] ^= 1  # inside the last closing brackets' whitespace/structure
    target.write_bytes(bytes(data))
    assert generate.main(["--out", str(tmp_path), "--check"]) == 1


def test_generator_refuses_a_verdict_the_library_contradicts() -> None:
    data = json.loads(json.dumps(load("xeddsa25519/verify.json")))
    group = data["testGroups"][0]
    group["tests"][0]["policyResults"] = {"strict": "invalid", "spec": "valid"}
    import xeddsa

    with xeddsa.use_backend("pure"), pytest.raises(generate.GenerationError):
        generate.check_verdicts({"testGroups": [group]}, vx=False)


@pytest.mark.parametrize("rel", FILES)
def test_header_fields_and_no_volatile_generator_state(rel: str) -> None:
    data = load(rel)  # the header fields' presence is checked by the schemas
    assert "little-endian" in data["encoding"]
    assert data["convention"] == "rev1-sign-bit-0"
    assert data["generator"] == {"path": "test_vectors/tools/generate.py", "version": "3.0.0"}
    assert not re.search(r"\b[0-9a-f]{40}\b", json.dumps(data["generator"]))
    tests = [case for group in data["testGroups"] for case in group["tests"]]
    assert data["numberOfTests"] == len(tests)
    assert [case["tcId"] for case in tests] == list(range(1, len(tests) + 1))
    for case in tests:
        assert case["comment"]
        assert case["result"] in ("valid", "invalid"), case["tcId"]
        assert set(case["flags"]) <= set(data["notes"]), case["tcId"]
        assert case["flags"] == sorted(set(case["flags"]))
    assert set(data["notes"]) == {flag for case in tests for flag in case["flags"]}
    if rel.startswith(("xeddsa25519", "vxeddsa25519")):
        assert data["policies"] == ["strict", "spec"]
        assert data["nonce_scalar"] == "spec"
        for case in tests:
            results = case.get("policyResults", {"strict": "valid", "spec": "valid"})
            assert set(results) == {"strict", "spec"}
            assert set(results.values()) <= {"valid", "invalid"}
            assert ("policyResults" in case) is rel.endswith("verify.json")


def test_readme_table_matches_the_files() -> None:
    text = (VECTOR_DIR / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9_/]+\.json)` \|.*\| (\d+) \|$", text, re.MULTILINE))
    assert sorted(rows) == sorted(FILES)
    for rel, count in rows.items():
        assert load(rel)["numberOfTests"] == int(count), rel
