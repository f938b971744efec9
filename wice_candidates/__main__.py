"""``python -m wice_candidates demo``: run the signed-ICE loopback demonstration."""

from __future__ import annotations

import sys

from .demo import main

if __name__ == "__main__":
    sys.exit(main())
