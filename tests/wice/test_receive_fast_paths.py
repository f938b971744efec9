"""The receive path's faster decisions give the answers of the straightforward code they replace.

Each optimisation of the receiver's whole path (benchmarks/README.md, suite "wice a") is checked
against an independent oracle: the stdlib JSON parser with per-call hooks, a regex plus a
re-encoding for base64url, PyNaCl's ``Box.decrypt``, and the first failure the slow checks name.
"""

from __future__ import annotations

import base64
import json
import re
from typing import NoReturn

import nacl.public
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.wice.strategies import budget
from tests.wice.support import FakeClock
from wice_candidates import (
    Candidate,
    MalformedCandidateError,
    MalformedPayloadError,
    MalformedTokenError,
    Receiver,
    Sender,
    UnsealError,
    WrongSenderError,
)
from wice_candidates import _strict as strict_module
from wice_candidates._strict import (
    _has_long_digit_run,
    b64url_decode,
    b64url_encode,
    loads_strict,
    wireguard_key_bytes,
)
from wice_candidates.envelope import EnvelopeOpener, EnvelopeSealer
from wice_candidates.message import parse_payload, split_token
from wice_candidates.sealing import BoxCache
from xeddsa import PrivateKey, PublicKey


class Bad(ValueError):
    pass


# -- strict JSON: one prebuilt decoder, C int parsing when no literal can be out of range ----------


def _oracle_loads(data: bytes) -> object:
    """The strict rules written plainly: json.loads with a hook for every object and number."""

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, value in items:
            if name in out:
                raise Bad("duplicate")
            out[name] = value
        return out

    def reject(_: str) -> NoReturn:
        raise Bad("not an integer")

    def parse_int(literal: str) -> int:
        if len(literal) > 17 or not -(2**53 - 1) <= int(literal) <= 2**53 - 1:
            raise Bad("I-JSON")
        return int(literal)

    if data.startswith(b"\xef\xbb\xbf"):
        raise Bad("bom")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad("utf-8") from None
    try:
        return json.loads(
            text,
            object_pairs_hook=pairs,
            parse_float=reject,
            parse_constant=reject,
            parse_int=parse_int,
        )
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, Bad):
            raise
        raise Bad("invalid") from None


