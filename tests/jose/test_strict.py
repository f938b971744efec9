"""The strict base64url and JSON decoders used wherever xeddsa.jose parses JOSE itself."""

from __future__ import annotations

import base64

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from xeddsa import InvalidKey, InvalidSignature
from xeddsa.jose._strict import MAX_HEADER_SIZE, b64url_decode, b64url_encode, json_object


def dec(text: str | bytes) -> bytes:
    return b64url_decode(text, what="t", error=InvalidSignature)


def obj(text: str | bytes, limit: int = MAX_HEADER_SIZE) -> dict[str, object]:
    return json_object(text, what="t", error=InvalidSignature, max_chars=limit)


class TestBase64url:
    @given(st.binary(max_size=200))
    @example(b"")  # the empty string is the one encoding of b""
    @example(b"\xff\xfe")  # characters '_' and '-' appear
    def test_round_trip(self, data: bytes) -> None:
        text = b64url_encode(data)
        assert "=" not in text
        assert dec(text) == data
        assert dec(text.encode("ascii")) == data

    @given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
    def test_one_accepted_encoding_per_byte_string(self, text: str) -> None:
        # Anything accepted must be exactly the canonical encoding of what it decodes to.
        try:
            data = dec(text)
        except InvalidSignature:
            return
        assert b64url_encode(data) == text

    @pytest.mark.parametrize(
        "text",
        [
            "AB==",  # padding
            "AB=",
            "AQ==",
            "ab+c",  # standard alphabet
            "ab/c",
            "ab\ncd",  # newline, which urlsafe_b64decode silently drops
            "ab cd",
            " abc",
            "abc\x00",
            "A",  # impossible length
            "AAAAA",
            "abd",  # non-zero trailing bits: "abc" and "abd" decode alike under the stdlib
            "AC",  # non-zero trailing bits: "AB==" and "AC==" decode alike under the stdlib
            "ab.c",
            "é",
        ],
    )
    def test_rejected(self, text: str) -> None:
        with pytest.raises(InvalidSignature):
            dec(text)

    def test_stdlib_is_lenient_where_we_are_strict(self) -> None:
        # Documents why the strict decoder exists; if the stdlib ever changes, this fails loudly.
        assert base64.urlsafe_b64decode("abc=") == base64.urlsafe_b64decode("abd=")
        assert dec("abc") == base64.urlsafe_b64decode("abc=")

    def test_non_ascii_bytes_and_wrong_type(self) -> None:
        with pytest.raises(InvalidSignature):
            dec(b"ab\xffc")
        with pytest.raises(InvalidSignature):
            b64url_decode(123, what="t", error=InvalidSignature)

    def test_error_class_is_the_callers(self) -> None:
        with pytest.raises(InvalidKey):
            b64url_decode("AB==", what="x", error=InvalidKey)

    def test_size_cap_checked_before_decoding(self) -> None:
        with pytest.raises(InvalidSignature, match="longer"):
            b64url_decode("A" * 12, what="t", error=InvalidSignature, max_chars=8)
        assert b64url_decode("A" * 8, what="t", error=InvalidSignature, max_chars=8)


class TestJSONObject:
    def test_plain_object(self) -> None:
        assert obj('{"alg":"XEd25519","n":1,"f":1.5,"a":[true,null]}') == {
            "alg": "XEd25519",
            "n": 1,
            "f": 1.5,
            "a": [True, None],
        }
        assert obj(b'{"k":"\\u00e9"}') == {"k": "é"}

    @pytest.mark.parametrize(
        "text",
        [
            '{"alg":"XEd25519","alg":"none"}',  # duplicate names: stdlib keeps the last
            '{"a":{"b":1,"b":2}}',  # duplicates in a nested object
            '{"a":NaN}',
            '{"a":Infinity}',
            '{"a":-Infinity}',
            '{"a":1e999}',  # overflows to inf
            '{"a":' + "9" * 65 + "}",  # huge integer literal
            '{"a":-' + "9" * 65 + "}",
            '{"a":' + "9" * 5000 + "}",  # over CPython's 4300-digit limit (ValueError)
            '["alg"]',  # not an object
            '"alg"',
            "1",
            "null",
            "",
            "{",
            '{"a":1}x',
            "\ufeff{}",  # byte order mark
            '{"a":"\\ud800"}',  # lone surrogate
            '{"\\udfff":1}',
            '{"a":["\\ud83d"]}',
        ],
    )
    def test_rejected(self, text: str) -> None:
        with pytest.raises(InvalidSignature):
            obj(text, limit=10_000)

    def test_bom_bytes_and_invalid_utf8(self) -> None:
        with pytest.raises(InvalidSignature):
            obj(b"\xef\xbb\xbf{}")
        with pytest.raises(InvalidSignature):
            obj(b'{"a":"\xff"}')
        with pytest.raises(InvalidSignature):
            obj(b"\xff\xfe{\x00}\x00")  # UTF-16

    def test_deep_nesting_is_a_typed_error(self) -> None:
        deep = '{"a":' + "[" * 100_000 + "]" * 100_000 + "}"
        with pytest.raises(InvalidSignature):
            obj(deep, limit=10**6)  # exercises the RecursionError path, not the size cap

    def test_size_cap_before_parsing(self) -> None:
        text = '{"a":"' + "x" * 100 + '"}'
        with pytest.raises(InvalidSignature, match="larger"):
            obj(text, limit=50)
        assert obj(text, limit=len(text)) == {"a": "x" * 100}

    def test_wrong_type(self) -> None:
        with pytest.raises(InvalidSignature):
            json_object(None, what="t", error=InvalidSignature, max_chars=10)  # type: ignore[arg-type]
