"""deserialize_compact / deserialize_json turn a builtin exception raised inside joserfc (after
the strict parser passed the token) into MalformedJWSError, and let any other one through."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import joserfc
import pytest
from joserfc import jws

from xeddsa import PrivateKey
from xeddsa.jose import (
    MalformedJWSError,
    deserialize_compact,
    deserialize_json,
    isolated_registry,
    okp_key,
)

KEY = PrivateKey.from_private_bytes(bytes(range(32)))
REGISTRY = isolated_registry(["XEd25519"])


def _joserfc_leak() -> Callable[..., Any]:
    """A function whose code lives in a joserfc file name, as a joserfc defect would."""
    namespace: dict[str, Any] = {}
    source = "def leak(*args, **kwargs):\n    raise KeyError('inside joserfc')\n"
    path = os.path.join(os.path.dirname(joserfc.__file__), "leak.py")
    exec(compile(source, path, "exec"), namespace)
    leak: Callable[..., Any] = namespace["leak"]
    return leak


def _outside(*args: object, **kwargs: object) -> None:
    raise KeyError("outside joserfc")


def _token(name: str) -> Any:
    header = {"alg": "XEd25519"}
    key = okp_key(KEY)
    if name == "deserialize_compact":
        return jws.serialize_compact(header, b"p", key, algorithms=["XEd25519"], registry=REGISTRY)
    return jws.serialize_json(
        {"protected": header}, b"p", key, algorithms=["XEd25519"], registry=REGISTRY
    )


SAFE = {"deserialize_compact": deserialize_compact, "deserialize_json": deserialize_json}


@pytest.mark.parametrize("name", sorted(SAFE))
def test_a_builtin_raised_in_joserfc_becomes_malformed_jws_error(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    token = _token(name)
    monkeypatch.setattr(jws, name, _joserfc_leak())
    with pytest.raises(MalformedJWSError, match=r"could not process the JWS \(KeyError\)") as info:
        SAFE[name](token, KEY.public_key(), registry=REGISTRY)
    assert isinstance(info.value.__cause__, KeyError)


@pytest.mark.parametrize("name", sorted(SAFE))
def test_a_builtin_raised_elsewhere_passes_through(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    token = _token(name)
    monkeypatch.setattr(jws, name, _outside)
    with pytest.raises(KeyError, match="outside joserfc"):
        SAFE[name](token, KEY.public_key(), registry=REGISTRY)
