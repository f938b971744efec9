"""XEdDSA sign / verify against Ed25519 peers, interleaved in one process (performance.md §6-§7).

(a) ``sodium`` backend vs PyNaCl: sign <= 1.25 x, verify <= 1.10 x.
(b) ``pure`` backend vs python-ecdsa's pure-Python Ed25519 (gmpy2 blocked): sign and verify each
    <= 0.5 x; also reported against pure25519 and PyNaCl.

Keys are built, converted and validated outside the timed loops on both sides; ``PrivateKey.sign``
draws its 64-byte Z from ``secrets`` inside the timed call, as real signing does.
"""

from __future__ import annotations

import ecdsa
import ecdsa.ellipticcurve
import ecdsa.numbertheory
import nacl.signing
import pytest
from _harness import Run, bench_min_batch_s, bench_rounds, interleave
from pure25519 import ed25519_oop as pure25519

import xeddsa


def _assert_ecdsa_is_pure_int() -> None:
    """Fail loudly if python-ecdsa picked up gmpy2 / gmpy (the comparison would be meaningless)."""
    assert not ecdsa.numbertheory.GMPY2, "ecdsa is using gmpy2"
    assert not ecdsa.numbertheory.GMPY, "ecdsa is using gmpy"
    assert not ecdsa.ellipticcurve.GMPY, "ecdsa.ellipticcurve is using gmpy"
    assert type(ecdsa.curves.Ed25519.generator.x()) is int


@pytest.fixture(scope="module")
def keys(seed32: bytes, message: bytes) -> dict[str, object]:
    """Every key object and signature the benchmarks need, built once, outside the timed loops."""
    _assert_ecdsa_is_pure_int()
    xk = xeddsa.PrivateKey.from_private_bytes(seed32)
    xk.public_key()  # caches (A, a) and the public key on the object
    xpub = xeddsa.PublicKey.from_public_bytes(xk.public_key().public_bytes())
    with xeddsa.use_backend("sodium"):
        xsig = xk.sign(message)
    nk = nacl.signing.SigningKey(seed32)
    ek = ecdsa.SigningKey.from_string(seed32, curve=ecdsa.Ed25519)
    pk = pure25519.SigningKey(seed32 + nk.verify_key.encode())
    return {
        "xk": xk,
        "xpub": xpub,
        "xsig": xsig,
        "nk": nk,
        "nvk": nk.verify_key,
        "nsig": nk.sign(message).signature,
        "ek": ek,
        "evk": ek.get_verifying_key(),
        "esig": ek.sign(message),
        "pk": pk,
        "pvk": pk.get_verifying_key(),
        "psig": pk.sign(message),
    }


def _checked(run: Run, benchmark: object, record: list[Run]) -> Run:
    record.append(run)
    benchmark.extra_info.update(run.as_dict())  # type: ignore[attr-defined]
    return run


def test_a_sodium_vs_pynacl(
    benchmark: object, keys: dict[str, object], message: bytes, record: list[Run]
) -> None:
    """(a) sodium XEdDSA / PyNaCl Ed25519: sign (target <= 1.25) and verify (target <= 1.10)."""
    xk, xpub, xsig = keys["xk"], keys["xpub"], keys["xsig"]
    nk, nvk, nsig = keys["nk"], keys["nvk"], keys["nsig"]
    with xeddsa.use_backend("sodium"):
        xpub.verify(xsig, message)  # type: ignore[attr-defined]
        nvk.verify(message, nsig)  # type: ignore[attr-defined]
        ops = {
            "xeddsa[sodium] sign": lambda: xk.sign(message),  # type: ignore[attr-defined]
            "PyNaCl Ed25519 sign": lambda: nk.sign(message),  # type: ignore[attr-defined]
            "xeddsa[sodium] verify": lambda: xpub.verify(xsig, message),  # type: ignore[attr-defined]
            "PyNaCl Ed25519 verify": lambda: nvk.verify(message, nsig),  # type: ignore[attr-defined]
        }
        run = benchmark.pedantic(  # type: ignore[attr-defined]
            interleave,
            args=("(a) sodium XEdDSA vs PyNaCl Ed25519", ops),
            kwargs={"rounds": bench_rounds(), "min_batch_s": bench_min_batch_s()},
            rounds=1,
            iterations=1,
        )
    run.ratio("xeddsa[sodium] sign", "PyNaCl Ed25519 sign", target=1.25)
    run.ratio("xeddsa[sodium] verify", "PyNaCl Ed25519 verify", target=1.10)
    _checked(run, benchmark, record)


def test_b_pure_vs_pure_python_ed25519(
    benchmark: object, keys: dict[str, object], message: bytes, record: list[Run]
) -> None:
    """(b) pure XEdDSA / ecdsa Ed25519 without gmpy2 (target <= 0.5 each); also vs pure25519 and
    PyNaCl."""
    _assert_ecdsa_is_pure_int()
    xk, xpub = keys["xk"], keys["xpub"]
    ek, evk, esig = keys["ek"], keys["evk"], keys["esig"]
    pk, pvk, psig = keys["pk"], keys["pvk"], keys["psig"]
    nk, nvk, nsig = keys["nk"], keys["nvk"], keys["nsig"]
    with xeddsa.use_backend("pure"):
        xsig = xk.sign(message)  # type: ignore[attr-defined]
        xpub.verify(xsig, message)  # type: ignore[attr-defined]
        assert evk.verify(esig, message)  # type: ignore[attr-defined]
        pvk.verify(psig, message)  # type: ignore[attr-defined]
        ops = {
            "xeddsa[pure] sign": lambda: xk.sign(message),  # type: ignore[attr-defined]
            "ecdsa Ed25519 sign": lambda: ek.sign(message),  # type: ignore[attr-defined]
            "pure25519 Ed25519 sign": lambda: pk.sign(message),  # type: ignore[attr-defined]
            "PyNaCl Ed25519 sign": lambda: nk.sign(message),  # type: ignore[attr-defined]
            "xeddsa[pure] verify": lambda: xpub.verify(xsig, message),  # type: ignore[attr-defined]
            "ecdsa Ed25519 verify": lambda: evk.verify(esig, message),  # type: ignore[attr-defined]
            "pure25519 Ed25519 verify": lambda: pvk.verify(psig, message),  # type: ignore[attr-defined]
            "PyNaCl Ed25519 verify": lambda: nvk.verify(message, nsig),  # type: ignore[attr-defined]
        }
        run = benchmark.pedantic(  # type: ignore[attr-defined]
            interleave,
            args=("(b) pure XEdDSA vs pure-Python Ed25519", ops),
            kwargs={"rounds": bench_rounds(), "min_batch_s": bench_min_batch_s()},
            rounds=1,
            iterations=1,
        )
    for op in ("sign", "verify"):
        run.ratio(f"xeddsa[pure] {op}", f"ecdsa Ed25519 {op}", target=0.5)
        run.ratio(f"xeddsa[pure] {op}", f"pure25519 Ed25519 {op}")
        run.ratio(f"xeddsa[pure] {op}", f"PyNaCl Ed25519 {op}")
    _checked(run, benchmark, record)
