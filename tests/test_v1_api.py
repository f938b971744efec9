"""The 1.x function API (:mod:`xeddsa.v1`) against facts measured on XEdDSA 1.2.0, on both backends.

``tests/compat_v1/data/v1_facts.json`` holds 1.2.0's outputs for the named edge inputs of
``tests/compat_v1/differential.py`` (written by it with ``--write-facts`` from a real 1.2.0 run and
re-checked in CI with ``--check-facts``), so this file runs from a fresh clone without 1.2.0. The
10,000-input random differential itself runs in CI (``.ci/run``), not here.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path
from typing import Any

import pytest

import xeddsa
from tests.compat_v1.differential import evaluate
from xeddsa import v1

FACTS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "compat_v1" / "data" / "v1_facts.json").read_text()
)
CASES = [
    pytest.param(name, case["args"], case["result"], id=f"{name}: {case['case']}")
    for name, cases in FACTS["edges"].items()
    for case in cases
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES)
def test_edge_input_matches_v1(backend: str, name: str, args: list[Any], expected: object) -> None:
    v1._point_cache.clear()
    assert evaluate(name, args) == expected


def test_facts_cover_every_function_and_the_forgeries() -> None:
    assert set(FACTS["edges"]) == {n for n in v1.__all__ if n[0].islower()}
    verdicts = {c["case"]: c["result"] for c in FACTS["edges"]["ed25519_verify"]}
    # What 1.2.0 refuses (and so does ed25519_verify here): the strict rules.
    for case in (
        "s + q",
        "s + 2^253",
        "s with bit 255",
        "small-order R (identity), s = ha",
        "mixed-order A, small-order R",
    ):
        assert verdicts[case] is False, case
    assert not any(v for c, v in verdicts.items() if c.startswith("small-order A"))
    # What 1.2.0 accepts, as here: mixed-order A and a key converted from u with bit 255 set.
    assert verdicts["mixed-order A, valid equation"] is True
    assert verdicts["key from u with bit 255 set"] is True


def test_signatures_match_1x_argument_names() -> None:
    expected = {
        "ed25519_priv_sign": ["priv", "msg", "nonce"],
        "ed25519_seed_sign": ["seed", "msg"],
        "ed25519_verify": ["sig", "ed25519_pub", "msg"],
        "curve25519_pub_to_ed25519_pub": ["curve25519_pub", "set_sign_bit"],
        "ed25519_pub_to_curve25519_pub": ["ed25519_pub"],
        "priv_to_curve25519_pub": ["priv"],
        "priv_to_ed25519_pub": ["priv"],
        "seed_to_ed25519_pub": ["seed"],
        "priv_force_sign": ["priv", "set_sign_bit"],
        "seed_to_priv": ["seed"],
        "x25519": ["priv", "curve25519_pub"],
    }
    for name, params in expected.items():
        assert list(inspect.signature(getattr(xeddsa, name)).parameters) == params, name
    assert inspect.signature(xeddsa.ed25519_priv_sign).parameters["nonce"].default is None


def test_sizes_aliases_and_exception() -> None:
    sizes = {
        "PRIV_SIZE": 32,
        "SEED_SIZE": 32,
        "CURVE_25519_PUB_SIZE": 32,
        "ED_25519_PUB_SIZE": 32,
        "ED_25519_SIGNATURE_SIZE": 64,
        "NONCE_SIZE": 64,
        "SHARED_SECRET_SIZE": 32,
    }
    for name, size in sizes.items():
        assert getattr(xeddsa, name) == size
    for alias in (
        "Priv",
        "Seed",
        "Curve25519Pub",
        "Ed25519Pub",
        "Ed25519Signature",
        "Nonce",
        "SharedSecret",
    ):
        assert getattr(xeddsa, alias) is bytes
    assert issubclass(xeddsa.XEdDSAException, xeddsa.XEdDSAError)
    with pytest.raises(xeddsa.XEdDSAError):
        xeddsa.x25519(bytes(32), bytes(32))
    with pytest.raises(xeddsa.InvalidKey):
        xeddsa.priv_to_ed25519_pub(bytes(31))
    with pytest.raises(TypeError):
        xeddsa.ed25519_priv_sign(bytes(32), "text")  # type: ignore[arg-type]


def test_dependents_flow_round_trips(backend: str) -> None:
    """x3dh/omemo: force the sign bit, sign with a fresh nonce, verify under the converted u."""
    for i in range(4):
        k = hashlib.sha256(b"k%d" % i).digest()
        u = xeddsa.priv_to_curve25519_pub(k)  # the published key: from the unforced k
        priv = xeddsa.priv_force_sign(k, i % 2 == 1)
        pub = xeddsa.curve25519_pub_to_ed25519_pub(u, i % 2 == 1)
        sig = xeddsa.ed25519_priv_sign(priv, b"bundle")
        assert xeddsa.ed25519_verify(sig, pub, b"bundle")
        assert not xeddsa.ed25519_verify(sig, pub, b"bundlf")
        assert xeddsa.ed25519_pub_to_curve25519_pub(pub) == u
        seed = hashlib.sha256(b"s%d" % i).digest()
        peer = xeddsa.priv_to_curve25519_pub(xeddsa.seed_to_priv(seed))
        assert xeddsa.x25519(k, peer) == xeddsa.x25519(xeddsa.seed_to_priv(seed), u)


def test_point_cache_holds_no_key_bytes() -> None:
    priv = hashlib.sha256(b"cached").digest()
    xeddsa.ed25519_priv_sign(priv, b"m", bytes(64))
    # bytes(point): mypy does not treat `in` on a NewType of bytes as a substring test.
    cache = v1._point_cache.items()
    assert all(priv not in tag and priv not in bytes(point) for tag, point in cache)


def test_point_cache_is_bounded() -> None:
    for i in range(v1._POINT_CACHE_SIZE + 3):
        xeddsa.ed25519_priv_sign(i.to_bytes(32, "little"), b"", bytes(64))
    assert len(v1._point_cache) <= v1._POINT_CACHE_SIZE


def test_zero_nonce_scalar_gives_the_identity_commitment(backend: str) -> None:
    """r = 0 (probability 2^-252; libsodium refuses [0]B): R is the identity and s = h a, which
    is what the equation [s]B - [h]A = R requires."""
    from xeddsa.backend import ScalarBytes, get_signing_backend

    be = get_signing_backend()
    a = be.scalar_reduce(hashlib.sha256(b"a").digest() + bytes(32))
    point = be.base_mul(a)
    sig = v1._sign(be, point, a, bytes(64), b"m")
    assert sig[:32] == v1._IDENTITY
    h = hashlib.sha512(sig[:32] + point + b"m").digest()
    assert sig[32:] == be.scalar_reduce_muladd(h, a, ScalarBytes(bytes(32)))


def test_bytes_like_arguments_are_accepted() -> None:
    """1.2.0 required ``bytes`` (``TypeError`` otherwise); any bytes-like object works here."""
    priv = xeddsa.priv_force_sign(hashlib.sha256(b"bytes-like").digest(), False)
    sig = xeddsa.ed25519_priv_sign(
        bytearray(priv),  # type: ignore[arg-type]
        memoryview(b"m"),  # type: ignore[arg-type]
        bytearray(64),  # type: ignore[arg-type]
    )
    pub = xeddsa.priv_to_ed25519_pub(hashlib.sha256(b"bytes-like").digest())
    pub = pub[:31] + bytes([pub[31] & 0x7F])
    assert xeddsa.ed25519_verify(bytearray(sig), bytearray(pub), bytearray(b"m"))  # type: ignore[arg-type]
    assert sig == xeddsa.ed25519_priv_sign(priv, b"m", bytes(64))
