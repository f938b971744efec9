"""atheris entry point for one target: ``python fuzz/fuzz_target.py TARGET [libFuzzer flags...]``.

Normally started by ``fuzz/run.py``. The libraries under test are imported inside
``atheris.instrument_imports()`` so libFuzzer sees their Python branch coverage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["xeddsa", "wice_candidates", "joserfc", "fuzz"]):
    from fuzz.targets import TARGETS, fixtures


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: fuzz_target.py TARGET [libFuzzer flags]; targets: {', '.join(TARGETS)}")
    target = TARGETS[sys.argv[1]]
    fixtures()  # build keys and registry before fuzzing starts
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
