"""Strict base64url and strict JSON: one accepted encoding per byte string, no lenient JSON."""

from __future__ import annotations

import base64
import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.wice.strategies import budget
from tests.wice.support import WG_KEYS
from wice_candidates._strict import (
    MAX_JSON_DEPTH,
    b64url_decode,
    b64url_encode,
    loads_strict,
    wireguard_key_bytes,
    wireguard_key_text,
)
from wice_candidates.errors import MalformedPayloadError
from xeddsa import PublicKey


class Bad(ValueError):
    pass


@budget
@given(st.binary(max_size=100))
def test_b64url_round_trip_and_unique_encoding(data: bytes) -> None:
    text = b64url_encode(data)
    assert "=" not in text
    assert b64url_decode(text, Bad, "x") == data


@pytest.mark.parametrize(
    "text",
    [
        "abc=",  # padding
        "YQ==",  # padding
        "ab+c",  # standard alphabet
        "ab/c",
        "ab c",
        "ab\nc",
        "abd",  # non-zero trailing bits ("abc" and "abd" decode alike in the stdlib)
        "AC",  # "AA" and "AC" decode alike
        "a",  # impossible length
        "abcde",
        "ÿÿÿÿ",
    ],
)
def test_b64url_rejects_non_canonical_input(text: str) -> None:
    with pytest.raises(Bad):
        b64url_decode(text, Bad, "x")
    assert b64url_decode("abc", Bad, "x") == base64.urlsafe_b64decode("abc=")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"a":1,"a":1}', "duplicate"),
        (b'{"a":NaN}', "NaN"),
        (b'{"a":Infinity}', "Infinity"),
        (b'{"a":-Infinity}', "Infinity"),
        (b'{"a":1.0}', "non-integer"),
        (b'{"a":1e3}', "non-integer"),
        (b'{"a":9007199254740992}', "I-JSON"),
        (b'{"a":-9007199254740992}', "I-JSON"),
        (b'{"a":' + b"9" * 5000 + b"}", "I-JSON"),  # stdlib raises ValueError over 4300 digits
        (b"\xef\xbb\xbf{}", "byte order mark"),
        (b'{"a":"\xff"}', "UTF-8"),
        (b'{"a":"\xed\xa0\x80"}', "UTF-8"),  # encoded surrogate
        (b"[" * 100_000, "nesting"),  # would be a RecursionError in the stdlib
        (b'{"a":' * 5 + b"1" + b"}" * 5, "nesting"),
        (b"{", "invalid JSON"),
        (b'{"a":"\x01"}', "invalid JSON"),  # raw control character
        (b"", "invalid JSON"),
        (b"{} {}", "invalid JSON"),
    ],
)
def test_loads_strict_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedPayloadError, match=reason):
        loads_strict(data, MalformedPayloadError, "payload")


def test_loads_strict_accepts_the_edges() -> None:
    assert loads_strict(b'{"a":9007199254740991}', Bad, "x") == {"a": 2**53 - 1}
    assert loads_strict(b'{"a":"[[[[[[\\"{{{{{"}', Bad, "x") == {"a": '[[[[[["{{{{{'}
    nested = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    assert loads_strict(nested, Bad, "x") == [[[[]]]]


@budget
@given(st.binary(max_size=300))
def test_loads_strict_raises_only_the_given_error(data: bytes) -> None:
    with contextlib.suppress(Bad):
        loads_strict(data, Bad, "x")


def test_wireguard_key_text_is_strict() -> None:
    good = "UrsX/6UbY32a1rlKG9QlWj6Xh8Idc9cC+GgQ688BAlM="
    assert len(wireguard_key_bytes(good, Bad, "k")) == 32
    for bad in (
        good[:-1],  # no padding
        good + "\n",  # trailing newline is fine for wg files, not on the wire
        " " + good,
        good.replace("/", "_"),  # base64url alphabet
        good[:-2] + "N=",  # non-zero trailing bits: a second encoding of a different value
        "A" * 44,
        None,
        b"x" * 44,
    ):
        with pytest.raises(Bad):
            wireguard_key_bytes(bad, Bad, "k")


@pytest.mark.parametrize("name", sorted(WG_KEYS))
def test_wireguard_key_text_matches_wg_output(name: str) -> None:
    private_text, public_text = WG_KEYS[name]
    raw = wireguard_key_bytes(public_text, ValueError, "k")
    assert wireguard_key_text(raw) == public_text  # the `wg pubkey` output, byte for byte
    assert wireguard_key_text(raw) == PublicKey.from_wireguard(public_text).to_wireguard()
    assert wireguard_key_text(wireguard_key_bytes(private_text, ValueError, "k")) == private_text
    assert wireguard_key_text(bytes(32)) == base64.b64encode(bytes(32)).decode()
