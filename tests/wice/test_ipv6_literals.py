"""The candidate constructors' fast canonical-IPv6 decision agrees with ipaddress.

:func:`wice_candidates._ipv6.is_canonical_ipv6` may say "yes" only for a text the ipaddress-based
rules accept and print unchanged; its "no" hands the decision back to ipaddress. These tests
compare the two on generated, hand-picked and random texts, and run the constructors with the
fast decision on and off.
"""

from __future__ import annotations

import ipaddress
import platform
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.wice.strategies import budget
from wice_candidates import (
    Candidate,
    CandidateType,
    MalformedCandidateError,
    NetworkType,
    RelatedAddress,
)
from wice_candidates import _ipv6 as ipv6_module

HOST_TYPE, UDP4, UDP6 = CandidateType.HOST, NetworkType.UDP4, NetworkType.UDP6



def _canonical_by_ipaddress(text: str) -> bool:
    """The rule written with ipaddress alone: an accepted IPv6 candidate address printed as is."""
    if "%" in text:
        return False  # zone ids are refused (ipaddress would accept them)
    try:
        ip = ipaddress.IPv6Address(text)
    except ValueError:
        return False
    mapped_or_compatible = ip.ipv4_mapped is not None or (
        ip.packed[:12] == bytes(12) and int(ip) > 1
    )
    return not mapped_or_compatible and str(ip) == text


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="known to hold on glibc only")
def test_glibc_prints_ipv6_as_ipaddress() -> None:
    assert ipv6_module.FAST_IPV6  # so the fast decision is in use (CI runs on glibc)


@pytest.mark.parametrize("fast", [True, False])
def test_ipv6_candidates_with_and_without_the_fast_decision(
    fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where libc's inet_ntop is not RFC 5952, ipaddress alone decides, with the same answers."""
    monkeypatch.setattr(ipv6_module, "FAST_IPV6", fast)
    host6 = Candidate(HOST_TYPE, UDP6, "1", 1, 1, "2001:db8::10", 1)
    assert host6.address == "2001:db8::10"
    assert RelatedAddress("2001:db8::2", 2).address == "2001:db8::2"
    assert ipv6_module.is_canonical_ipv6("2001:db8::10") is fast
    with pytest.raises(MalformedCandidateError, match="udp4 does not match an IPv6 address"):
        Candidate(HOST_TYPE, UDP4, "1", 1, 1, "2001:db8::10", 1)
    with pytest.raises(MalformedCandidateError, match="canonical form"):
        Candidate(HOST_TYPE, UDP6, "1", 1, 1, "2001:DB8::10", 1)
    with pytest.raises(MalformedCandidateError, match="canonical form"):
        RelatedAddress("2001:db8:0::2", 2)


@budget
@given(st.ip_addresses(v=6))
def test_fast_ipv6_decision_equals_ipaddress(ip: ipaddress.IPv6Address) -> None:
    texts = [str(ip), ip.exploded, str(ip).upper(), f"{ip}%eth0", str(ip).replace("::", ":0::", 1)]
    for text in texts:
        assert ipv6_module.is_canonical_ipv6(text) is _canonical_by_ipaddress(text), text


@pytest.mark.parametrize(
    "text",
    [
        "::", "::1", "::2", "::ffff:1.2.3.4", "::ffff:102:304", "::1.2.3.4", "::102:304",
        "::ffff:0:102:304", "64:ff9b::102:304", "2001:db8::1", "2001:DB8::1",
        "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", "2001:db8:0:1:1:1:1:1",
        "2001:db8::0:1:1:1:1:1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "fe80::1%eth0",
        "1.2.3.4", "", ":", ":::", "1::2::3", "g::1", "fe80::5efe:1.2.3.4",
        "fe80::5efe:102:304", "fe80::200:5efe:102:304", "64:ff9b::1.2.3.4", "\u00e9::1",
        "2001:db8::1\x00",
    ],
)  # fmt: skip
def test_fast_ipv6_decision_on_hand_picked_texts(text: str) -> None:
    assert ipv6_module.is_canonical_ipv6(text) is _canonical_by_ipaddress(text)


@budget
@given(st.text(alphabet="0123456789abcdefABCDEF:.%", max_size=45))
def test_fast_ipv6_decision_on_random_texts(text: str) -> None:
    assert ipv6_module.is_canonical_ipv6(text) is _canonical_by_ipaddress(text)


def test_the_import_check_notices_a_c_library_that_prints_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An inet_ntop printing upper-case hex (RFC 4291 allows it) turns the fast decision off."""
    real = socket.inet_ntop

    def upper(family: int, packed: bytes) -> str:
        return real(family, packed).upper()

    monkeypatch.setattr(socket, "inet_ntop", upper)
    assert ipv6_module.libc_formats_like_ipaddress() is False


def test_an_embedded_dotted_ipv4_part_is_never_decided_fast(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A C library that prints ISATAP addresses dotted cannot make such a text canonical."""
    real = socket.inet_ntop
    dotted = "fe80::5efe:1.2.3.4"

    def isatap_dotted(family: int, packed: bytes) -> str:
        text = real(family, packed)
        return dotted if text == "fe80::5efe:102:304" else text

    monkeypatch.setattr(socket, "inet_ntop", isatap_dotted)
    assert ipv6_module.is_canonical_ipv6(dotted) is False
    assert _canonical_by_ipaddress(dotted) is False
