"""The JOSE signing path imports an OKP key's ``d`` once per key object, not per use.

Before, every signature re-ran the regex, the base64 decode and the sign-bit choice on the secret
``d`` text.  Now the :class:`xeddsa.PrivateKey` is cached per ``OKPKey`` object, rebuilt only if
the key's ``d`` member is replaced, and closed when the ``OKPKey`` is garbage collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from joserfc import jws
from joserfc.jwk import OKPKey
from joserfc.jws import JWSRegistry

import xeddsa.jose._models as models
from xeddsa import PrivateKey
from xeddsa.jose import okp_key, private_key_from_okp
from xeddsa.jose._strict import b64url_decode


@pytest.fixture
def d_decodes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every base64url decode of a private ``d`` in the models module."""
    seen: list[str] = []

    def spy(text: Any, *, what: str, **kwargs: Any) -> bytes:
        if what == "'d'":
            seen.append("d")  # a marker only: never put the secret in test output
        return b64url_decode(text, what=what, **kwargs)

    monkeypatch.setattr(models, "b64url_decode", spy)
    yield seen


@pytest.mark.parametrize("alg", ["XEd25519", "VXEd25519"])
def test_d_is_decoded_once_per_key_object(
    d_decodes: list[str], registry: JWSRegistry, alg: str
) -> None:
    signer = okp_key(PrivateKey.generate())
    public = okp_key(private_key_from_okp(signer).public_key())
    for n in range(5):
        token = jws.serialize_compact({"alg": alg}, b"m%d" % n, signer, registry=registry)
        assert jws.deserialize_compact(token, public, registry=registry).payload == b"m%d" % n
        jws.deserialize_compact(token, signer, registry=registry)  # verify with the private key
    assert len(d_decodes) == 1
    assert private_key_from_okp(signer) is private_key_from_okp(signer)


def test_other_key_objects_are_imported_separately(d_decodes: list[str]) -> None:
    key = PrivateKey.generate()
    first, second = okp_key(key), okp_key(key)
    assert private_key_from_okp(first) == private_key_from_okp(second) == key
    assert private_key_from_okp(first) is not private_key_from_okp(second)
    assert len(d_decodes) == 2


def test_a_replaced_d_is_imported_again(d_decodes: list[str]) -> None:
    signer = okp_key(PrivateKey.generate())
    before = private_key_from_okp(signer)
    replacement = PrivateKey.generate()
    signer.dict_value["d"] = okp_key(replacement).dict_value["d"]
    assert private_key_from_okp(signer) == replacement != before
    assert len(d_decodes) == 2


def test_cached_key_is_closed_and_dropped_with_its_okp_key() -> None:
    signer: OKPKey | None = okp_key(PrivateKey.generate())
    assert signer is not None
    cached = private_key_from_okp(signer)
    entries = len(models._PRIVATE_KEYS)
    assert id(signer) in models._PRIVATE_KEYS
    signer = None
    gc.collect()
    assert len(models._PRIVATE_KEYS) == entries - 1
    with pytest.raises(Exception, match="closed"):
        cached.private_bytes()


def test_forgetting_an_unknown_key_is_a_no_op() -> None:
    entries = dict(models._PRIVATE_KEYS)
    models._forget_private_key(-1)  # no OKPKey has this id
    assert entries == models._PRIVATE_KEYS
