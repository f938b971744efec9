"""VXEdDSA sign / verify, as multiples of PyNaCl's Ed25519 *verify* time (targets and method:
benchmarks/README.md).

(c) ``sodium`` backend: sign <= 6 x and verify <= 8 x PyNaCl Ed25519 verify, interleaved in one
    run; the ``pure`` backend's figures are reported in a second run against the same baseline
    and python-ecdsa's pure-Python Ed25519 verify (no targets).

Keys are built and validated outside the timed loops; ``vxeddsa.sign`` draws its 64-byte Z from
``secrets`` inside the timed call. Every callable cycles through the same distinct messages
(signatures made beforehand), so a cache keyed on Bv = hash_to_point(A || M) never hits.
"""

from __future__ import annotations

from collections.abc import Callable

import ecdsa
import nacl.signing
import pytest
from _harness import Run, cycling, run_interleaved

import xeddsa

vxeddsa = pytest.importorskip("xeddsa.vxeddsa")
if not hasattr(vxeddsa, "sign"):  # pragma: no cover - before VXEdDSA landed
    pytest.skip("xeddsa.vxeddsa.sign is not available yet", allow_module_level=True)


class Peers:
    """Key objects and (signature, message) pairs, built once outside the timed loops."""

    def __init__(self, seed32: bytes, messages: list[bytes]) -> None:
        self.messages = messages
        self.xk = xeddsa.PrivateKey.from_private_bytes(seed32)
        self.xpub = xeddsa.PublicKey.from_public_bytes(self.xk.public_key().public_bytes())
        with xeddsa.use_backend("sodium"):
            self.vsigs = [(vxeddsa.sign(self.xk, m), m) for m in messages]
            for sig, m in self.vsigs[:3]:
                assert len(vxeddsa.verify(self.xpub, sig, m)) == 32
        nk = nacl.signing.SigningKey(seed32)
        self.nvk = nk.verify_key
        self.nsigs = [(m, nk.sign(m).signature) for m in messages]
        ek = ecdsa.SigningKey.from_string(seed32, curve=ecdsa.Ed25519)
        self.evk = ek.get_verifying_key()
        self.esigs = [(ek.sign(m), m) for m in messages]

    def ops(self, backend: str) -> dict[str, Callable[[], object]]:
        xk, xpub, nvk, evk = self.xk, self.xpub, self.nvk, self.evk
        msg, vsig = cycling(self.messages), cycling(self.vsigs)
        nsig, esig = cycling(self.nsigs), cycling(self.esigs)
        return {
            f"vxeddsa[{backend}] sign": lambda: vxeddsa.sign(xk, msg()),
            f"vxeddsa[{backend}] verify": lambda: vxeddsa.verify(xpub, *vsig()),
            "PyNaCl Ed25519 verify": lambda: nvk.verify(*nsig()),
            "ecdsa Ed25519 verify": lambda: evk.verify(*esig()),
        }


@pytest.fixture(scope="module")
def peers(seed32: bytes, messages: list[bytes]) -> Peers:
    return Peers(seed32, messages)



def test_c_sodium_vxeddsa_vs_pynacl_verify(
    benchmark: object, peers: Peers, record: list[Run]
) -> None:
    """(c) sodium VXEdDSA sign (target <= 6) and verify (target <= 8) / PyNaCl Ed25519 verify."""
    with xeddsa.use_backend("sodium"):
        ops = peers.ops("sodium")
        del ops["ecdsa Ed25519 verify"]
        run = run_interleaved(benchmark, "(c) sodium VXEdDSA vs PyNaCl Ed25519 verify", ops)
    run.ratio("vxeddsa[sodium] sign", "PyNaCl Ed25519 verify", target=6)
    run.ratio("vxeddsa[sodium] verify", "PyNaCl Ed25519 verify", target=8)
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]


def test_c_pure_vxeddsa(benchmark: object, peers: Peers, record: list[Run]) -> None:
    """(c, pure) pure VXEdDSA sign and verify / PyNaCl Ed25519 verify and / ecdsa Ed25519 verify."""
    with xeddsa.use_backend("pure"):
        run = run_interleaved(benchmark, "(c) pure VXEdDSA", peers.ops("pure"))
    for op in ("sign", "verify"):
        run.ratio(f"vxeddsa[pure] {op}", "PyNaCl Ed25519 verify")
        run.ratio(f"vxeddsa[pure] {op}", "ecdsa Ed25519 verify")
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]
