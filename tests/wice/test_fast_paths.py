"""The receiver's fast paths give the same answers as the slow ones they skip."""

from __future__ import annotations

import base64

import pytest

from wice_candidates import (
    Candidate,
    CandidateType,
    MalformedCandidateError,
    MalformedTokenError,
    NetworkType,
    RelatedAddress,
    Sender,
)
from wice_candidates import message as message_module
from wice_candidates._strict import _json_depth_ok
from wice_candidates.message import split_token
from xeddsa import PrivateKey, PublicKey


def test_depth_check_counts_brackets_only_when_needed() -> None:
    assert _json_depth_ok(b'{"a":{"b":[1]}}', 4)  # 3 openings: fast path
    assert _json_depth_ok(b'{"a":"[[[[[[[["}', 4)  # brackets inside a string
    assert _json_depth_ok(b'{"a":"\\"[[[[[["}', 4)  # escaped quote inside the string
    assert not _json_depth_ok(b"[[[[[1]]]]]", 4)
    assert _json_depth_ok(b"[[],[],[],[],[]]", 4)  # many openings, shallow


def test_accepted_headers_are_remembered_and_bounded(alice_key: PrivateKey, bob: PublicKey) -> None:
    message_module._ACCEPTED_HEADERS.clear()
    token = Sender(alice_key, bob).end_of_candidates()
    first = split_token(token)
    assert len(message_module._ACCEPTED_HEADERS) == 1
    assert split_token(token) == first  # served from the cache, same result
    # A long (whitespace-padded) but valid header is checked every time, never kept.
    header, payload, signature = token.split(".")
    raw = base64.urlsafe_b64decode(header + "==")
    padded = raw[:-1] + b" " * 300 + b"}"
    long_header = base64.urlsafe_b64encode(padded).rstrip(b"=").decode()
    assert split_token(f"{long_header}.{payload}.{signature}").kid == first.kid
    assert long_header not in message_module._ACCEPTED_HEADERS
    # A rejected header is never cached.
    bad = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    for _ in range(2):
        with pytest.raises(MalformedTokenError):
            split_token(f"{bad}.{payload}.{signature}")
    assert bad not in message_module._ACCEPTED_HEADERS
    # When full, the cache starts over instead of growing.
    message_module._ACCEPTED_HEADERS.clear()
    message_module._ACCEPTED_HEADERS.update(
        {f"h{i}": b"" for i in range(message_module._MAX_CACHED_HEADERS)}
    )
    split_token(token)
    assert len(message_module._ACCEPTED_HEADERS) == 1
    message_module._ACCEPTED_HEADERS.clear()


@pytest.mark.parametrize("address", ["10.0.0.1", "255.255.255.255", "0.0.0.0", "192.0.2.10"])
def test_ipv4_fast_path_matches_ipaddress(address: str) -> None:
    candidate = Candidate(CandidateType.HOST, NetworkType.UDP4, "1", 1, 1, address, 1)
    assert candidate.address == address
    with pytest.raises(MalformedCandidateError, match="IPv4"):
        Candidate(CandidateType.HOST, NetworkType.UDP6, "1", 1, 1, address, 1)
    assert RelatedAddress(address, 1).address == address


@pytest.mark.parametrize(
    "address", ["010.0.0.1", "1.2.3", "256.0.0.1", "1.2.3.4 ", "2001:DB8::1", "2001:db8:0::1"]
)
def test_non_canonical_ipv4_still_refused(address: str) -> None:
    network = NetworkType.UDP6 if ":" in address else NetworkType.UDP4
    with pytest.raises(MalformedCandidateError):
        Candidate(CandidateType.HOST, network, "1", 1, 1, address, 1)
    with pytest.raises(MalformedCandidateError):
        RelatedAddress(address, 1)


def test_ipv6_address_with_an_ipv4_network_type() -> None:
    with pytest.raises(MalformedCandidateError, match="IPv6"):
        Candidate(CandidateType.HOST, NetworkType.UDP4, "1", 1, 1, "2001:db8::1", 1)
