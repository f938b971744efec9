"""Time the Syndace ``xeddsa`` distribution (PyPI ``xeddsa`` 1.2.0) against PyNaCl Ed25519.

Runs **inside the peer virtual environment** (``benchmarks/.peer-venv``), never in the project's:
both distributions import as ``xeddsa``. ``bench_peers.py`` starts it as
``PEER_VENV/bin/python -I benchmarks/peer_syndace.py --seed HEX`` from outside the repository and
reads one JSON object from stdout. The same interleaving harness (``_harness.py``, standard
library only) times Syndace sign / verify and PyNaCl sign / verify in this one process, so the
ratios to PyNaCl are measured alongside, as in every other suite.

Fair setup, as for the in-process peers: the private key is adjusted once
(``priv_force_sign(k, False)``, the XEdDSA sign-bit choice, which ``xeddsa.PrivateKey`` also caches)
and the Ed25519 form of the public key is converted once outside the timed loop; signing passes a
fresh 64-byte Z from ``secrets`` (``nonce=``), and both sides cycle through the same distinct
100-byte messages as the other suites.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # _harness (standard library only)

from _harness import bench_min_batch_s, bench_rounds, cycling, interleave

MESSAGE_COUNT = 521  # as conftest.MESSAGE_COUNT
BASELINE = "PyNaCl Ed25519"
SYNDACE = "Syndace xeddsa XEdDSA (separate venv)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", required=True, help="32-byte key seed, hex")
    args = parser.parse_args()

    import nacl.signing

    import xeddsa as syndace

    if not hasattr(syndace, "ed25519_priv_sign"):
        raise SystemExit(f"{syndace.__file__} is not the Syndace xeddsa distribution")

    seed32 = bytes.fromhex(args.seed)
    messages = [
        hashlib.shake_256(b"xeddsa benchmark message %d" % i).digest(100)
        for i in range(MESSAGE_COUNT)
    ]

    # Syndace: clamp-and-force once (the XEdDSA key pair), convert the public key once.
    priv = syndace.priv_force_sign(seed32, False)
    u = syndace.priv_to_curve25519_pub(seed32)
    ed_pub = syndace.curve25519_pub_to_ed25519_pub(u, False)
    ssigs = [
        (syndace.ed25519_priv_sign(priv, m, nonce=secrets.token_bytes(64)), m) for m in messages
    ]
    for sig, m in ssigs:
        assert syndace.ed25519_verify(sig, ed_pub, m)

    nk = nacl.signing.SigningKey(seed32)
    nvk = nk.verify_key
    nsigs = [(m, nk.sign(m).signature) for m in messages]

    smsg, ssig = cycling(messages), cycling(ssigs)
    nmsg, nsig = cycling(messages), cycling(nsigs)
    sign, verify = syndace.ed25519_priv_sign, syndace.ed25519_verify
    token = secrets.token_bytes

    def syndace_verify() -> None:
        sig, m = ssig()
        if not verify(sig, ed_pub, m):
            raise AssertionError("Syndace rejected a valid signature")

    ops = {
        f"{SYNDACE} sign": lambda: sign(priv, smsg(), nonce=token(64)),
        f"{SYNDACE} verify": syndace_verify,
        f"{BASELINE} sign": lambda: nk.sign(nmsg()),
        f"{BASELINE} verify": lambda: nvk.verify(*nsig()),
    }
    run = interleave(
        "(e) Syndace xeddsa vs PyNaCl Ed25519 (separate venv)",
        ops,
        rounds=bench_rounds(),
        min_batch_s=bench_min_batch_s(),
    )
    out = {
        "run": {
            "group": run.group,
            "rounds": run.rounds,
            "ops": {
                name: {"batch": op.batch, "per_round_us": op.per_round_us}
                for name, op in run.ops.items()
            },
        },
        "versions": {
            "xeddsa": metadata.version("xeddsa"),
            "PyNaCl": metadata.version("PyNaCl"),
            "python": sys.version.split()[0],
            "executable": sys.executable,
        },
        "clock": os.environ.get("BENCH_CLOCK", "process"),
        "public_key": u.hex(),
        "message_0_sha256": hashlib.sha256(messages[0]).hexdigest(),
        "signature_0": ssigs[0][0].hex(),
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
