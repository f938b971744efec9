"""``canonicality_checks.json`` (libsignal-protocol-c's strict_fast_test, ge_fast_test,
sha512_fast_test) and the canonical-encoding rules verification relies on.

- fe_isreduced: a u is accepted only when its 32-byte integer is below p (no masking of bit 255):
  the curve layer's canonical decoder, the scheme's range check and strict key import agree.
- sc_isreduced: s < q, which the strict policy requires.
- qB = I and the base point's encoding.
- A non-canonical R never verifies, because R is compared byte for byte with a canonical Rcheck
  (the spec's bytes_equal): shown with a signature whose *point* equation holds.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

import xeddsa
from tests.strategies import P, Q, le, policy_names, small_order_forgery
from tests.vectors import h, ids, vectors
from xeddsa import _scheme, hazmat
from xeddsa._params import Q as LIBRARY_Q
from xeddsa.backend import PrimitiveError, get_backend
from xeddsa.curve import EdwardsPoint

FILE = "canonicality_checks.json"
FE = vectors(FILE, "fe_isreduced")
SC = vectors(FILE, "sc_isreduced")
BASE_MUL = vectors(FILE, "scalarmult_base")
CONSTANT = vectors(FILE, "constant")
SHA512 = vectors(FILE, "sha512")


def test_file_shape() -> None:
    assert (len(FE), len(SC), len(BASE_MUL), len(CONSTANT), len(SHA512)) == (4, 3, 1, 1, 1)


@pytest.mark.parametrize("vector", FE, ids=ids(FE))
def test_fe_isreduced(vector: dict[str, Any]) -> None:
    data = h(vector["input"])
    assert _scheme.u_is_canonical(data) is vector["expected"]


@pytest.mark.parametrize("vector", [v for v in FE if not v["expected"]], ids=ids(
    [v for v in FE if not v["expected"]]
))
def test_fe_unreduced_public_key_rejected(backend: str, vector: dict[str, Any]) -> None:
    """A u that fails fe_isreduced is refused by strict import and by every verify policy."""
    data = h(vector["input"])
    with pytest.raises(xeddsa.InvalidKey, match="u >= p"):
        xeddsa.PublicKey.from_public_bytes(data)
    with pytest.raises(xeddsa.InvalidKey, match="u >= p"):
        xeddsa.PublicKey.from_public_bytes(data, check_subgroup=False)
    for policy in policy_names("strict", "spec", "libsignal"):
        assert not hazmat.xeddsa_verify(data, b"", bytes(64), policy=policy)


def test_u_equal_p_is_not_u_zero(backend: str) -> None:
    """u = p reduces to 0 (order 2). The spec verifier accepts a keyless forgery under u = 0; the
    same bytes under u = p must be rejected, since u >= p is checked before any reduction."""
    message, signature = small_order_forgery(le(0), "u=p")
    assert hazmat.xeddsa_verify(le(0), message, signature, policy="spec")
    assert not hazmat.xeddsa_verify(le(P), message, signature, policy="spec")
    # Bit 255 set on an otherwise valid key: X25519 would mask it, XEdDSA must not.
    assert not hazmat.xeddsa_verify(le(2**255), message, signature, policy="spec")


@pytest.mark.parametrize("vector", SC, ids=ids(SC))
def test_sc_isreduced(vector: dict[str, Any]) -> None:
    data = h(vector["input"])
    assert (int.from_bytes(data, "little") < LIBRARY_Q) is vector["expected"]


def test_sc_reduced_boundary_in_strict_verify(backend: str) -> None:
    """sc_isreduced in use: an honest s < q verifies under strict; (R, s + q) encodes the same
    scalar unreduced and strict refuses it, while spec (s < 2^253) accepts it."""
    key = xeddsa.PrivateKey.from_private_bytes(bytes(range(32)))
    u = key.public_key().public_bytes()
    message = b"sc_isreduced"
    signature = hazmat.xeddsa_sign(key.private_bytes(), message, bytes(64))
    s = int.from_bytes(signature[32:], "little")
    assert s < Q and s + Q < 2**253
    twin = signature[:32] + (s + Q).to_bytes(32, "little")
    assert int.from_bytes(twin[32:], "little") >= LIBRARY_Q
    assert hazmat.xeddsa_verify(u, message, signature, policy="strict")
    assert not hazmat.xeddsa_verify(u, message, twin, policy="strict")
    assert hazmat.xeddsa_verify(u, message, twin, policy="spec")


@pytest.mark.parametrize("vector", BASE_MUL, ids=ids(BASE_MUL))
def test_q_times_base_is_identity(vector: dict[str, Any]) -> None:
    scalar = int.from_bytes(h(vector["scalar"]), "little")
    assert scalar == Q
    assert EdwardsPoint.base_mul(scalar).compress() == h(vector["expected_point"])
    assert (EdwardsPoint.base() * scalar).compress() == h(vector["expected_point"])


@pytest.mark.parametrize("vector", BASE_MUL, ids=ids(BASE_MUL))
def test_backend_refuses_identity_result(backend: str, vector: dict[str, Any]) -> None:
    """libsodium's *_base_noclamp refuses a result equal to the identity; pure must match
    (decisions.rst, D5)."""
    with pytest.raises(PrimitiveError):
        get_backend().base_mul(h(vector["scalar"]))  # type: ignore[arg-type]


@pytest.mark.parametrize("vector", CONSTANT, ids=ids(CONSTANT))
def test_base_point_encoding(vector: dict[str, Any]) -> None:
    assert EdwardsPoint.base().compress() == h(vector["expected"])


@pytest.mark.parametrize("vector", CONSTANT, ids=ids(CONSTANT))
def test_base_point_through_backend(backend: str, vector: dict[str, Any]) -> None:
    assert get_backend().base_mul(le(1)) == h(vector["expected"])  # type: ignore[arg-type]


@pytest.mark.parametrize("vector", SHA512, ids=ids(SHA512))
def test_sha512(vector: dict[str, Any]) -> None:
    assert hashlib.sha512(h(vector["input"])).hexdigest() == vector["expected"]


# -- non-canonical R -----------------------------------------------------------------------------

#: Encodings of the identity (y = 1): canonical, and the two non-canonical aliases
#: (y + p = p + 1 < 2^255; x = 0 with the sign bit set).
IDENTITY = le(1)
IDENTITY_ALIASES = (le(P + 1), le(1 | (1 << 255)))


def _identity_forgery(R: bytes) -> tuple[bytes, bytes, bytes]:
    """For u = 0 (A of order 2) and s = 0: sB - hA = I whenever h is even. Grind a message with
    even h for *this* R encoding; return (u, M, R || 0)."""
    u = le(0)
    A = hazmat.convert_mont(u)
    for counter in range(1000):  # pragma: no branch
        M = b"identity %d" % counter
        hh = int.from_bytes(hashlib.sha512(R + A + M).digest(), "little") % Q
        if hh % 2 == 0:
            return u, M, R + bytes(32)
    raise AssertionError("unreachable")  # pragma: no cover


def test_canonical_identity_R_spec_only(backend: str) -> None:
    """The equation holds and R is canonical: spec accepts (keyless forgery), strict rejects."""
    u, M, signature = _identity_forgery(IDENTITY)
    assert hazmat.xeddsa_verify(u, M, signature, policy="spec")
    assert not hazmat.xeddsa_verify(u, M, signature, policy="strict")


@pytest.mark.parametrize("alias", IDENTITY_ALIASES, ids=["y=p+1", "x=0,sign=1"])
def test_noncanonical_R_rejected_by_every_policy(backend: str, alias: bytes) -> None:
    """Same point equation, non-canonical R bytes: rejected everywhere (byte comparison)."""
    u, M, signature = _identity_forgery(alias)
    decoded = EdwardsPoint.decompress_lenient(alias)
    assert decoded is not None and decoded.is_identity()
    for policy in policy_names("strict", "spec", "libsignal"):
        assert not hazmat.xeddsa_verify(u, M, signature, policy=policy)
