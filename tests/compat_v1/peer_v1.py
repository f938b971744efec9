"""Run a batch of 1.x function calls on the installed XEdDSA 1.2.0 and print the results as JSON.

Runs **inside the 1.2.0 virtual environment** (standard library plus ``xeddsa`` 1.2.0 only), started
by ``tests/compat_v1/differential.py`` as ``V1_PYTHON -I tests/compat_v1/peer_v1.py`` from outside
the repository, so ``import xeddsa`` is 1.2.0. Reads ``{"function": [[arg, ...], ...], ...}`` on
stdin (bytes as hex strings, booleans and null as themselves) and writes the same shape with each
result: the output as hex, a bool, or ``"raise:<exception class name>"``.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata


def _arg(value: object) -> object:
    return bytes.fromhex(value) if isinstance(value, str) else value


def main() -> None:
    import xeddsa

    if metadata.version("XEdDSA") != "1.2.0" or not hasattr(xeddsa, "ed25519_priv_sign"):
        raise SystemExit(f"{xeddsa.__file__} is not XEdDSA 1.2.0")
    batches = json.load(sys.stdin)
    results: dict[str, list[object]] = {}
    for name, calls in batches.items():
        function = getattr(xeddsa, name)
        out: list[object] = []
        for args in calls:
            try:
                value = function(*[_arg(a) for a in args])
            except Exception as exc:
                out.append(f"raise:{type(exc).__name__}")
                continue
            out.append(value.hex() if isinstance(value, bytes) else value)
        results[name] = out
    json.dump({"version": metadata.version("XEdDSA"), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
