"""Plain pytest-benchmark timings of the pure curve routines (no ratios; for tuning the curve code).

Inputs are fixed (derived from a constant seed), never drawn inside the timed region. The lazily
built tables are warmed before timing.
"""

from __future__ import annotations

import hashlib

import pytest

from xeddsa._params import Q
from xeddsa.curve import EdwardsPoint, batch_compress, elligator2
from xeddsa.curve.field import inv, is_square, sqrt_ratio


def _scalar(label: str) -> int:
    return int.from_bytes(hashlib.sha512(label.encode()).digest(), "little") % Q


K = _scalar("k")
H = _scalar("h")
A = EdwardsPoint.base_mul(_scalar("A"))
A_BYTES = A.compress()
POINTS = [EdwardsPoint.base_mul(_scalar(f"batch {i}")) for i in range(8)]

pytestmark = pytest.mark.benchmark(group="curve")


def test_base_mul(benchmark: object) -> None:
    benchmark(EdwardsPoint.base_mul, K)  # type: ignore[operator]


def test_double_scalar_mul_base(benchmark: object) -> None:
    benchmark(EdwardsPoint.double_scalar_mul_base, H, A, K)  # type: ignore[operator]


def test_variable_base_mul(benchmark: object) -> None:
    benchmark(A.__mul__, K)  # type: ignore[operator]


def test_is_torsion_free(benchmark: object) -> None:
    benchmark(A.is_torsion_free)  # type: ignore[operator]


def test_decompress(benchmark: object) -> None:
    benchmark(EdwardsPoint.decompress, A_BYTES)  # type: ignore[operator]


def test_compress(benchmark: object) -> None:
    benchmark(A.compress)  # type: ignore[operator]


def test_batch_compress_8(benchmark: object) -> None:
    benchmark(batch_compress, POINTS)  # type: ignore[operator]


def test_inv(benchmark: object) -> None:
    benchmark(inv, K)  # type: ignore[operator]


def test_sqrt_ratio(benchmark: object) -> None:
    benchmark(sqrt_ratio, K, H)  # type: ignore[operator]


def test_is_square(benchmark: object) -> None:
    benchmark(is_square, K)  # type: ignore[operator]


def test_elligator2(benchmark: object) -> None:
    benchmark(elligator2, K)  # type: ignore[operator]


def test_double_scalar_mul(benchmark: object) -> None:
    benchmark(EdwardsPoint.double_scalar_mul, H, A, K, POINTS[0])  # type: ignore[operator]
