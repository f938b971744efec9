"""VXEdDSA sign / verify, as multiples of PyNaCl's Ed25519 *verify* time (performance.md §6-§7).

(c) ``sodium`` backend: sign <= 6 x and verify <= 8 x PyNaCl Ed25519 verify, interleaved in one
    run; the ``pure`` backend's figures are reported in a second run against the same baseline
    and python-ecdsa's pure-Python Ed25519 verify (no targets).

Keys are built and validated outside the timed loops; ``vxeddsa.sign`` draws its 64-byte Z from
``secrets`` inside the timed call.
"""

from __future__ import annotations

import ecdsa
import nacl.signing
import pytest
from _harness import Run, bench_min_batch_s, bench_rounds, interleave

import xeddsa

vxeddsa = pytest.importorskip("xeddsa.vxeddsa")
if not hasattr(vxeddsa, "sign"):  # pragma: no cover - before VXEdDSA landed
    pytest.skip("xeddsa.vxeddsa.sign is not available yet", allow_module_level=True)


@pytest.fixture(scope="module")
def keys(seed32: bytes, message: bytes) -> dict[str, object]:
    """Key objects and signatures, built once outside the timed loops."""
    xk = xeddsa.PrivateKey.from_private_bytes(seed32)
    xpub = xeddsa.PublicKey.from_public_bytes(xk.public_key().public_bytes())
    with xeddsa.use_backend("sodium"):
        vsig = vxeddsa.sign(xk, message)
    nk = nacl.signing.SigningKey(seed32)
    ek = ecdsa.SigningKey.from_string(seed32, curve=ecdsa.Ed25519)
    return {
        "xk": xk,
        "xpub": xpub,
        "vsig": vsig,
        "nvk": nk.verify_key,
        "nsig": nk.sign(message).signature,
        "evk": ek.get_verifying_key(),
        "esig": ek.sign(message),
    }


def _run(benchmark: object, group: str, ops: dict[str, object]) -> Run:
    run: Run = benchmark.pedantic(  # type: ignore[attr-defined]
        interleave,
        args=(group, ops),
        kwargs={"rounds": bench_rounds(), "min_batch_s": bench_min_batch_s()},
        rounds=1,
        iterations=1,
    )
    return run


def test_c_sodium_vxeddsa_vs_pynacl_verify(
    benchmark: object, keys: dict[str, object], message: bytes, record: list[Run]
) -> None:
    """(c) sodium VXEdDSA sign (target <= 6) and verify (target <= 8) / PyNaCl Ed25519 verify."""
    xk, xpub, vsig = keys["xk"], keys["xpub"], keys["vsig"]
    nvk, nsig = keys["nvk"], keys["nsig"]
    with xeddsa.use_backend("sodium"):
        output = vxeddsa.verify(xpub, vsig, message)
        assert len(output) == 32
        ops = {
            "vxeddsa[sodium] sign": lambda: vxeddsa.sign(xk, message),
            "vxeddsa[sodium] verify": lambda: vxeddsa.verify(xpub, vsig, message),
            "PyNaCl Ed25519 verify": lambda: nvk.verify(message, nsig),  # type: ignore[attr-defined]
        }
        run = _run(benchmark, "(c) sodium VXEdDSA vs PyNaCl Ed25519 verify", ops)
    run.ratio("vxeddsa[sodium] sign", "PyNaCl Ed25519 verify", target=6)
    run.ratio("vxeddsa[sodium] verify", "PyNaCl Ed25519 verify", target=8)
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]


def test_c_pure_vxeddsa(
    benchmark: object, keys: dict[str, object], message: bytes, record: list[Run]
) -> None:
    """(c, pure) pure VXEdDSA sign and verify / PyNaCl Ed25519 verify and / ecdsa Ed25519 verify."""
    xk, xpub, vsig = keys["xk"], keys["xpub"], keys["vsig"]
    nvk, nsig, evk, esig = keys["nvk"], keys["nsig"], keys["evk"], keys["esig"]
    with xeddsa.use_backend("pure"):
        assert vxeddsa.verify(xpub, vsig, message) == vxeddsa.verify(xpub, vsig, message)
        ops = {
            "vxeddsa[pure] sign": lambda: vxeddsa.sign(xk, message),
            "vxeddsa[pure] verify": lambda: vxeddsa.verify(xpub, vsig, message),
            "PyNaCl Ed25519 verify": lambda: nvk.verify(message, nsig),  # type: ignore[attr-defined]
            "ecdsa Ed25519 verify": lambda: evk.verify(esig, message),  # type: ignore[attr-defined]
        }
        run = _run(benchmark, "(c) pure VXEdDSA", ops)
    for op in ("sign", "verify"):
        run.ratio(f"vxeddsa[pure] {op}", "PyNaCl Ed25519 verify")
        run.ratio(f"vxeddsa[pure] {op}", "ecdsa Ed25519 verify")
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]
