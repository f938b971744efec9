"""Before/after for the receiver's whole path: another checkout's wice_candidates against this one.

Both ``EnvelopeOpener.open`` implementations and the bare ``PublicKey.verify`` of suite (wice a)
run in one process, interleaved by the same harness (:func:`_harness.interleave`) on the same
envelopes, so the ratios are comparable within the run. The other checkout's package is copied
to a temporary directory under another import name; both use this checkout's ``xeddsa``.

Run from the repository root::

    .venv/bin/python benchmarks/ab_wice_receiver.py /path/to/other/checkout

``BENCH_ROUNDS`` and ``BENCH_MIN_BATCH_MS`` apply as in the pytest suites. Reported, not asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from _harness import bench_min_batch_s, bench_rounds, interleave  # noqa: E402
from bench_wice import POOL, Pool  # noqa: E402

BASELINE = "wice_baseline"


def _path(make: Callable[[], object], pool: Pool) -> Callable[[], object]:
    state: dict[str, object] = {"i": 0, "opener": make()}

    def call() -> object:
        i = state["i"]
        assert isinstance(i, int)
        if i == POOL:
            state["opener"], i = make(), 0
        state["i"] = i + 1
        return state["opener"].open(pool.envelopes[i])  # type: ignore[attr-defined]

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path, help="a checkout whose wice_candidates is 'before'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(args.baseline / "wice_candidates", Path(tmp) / BASELINE)
        sys.path.insert(0, tmp)
        envelope = importlib.import_module(f"{BASELINE}.envelope")
        receiver = importlib.import_module(f"{BASELINE}.receiver")
        pool = Pool(hashlib.sha256(b"xeddsa benchmark key").digest())  # as the seed32 fixture

        def baseline_opener() -> object:
            trusted = [pool.alice_pub]
            own = pool.bob.public_key()
            r = receiver.Receiver(own, trusted, window_seconds=10**9)
            return envelope.EnvelopeOpener(pool.bob, r)

        ops = {
            "after (this checkout)": _path(pool.opener, pool),
            "before (baseline)": _path(baseline_opener, pool),
            "xeddsa verify (same token)": pool.bare_verify(),
        }
        run = interleave(
            "receiver whole path, before/after",
            ops,
            rounds=bench_rounds(),
            min_batch_s=bench_min_batch_s(),
        )
    print(f"{run.rounds} interleaved rounds")
    for name, op in run.ops.items():
        spread = f"min {op.min_us:.1f}, max {op.max_us:.1f}"
        print(f"  {name:28s} median {op.median_us:7.1f} us  ({spread})")
    for candidate, base in (
        ("after (this checkout)", "xeddsa verify (same token)"),
        ("before (baseline)", "xeddsa verify (same token)"),
        ("after (this checkout)", "before (baseline)"),
    ):
        ratio = run.ratio(candidate, base)
        print(f"  {candidate} / {base}: {ratio.median:.3f} ({ratio.min:.3f}-{ratio.max:.3f})")


if __name__ == "__main__":
    main()
