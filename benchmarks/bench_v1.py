"""(f) The 1.x function API (:mod:`xeddsa.v1`) against XEdDSA 1.2.0, which runs in its own venv.

Targets: ``ed25519_priv_sign`` at most 0.2x the time of 1.2.0's, ``ed25519_verify`` at
most 1.0x. The two cannot share a process (both import as ``xeddsa``), so each is timed against
PyNaCl Ed25519 in its own process with the same interleaving harness, and the cross-process ratio
is taken round by round: (ours / PyNaCl here) / (1.2.0 / PyNaCl there). In the table, the op
"XEdDSA 1.2.0 ... (scaled)" is 1.2.0's per-round time times this process's PyNaCl / that
process's PyNaCl for the same round, so ``ratio(ours, scaled)`` is exactly that ratio of ratios.

Same workload on both sides (``peer_syndace.py``): the key is forced once
(``priv_force_sign(k, False)``), the Ed25519 key converted once, each signature gets a fresh
64-byte nonce from :mod:`secrets`, messages cycle through the same 100-byte set. The compat API
caches the public point per key (keyed hash, no key bytes kept), as a dependent signing many
messages under its identity key hits it; "ed25519_priv_sign, cold" clears that cache on every
call and is reported without a target.
"""

from __future__ import annotations

import secrets
from typing import Any

from _harness import OpStats, Run, bench_min_batch_s, bench_rounds, cycling, interleave
from bench_peers import BASELINE, SYNDACE, run_from_dict, run_syndace

import xeddsa
from xeddsa import v1

OURS = "xeddsa.v1"
THEIRS = "XEdDSA 1.2.0"


def test_f_v1_api_vs_xeddsa_1_2_0(
    benchmark: object,
    seed32: bytes,
    messages: list[bytes],
    record: list[Run],
    report_extra: dict[str, Any],
) -> None:
    import nacl.signing

    data = benchmark.pedantic(run_syndace, args=(seed32,), rounds=1, iterations=1)  # type: ignore[attr-defined]
    theirs = run_from_dict(data["run"])

    priv = xeddsa.priv_force_sign(seed32, False)
    u = xeddsa.priv_to_curve25519_pub(seed32)
    assert u.hex() == data["public_key"]  # the same key as the peer's
    ed_pub = xeddsa.curve25519_pub_to_ed25519_pub(u, False)
    sigs = [(xeddsa.ed25519_priv_sign(priv, m, secrets.token_bytes(64)), m) for m in messages]
    assert all(xeddsa.ed25519_verify(s, ed_pub, m) for s, m in sigs)
    nk = nacl.signing.SigningKey(seed32)
    nvk = nk.verify_key
    nsigs = [(m, nk.sign(m).signature) for m in messages]
    smsg, ssig, nmsg, nsig = cycling(messages), cycling(sigs), cycling(messages), cycling(nsigs)
    sign, verify, token = xeddsa.ed25519_priv_sign, xeddsa.ed25519_verify, secrets.token_bytes

    def ours_verify() -> None:
        sig, m = ssig()
        if not verify(sig, ed_pub, m):
            raise AssertionError("xeddsa.v1 rejected a valid signature")

    def ours_sign_cold() -> None:
        v1._point_cache.clear()
        sign(priv, smsg(), token(64))

    rounds = bench_rounds()
    assert theirs.rounds == rounds, "run the peer with the same BENCH_ROUNDS"
    run = interleave(
        "(f) xeddsa.v1 (1.x API) vs XEdDSA 1.2.0 (separate venv; ratios to PyNaCl per process)",
        {
            f"{OURS} ed25519_priv_sign": lambda: sign(priv, smsg(), token(64)),
            f"{OURS} ed25519_priv_sign, cold": ours_sign_cold,
            f"{OURS} ed25519_verify": ours_verify,
            f"{BASELINE} sign": lambda: nk.sign(nmsg()),
            f"{BASELINE} verify": lambda: nvk.verify(*nsig()),
        },
        rounds=rounds,
        min_batch_s=bench_min_batch_s(),
    )
    for op, theirs_op in (("sign", "ed25519_priv_sign"), ("verify", "ed25519_verify")):
        here = run.ops[f"{BASELINE} {op}"].per_round_us
        there = theirs.ops[f"{BASELINE} {op}"].per_round_us
        them = theirs.ops[f"{SYNDACE} {op}"].per_round_us
        scaled = f"{THEIRS} {theirs_op} (scaled)"
        run.ops[scaled] = OpStats(
            scaled,
            theirs.ops[f"{SYNDACE} {op}"].batch,
            [t * h / b for t, h, b in zip(them, here, there, strict=True)],
        )
    for name, op in theirs.ops.items():  # 1.2.0's process as measured there, for the record
        label = name.replace(SYNDACE, THEIRS).replace(BASELINE, f"{BASELINE} (1.2.0's process)")
        run.ops[f"{label}, own process"] = OpStats(
            f"{label}, own process", op.batch, op.per_round_us
        )
    run.ratio(f"{OURS} ed25519_priv_sign", f"{THEIRS} ed25519_priv_sign (scaled)", target=0.2)
    run.ratio(f"{OURS} ed25519_verify", f"{THEIRS} ed25519_verify (scaled)", target=1.0)
    run.ratio(f"{OURS} ed25519_priv_sign, cold", f"{THEIRS} ed25519_priv_sign (scaled)")
    run.ratio(f"{OURS} ed25519_priv_sign", f"{BASELINE} sign")
    run.ratio(f"{OURS} ed25519_verify", f"{BASELINE} verify")
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]
