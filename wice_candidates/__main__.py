"""``python -m wice_candidates``: the ``wice-candidates`` command (demo, signal, connect)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
