"""The canonical-payload recognizer agrees with the general payload parser, or declines.

:func:`wice_candidates._canonical.canonical_payload_parts` is the receiver's one-match path for the
payloads senders emit. Its contract: for any bytes it returns ``None`` or exactly what
:func:`wice_candidates.message.payload_parts` returns, never a value where the general parser
raises; and it does not decline the payloads it exists for (else the receiver would not be faster
and these tests would pass without checking anything).
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.wice.strategies import budget, candidates, credentials
from wice_candidates import (
    Candidate,
    CandidateType,
    Credentials,
    EndOfCandidates,
    MalformedMessageError,
    Message,
    NetworkType,
    Receiver,
    RelatedAddress,
    Sender,
)
from wice_candidates import receiver as receiver_module
from wice_candidates._canonical import canonical_payload_parts
from wice_candidates._strict import b64url_encode
from wice_candidates.message import payload_parts
from xeddsa import PrivateKey

ALICE = PrivateKey.from_private_bytes(bytes(range(32)))
BOB = PrivateKey.from_private_bytes(bytes(range(32, 64)))
MAX_SAFE = 2**53 - 1
SRFLX = Candidate.from_sdp(
    "candidate:1 1 udp 2130706431 192.0.2.10 51820 typ srflx raddr 10.0.0.2 rport 51820"
)
HOST = Candidate.from_sdp("candidate:7 1 udp 2130706431 192.0.2.10 51820 typ host")


def _payload(body: object, *, session: int = 1, seq: int = 0, ts: int = 1_796_000_000_000) -> bytes:
    message = Message(ALICE.public_key(), BOB.public_key(), session, seq, ts, body)  # type: ignore[arg-type]
    return message.payload_bytes()


def _general(data: bytes) -> object:
    """payload_parts' result, or the error class it raises."""
    try:
        return payload_parts(data, False)
    except MalformedMessageError as exc:
        return type(exc)


def _agrees(data: bytes) -> bool:
    """Check the contract on ``data``; return whether the recognizer took it."""
    fast = canonical_payload_parts(data)
    if fast is None:
        return False
    general = _general(data)
    assert fast == general, data
    assert repr(fast) == repr(general)  # the same types all the way down (True is not 1)
    assert fast == payload_parts(data, True)  # receivers with the mDNS opt-in use it too
    return True


# -- generated payloads: always taken, equal to the general parser's result ----------------------


@budget
@given(candidates(), st.integers(0, MAX_SAFE), st.integers(0, MAX_SAFE), st.integers(0, MAX_SAFE))
def test_generated_candidates(candidate: Candidate, session: int, seq: int, ts: int) -> None:
    data = _payload(candidate, session=session, seq=seq, ts=ts)
    assert _agrees(data), data


@budget
@given(credentials, st.integers(0, MAX_SAFE))
def test_generated_credentials(creds: object, seq: int) -> None:
    assert _agrees(_payload(creds, seq=seq))


def test_end_of_candidates_and_counter_bounds() -> None:
    assert _agrees(_payload(EndOfCandidates()))
    assert _agrees(_payload(SRFLX, session=0, seq=0, ts=0))
    assert _agrees(_payload(SRFLX, session=MAX_SAFE, seq=MAX_SAFE, ts=MAX_SAFE))


# -- mutated payloads: whatever the recognizer takes, the general parser takes identically ---------


