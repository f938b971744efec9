"""The CI differential against XEdDSA 1.2.0 (``tests/compat_v1/differential.py``) imports and
builds its inputs without 1.2.0: a broken import shows up in the suite, not only in ``.ci/run``.
"""

from __future__ import annotations

from tests.compat_v1 import differential


def test_random_and_edge_inputs_cover_every_function() -> None:
    calls = differential.random_calls(seed=1, count=3)
    assert tuple(calls) == differential.FUNCTIONS
    assert all(len(args) == 3 for args in calls.values())
    edges = differential.edge_calls()
    assert set(edges) <= set(differential.FUNCTIONS)
    assert all(edges[name] for name in edges)
