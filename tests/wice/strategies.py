"""Hypothesis strategies and budgets for the wice_candidates tests."""

from __future__ import annotations

import ipaddress
from typing import Literal

from hypothesis import settings
from hypothesis import strategies as st

from tests.ci import running_in_ci
from wice_candidates import (
    Candidate,
    CandidateType,
    Credentials,
    NetworkType,
    RelatedAddress,
    RelayProtocol,
    TcpType,
)

#: Local runs stay quick; CI (CI=true) explores more.
EXAMPLES = 500 if running_in_ci() else 100
budget = settings(max_examples=EXAMPLES, deadline=None)

ICE_CHAR = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

foundations = st.text(alphabet=ICE_CHAR, min_size=1, max_size=32)
ports = st.integers(0, 65535)


def addresses(version: Literal[4, 6]) -> st.SearchStrategy[str]:
    """Canonical IP literals of one version."""
    # IPv4-mapped and IPv4-compatible IPv6 addresses are refused as candidates (RFC 8445
    # §5.1.1.1); tests/wice/test_candidate.py checks that refusal on its own.
    return st.ip_addresses(v=version).filter(_not_ipv4_in_ipv6).map(str)


def _not_ipv4_in_ipv6(ip: object) -> bool:
    """Return False for IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return True
    return ip.ipv4_mapped is None and ip.packed[:12] != bytes(12)


related_addresses = st.builds(RelatedAddress, st.one_of(addresses(4), addresses(6)), ports)


@st.composite
def candidates(draw: st.DrawFn, *, relay_protocol: bool = True) -> Candidate:
    """Valid candidates covering every type, network type and optional member."""
    ctype = draw(st.sampled_from(CandidateType))
    network = draw(st.sampled_from(NetworkType))
    tcp_type = draw(st.sampled_from(TcpType)) if network.transport == "tcp" else None
    related = None if ctype is CandidateType.HOST else draw(related_addresses)
    relay = None
    if relay_protocol and ctype is CandidateType.RELAY:
        relay = draw(st.none() | st.sampled_from(RelayProtocol))
    return Candidate(
        type=ctype,
        network_type=network,
        foundation=draw(foundations),
        component=draw(st.integers(1, 256)),
        priority=draw(st.integers(1, 2**31 - 1)),
        address=draw(addresses(4 if network.ip_version == 4 else 6)),
        port=draw(ports),
        tcp_type=tcp_type,
        related_address=related,
        relay_protocol=relay,
    )


credentials = st.builds(
    Credentials,
    st.text(alphabet=ICE_CHAR, min_size=4, max_size=256),
    st.text(alphabet=ICE_CHAR, min_size=22, max_size=256),
    st.booleans(),
)
