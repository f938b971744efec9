"""Byte-for-byte differential of :mod:`xeddsa.v1` against XEdDSA 1.2.0 running in its own venv.

Usage (what ``.ci/run`` does; the 1.2.0 venv is created there from PyPI)::

    .venv/bin/python -m tests.compat_v1.differential --v1-python /tmp/xeddsa1-venv/bin/python

For each of the 11 functions it draws ``--count`` (default 10,000) random argument tuples from a
fixed seed, adds the edge inputs of :func:`edge_calls` (all-zero, small-order and non-canonical
keys, both sign bits, explicit nonces, wrong sizes, keyless forgeries, s >= q, small-order R,
mixed-order keys), sends them in one JSON batch to ``peer_v1.py`` under 1.2.0, evaluates them here
on the ``sodium`` backend (and a fixed subset on ``pure``), and requires every result to be equal:
the same bytes, the same verdict, or the same exception class (``XEdDSAException``,
``ValueError`` - :class:`~xeddsa.errors.InvalidKey` counts - or ``TypeError``). Any difference
is printed and the exit status is 1.

``--check-facts`` also requires ``tests/compat_v1/data/v1_facts.json`` (the known answers the unit
tests pin without 1.2.0) to equal what 1.2.0 returns now; ``--write-facts`` regenerates it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xeddsa
from xeddsa import v1
from xeddsa._params import P, Q
from xeddsa.curve.constants import SMALL_ORDER_U, SMALL_ORDER_Y
from xeddsa.curve.edwards import EdwardsPoint

HERE = Path(__file__).resolve().parent
FACTS = HERE / "data" / "v1_facts.json"
PURE_SUBSET = 200  # calls per function re-run on the pure backend (it is ~100x slower)
FUNCTIONS = (
    "ed25519_priv_sign",
    "ed25519_seed_sign",
    "ed25519_verify",
    "curve25519_pub_to_ed25519_pub",
    "ed25519_pub_to_curve25519_pub",
    "priv_to_curve25519_pub",
    "priv_to_ed25519_pub",
    "seed_to_ed25519_pub",
    "priv_force_sign",
    "seed_to_priv",
    "x25519",
)
Arg = str | bool | None  # bytes travel as hex


def _le(value: int) -> bytes:
    return (value % 2**256).to_bytes(32, "little")


def _torsion_point() -> EdwardsPoint:
    """An order-8 point (a torsion component to add to honest keys)."""
    for y in sorted(SMALL_ORDER_Y):
        point = EdwardsPoint.decompress(_le(y))
        if point is not None and not (point * 4).is_identity():
            return point
    raise AssertionError("no order-8 point")  # pragma: no cover


def _small_order_u() -> list[bytes]:
    """Every small-order u, its non-canonical forms below 2^256, with and without bit 255."""
    values: set[int] = set()
    for u in SMALL_ORDER_U:
        values |= {u, u + P, u | 2**255, (u + P) | 2**255}
    values |= {P, P + 1, 2**255 - 1, 2**256 - 1}
    return [_le(u) for u in sorted(v for v in values if v < 2**256)]


def _small_order_y() -> list[bytes]:
    values: set[int] = set()
    for y in SMALL_ORDER_Y:
        for v in (y, y + P):
            if v < 2**255:
                values |= {v, v | 2**255}
    return [_le(y) for y in sorted(values)]


def _verify_cases(rng: random.Random, count: int) -> list[list[Arg]]:
    """Honest signatures (XEdDSA-style and seed-signed) and their mutations."""
    cases: list[list[Arg]] = []
    for i in range(count):
        kind = i % 10
        msg = rng.randbytes(rng.randrange(0, 80))
        if kind < 4:  # the dependents' flow: force the sign bit, convert u, verify
            priv = v1.priv_force_sign(rng.randbytes(32), False)
            pub = v1.curve25519_pub_to_ed25519_pub(v1.priv_to_curve25519_pub(priv), False)
            sig = v1.ed25519_priv_sign(priv, msg, rng.randbytes(64))
        else:
            seed = rng.randbytes(32)
            pub = v1.seed_to_ed25519_pub(seed)
            sig = v1.ed25519_seed_sign(seed, msg)
        if kind in (2, 5):  # one flipped bit anywhere
            bit = rng.randrange(64 * 8)
            flipped = bytearray(sig)
            flipped[bit // 8] ^= 1 << (bit % 8)
            sig = bytes(flipped)
        elif kind == 6:  # s + q (malleated; the equation still holds)
            s = int.from_bytes(sig[32:], "little") + Q
            sig = sig[:32] + _le(s)
        elif kind == 7:  # the other message
            msg = msg + b"\x00"
        elif kind == 8:  # the key with the other sign bit
            pub = pub[:31] + bytes([pub[31] ^ 0x80])
        cases.append([sig.hex(), pub.hex(), msg.hex()])
    return cases


def random_calls(seed: int, count: int) -> dict[str, list[list[Arg]]]:
    """``count`` random argument tuples per function, from ``seed``."""
    rng = random.Random(seed)

    def b32() -> str:
        return rng.randbytes(32).hex()

    def b64() -> str:
        return rng.randbytes(64).hex()

    def msg() -> str:
        return rng.randbytes(rng.randrange(0, 120)).hex()

    def some_priv() -> str:  # raw, clamped or sign-forced: every shape dependents pass
        raw = rng.randbytes(32)
        shape = rng.randrange(3)
        return (raw if shape == 0 else v1.priv_force_sign(raw, shape == 1)).hex()

    def some_ed_pub() -> str:
        shape = rng.randrange(3)
        if shape == 0:
            return b32()
        pub = v1.priv_to_ed25519_pub(rng.randbytes(32))
        if shape == 2:  # a mixed-order key: honest point plus an order-8 point
            decoded = EdwardsPoint.decompress(pub)
            assert decoded is not None
            pub = (decoded + _TORSION).compress()
        return pub.hex()

    def some_u() -> str:
        return b32() if rng.randrange(2) else v1.priv_to_curve25519_pub(rng.randbytes(32)).hex()

    gen: dict[str, Callable[[], list[Arg]]] = {
        "ed25519_priv_sign": lambda: [some_priv(), msg(), b64()],
        "ed25519_seed_sign": lambda: [b32(), msg()],
        "curve25519_pub_to_ed25519_pub": lambda: [b32(), rng.randrange(2) == 1],
        "ed25519_pub_to_curve25519_pub": lambda: [some_ed_pub()],
        "priv_to_curve25519_pub": lambda: [some_priv()],
        "priv_to_ed25519_pub": lambda: [some_priv()],
        "seed_to_ed25519_pub": lambda: [b32()],
        "priv_force_sign": lambda: [some_priv(), rng.randrange(2) == 1],
        "seed_to_priv": lambda: [b32()],
        "x25519": lambda: [some_priv(), some_u()],
    }
    calls = {name: [make() for _ in range(count)] for name, make in gen.items()}
    calls["ed25519_verify"] = _verify_cases(rng, count)
    return {name: calls[name] for name in FUNCTIONS}


_TORSION = _torsion_point()


def _forgeries() -> list[tuple[str, list[Arg]]]:
    """Named verify inputs that a lenient verifier accepts and a strict one refuses."""
    seed = hashlib.sha256(b"xeddsa v1 differential key").digest()
    pub = v1.seed_to_ed25519_pub(seed)
    expanded = hashlib.sha512(seed).digest()
    a = int.from_bytes(v1.seed_to_priv(seed), "little")
    assert int.from_bytes(expanded[:32], "little") & (2**254 - 8) | 2**254 == a
    msg = b"edge"
    sig = v1.ed25519_seed_sign(seed, msg)
    s = int.from_bytes(sig[32:], "little")
    out: list[tuple[str, list[Arg]]] = [
        ("honest", [sig.hex(), pub.hex(), msg.hex()]),
        ("s + q", [(sig[:32] + _le(s + Q)).hex(), pub.hex(), msg.hex()]),
        ("s + 2^253", [(sig[:32] + _le(s + 2**253)).hex(), pub.hex(), msg.hex()]),
        ("s with bit 255", [(sig[:32] + _le(s | 2**255)).hex(), pub.hex(), msg.hex()]),
    ]
    # R = identity and s = h a: [s]B - [h]A = identity = R holds (a small-order R).
    identity = _le(1)
    h = int.from_bytes(hashlib.sha512(identity + pub + msg).digest(), "little") % Q
    out.append(
        (
            "small-order R (identity), s = ha",
            [(identity + _le(h * a % Q)).hex(), pub.hex(), msg.hex()],
        )
    )
    # Keyless forgeries: every small-order A with every small-order R and s = 0.
    for A in _small_order_y():
        for R in _small_order_y()[:8]:
            out.append(
                (
                    f"small-order A {A.hex()[:8]}, R {R.hex()[:8]}, s = 0",
                    [(R + _le(0)).hex(), A.hex(), msg.hex()],
                )
            )
    # A mixed-order key A + T with an equation that holds: h = 0 (mod 8) ground over messages.
    decoded = EdwardsPoint.decompress(pub)
    assert decoded is not None
    mixed = (decoded + _TORSION).compress()
    for i in range(1000):
        m = b"mixed %d" % i
        r = int.from_bytes(hashlib.sha512(b"r" + m).digest(), "little") % Q
        R = EdwardsPoint.base_mul(r).compress()
        hm = int.from_bytes(hashlib.sha512(R + mixed + m).digest(), "little") % Q
        if hm % 8 == 0:
            out.append(
                (
                    "mixed-order A, valid equation",
                    [(R + _le((r + hm * a) % Q)).hex(), mixed.hex(), m.hex()],
                )
            )
            break
    # Mixed-order A with a small-order R: R = -[h]T, s = h a.
    for i in range(1000):
        m = b"mixed small R %d" % i
        for k in range(8):
            R = (_TORSION * k).compress()
            hm = int.from_bytes(hashlib.sha512(R + mixed + m).digest(), "little") % Q
            if (_TORSION * ((-hm) % 8)).compress() == R:
                out.append(
                    (
                        "mixed-order A, small-order R",
                        [(R + _le(hm * a % Q)).hex(), mixed.hex(), m.hex()],
                    )
                )
                break
        else:
            continue
        break
    # A non-canonical encoding of a key: u with bit 255 set converts to the same A (1.x masks it).
    priv = v1.priv_force_sign(seed, False)
    u = v1.priv_to_curve25519_pub(priv)
    u_bit255 = u[:31] + bytes([u[31] | 0x80])
    a_from_bit255 = v1.curve25519_pub_to_ed25519_pub(u_bit255, False)
    xsig = v1.ed25519_priv_sign(priv, msg, bytes(64))
    out.append(("key from u with bit 255 set", [xsig.hex(), a_from_bit255.hex(), msg.hex()]))
    # Wrong sizes.
    out.append(("63-byte signature", [sig[:63].hex(), pub.hex(), msg.hex()]))
    out.append(("31-byte key", [sig.hex(), pub[:31].hex(), msg.hex()]))
    return out


def edge_calls() -> dict[str, list[tuple[str, list[Arg]]]]:
    """Named edge inputs per function (the ones the unit tests pin come from here)."""
    privs = {
        "all-zero": bytes(32),
        "all-ff": b"\xff" * 32,
        "q": _le(Q),
        "one": _le(1),
        "2^255 - 1": _le(2**255 - 1),
        "top nibble 8, carry 0": bytes(31) + b"\x80",
        "top nibble 8, carry 1": b"\xff" * 31 + b"\x80",
        "top nibble 9": bytes(31) + b"\x90",
        "top nibble f, low 0x77..": bytes.fromhex("77" * 31 + "f7"),
        "clamped max": _le(2**255 - 8),
    }
    u_values = {f"small-order u {u.hex()[:8]}..{u.hex()[-4:]}": u for u in _small_order_u()}
    u_values.update(
        {"u = 9": _le(9), "u = 2 (twist)": _le(2), "u = 9 with bit 255": _le(9 | 2**255)}
    )
    y_values = {f"small-order y {y.hex()[:8]}..{y.hex()[-4:]}": y for y in _small_order_y()}
    y_values.update(
        {
            "y = p + 3": _le(P + 3),
            "y = 2 (off curve)": _le(2),
            "basepoint": EdwardsPoint.base_mul(1).compress(),
        }
    )
    nonces = {"zero nonce": bytes(64), "ff nonce": b"\xff" * 64}
    out: dict[str, list[tuple[str, list[Arg]]]] = {name: [] for name in FUNCTIONS}
    for pname, priv in privs.items():
        for nname, nonce in nonces.items():
            out["ed25519_priv_sign"].append(
                (f"{pname}, {nname}", [priv.hex(), b"m".hex(), nonce.hex()])
            )
        out["priv_to_curve25519_pub"].append((pname, [priv.hex()]))
        out["priv_to_ed25519_pub"].append((pname, [priv.hex()]))
        for bit in (False, True):
            out["priv_force_sign"].append((f"{pname}, sign {int(bit)}", [priv.hex(), bit]))
        out["seed_to_priv"].append((pname, [priv.hex()]))
        out["seed_to_ed25519_pub"].append((pname, [priv.hex()]))
        out["ed25519_seed_sign"].append((pname, [priv.hex(), b"".hex()]))
        out["x25519"].append((f"{pname}, u = 9", [priv.hex(), _le(9).hex()]))
    for uname, u in u_values.items():
        out["x25519"].append((uname, [_le(2**254 + 8 * 12345).hex(), u.hex()]))
        for bit in (False, True):
            out["curve25519_pub_to_ed25519_pub"].append(
                (f"{uname}, sign {int(bit)}", [u.hex(), bit])
            )
    for yname, y in y_values.items():
        out["ed25519_pub_to_curve25519_pub"].append((yname, [y.hex()]))
    out["ed25519_verify"] = _forgeries()
    # Wrong sizes: ValueError in 1.2.0 (InvalidKey here, a ValueError, for keys).
    out["ed25519_priv_sign"] += [
        ("31-byte priv", [bytes(31).hex(), "", bytes(64).hex()]),
        ("63-byte nonce", [bytes(32).hex(), "", bytes(63).hex()]),
    ]
    out["x25519"] += [("33-byte u", [bytes(32).hex(), bytes(33).hex()])]
    out["seed_to_priv"] += [("0-byte seed", [""])]
    out["ed25519_pub_to_curve25519_pub"] += [("31-byte key", [bytes(31).hex()])]
    out["curve25519_pub_to_ed25519_pub"] += [("31-byte u", [bytes(31).hex(), False])]
    return out


def evaluate(name: str, args: list[Arg]) -> object:
    """Call ``xeddsa.<name>`` (the 1.x API) and return its result or exception class as JSON."""
    function = getattr(xeddsa, name)
    try:
        value = function(*[bytes.fromhex(a) if isinstance(a, str) else a for a in args])
    except xeddsa.XEdDSAException:
        return "raise:XEdDSAException"
    except ValueError:
        return "raise:ValueError"
    except TypeError:
        return "raise:TypeError"
    return value.hex() if isinstance(value, bytes) else value


def run_peer(python: str, calls: dict[str, list[list[Arg]]]) -> dict[str, list[object]]:
    """Evaluate ``calls`` under XEdDSA 1.2.0 with ``python`` (its own venv), outside the repo."""
    proc = subprocess.run(
        [python, "-I", str(HERE / "peer_v1.py")],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        cwd="/",
        check=True,
        timeout=900,
    )
    reply: dict[str, Any] = json.loads(proc.stdout)
    assert reply["version"] == "1.2.0", reply["version"]
    return reply["results"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--v1-python", required=True, help="python of the XEdDSA 1.2.0 venv")
    parser.add_argument("--count", type=int, default=10_000, help="random calls per function")
    parser.add_argument("--seed", type=int, default=20250101)
    facts = parser.add_mutually_exclusive_group()
    facts.add_argument("--check-facts", action="store_true")
    facts.add_argument("--write-facts", action="store_true")
    args = parser.parse_args()

    started = time.monotonic()
    calls = random_calls(args.seed, args.count)
    edges = edge_calls()
    for name in FUNCTIONS:
        calls[name] = calls[name] + [a for _, a in edges[name]]
    theirs = run_peer(args.v1_python, calls)
    peer_done = time.monotonic()
    failures = 0
    for name in FUNCTIONS:
        mine = [evaluate(name, a) for a in calls[name]]
        v1._point_cache.clear()  # the pure backend computes every A itself
        with xeddsa.use_backend("pure"):
            subset = list(range(min(PURE_SUBSET, args.count))) + list(
                range(args.count, len(calls[name]))
            )
            pure = {i: evaluate(name, calls[name][i]) for i in subset}
        bad = [i for i, (x, y) in enumerate(zip(mine, theirs[name], strict=True)) if x != y]
        bad += [i for i, x in pure.items() if x != theirs[name][i]]
        failures += len(bad)
        for i in bad[:5]:
            print(
                f"DIFF {name}{tuple(calls[name][i])}: ours {mine[i]!r}, 1.2.0 {theirs[name][i]!r}"
            )
        n_edge = len(edges[name])
        accepted = sum(1 for r in theirs[name] if r is True)
        print(
            f"{name}: {args.count} random + {n_edge} edge calls, {len(subset)} also on pure: "
            f"{len(bad)} differences"
            + (f" ({accepted} accepted)" if name == "ed25519_verify" else "")
        )
    edge_results = {
        name: [
            {"case": case, "args": a, "result": theirs[name][args.count + j]}
            for j, (case, a) in enumerate(edges[name])
        ]
        for name in FUNCTIONS
    }
    print(f"peer {peer_done - started:.1f} s, total {time.monotonic() - started:.1f} s")
    if args.write_facts:
        FACTS.parent.mkdir(exist_ok=True)
        FACTS.write_text(
            json.dumps({"source": _PROVENANCE, "edges": edge_results}, indent=1) + "\n"
        )
    elif args.check_facts:
        stored = json.loads(FACTS.read_text())
        if stored["edges"] != edge_results:
            print(f"{FACTS} is stale: rerun with --write-facts")
            failures += 1
    print(
        "OK: byte-identical to XEdDSA 1.2.0" if failures == 0 else f"FAILED: {failures} differences"
    )
    return 1 if failures else 0


_PROVENANCE = (
    "Outputs of XEdDSA 1.2.0 (PyPI, installed in its own venv) for the edge inputs of "
    "tests/compat_v1/differential.py:edge_calls, written by "
    "`python -m tests.compat_v1.differential --v1-python ... --write-facts`; facts measured by "
    "running it, no code of it. 'raise:X' is the exception class it raised."
)

if __name__ == "__main__":
    sys.exit(main())
