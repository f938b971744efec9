"""Long-run differential campaign: the ``pure`` and ``sodium`` backends on many generated inputs.

Usage from the repository root (not part of CI; ``tests/test_differential.py`` keeps CI's fixed,
bounded budget)::

    .venv/bin/python -m tests.differential_campaign --count 1000000 --seed 1
    .venv/bin/python -m tests.differential_campaign --count 20000 --seed 7 --json out.json

Every input is drawn from ``random.Random(seed)`` (so one ``--seed`` always replays the same
inputs) and is either *random* (random u, message and signature bytes, some of wrong length) or
*mutated* (an honest XEdDSA or VXEdDSA signature from a fixed pool, changed in one way: bit flips,
s + kq, top bits of s, special R/V/h/s values, small-order, non-canonical, twist or mixed-order
u, a flipped message, truncation or extension).  Each input is then checked on both backends:

* XEdDSA: ``hazmat.xeddsa_verify`` under every policy (``strict``, ``spec``, ``libsignal``), and
  ``PublicKey.from_public_bytes`` (with and without the subgroup check) followed by
  ``PublicKey.verify`` under every policy;
* VXEdDSA: ``hazmat.vxeddsa_verify`` and ``xeddsa.vxeddsa.verify`` under ``strict`` and ``spec``.

A *disagreement* is any check whose outcome (result, or exception type) differs between the
backends, a public-API verdict that differs from hazmat's for a key imported without the
subgroup check, or an honest (unmutated) signature that is refused.  The campaign prints the
counts (inputs by kind, comparisons, disagreements with their first examples) and exits 1 if there
was any disagreement.

Most mutations are *cheap* (refused before the group equation: s >= q, bad lengths, u >= p, small
order); a fixed share reaches the full equation on the pure backend (``--expensive-share``), which
costs about a millisecond per verification.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import xeddsa
import xeddsa.keys
import xeddsa.vxeddsa
from xeddsa import hazmat

P: Final = 2**255 - 19
Q: Final = 2**252 + 27742317777372353535851937790883648493
POLICIES: Final = ("strict", "spec", "libsignal")
VX_POLICIES: Final = ("strict", "spec")
BACKENDS: Final = ("pure", "sodium")
#: Montgomery u of the points of small order, non-canonical u (>= p or bit 255 set), a twist u.
SMALL_ORDER_U: Final = tuple(
    u.to_bytes(32, "little")
    for u in (
        0,
        1,
        P - 1,
        325606250916557431795983626356110631294008115727848805560023387167927233504,
        39382357235489614581723060781553021112529911719440698176882885853963445705823,
    )
)
NONCANONICAL_U: Final = tuple(
    v.to_bytes(32, "little") for v in (P, P + 1, P + 9, 2**255 - 1, 2**255 + 9, 2**256 - 1)
)
TWIST_U: Final = (2).to_bytes(32, "little")
SPECIAL_SCALARS: Final = (0, 1, Q - 1, Q, Q + 1, P, 2**255 - 1, 2**256 - 1)

Outcome = tuple[str, Any]


def _outcome(fn: Callable[[], Any]) -> Outcome:
    """Return ("ok", result) or ("raised", exception type name)."""
    try:
        return ("ok", fn())
    except Exception as exc:  # the type is what is compared
        return ("raised", type(exc).__name__)


@dataclass(frozen=True, slots=True)
class Honest:
    """One honest signature of the pool: XEdDSA (64 bytes) and VXEdDSA (96 bytes) of ``M``."""

    u: bytes
    M: bytes
    sig: bytes
    vsig: bytes
    v: bytes


@dataclass
class Tally:
    """Counts of one campaign."""

    inputs: Counter[str] = field(default_factory=Counter)
    comparisons: int = 0
    disagreements: list[dict[str, str]] = field(default_factory=list)

    def disagree(self, kind: str, what: str, u: bytes, M: bytes, sig: bytes, detail: str) -> None:
        entry = {"kind": kind, "check": what, "u": u.hex(), "M": M.hex(), "sig": sig.hex(),
                 "detail": detail}
        self.disagreements.append(entry)
        print("DISAGREEMENT", json.dumps(entry), flush=True)


def make_pool(rng: random.Random, size: int) -> list[Honest]:
    """Honest XEdDSA and VXEdDSA signatures from keys and Z drawn from ``rng``."""
    pool = []
    with xeddsa.use_backend("sodium"):
        for _ in range(size):
            k = rng.randbytes(32)
            u = xeddsa.PrivateKey.from_private_bytes(k).public_key().public_bytes()
            M = rng.randbytes(rng.randrange(0, 80))
            sig = hazmat.xeddsa_sign(k, M, rng.randbytes(64))
            vsig, v = hazmat.vxeddsa_sign(k, M, rng.randbytes(64))
            pool.append(Honest(u, M, sig, vsig, v))
    return pool


def _le(n: int) -> bytes:
    return (n % 2**256).to_bytes(32, "little")


def _flip(data: bytes, bit: int) -> bytes:
    if not data:
        return data
    bit %= 8 * len(data)
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def _with_s(sig: bytes, s: int) -> bytes:
    return sig[:-32] + _le(s)


def mutate(
    rng: random.Random, h: Honest, vx: bool, expensive: bool
) -> tuple[str, bytes, bytes, bytes]:
    """Return (mutation name, u, M, signature) derived from the honest entry ``h``.

    ``expensive`` mutations keep u, lengths and a reduced s, so the verifier reaches the group
    equation; the others are refused by a cheap check first.
    """
    u, M, sig = h.u, h.M, (h.vsig if vx else h.sig)
    s = int.from_bytes(sig[-32:], "little")
    if expensive:
        choice = rng.randrange(4)
        if choice == 0:  # a bit of R (or V/h) flipped
            return "flip R/V/h", u, M, _flip(sig, rng.randrange(8 * (len(sig) - 32)))
        if choice == 1:  # a low bit of s flipped (s stays below q)
            return "flip low s", u, M, _flip(sig, 8 * (len(sig) - 32) + rng.randrange(248))
        if choice == 2:
            return "flip M", u, _flip(M + b"\x00", rng.randrange(8 * (len(M) + 1))), sig
        return "honest", u, M, sig
    choice = rng.randrange(10)
    if choice == 0:
        return "s+kq", u, M, _with_s(sig, s + rng.randrange(1, 16) * Q)
    if choice == 1:
        return "top bits s", u, M, sig[:-1] + bytes([sig[-1] | 0x80 >> rng.randrange(3)])
    if choice == 2:
        return "special s", u, M, _with_s(sig, rng.choice(SPECIAL_SCALARS))
    if choice == 3:
        special = _le(rng.choice(SPECIAL_SCALARS))
        return "special R/V", u, M, special + sig[32:]
    if choice == 4:
        return "small-order u", rng.choice(SMALL_ORDER_U), M, sig
    if choice == 5:
        return "non-canonical u", rng.choice((*NONCANONICAL_U, TWIST_U)), M, sig
    if choice == 6:
        n = rng.choice((0, 1, 31, 32, 63, 65, 95, 97, 128))
        return "signature length", u, M, (sig * 2)[:n]
    if choice == 7:
        n = rng.choice((0, 31, 33))
        return "u length", (u * 2)[:n], M, sig
    if choice == 8:  # u with bit 255 set (the canonical value plus 2^255)
        return "u top bit", u[:31] + bytes([u[31] | 0x80]), M, sig
    # a high bit of s flipped: s >= q unless the flip lowers it
    return "flip high s", u, M, _flip(sig, 8 * len(sig) - 1 - rng.randrange(4))


def random_input(rng: random.Random, vx: bool) -> tuple[str, bytes, bytes, bytes]:
    """Random u, message and signature (mostly of the right lengths)."""
    size = 96 if vx else 64
    if rng.randrange(16) == 0:
        size = rng.randrange(0, 130)
    u = rng.randbytes(32) if rng.randrange(16) else rng.randbytes(rng.randrange(0, 40))
    sig = rng.randbytes(size)
    if rng.randrange(4) == 0 and len(sig) >= 32:  # a reduced s, so s < q passes and R/V is decoded
        sig = sig[:-32] + _le(int.from_bytes(sig[-32:], "little") % Q)
    return "random", u, rng.randbytes(rng.randrange(0, 64)), sig


class Campaign:
    """Runs the checks; keeps imported pool keys per backend so each is imported once."""

    def __init__(self, pool: list[Honest]) -> None:
        self.pool = pool
        self.tally = Tally()
        self._keys: dict[tuple[str, bytes, bool], Outcome] = {}
        honest_u = {h.u for h in pool}
        for u in honest_u:
            for check_subgroup in (True, False):
                outcomes = self._import_both(u, check_subgroup)
                if {o[0] for o in outcomes.values()} != {"ok"}:
                    raise SystemExit(f"honest key {u.hex()} does not import: {outcomes}")
                for backend, outcome in outcomes.items():
                    self._keys[(backend, u, check_subgroup)] = outcome

    def _import_both(self, u: bytes, check_subgroup: bool) -> dict[str, Outcome]:
        out = {}
        for backend in BACKENDS:
            xeddsa.keys._import_public.cache_clear()  # the cache is shared by both backends
            with xeddsa.use_backend(backend):
                out[backend] = _outcome(
                    lambda: xeddsa.PublicKey.from_public_bytes(u, check_subgroup=check_subgroup)
                )
        xeddsa.keys._import_public.cache_clear()
        return out

    def _keys_for(self, u: bytes, check_subgroup: bool, kind: str, M: bytes, sig: bytes
                  ) -> dict[str, Outcome]:
        if ("pure", u, check_subgroup) in self._keys:
            return {b: self._keys[(b, u, check_subgroup)] for b in BACKENDS}
        out = self._import_both(u, check_subgroup)
        self.tally.comparisons += 1
        pure, sodium = out["pure"], out["sodium"]
        same = (pure[0], pure[1].public_bytes() if pure[0] == "ok" else pure[1]) == (
            sodium[0], sodium[1].public_bytes() if sodium[0] == "ok" else sodium[1])
        if not same:
            self.tally.disagree(kind, f"import check_subgroup={check_subgroup}", u, M, sig,
                                f"pure {pure} sodium {sodium}")
        return out

    def _compare(self, kind: str, what: str, u: bytes, M: bytes, sig: bytes,
                 fn: Callable[..., Any], keys: dict[str, Outcome] | None = None,
                 check: Callable[[Any], Any] | None = None) -> Outcome:
        results = {}
        for backend in BACKENDS:
            with xeddsa.use_backend(backend):
                if keys is not None:
                    key_outcome = keys[backend]
                    results[backend] = (
                        _outcome(lambda k=key_outcome[1]: fn(k))  # type: ignore[misc]
                        if key_outcome[0] == "ok" else ("no key", key_outcome[1])
                    )
                else:
                    results[backend] = _outcome(fn)
        self.tally.comparisons += 1
        if results["pure"] != results["sodium"]:
            self.tally.disagree(kind, what, u, M, sig, f"{results}")
        return results["sodium"]

    def xeddsa_input(self, kind: str, u: bytes, M: bytes, sig: bytes, honest: bool) -> None:
        keys = {cs: self._keys_for(u, cs, kind, M, sig) for cs in (True, False)}
        for policy in POLICIES:
            verdict = self._compare(
                kind, f"hazmat.xeddsa_verify {policy}", u, M, sig,
                lambda p=policy: hazmat.xeddsa_verify(u, M, sig, policy=p),
            )
            for cs in (True, False):
                public = self._compare(
                    kind, f"PublicKey.verify {policy} check_subgroup={cs}", u, M, sig,
                    lambda key, p=policy: key.verify(sig, M, policy=p),
                    keys=keys[cs],
                )
                if not cs and public[0] != "no key" and len(sig) == 64:
                    self.tally.comparisons += 1
                    if (public == ("ok", None)) != (verdict == ("ok", True)):
                        self.tally.disagree(kind, f"hazmat vs PublicKey {policy}", u, M, sig,
                                            f"hazmat {verdict} public {public}")
            if honest and verdict != ("ok", True):
                self.tally.disagree(kind, f"honest refused {policy}", u, M, sig, f"{verdict}")

    def vxeddsa_input(self, kind: str, u: bytes, M: bytes, sig: bytes, v: bytes | None) -> None:
        keys = self._keys_for(u, False, kind, M, sig)
        for policy in VX_POLICIES:
            output = self._compare(
                kind, f"hazmat.vxeddsa_verify {policy}", u, M, sig,
                lambda p=policy: hazmat.vxeddsa_verify(u, M, sig, policy=p),
            )
            public = self._compare(
                kind, f"vxeddsa.verify {policy}", u, M, sig,
                lambda key, p=policy: xeddsa.vxeddsa.verify(key, sig, M, policy=p),
                keys=keys,
            )
            if public[0] != "no key":
                self.tally.comparisons += 1
                if (public[1] if public[0] == "ok" else None) != (
                    output[1] if output[0] == "ok" else None
                ):
                    self.tally.disagree(kind, f"hazmat vs vxeddsa.verify {policy}", u, M, sig,
                                        f"hazmat {output} public {public}")
            if v is not None and output != ("ok", v):
                self.tally.disagree(kind, f"honest refused {policy}", u, M, sig, f"{output}")

    def run(self, rng: random.Random, count: int, random_share: float, expensive_share: float,
            progress: Callable[[int], None] | None = None) -> Tally:
        """Generate and check ``count`` inputs (fewer if interrupted: see ``tally.inputs``)."""
        try:
            self._run(rng, count, random_share, expensive_share, progress)
        except KeyboardInterrupt:
            print("interrupted: the figures below cover the inputs checked so far", flush=True)
        return self.tally

    def _run(self, rng: random.Random, count: int, random_share: float, expensive_share: float,
             progress: Callable[[int], None] | None) -> None:
        for i in range(count):
            vx = rng.randrange(4) == 0  # a quarter VXEdDSA, the rest XEdDSA
            if rng.random() < random_share:
                name, u, M, sig = random_input(rng, vx)
                honest = None
            else:
                honest = rng.choice(self.pool)
                name, u, M, sig = mutate(rng, honest, vx, rng.random() < expensive_share)
            kind = ("vxeddsa " if vx else "xeddsa ") + name
            self.tally.inputs[kind] += 1
            is_honest = name == "honest"
            if vx:
                self.vxeddsa_input(kind, u, M, sig, honest.v if is_honest and honest else None)
            else:
                self.xeddsa_input(kind, u, M, sig, is_honest)
            if progress is not None and (i + 1) % 10000 == 0:
                progress(i + 1)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=10000, help="inputs to generate and check")
    parser.add_argument("--seed", type=int, default=1, help="seed of random.Random")
    parser.add_argument("--pool", type=int, default=32, help="honest signatures to mutate")
    parser.add_argument("--random-share", type=float, default=0.3,
                        help="share of random (not mutated) inputs")
    parser.add_argument("--expensive-share", type=float, default=0.03,
                        help="share of mutated inputs that reach the group equation")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)

    try:
        from xeddsa.backend import _load

        _load("sodium")
    except Exception as exc:
        print(f"the sodium backend is unavailable: {exc}", file=sys.stderr)
        return 2
    previous = signal.signal(signal.SIGTERM, _interrupt)
    rng = random.Random(args.seed)
    start = time.monotonic()
    campaign = Campaign(make_pool(rng, args.pool))

    def progress(done: int) -> None:
        elapsed = time.monotonic() - start
        print(f"{done} inputs, {campaign.tally.comparisons} comparisons, "
              f"{len(campaign.tally.disagreements)} disagreements, {elapsed:.0f} s", flush=True)

    try:
        tally = campaign.run(rng, args.count, args.random_share, args.expensive_share, progress)
    finally:
        signal.signal(signal.SIGTERM, previous)
    elapsed = time.monotonic() - start
    digest = hashlib.sha256(repr(sorted(tally.inputs.items())).encode()).hexdigest()[:16]
    summary = {
        "seed": args.seed,
        "inputs": sum(tally.inputs.values()),
        "requested": args.count,
        "random_inputs": sum(n for k, n in tally.inputs.items() if k.endswith(" random")),
        "mutated_inputs": sum(n for k, n in tally.inputs.items() if not k.endswith(" random")),
        "by_kind": dict(sorted(tally.inputs.items())),
        "comparisons": tally.comparisons,
        "disagreements": len(tally.disagreements),
        "first_disagreements": tally.disagreements[:20],
        "seconds": round(elapsed, 1),
        "inputs_digest": digest,
        "python": sys.version.split()[0],
        "xeddsa": xeddsa.__version__,
    }
    for kind, n in sorted(tally.inputs.items()):
        print(f"  {kind:<32} {n:>9}")
    print(f"seed {args.seed}: {summary['inputs']} inputs ({summary['random_inputs']} random, "
          f"{summary['mutated_inputs']} mutated), {tally.comparisons} backend comparisons, "
          f"{len(tally.disagreements)} disagreements, {elapsed:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 1 if tally.disagreements else 0


if __name__ == "__main__":
    raise SystemExit(main())
