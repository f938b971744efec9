"""Regression tests for defects found in review: each failed before its fix."""

from __future__ import annotations

import copy
import pickle
import sys
import threading

import pytest

import xeddsa
from xeddsa.curve import edwards


def _mixed_order_u() -> bytes:
    """Return u of a mixed-order point (prime-order part plus an order-8 torsion component)."""
    from xeddsa.curve import EdwardsPoint, edwards_to_u
    from xeddsa.curve.constants import SMALL_ORDER_U
    from xeddsa.curve.montgomery import u_to_y

    u8 = max(SMALL_ORDER_U - {0, 1, xeddsa._params.P - 1})
    T = EdwardsPoint.from_y_and_sign(u_to_y(u8), 0)
    assert T is not None
    return edwards_to_u(EdwardsPoint.base_mul(12345) + T).to_bytes(32, "little")


def test_pickle_and_copy_keep_the_import_policy_of_a_mixed_order_key() -> None:
    u = _mixed_order_u()
    with pytest.raises(xeddsa.InvalidKey):
        xeddsa.PublicKey.from_public_bytes(u)
    key = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)
    assert pickle.loads(pickle.dumps(key)) == key
    assert copy.deepcopy(key) == key
    strict = xeddsa.PrivateKey.generate().public_key()
    assert pickle.loads(pickle.dumps(strict)) == strict


def test_fixed_base_table_built_concurrently_is_complete_and_correct(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Threads racing the lazy build of the fixed-base table must all get correct results."""
    monkeypatch.setattr(edwards, "_fixed_table", None)
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible during the build
    try:
        scalars = [7 + 1000 * i for i in range(8)]
        results: dict[int, bytes] = {}
        errors: list[BaseException] = []

        def work(k: int) -> None:
            try:
                results[k] = edwards.EdwardsPoint.base_mul(k).compress()
            except BaseException as exc:  # any failure is the finding
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(k,)) for k in scalars]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        sys.setswitchinterval(old)
    assert not errors
    base = edwards.EdwardsPoint.base()
    for k in scalars:
        assert results[k] == (base * k).compress()


def test_sign_after_close_raises_and_closed_flag_is_not_value_based() -> None:
    key = xeddsa.PrivateKey.generate()
    key.sign(b"m")
    key.close()
    with pytest.raises(xeddsa.InvalidKey):
        key.sign(b"m")
    with pytest.raises(xeddsa.InvalidKey):
        key.private_bytes()
