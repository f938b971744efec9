"""An independent verifier in Go (standard library only) agrees with Python on 1000 tokens.

tests/wice/interop/go/verify.go is written from docs/design/wice-wire-format.rst. It is built
with Debian's golang-go (GO111MODULE=off) and fed the fixed-seed corpus of interop/wice_corpus.py:
500 valid and 500 mutated tokens, with 0 disagreements allowed. CI installs golang-go; without
CI the test is skipped when ``go`` is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.ci import running_in_ci
from tests.wice.interop.wice_corpus import MUTATED, VALID, build
from tests.wice.interop.wice_corpus import disagreements as corpus_disagreements

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def go_verifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    go = shutil.which("go")
    if go is None:
        if running_in_ci():
            pytest.fail("go (Debian golang-go) is required in CI")
        pytest.skip("go is not installed")
    binary = tmp_path_factory.mktemp("go") / "wice-verify"
    env = {**os.environ, "GO111MODULE": "off", "GOCACHE": str(binary.parent / "cache"),
           "GOFLAGS": "", "CGO_ENABLED": "0"}  # fmt: skip
    subprocess.run(
        [go, "build", "-o", str(binary), str(HERE / "interop" / "go" / "verify.go")],
        check=True, env=env, timeout=300,
    )  # fmt: skip
    return binary


def test_go_verifier_agrees_on_500_valid_and_500_mutated_tokens(go_verifier: Path) -> None:
    cases = build()
    assert Counter(c.kind == "valid" for c in cases) == {True: VALID, False: MUTATED}
    disagreements = corpus_disagreements([str(go_verifier)], cases)
    accepted = sum(c.accept for c in cases)
    print(f"go verifier: {len(cases)} tokens, python accepts {accepted}, "
          f"{len(disagreements)} disagreements")  # fmt: skip
    assert all(c.accept for c in cases if c.kind == "valid")
    assert sum(not c.accept for c in cases if c.kind != "valid") > 400
    assert disagreements == []
