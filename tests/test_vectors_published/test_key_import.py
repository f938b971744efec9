"""The published keyImport verdicts of the XEdDSA and VXEdDSA verify files hold."""

from __future__ import annotations

from typing import Any

import pytest

import xeddsa
from tests.test_vectors_published._published_vectors import cases, h, load

VERIFY_FILES = ("xeddsa25519/verify.json", "vxeddsa25519/verify.json")
GROUPS = [(name, group) for name in VERIFY_FILES for group in load(name)["testGroups"]]


@pytest.mark.parametrize(
    "group",
    [g for _, g in GROUPS],
    ids=[f"{n.split('/')[0]}-{g['keyComment'][:40]}" for n, g in GROUPS],
)
def test_key_import_verdict(backend: str, group: dict[str, Any]) -> None:
    """keyImport is the draft's key check: xeddsa.PublicKey.from_public_bytes agrees."""
    try:
        xeddsa.PublicKey.from_public_bytes(h(group["u"]))
        got = "valid"
    except xeddsa.InvalidKey:
        got = "invalid"
    assert got == group["keyImport"]


@pytest.mark.parametrize("name", VERIFY_FILES)
def test_key_import_separates_only_the_mixed_order_keys(name: str) -> None:
    """strict (signature level) accepts a ground signature under a mixed-order u; the draft's
    verdict (keyImport and strict) rejects it; no other strict-valid case has a bad key."""
    mixed = 0
    for group, case in cases(name):
        assert case["result"] == (
            "valid"
            if group["keyImport"] == "valid" and case["policyResults"]["strict"] == "valid"
            else "invalid"
        )
        if case["policyResults"]["strict"] != "valid":
            continue
        if "mixed_order_A" in case["flags"]:
            assert group["keyImport"] == "invalid"
            mixed += 1
        else:
            assert group["keyImport"] == "valid", case["tcId"]
    assert mixed >= 1
    assert "keyImport" in load(name)["keyImportNote"]
