"""The one base64 decoder of xeddsa (``xeddsa._encoding.canonical_b64decode``): exactly one
accepted text per byte string, in the standard padded and the url-safe unpadded forms."""

from __future__ import annotations

import base64
import binascii

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from xeddsa._encoding import canonical_b64decode


def _lenient(text: str, urlsafe: bool) -> bytes | None:
    """What the stdlib makes of ``text`` when lenient (padding added; None for bad text)."""
    try:
        if urlsafe:
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


@given(data=st.binary(max_size=70))
def test_round_trip(data: bytes) -> None:
    assert canonical_b64decode(base64.b64encode(data).decode(), urlsafe=False) == data
    unpadded = base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    assert canonical_b64decode(unpadded, urlsafe=True) == data


@given(text=st.text(alphabet="AB+/_-=z09 \n", max_size=12), urlsafe=st.booleans())
@example(text="AB==", urlsafe=False).via("canonical: accepted")
@example(text="AC==", urlsafe=False).via("non-zero unused bits: a second encoding of AB==")
@example(text="AB", urlsafe=True).via("canonical unpadded: accepted")
@example(text="AC", urlsafe=True).via("non-zero trailing bits")
@example(text="AB==", urlsafe=True).via("padding is refused in the url-safe form")
@example(text="AB", urlsafe=False).via("missing padding is refused in the standard form")
@example(text="ABCDE", urlsafe=True).via("impossible length")
@example(text="AB=A", urlsafe=False).via("padding in the middle")
@example(text="A-B_", urlsafe=False).via("url-safe characters in the standard form")
@example(text="AB+/", urlsafe=True).via("standard characters in the url-safe form")
@example(text="ABCD\n", urlsafe=False).via("a newline")
def test_accepts_exactly_the_canonical_encoding(text: str, urlsafe: bool) -> None:
    """Accepted iff re-encoding what the text decodes to gives the text back."""
    decoded = canonical_b64decode(text, urlsafe=urlsafe)
    lenient = _lenient(text, urlsafe)
    if lenient is None:
        canonical = False
    elif urlsafe:
        reencoded = base64.urlsafe_b64encode(lenient).rstrip(b"=").decode()
        canonical = reencoded == text and not any(c in text for c in "=+/")
    else:
        canonical = base64.b64encode(lenient).decode() == text
    assert (decoded is not None) == canonical
    if decoded is not None:
        assert decoded == lenient


@pytest.mark.parametrize(("text", "urlsafe"), [("", False), ("", True)])
def test_empty_text_is_the_empty_string(text: str, urlsafe: bool) -> None:
    assert canonical_b64decode(text, urlsafe=urlsafe) == b""