_json_leaves = (
    st.integers(-(2**60), 2**60)
    | st.integers(-(10**16), 10**16)
    | st.text(alphabet='0123456789ab"\\', max_size=24)
    | st.booleans()
    | st.none()
)
_json_docs = st.recursive(
    _json_leaves,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _verdict(parse: object, data: bytes) -> tuple[str, object]:
    try:
        return ("ok", parse(data))  # type: ignore[operator]
    except Bad:
        return ("error", None)


@budget
@given(
    _json_docs,
    st.sampled_from(["", " ", "\n\t"]),
    st.sampled_from(["", " ", "\r\n", " x", "1", ",{}"]),
)
def test_loads_strict_agrees_with_the_hooked_stdlib(doc: object, lead: str, tail: str) -> None:
    data = (lead + json.dumps(doc, separators=(",", ":")) + tail).encode()
    ours = _verdict(lambda d: loads_strict(d, Bad, "x"), data)
    # Nesting deeper than 4 is refused by loads_strict only (the oracle has no depth rule).
    depth_limited = ours[0] == "error" and _verdict(_oracle_loads, data)[0] == "ok"
    if not depth_limited:
        assert ours == _verdict(_oracle_loads, data)


@budget
@given(st.binary(max_size=64))
def test_loads_strict_agrees_on_arbitrary_bytes(data: bytes) -> None:
    ours = _verdict(lambda d: loads_strict(d, Bad, "x"), data)
    if ours[0] == "ok":
        assert ours == _verdict(_oracle_loads, data)


@pytest.mark.parametrize(
    ("literal", "accepted"),
    [
        (b"999999999999999", True),  # 15 digits: the C int path
        (b"-999999999999999", True),
        (b"9007199254740991", True),  # 16 digits: the checked path, at the edge
        (b"-9007199254740991", True),
        (b"9007199254740992", False),
        (b"9999999999999999", False),  # 16 digits, above 2**53 - 1
        (b"-9999999999999999", False),
        (b"10000000000000000", False),  # 17 digits
    ],
)
def test_integer_range_on_both_sides_of_the_digit_run_threshold(
    literal: bytes, accepted: bool
) -> None:
    data = b'{"a":' + literal + b"}"
    if accepted:
        assert loads_strict(data, Bad, "x") == {"a": int(literal)}
    else:
        with pytest.raises(Bad, match="I-JSON"):
            loads_strict(data, Bad, "x")


def test_a_long_digit_run_inside_a_string_only_selects_the_checked_decoder() -> None:
    data = b'{"s":"12345678901234567890","n":42}'
    assert _has_long_digit_run(data)
    assert loads_strict(data, Bad, "x") == {"s": "12345678901234567890", "n": 42}
    assert not _has_long_digit_run(b'{"ts":1796688563663,"p":"123456789012345"}')
    assert _has_long_digit_run(b"x1234567890123456")


@pytest.mark.parametrize(
    ("data", "result"),
    [
        (b' {"a":1}', {"a": 1}),
        (b'{"a":1}\n', {"a": 1}),
        (b'\t{"a":1} \r\n', {"a": 1}),
        (b"7", 7),
    ],
)
def test_whitespace_around_the_value_is_still_accepted(data: bytes, result: object) -> None:
    assert loads_strict(data, Bad, "x") == result


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"a":1}x', "invalid JSON at offset 7"),
        (b'{"a":1} {"a":1}', "invalid JSON at offset 8"),
        (b' {"a":1,"a":2}', "duplicate member 'a'"),
        (b'{"a":1,"b":{"c":1,"c":2}}', "duplicate member 'c'"),
        (b'{"a":1.5} x', "non-integer"),  # the hook fires before the trailing data is seen
    ],
)
def test_trailing_data_and_duplicates_keep_their_messages(data: bytes, reason: str) -> None:
    with pytest.raises(Bad, match=re.escape(reason)):
        loads_strict(data, Bad, "x")


# -- base64url: one translate, then strict binascii ------------------------------------------------


def _oracle_b64url(text: str) -> bytes:
    if re.fullmatch(r"[A-Za-z0-9_-]*", text) is None or len(text) % 4 == 1:
        raise Bad("not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url_encode(data) != text:
        raise Bad("non-canonical")
    return data


@budget
@given(
    st.text(alphabet="AQgw_-+/=. \n\xff09Zz", max_size=12)
    | st.binary(max_size=40).map(b64url_encode)
)
def test_b64url_decode_agrees_with_the_oracle_for_str_and_bytes(text: str) -> None:
    raw = text.encode("latin-1")
    expected = _verdict(lambda t: _oracle_b64url(t.decode("latin-1")), raw)
    assert _verdict(lambda t: b64url_decode(t.decode("latin-1"), Bad, "x"), raw) == expected
    assert _verdict(lambda t: b64url_decode(t, Bad, "x"), raw) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("+", "not unpadded"),  # length 1 and a bad character: the character is named
        ("abcd+", "not unpadded"),
        ("abcde", "impossible base64url length 5"),
        ("abd", "non-canonical"),
        ("ab=", "not unpadded"),
        (b"ab\xffc", "not unpadded"),
    ],
)
def test_b64url_decode_keeps_its_messages(text: str | bytes, reason: str) -> None:
    with pytest.raises(Bad, match=reason):
        b64url_decode(text, Bad, "x")


# -- split_token works on the ASCII bytes ----------------------------------------------------------


def test_split_token_gives_the_same_result_for_every_input_type(
    alice_key: PrivateKey, bob: PublicKey
) -> None:
    token = Sender(alice_key, bob).end_of_candidates()
    header, payload, _ = token.split(".")
    expected = split_token(token)
    assert expected.signing_input == f"{header}.{payload}".encode()
    raw = token.encode()
    for form in (raw, bytearray(raw), memoryview(raw)):
        assert split_token(form) == expected
    with pytest.raises(MalformedTokenError, match="ASCII"):
        split_token(raw[:-1] + b"\xe9")
    with pytest.raises(MalformedTokenError, match="3 segments"):
        split_token(token + ".x")


