"""XEdDSA sign / verify against Ed25519 peers, interleaved in one process (targets and method:
benchmarks/README.md).

(a) ``sodium`` backend vs PyNaCl: sign <= 1.25 x, verify <= 1.10 x.
(b) ``pure`` backend vs python-ecdsa's pure-Python Ed25519 (gmpy2 blocked): sign and verify each
    <= 0.5 x; also reported against pure25519 and PyNaCl.

Keys are built, converted and validated outside the timed loops on both sides; ``PrivateKey.sign``
draws its 64-byte Z from ``secrets`` inside the timed call, as real signing does. Every callable
cycles through the same MESSAGE_COUNT distinct 100-byte messages (signatures for the verify
callables are made beforehand), so no side is timed on a message-keyed cache hit.
"""

from __future__ import annotations

from collections.abc import Callable

import ecdsa
import ecdsa.ellipticcurve
import ecdsa.numbertheory
import nacl.signing
import pytest
from _harness import Run, cycling, run_interleaved
from pure25519 import ed25519_oop as pure25519

import xeddsa


def _assert_ecdsa_is_pure_int() -> None:
    """Fail loudly if python-ecdsa picked up gmpy2 / gmpy (the comparison would be meaningless)."""
    assert not ecdsa.numbertheory.GMPY2, "ecdsa is using gmpy2"
    assert not ecdsa.numbertheory.GMPY, "ecdsa is using gmpy"
    assert not ecdsa.ellipticcurve.GMPY, "ecdsa.ellipticcurve is using gmpy"
    assert type(ecdsa.curves.Ed25519.generator.x()) is int


class Peers:
    """Every key object, and every (signature, message) pair the verify callables cycle through,
    built once outside the timed loops."""

    def __init__(self, seed32: bytes, messages: list[bytes]) -> None:
        _assert_ecdsa_is_pure_int()
        self.messages = messages
        self.xk = xeddsa.PrivateKey.from_private_bytes(seed32)
        self.xpub = xeddsa.PublicKey.from_public_bytes(self.xk.public_key().public_bytes())
        with xeddsa.use_backend("sodium"):
            self.xsigs = [(self.xk.sign(m), m) for m in messages]
        self.nk = nacl.signing.SigningKey(seed32)
        self.nvk = self.nk.verify_key
        self.nsigs = [(m, self.nk.sign(m).signature) for m in messages]
        self.ek = ecdsa.SigningKey.from_string(seed32, curve=ecdsa.Ed25519)
        self.evk = self.ek.get_verifying_key()
        self.esigs = [(self.ek.sign(m), m) for m in messages]
        self.pk = pure25519.SigningKey(seed32 + self.nvk.encode())
        self.pvk = self.pk.get_verifying_key()
        self.psigs = [(self.pk.sign(m), m) for m in messages]

    def sign_ops(self) -> dict[str, Callable[[], object]]:
        msg_x, msg_n, msg_e, msg_p = (cycling(self.messages) for _ in range(4))
        xk, nk, ek, pk = self.xk, self.nk, self.ek, self.pk
        return {
            "xeddsa sign": lambda: xk.sign(msg_x()),
            "PyNaCl Ed25519 sign": lambda: nk.sign(msg_n()),
            "ecdsa Ed25519 sign": lambda: ek.sign(msg_e()),
            "pure25519 Ed25519 sign": lambda: pk.sign(msg_p()),
        }

    def verify_ops(self) -> dict[str, Callable[[], object]]:
        sig_x, sig_n = cycling(self.xsigs), cycling(self.nsigs)
        sig_e, sig_p = cycling(self.esigs), cycling(self.psigs)
        xpub, nvk, evk, pvk = self.xpub, self.nvk, self.evk, self.pvk
        return {
            "xeddsa verify": lambda: xpub.verify(*sig_x()),
            "PyNaCl Ed25519 verify": lambda: nvk.verify(*sig_n()),
            "ecdsa Ed25519 verify": lambda: evk.verify(*sig_e()),
            "pure25519 Ed25519 verify": lambda: pvk.verify(*sig_p()),
        }

    def check(self) -> None:
        """Every prepared signature verifies on its own side (a wrong setup fails here)."""
        for ops in (self.verify_ops(),):
            for name, op in ops.items():
                for _ in range(3):
                    result = op()
                    assert result is None or result is True or isinstance(result, bytes), name


@pytest.fixture(scope="module")
def peers(seed32: bytes, messages: list[bytes]) -> Peers:
    built = Peers(seed32, messages)
    built.check()
    return built



def _record(run: Run, benchmark: object, record: list[Run]) -> None:
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]


def test_a_sodium_vs_pynacl(benchmark: object, peers: Peers, record: list[Run]) -> None:
    """(a) sodium XEdDSA / PyNaCl Ed25519: sign (target <= 1.25) and verify (target <= 1.10)."""
    sign, verify = peers.sign_ops(), peers.verify_ops()
    with xeddsa.use_backend("sodium"):
        ops = {
            "xeddsa[sodium] sign": sign["xeddsa sign"],
            "PyNaCl Ed25519 sign": sign["PyNaCl Ed25519 sign"],
            "xeddsa[sodium] verify": verify["xeddsa verify"],
            "PyNaCl Ed25519 verify": verify["PyNaCl Ed25519 verify"],
        }
        run = run_interleaved(benchmark, "(a) sodium XEdDSA vs PyNaCl Ed25519", ops)
    run.ratio("xeddsa[sodium] sign", "PyNaCl Ed25519 sign", target=1.25)
    run.ratio("xeddsa[sodium] verify", "PyNaCl Ed25519 verify", target=1.10)
    _record(run, benchmark, record)


def test_b_pure_vs_pure_python_ed25519(benchmark: object, peers: Peers, record: list[Run]) -> None:
    """(b) pure XEdDSA / ecdsa Ed25519 without gmpy2 (target <= 0.5 each); also vs pure25519 and
    PyNaCl."""
    _assert_ecdsa_is_pure_int()
    sign, verify = peers.sign_ops(), peers.verify_ops()
    with xeddsa.use_backend("pure"):
        ops = {
            "xeddsa[pure] sign": sign["xeddsa sign"],
            "ecdsa Ed25519 sign": sign["ecdsa Ed25519 sign"],
            "pure25519 Ed25519 sign": sign["pure25519 Ed25519 sign"],
            "PyNaCl Ed25519 sign": sign["PyNaCl Ed25519 sign"],
            "xeddsa[pure] verify": verify["xeddsa verify"],
            "ecdsa Ed25519 verify": verify["ecdsa Ed25519 verify"],
            "pure25519 Ed25519 verify": verify["pure25519 Ed25519 verify"],
            "PyNaCl Ed25519 verify": verify["PyNaCl Ed25519 verify"],
        }
        run = run_interleaved(benchmark, "(b) pure XEdDSA vs pure-Python Ed25519", ops)
    for op in ("sign", "verify"):
        run.ratio(f"xeddsa[pure] {op}", f"ecdsa Ed25519 {op}", target=0.5)
        run.ratio(f"xeddsa[pure] {op}", f"pure25519 Ed25519 {op}")
        run.ratio(f"xeddsa[pure] {op}", f"PyNaCl Ed25519 {op}")
    _record(run, benchmark, record)
