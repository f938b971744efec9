"""Every JWS verification path checks the prime-order subgroup of the key.

An :class:`xeddsa.PublicKey` imported with ``check_subgroup=False`` (a mixed-order u = a'B + T')
must not verify JWS: the draft makes the subgroup check a MUST of both verification procedures.
The XEd25519 token below really passes the cofactorless equation under such a key (the payload is
ground until h = 0 mod 8, so the torsion term vanishes), so a path that skips the check accepts it.
"""

from __future__ import annotations

import base64
import hashlib
import json

import jwt as pyjwt
import pytest
from jwt.exceptions import InvalidKeyError

from tests.strategies import Q, deterministic_bytes, mixed_order_key
from xeddsa import InvalidKey, PublicKey
from xeddsa.jose import okp_key, verify_vxed25519
from xeddsa.jose.pyjwt import XEd25519PyJWTAlgorithm, register_pyjwt

LABEL = "jose-subgroup"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged_xed25519_token() -> tuple[bytes, str]:
    """Return (u, compact JWS) valid under the mixed-order u for a cofactorless verifier."""
    from xeddsa.curve import EdwardsPoint, convert_mont

    u, a, _torsion = mixed_order_key(LABEL)
    A = convert_mont(u)
    r = int.from_bytes(deterministic_bytes(LABEL + "/r", 32), "little") % Q
    R = EdwardsPoint.base_mul(r).compress()
    header = b64(b'{"alg":"XEd25519","typ":"JWT"}')
    for counter in range(1000):
        payload = b64(json.dumps({"n": counter}).encode())
        signing_input = f"{header}.{payload}".encode()
        h = int.from_bytes(hashlib.sha512(R + A + signing_input).digest(), "little") % Q
        if h % 8 == 0:
            s = ((r + h * a) % Q).to_bytes(32, "little")
            return u, f"{header}.{payload}.{b64(R + s)}"
    raise AssertionError("unreachable")  # pragma: no cover


@pytest.fixture(scope="module")
def forged() -> tuple[PublicKey, str]:
    u, token = forged_xed25519_token()
    return PublicKey.from_public_bytes(u, check_subgroup=False), token


def test_the_forgery_passes_the_cofactorless_equation(forged: tuple[PublicKey, str]) -> None:
    """The fixture is meaningful: the torsioned key itself accepts the signature."""
    weak, token = forged
    header, payload, signature = token.split(".")
    raw = base64.urlsafe_b64decode(signature + "==")
    weak.verify(raw, f"{header}.{payload}".encode())  # does not raise
    with pytest.raises(InvalidKey, match="subgroup"):
        PublicKey.from_public_bytes(weak.public_bytes())


def test_pyjwt_refuses_a_torsioned_public_key(forged: tuple[PublicKey, str]) -> None:
    weak, token = forged
    local = pyjwt.PyJWT()
    register_pyjwt(local)
    with pytest.raises(InvalidKeyError, match="subgroup"):
        local.decode(token, weak, algorithms=["XEd25519"])  # type: ignore[arg-type]


def test_pyjwt_verify_refuses_a_torsioned_public_key(forged: tuple[PublicKey, str]) -> None:
    """The Algorithm object itself, called without prepare_key (as PyJWS may in future)."""
    weak, token = forged
    header, payload, signature = token.split(".")
    raw = base64.urlsafe_b64decode(signature + "==")
    with pytest.raises(InvalidKeyError, match="subgroup"):
        XEd25519PyJWTAlgorithm().verify(f"{header}.{payload}".encode(), weak, raw)


def test_verify_vxed25519_refuses_a_torsioned_public_key() -> None:
    weak = PublicKey.from_public_bytes(mixed_order_key(LABEL)[0], check_subgroup=False)
    token = b64(b'{"alg":"VXEd25519"}') + ".e30." + "A" * 128
    with pytest.raises(InvalidKey, match="subgroup"):
        verify_vxed25519(token, weak)


def test_joserfc_models_refuse_the_same_key(forged: tuple[PublicKey, str]) -> None:
    """Already true before the other paths were fixed; kept beside them for completeness."""
    from joserfc.errors import KeyParameterError
    from joserfc.jws import deserialize_compact

    from xeddsa.jose import isolated_registry

    weak, token = forged
    with pytest.raises(KeyParameterError, match="subgroup"):
        deserialize_compact(token, okp_key(weak), registry=isolated_registry(["XEd25519"]))