# -- payload schema: one test for the common shape, the slow checks name the first failure -----


def _payload(**members: object) -> bytes:
    base: dict[str, object] = {
        "proto": "wice-candidates",
        "v": 1,
        "sender": "UrsX/6UbY32a1rlKG9QlWj6Xh8Idc9cC+GgQ688BAlM=",
        "recipient": "UrsX/6UbY32a1rlKG9QlWj6Xh8Idc9cC+GgQ688BAlM=",
        "session": 1,
        "seq": 2,
        "ts": 3,
        "end_of_candidates": True,
    }
    base.update(members)
    return json.dumps({k: v for k, v in base.items() if v is not None}).encode()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_payload(ts=None), "misses \\['ts'\\]"),
        (_payload(ts=None, credentials={}), "misses \\['ts'\\]"),  # still 8 members
        (_payload(extra=1), "unknown payload members \\['extra'\\]"),
        (_payload(ts=None, extra=1), "misses"),
        (_payload(candidate={}), "exactly one of"),
        (_payload(end_of_candidates=None), "exactly one of"),
        (_payload(session=-1, seq=-1), "session must be"),
        (_payload(session=-1), "session must be"),
        (_payload(seq=-1), "seq must be"),
        (_payload(seq=True), "seq must be"),
        (_payload(ts=-5), "ts must be"),
        (_payload(ts=2**53), "I-JSON"),  # the JSON layer refuses it first
    ],
)
def test_payload_schema_names_the_first_failure(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedPayloadError, match=reason):
        parse_payload(data)


def test_payload_counters_at_the_edges_are_accepted() -> None:
    payload = parse_payload(_payload(session=0, seq=2**53 - 1, ts=0))
    assert (payload.session, payload.seq, payload.ts) == (0, 2**53 - 1, 0)


# -- candidates -----------------------------------------------------------------------------------

_HOST = {
    "type": "host",
    "network_type": "udp4",
    "foundation": "1",
    "component": 1,
    "priority": 1,
    "address": "192.0.2.1",
    "port": 1,
}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"component": 0, "priority": 0}, "component must lie"),
        ({"component": 0}, "component must lie"),
        ({"component": 257}, "component must lie"),
        ({"priority": 2**31}, "priority must lie"),
        ({"priority": True}, "priority must be an integer"),
        ({"port": 65536}, "port must lie"),
        ({"tcp_type": None}, "tcp_type must be a string"),
        ({"address": 5}, "address must be a string"),
        ({"foundation": 1, "type": 2}, "type must be a string"),
        ({"network_type": b"udp4"}, "network_type must be a string"),
        ({"relay_protocol": None}, "relay_protocol must be a string"),
        ({"type": "srflx", "related_address": {"address": "10.0.0.1"}}, "related_address"),
        (
            {"type": "srflx", "related_address": {"address": "10.0.0.1", "port": 1, "x": 1}},
            "related_address",
        ),
    ],
)
def test_candidate_from_json_names_the_first_failure(
    changes: dict[str, object], reason: str
) -> None:
    with pytest.raises(MalformedCandidateError, match=reason):
        Candidate.from_json({**_HOST, **changes})


def test_candidate_from_json_optional_members() -> None:
    srflx = Candidate.from_json(
        {**_HOST, "type": "srflx", "related_address": {"address": "10.0.0.1", "port": 9}}
    )
    assert srflx.related_address is not None and srflx.related_address.port == 9
    assert srflx.tcp_type is None and srflx.relay_protocol is None
    tcp = Candidate.from_json({**_HOST, "network_type": "tcp4", "tcp_type": "passive"})
    assert tcp.tcp_type is not None and tcp.tcp_type.value == "passive"


