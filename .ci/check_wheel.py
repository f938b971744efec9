"""Check that a built xeddsa wheel holds the xeddsa package only and depends on PyNaCl only."""

from __future__ import annotations

import sys
import zipfile


def main(path: str) -> int:
    """Exit non-zero with a reason if the wheel at ``path`` ships anything beyond xeddsa/."""
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        requires = [
            line.split(":", 1)[1].strip()
            for line in wheel.read(metadata).decode().splitlines()
            if line.startswith("Requires-Dist:")
        ]
    stray = [n for n in names if not (n.startswith("xeddsa/") or ".dist-info/" in n)]
    if stray:
        print(f"wheel ships files outside xeddsa/: {stray[:10]}")
        return 1
    if "xeddsa/py.typed" not in names:
        print("wheel lacks xeddsa/py.typed")
        return 1
    hard = [r for r in requires if "extra ==" not in r]
    if len(hard) != 1 or not hard[0].lower().startswith("pynacl"):
        print(f"wheel must depend on PyNaCl only, got {hard}")
        return 1
    print(f"wheel ok: {len(names)} files, requires {hard[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