@budget
@given(
    st.sampled_from([SRFLX, HOST, EndOfCandidates()]) | credentials,
    st.lists(
        st.tuples(
            st.sampled_from("rid"), st.integers(0, 10_000), st.binary(min_size=1, max_size=3)
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_mutations(body: object, edits: list[tuple[str, int, bytes]]) -> None:
    data = bytearray(_payload(body))
    for kind, where, chunk in edits:
        at = where % (len(data) + 1)
        if kind == "r":
            data[at : at + len(chunk)] = chunk
        elif kind == "i":
            data[at:at] = chunk
        else:
            del data[at : at + len(chunk)]
    _agrees(bytes(data))


def test_mutations_from_the_json_alphabet() -> None:
    """Byte edits drawn from JSON punctuation and digits, where near-misses are likely."""
    rng = random.Random(20261208)
    alphabet = b'{}[]":,0123456789-+.eEtruefalsn \\'
    bases = [_payload(SRFLX), _payload(HOST), _payload(EndOfCandidates())]
    taken = 0
    for _ in range(4000):
        data = bytearray(rng.choice(bases))
        for _ in range(rng.randint(1, 2)):
            at = rng.randrange(len(data))
            data[at] = rng.choice(alphabet)
        taken += _agrees(bytes(data))
    assert taken > 0  # some edits keep the canonical form (digits in numbers, for example)


# -- hand-picked near misses: declined, and the general parser gives its own answer ---------------


def _replace(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) >= 1, old
    return data.replace(old, new, 1)


SRFLX_BYTES = _payload(SRFLX)
HOST_BYTES = _payload(HOST)

REFUSED = {  # declined by the recognizer and refused by the general parser
    "session 2**53": _replace(SRFLX_BYTES, b'"session":1', b'"session":9007199254740992'),
    "seq 2**53": _replace(SRFLX_BYTES, b'"seq":0', b'"seq":9007199254740992'),
    "ts 2**53": _replace(SRFLX_BYTES, b'"ts":1796000000000', b'"ts":9007199254740992'),
    "seq 17 digits": _replace(SRFLX_BYTES, b'"seq":0', b'"seq":10000000000000000'),
    "leading zero": _replace(SRFLX_BYTES, b'"seq":0', b'"seq":01'),
    "component 257": _replace(SRFLX_BYTES, b'"component":1', b'"component":257'),
    "component 0": _replace(SRFLX_BYTES, b'"component":1', b'"component":0'),
    "priority 2**31": _replace(SRFLX_BYTES, b'"priority":2130706431', b'"priority":2147483648'),
    "port 65536": _replace(SRFLX_BYTES, b'"port":51820,"related', b'"port":65536,"related'),
    "related port 65536": _replace(SRFLX_BYTES, b'"port":51820}', b'"port":65536}'),
    "host with related": _replace(SRFLX_BYTES, b'"type":"srflx"', b'"type":"host"'),
    "srflx without related": _replace(HOST_BYTES, b'"type":"host"', b'"type":"srflx"'),
    "v 2": _replace(SRFLX_BYTES, b'"v":1', b'"v":2'),
    "v true": _replace(SRFLX_BYTES, b'"v":1', b'"v":true'),
    "duplicate member": _replace(SRFLX_BYTES, b'"seq":0,', b'"seq":0,"seq":0,'),
    "network udp6 with IPv4": _replace(SRFLX_BYTES, b'"udp4"', b'"udp6"'),
    "non-canonical IPv4": _replace(SRFLX_BYTES, b'"192.0.2.10"', b'"192.0.2.010"'),
    "end_of_candidates false": _payload(EndOfCandidates()).replace(b"true", b"false"),
    "need_creds string": _replace(
        _payload(Credentials("abcd", "a" * 22)), b'"need_creds":false', b'"need_creds":"false"'
    ),
    "need_creds 1": _replace(
        _payload(Credentials("abcd", "a" * 22)), b'"need_creds":false', b'"need_creds":1'
    ),
    "need_creds 0": _replace(
        _payload(Credentials("abcd", "a" * 22)), b'"need_creds":false', b'"need_creds":0'
    ),
    "need_creds null": _replace(
        _payload(Credentials("abcd", "a" * 22)), b'"need_creds":false', b'"need_creds":null'
    ),
    "short ufrag": _replace(
        _payload(Credentials("abcd", "a" * 22)), b'"ufrag":"abcd"', b'"ufrag":"abc"'
    ),
    "trailing bytes": SRFLX_BYTES + b"x",
    "unknown type": _replace(SRFLX_BYTES, b'"type":"srflx"', b'"type":"stun"'),
    "tcp_type on UDP": _replace(SRFLX_BYTES, b'"udp4"', b'"udp4","tcp_type":"active"'),
    "TCP host without tcp_type": _replace(HOST_BYTES, b'"udp4"', b'"tcp4"'),
    "relay_protocol on srflx": _replace(SRFLX_BYTES, b"}}}", b'},"relay_protocol":"udp"}}'),
    "IPv6 with udp4": _replace(HOST_BYTES, b'"192.0.2.10"', b'"2001:db8::10"'),
    "non-canonical IPv6": _replace(
        _replace(HOST_BYTES, b'"udp4"', b'"udp6"'), b'"192.0.2.10"', b'"2001:db8:0::10"'
    ),
    "IPv4-mapped IPv6": _replace(
        _replace(HOST_BYTES, b'"udp4"', b'"udp6"'), b'"192.0.2.10"', b'"::ffff:c000:20a"'
    ),
    "bad sender key": _replace(SRFLX_BYTES, b'"sender":"', b'"sender":"x'),
    "foundation too long": _replace(
        SRFLX_BYTES, b'"foundation":"1"', b'"foundation":"' + b"1" * 33 + b'"'
    ),
    "foundation not ice-char": _replace(SRFLX_BYTES, b'"foundation":"1"', b'"foundation":"1 2"'),
}

ACCEPTED = {  # declined by the recognizer, accepted by the general parser (another JSON form)
    "whitespace": _replace(SRFLX_BYTES, b'"v":1', b'"v": 1'),
    "whitespace between braces": _replace(SRFLX_BYTES, b"}}", b"} }"),
    "escaped foundation": _replace(SRFLX_BYTES, b'"foundation":"1"', b'"foundation":"\\u0031"'),
    "member order": _replace(
        SRFLX_BYTES, b'{"proto":"wice-candidates","v":1', b'{"v":1,"proto":"wice-candidates"'
    ),
    "mDNS host name": _replace(
        HOST_BYTES, b'"192.0.2.10"', b'"0e1f6bd4-3c8e-4d52-9a3e-6b1a2f0c9d11.local"'
    ),
    "leading whitespace": b" " + SRFLX_BYTES,
    "trailing newline": SRFLX_BYTES + b"\n",
}

TAKEN = {  # other members and address families the senders emit: the recognizer takes them too
    "IPv6 related address": _replace(SRFLX_BYTES, b'"10.0.0.2"', b'"2001:db8::2"'),
    "IPv6 host": _replace(
        _replace(HOST_BYTES, b'"udp4"', b'"udp6"'), b'"192.0.2.10"', b'"2001:db8::10"'
    ),
    "relay_protocol": _replace(
        _replace(SRFLX_BYTES, b'"type":"srflx"', b'"type":"relay"'),
        b"}}}",
        b'},"relay_protocol":"udp"}}',
    ),
    "TCP host with tcp_type": _replace(
        _replace(HOST_BYTES, b'"udp4"', b'"tcp4"'), b'"tcp4"', b'"tcp4","tcp_type":"passive"'
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_near_misses_the_general_parser_refuses(name: str) -> None:
    data = REFUSED[name]
    assert canonical_payload_parts(data) is None
    with pytest.raises(MalformedMessageError):
        payload_parts(data, False)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_other_json_forms_go_to_the_general_parser(name: str) -> None:
    data = ACCEPTED[name]
    assert canonical_payload_parts(data) is None
    payload_parts(data, allow_mdns=True)  # accepted: the receiver still takes these payloads


def test_an_mdns_name_is_left_to_the_general_parser_and_its_opt_in() -> None:
    with pytest.raises(MalformedMessageError):
        payload_parts(ACCEPTED["mDNS host name"], allow_mdns=False)


@pytest.mark.parametrize("name", sorted(TAKEN))
def test_every_member_senders_emit_is_taken(name: str) -> None:
    assert _agrees(TAKEN[name])


# -- the receiver uses it, and still accepts what only the general parser takes -------------------


def _receiver() -> Receiver:
    return Receiver(BOB.public_key(), [ALICE.public_key()], window_seconds=10**9)


def test_receiver_takes_canonical_payloads_without_the_general_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = Sender(ALICE, BOB.public_key(), session=1).candidate(SRFLX)

    def general_parser_called(*args: object) -> None:
        raise AssertionError("the general parser ran for a canonical payload")

    monkeypatch.setattr(receiver_module, "payload_parts", general_parser_called)
    assert _receiver().receive(token).body == SRFLX


def test_receiver_accepts_a_payload_in_another_json_form() -> None:
    payload = json.loads(_payload(SRFLX))
    reordered = json.dumps(dict(reversed(list(payload.items()))), indent=1).encode()
    assert canonical_payload_parts(reordered) is None
    header = b64url_encode(
        json.dumps(
            {
                "alg": "XEd25519",
                "kid": ALICE.public_key().to_wireguard(),
                "typ": "wice-candidates+json",
            },
            separators=(",", ":"),
        ).encode()
    )
    signing_input = f"{header}.{b64url_encode(reordered)}"
    token = f"{signing_input}.{b64url_encode(ALICE.sign(signing_input.encode()))}"
    message = _receiver().receive(token)
    assert (message.session, message.seq, message.body) == (1, 0, SRFLX)


def test_candidate_types_in_the_pattern_are_the_enum() -> None:
    for ctype in CandidateType:
        candidate = (
            HOST
            if ctype is CandidateType.HOST
            else Candidate(
                ctype,
                NetworkType.UDP4,
                "1",
                1,
                1,
                "192.0.2.1",
                1,
                related_address=RelatedAddress("192.0.2.2", 2),
            )
        )
        assert _agrees(_payload(candidate)), ctype
