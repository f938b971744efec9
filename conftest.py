"""Repository-level pytest hooks: slow tests run in CI and on request, never silently skipped.

Tests marked ``slow`` (the 10k-iteration upstream chains on the pure backend) are *deselected*
(not skipped) in a local run without ``-m``; the summary line says how many. Under ``CI=true``, or
with ``-m slow`` / ``-m "slow or not slow"``, every one of them runs.
"""

from __future__ import annotations

import pytest

from tests.ci import running_in_ci


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect ``slow`` tests in local runs that gave no marker expression."""
    if running_in_ci() or config.getoption("markexpr"):
        return
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker("slow") is None]
        config.stash[_DESELECTED] = len(slow)


_DESELECTED = pytest.StashKey[int]()


def pytest_report_header(config: pytest.Config) -> str:
    """Say whether slow tests will run."""
    if running_in_ci():
        return "slow tests: included (CI)"
    return "slow tests: deselected locally unless -m is given (CI=true runs them)"
