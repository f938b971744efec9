"""Regenerate (or with --check, verify) the protobuf module of wice_candidates.signaling.

Runs protoc from the pinned grpcio-tools (the root project's ``grpc-codegen`` extra) on
``wice_candidates/signaling/cunicu_signaling.proto`` and writes ``cunicu_signaling_pb2.py`` and
``.pyi`` next to it. ``--check`` writes into a temporary directory and fails if the checked-in
files differ, so the generated code is always reproducible from the ``.proto``.
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from grpc_tools import protoc  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "wice_candidates" / "signaling"
PROTO = "cunicu_signaling.proto"
OUTPUTS = ("cunicu_signaling_pb2.py", "cunicu_signaling_pb2.pyi")


def generate(out: Path) -> None:
    """Run protoc into ``out``."""
    status = protoc.main(
        ["protoc", f"-I{PACKAGE}", f"--python_out={out}", f"--pyi_out={out}", str(PACKAGE / PROTO)]
    )
    if status != 0:
        raise SystemExit(f"protoc failed with status {status}")


def main() -> int:
    """Regenerate, or compare with ``--check``; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the checked-in code differs")
    args = parser.parse_args()
    if not args.check:
        generate(PACKAGE)
        print("regenerated", ", ".join(OUTPUTS))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp))
        stale = [n for n in OUTPUTS if not filecmp.cmp(Path(tmp) / n, PACKAGE / n, shallow=False)]
    if stale:
        print(
            f"stale generated code: {', '.join(stale)}; run {Path(__file__).name}", file=sys.stderr
        )
        return 1
    print("generated protobuf code matches", PROTO)
    return 0


if __name__ == "__main__":
    sys.exit(main())
