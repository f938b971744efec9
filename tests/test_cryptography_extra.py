"""Without the ``cryptography`` extra, the conversions raise MissingDependency naming the extra."""

from __future__ import annotations

import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

import xeddsa
from xeddsa import MissingDependency, PrivateKey, PublicKey, XEdDSAError


@pytest.fixture
def without_cryptography(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import cryptography...`` fail as it does when the package is not installed."""
    for name in list(sys.modules):
        if name == "cryptography" or name.startswith("cryptography."):
            monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "cryptography", None)


def test_error_is_in_the_hierarchy_and_an_import_error() -> None:
    assert issubclass(MissingDependency, XEdDSAError)
    assert issubclass(MissingDependency, ImportError)
    assert "MissingDependency" in xeddsa.__all__


@pytest.mark.usefixtures("without_cryptography")
@pytest.mark.parametrize(
    "call",
    [
        lambda: PrivateKey.generate().to_cryptography(),
        lambda: PrivateKey.generate().public_key().to_cryptography(),
        lambda: PrivateKey.from_cryptography(object()),  # type: ignore[arg-type]
        lambda: PublicKey.from_cryptography(object()),  # type: ignore[arg-type]
    ],
    ids=["private.to", "public.to", "private.from", "public.from"],
)
def test_conversions_name_the_extra(call: object) -> None:
    with pytest.raises(MissingDependency, match=r"pip install 'xeddsa\[cryptography\]'"):
        call()  # type: ignore[operator]


def test_conversions_work_with_the_extra() -> None:
    theirs = X25519PrivateKey.generate()
    ours = PrivateKey.from_cryptography(theirs)
    assert ours.public_key().to_cryptography().public_bytes_raw() == (
        theirs.public_key().public_bytes_raw()
    )
    assert PublicKey.from_cryptography(theirs.public_key()) == ours.public_key()
