"""Shared fixtures for the core test suite: hypothesis profiles and the ``backend`` fixture.

Hypothesis profiles:

- ``dev`` (default): a small budget so the default run stays fast, derandomized;
- ``ci`` (always when ``CI`` is set to a true value; locally with ``HYPOTHESIS_PROFILE=ci``): ten
  times more examples per property, derandomized;
- ``explore`` (only with ``HYPOTHESIS_PROFILE=explore``): the ``ci`` budget with random examples
  and the local example database, for exploration outside CI.

``derandomize=True`` seeds each test from a hash of the test itself and disables the example
database, so ``dev`` and ``ci`` draw the same examples on every run of one commit (with the same
hypothesis version): a run cannot pass or fail differently from the previous one.

Tests whose single example is expensive (one verify per signature byte on the pure backend) scale
their own budget with :func:`tests.strategies.examples`.

The ``backend`` fixture runs a test once on ``"pure"`` and once on ``"sodium"``, selecting the
backend with ``xeddsa.use_backend`` as a context manager so the choice never leaks into the next
test. When PyNaCl is missing locally the ``sodium`` case is skipped with the reason; under CI it
fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

import xeddsa
from tests.ci import running_in_ci
from tests.strategies import CI_EXAMPLES as _CI_EXAMPLES
from tests.strategies import DEV_EXAMPLES as _DEV_EXAMPLES
from tests.vectors import require_backend
from xeddsa.backend import BackendName

settings.register_profile(
    "dev",
    max_examples=_DEV_EXAMPLES,
    deadline=None,
    derandomize=True,
)
settings.register_profile(
    "ci",
    max_examples=_CI_EXAMPLES,
    deadline=None,
    derandomize=True,
    print_blob=True,
)
settings.register_profile(
    "explore",
    max_examples=_CI_EXAMPLES,
    deadline=None,
    derandomize=False,
    print_blob=True,
)
#: CI always runs the fixed ``ci`` profile, whatever HYPOTHESIS_PROFILE says.
HYPOTHESIS_PROFILE = "ci" if running_in_ci() else os.environ.get("HYPOTHESIS_PROFILE") or "dev"
settings.load_profile(HYPOTHESIS_PROFILE)

#: Health checks that the ``backend`` fixture trips without reason: it is function-scoped, but
#: selecting a backend is idempotent, so sharing it across examples is correct.
FIXTURE_OK = [HealthCheck.function_scoped_fixture]

BACKENDS = ("pure", "sodium")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """The name of the active backend; the test body runs inside ``use_backend(name)``."""
    name: BackendName = request.param
    require_backend(name)
    with xeddsa.use_backend(name):
        yield name


@pytest.fixture
def pure() -> Iterator[None]:
    """Run the test on the pure backend (which is also the opt-in for pure signing)."""
    with xeddsa.use_backend("pure"):
        yield


@pytest.fixture
def sodium() -> Iterator[None]:
    """Run the test on the sodium backend."""
    require_backend("sodium")
    with xeddsa.use_backend("sodium"):
        yield
