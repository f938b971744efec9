"""An independent verifier in Node on @signalapp/libsignal-client agrees with Python on 1000 tokens.

tests/wice/interop/node/verify.mjs is written from docs/design/wice-wire-format.rst; libsignal's
verify also accepts its legacy signature format, so the verifier applies the strict rules itself
before calling it. The corpus is interop/wice_corpus.py (500 valid, 500 mutated, fixed seed);
0 disagreements allowed. CI runs ``npm ci --prefix tests/interop/node`` first; outside CI the
test is skipped when node or that install is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ci import running_in_ci
from tests.wice.interop.wice_corpus import build
from tests.wice.interop.wice_corpus import disagreements as corpus_disagreements

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LIBSIGNAL = ROOT / "tests" / "interop" / "node" / "node_modules" / "@signalapp" / "libsignal-client"


def test_node_verifier_agrees_on_500_valid_and_500_mutated_tokens() -> None:
    node = shutil.which("node")
    if node is None or not LIBSIGNAL.is_dir():
        if running_in_ci():
            pytest.fail("node and `npm ci --prefix tests/interop/node` are required in CI")
        pytest.skip("node or @signalapp/libsignal-client is not installed")
    cases = build()
    disagreements = corpus_disagreements(
        [node, str(HERE / "interop" / "node" / "verify.mjs")], cases
    )
    print(f"node verifier: {len(cases)} tokens, {len(disagreements)} disagreements")
    assert all(c.accept for c in cases if c.kind == "valid")
    assert disagreements == []
