"""The RFC 7748 ladder in :mod:`xeddsa.curve.montgomery` against Edwards arithmetic, for any k
(odd k exercises the final conditional swap, which a clamped k never needs)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.strategies import examples
from xeddsa.curve import EdwardsPoint, edwards_to_u
from xeddsa.curve.montgomery import x25519


@settings(max_examples=examples(20, 200))
@given(k=st.integers(min_value=1, max_value=2**255 - 1))
@example(k=1)
@example(k=3)
@example(k=2**255 - 1)
def test_ladder_matches_edwards_base_mul(k: int) -> None:
    assert x25519(k, 9) == edwards_to_u(EdwardsPoint.base_mul(k))


def test_ladder_of_zero_is_zero() -> None:
    assert x25519(0, 9) == 0
