"""The long-run differential campaign (``python -m tests.differential_campaign``) at a small,
fixed budget: it runs clean, replays the same inputs for one seed, and reports disagreements."""

from __future__ import annotations

import random

import pytest

from tests import differential_campaign as campaign
from tests.vectors import require_backend


@pytest.fixture(autouse=True)
def _need_sodium() -> None:
    require_backend("sodium")


def _run(seed: int, count: int, expensive_share: float = 0.1) -> campaign.Tally:
    rng = random.Random(seed)
    return campaign.Campaign(campaign.make_pool(rng, 4)).run(rng, count, 0.3, expensive_share)


def test_small_campaign_agrees() -> None:
    tally = _run(seed=1, count=200)
    assert tally.disagreements == []
    assert sum(tally.inputs.values()) == 200
    assert tally.comparisons > 200 * 5
    kinds = {kind.split(" ", 1)[1] for kind in tally.inputs}
    assert {"random", "honest", "s+kq", "small-order u", "flip R/V/h"} <= kinds


def test_same_seed_same_inputs() -> None:
    assert _run(seed=7, count=100).inputs == _run(seed=7, count=100).inputs


def test_a_backend_bug_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from xeddsa.backend.pure import PureBackend

    monkeypatch.setattr(PureBackend, "ed25519_verify", lambda self, A, R, s, M: False)
    tally = _run(seed=3, count=60, expensive_share=0.5)
    checks = {d["check"] for d in tally.disagreements}
    assert any(c.startswith("hazmat.xeddsa_verify") for c in checks)
    assert any(c.startswith("PublicKey.verify") for c in checks)


def test_main_exit_status_and_json(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "summary.json"
    assert campaign.main(["--count", "50", "--seed", "2", "--pool", "2", "--json", str(out)]) == 0
    import json

    summary = json.loads(out.read_text())
    assert summary["inputs"] == 50 and summary["disagreements"] == 0 and summary["seed"] == 2
    assert "0 disagreements" in capsys.readouterr().out