# -- NaCl box opened through libsodium directly --------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 600, 4096])
def test_box_open_agrees_with_pynacl(alice_key: PrivateKey, bob_key: PrivateKey, size: int) -> None:
    plaintext = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    body, nonce = BoxCache(alice_key).seal(bob_key.public_key(), plaintext)
    box = nacl.public.Box(
        nacl.public.PrivateKey(bob_key.private_bytes()),
        nacl.public.PublicKey(alice_key.public_key().public_bytes()),
    )
    opened = BoxCache(bob_key).open(alice_key.public_key(), body, nonce)
    assert opened == box.decrypt(body, nonce) == plaintext
    assert type(opened) is bytes
    for index in (0, 15, len(body) - 1):
        forged = bytearray(body)
        forged[index] ^= 1
        with pytest.raises(UnsealError):
            BoxCache(bob_key).open(alice_key.public_key(), bytes(forged), nonce)


def test_box_cache_eviction_keeps_keys_and_boxes_together(
    alice_key: PrivateKey, bob_key: PrivateKey, carol_key: PrivateKey
) -> None:
    cache = BoxCache(bob_key, max_peers=1)
    for sender in (alice_key, carol_key, alice_key):
        body, nonce = BoxCache(sender).seal(bob_key.public_key(), b"hello")
        assert cache.open(sender.public_key(), body, nonce) == b"hello"
        with pytest.raises(UnsealError):  # the other peer's key does not open it
            other = carol_key if sender is alice_key else alice_key
            cache.open(other.public_key(), body, nonce)
        assert len(cache._boxes) == len(cache._shared) == 1  # bounded, both together


# -- the expected sender: identity first, then equality --------------------------------------------


def test_expected_sender_equal_but_distinct_object(
    alice_key: PrivateKey, bob_key: PrivateKey, carol: PublicKey, clock: FakeClock
) -> None:
    alice = alice_key.public_key()
    receiver = Receiver(bob_key.public_key(), [alice, carol], clock=clock)
    sender = Sender(alice_key, bob_key.public_key(), clock=clock)
    twin = PublicKey.from_public_bytes(alice.public_bytes())
    assert twin is not alice
    assert receiver.receive(sender.end_of_candidates(), expected_sender=twin).sender == alice
    with pytest.raises(WrongSenderError):
        receiver.receive(sender.end_of_candidates(), expected_sender=carol)
    opener = EnvelopeOpener(bob_key, receiver)
    envelope = EnvelopeSealer(alice_key).seal(sender.end_of_candidates(), bob_key.public_key())
    assert opener.open(envelope).sender == alice


# -- WireGuard key texts: accepted ones remembered, refused ones never -----------------------------


def test_wireguard_key_cache_is_bounded_and_keeps_only_accepted_texts() -> None:
    good = "UrsX/6UbY32a1rlKG9QlWj6Xh8Idc9cC+GgQ688BAlM="
    strict_module._ACCEPTED_KEYS.clear()
    first = wireguard_key_bytes(good, Bad, "k")
    assert {good: first} == strict_module._ACCEPTED_KEYS
    assert wireguard_key_bytes(good, Bad, "k") == base64.b64decode(good) == first
    for bad in (good[:-2] + "N=", good.replace("/", "_"), "A" * 44):
        for _ in range(2):
            with pytest.raises(Bad):
                wireguard_key_bytes(bad, Bad, "k")
        assert bad not in strict_module._ACCEPTED_KEYS
    with pytest.raises(Bad):
        wireguard_key_bytes(["unhashable"], Bad, "k")

    class Text(str):
        pass

    assert wireguard_key_bytes(Text(good), Bad, "k") == first  # subclasses: checked, not kept
    assert len(strict_module._ACCEPTED_KEYS) == 1
    strict_module._ACCEPTED_KEYS.update({f"k{i}": b"" for i in range(1024)})
    zero = "A" * 43 + "="
    assert wireguard_key_bytes(zero, Bad, "k") == bytes(32)
    assert {zero: bytes(32)} == strict_module._ACCEPTED_KEYS  # full: started over
    strict_module._ACCEPTED_KEYS.clear()
