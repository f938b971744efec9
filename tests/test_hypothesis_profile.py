"""The hypothesis profile of a test run is fixed: the same examples on every run of one commit.

``tests/conftest.py`` loads ``dev`` (default) or ``ci`` (under ``CI=true``), both derandomized,
which also disables the example database; only ``HYPOTHESIS_PROFILE=explore`` outside CI draws
random examples.
"""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import conftest
from tests.ci import running_in_ci

_SEEN: list[int] = []


def test_profile_is_derandomized_unless_exploring() -> None:
    active = settings()
    if os.environ.get("HYPOTHESIS_PROFILE") == "explore" and not running_in_ci():
        assert not active.derandomize
        return
    assert active.derandomize
    assert active.database is None
    if running_in_ci():
        assert conftest.HYPOTHESIS_PROFILE == "ci"
    else:
        assert (os.environ.get("HYPOTHESIS_PROFILE") or "dev") == conftest.HYPOTHESIS_PROFILE


@settings(max_examples=20)
@given(st.integers(0, 2**64))
def _draw(n: int) -> None:
    _SEEN.append(n)


def test_two_runs_draw_the_same_examples() -> None:
    if not settings().derandomize:
        return  # the explore profile is random by design
    _draw()
    first = list(_SEEN)
    _SEEN.clear()
    _draw()
    assert first == _SEEN and len(set(first)) > 1
