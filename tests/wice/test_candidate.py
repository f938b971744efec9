"""RFC 8839 candidate grammar, the candidate model's rules, and its JSON/cunicu/aioice forms."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from typing import Any

import aioice
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.wice.strategies import budget, candidates
from wice_candidates import (
    MAX_SDP_LINE_LENGTH,
    Candidate,
    CandidateType,
    InputTooLargeError,
    MalformedCandidateError,
    NetworkType,
    RelatedAddress,
    RelayProtocol,
    TcpType,
    WiceError,
)
from wice_candidates.cunicu import from_cunicu, to_cunicu
from wice_candidates.ice import candidate_from_aioice, candidate_to_aioice

# -- valid lines -----------------------------------------------------------------------------------

# (input line, canonical output of to_sdp()) — RFC examples, pion Marshal() output, browser lines.
VALID = [
    # RFC 8839 / RFC 5245 appendix B style, upper-case transport and a=candidate: prefix.
    (
        "a=candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host",
        "candidate:1 1 udp 2130706431 203.0.113.141 8998 typ host",
    ),
    (
        "a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998",
        "candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998",
    ),
    # RFC 6544 TCP candidate.
    (
        "candidate:1 1 TCP 2128609279 10.0.1.1 9 typ host tcptype active",
        "candidate:1 1 tcp 2128609279 10.0.1.1 9 typ host tcptype active",
    ),
    # pion/ice Marshal(): no prefix, lower-case transport.
    (
        "4207374051 1 udp 2130706431 10.0.75.1 53634 typ host",
        "candidate:4207374051 1 udp 2130706431 10.0.75.1 53634 typ host",
    ),
    (
        "1052353102 1 udp 2130706431 fcd9:e3b8:12ce:9fc5:74a5:c6bb:d8b:e08a 53987 typ host",
        "candidate:1052353102 1 udp 2130706431 fcd9:e3b8:12ce:9fc5:74a5:c6bb:d8b:e08a 53987 "
        "typ host",
    ),
    # pion/ice up to v4.0.4: tcptype before raddr/rport; we print RFC order.
    (
        "647372371 1 tcp 1694498815 191.228.238.68 27223 typ srflx tcptype passive "
        "raddr 192.168.1.2 rport 9",
        "candidate:647372371 1 tcp 1694498815 191.228.238.68 27223 typ srflx "
        "raddr 192.168.1.2 rport 9 tcptype passive",
    ),
    (
        "848194626 1 udp 16777215 50.0.0.1 5000 typ relay raddr 192.168.0.1 rport 5001",
        "candidate:848194626 1 udp 16777215 50.0.0.1 5000 typ relay raddr 192.168.0.1 rport 5001",
    ),
    # Browser-style extensions are validated and dropped.
    (
        "candidate:842163049 1 udp 1677729535 198.51.100.7 61665 typ srflx raddr 0.0.0.0 "
        "rport 0 generation 0 ufrag Pj9z network-cost 999",
        "candidate:842163049 1 udp 1677729535 198.51.100.7 61665 typ srflx raddr 0.0.0.0 rport 0",
    ),
    # Non-canonical IPv6 is normalized; prflx.
    (
        "candidate:a+/Z 256 udp 1 2001:DB8:0:0:0:0:0:1 0 typ prflx raddr 2001:db8::2 rport 65535",
        "candidate:a+/Z 256 udp 1 2001:db8::1 0 typ prflx raddr 2001:db8::2 rport 65535",
    ),
    # tcptype so; maximum priority and 32-character foundation.
    (
        "candidate:" + "f" * 32 + " 1 tcp 2147483647 ::1 65535 typ host tcptype so",
        "candidate:" + "f" * 32 + " 1 tcp 2147483647 ::1 65535 typ host tcptype so",
    ),
]


@pytest.mark.parametrize(("line", "canonical"), VALID)
def test_valid_lines_parse_and_print_canonically(line: str, canonical: str) -> None:
    candidate = Candidate.from_sdp(line)
    assert candidate.to_sdp() == canonical
    assert Candidate.from_sdp(canonical) == candidate
    assert candidate.to_sdp(prefix=False) == canonical.removeprefix("candidate:")


def test_fields_of_a_parsed_line() -> None:
    candidate = Candidate.from_sdp(
        "647372371 1 tcp 1694498815 191.228.238.68 27223 typ srflx tcptype passive "
        "raddr 192.168.1.2 rport 9"
    )
    assert candidate == Candidate(
        type=CandidateType.SERVER_REFLEXIVE,
        network_type=NetworkType.TCP4,
        foundation="647372371",
        component=1,
        priority=1694498815,
        address="191.228.238.68",
        port=27223,
        tcp_type=TcpType.PASSIVE,
        related_address=RelatedAddress("192.168.1.2", 9),
    )


# -- malformed lines ----------------------------------------------------------------------------

BASE = "candidate:1 1 udp 2130706431 10.0.0.1 8998 typ host"
MALFORMED = {
    "7 fields": "candidate:1 1 udp 2130706431 10.0.0.1 8998 typ",
    "4 fields": "candidate:1 1 udp 2130706431",
    "empty": "",
    "prefix only": "candidate:",
    "extension without value": BASE + " generation",
    "double space": "candidate:1 1 udp  2130706431 10.0.0.1 8998 typ host",
    "leading space": " " + BASE,
    "trailing space": BASE + " ",
    "component 0": "candidate:1 0 udp 2130706431 10.0.0.1 8998 typ host",
    "component 257": "candidate:1 257 udp 2130706431 10.0.0.1 8998 typ host",
    "component 4 digits": "candidate:1 0001 udp 2130706431 10.0.0.1 8998 typ host",
    "component letters": "candidate:1 x udp 2130706431 10.0.0.1 8998 typ host",
    "component negative": "candidate:1 -1 udp 2130706431 10.0.0.1 8998 typ host",
    "priority 0": "candidate:1 1 udp 0 10.0.0.1 8998 typ host",
    "priority 2^31": "candidate:1 1 udp 2147483648 10.0.0.1 8998 typ host",
    "priority 11 digits": "candidate:1 1 udp 12345678901 10.0.0.1 8998 typ host",
    "priority float": "candidate:1 1 udp 1.5 10.0.0.1 8998 typ host",
    "port 65536": "candidate:1 1 udp 2130706431 10.0.0.1 65536 typ host",
    "port 99999": "candidate:1 1 udp 2130706431 10.0.0.1 99999 typ host",
    "port 6 digits": "candidate:1 1 udp 2130706431 10.0.0.1 123456 typ host",
    "port hex": "candidate:1 1 udp 2130706431 10.0.0.1 0x10 typ host",
    "unknown type": "candidate:1 1 udp 2130706431 10.0.0.1 8998 typ relayed",
    "upper-case type": "candidate:1 1 udp 2130706431 10.0.0.1 8998 typ HOST",
    "no typ keyword": "candidate:1 1 udp 2130706431 10.0.0.1 8998 type host",
    "unknown transport": "candidate:1 1 sctp 2130706431 10.0.0.1 8998 typ host",
    "CRLF": BASE + "\r\n",
    "LF injection": BASE + "\na=candidate:2 1 udp 1 10.6.6.6 1 typ host",
    "CR": BASE + "\r",
    "tab": BASE.replace(" typ", "\ttyp"),
    "NUL": BASE + "\x00",
    "DEL": BASE + "\x7f",
    "non-ASCII type": "candidate:1 1 udp 2130706431 10.0.0.1 8998 typ høst",
    "non-ASCII digits": "candidate:1 1 udp 2130706431 10.0.0.1 ٨٩٩٨ typ host",
    "zone id": "candidate:1 1 udp 2130706431 fe80::1%eth0 8998 typ host",
    "FQDN": "candidate:1 1 udp 2130706431 host.example 8998 typ host",
    "mDNS": "candidate:1 1 udp 2130706431 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 8998 typ host",
    "IPv4 leading zero": "candidate:1 1 udp 2130706431 010.0.0.1 8998 typ host",
    "foundation 33 chars": "candidate:" + "a" * 33 + " 1 udp 2130706431 10.0.0.1 8998 typ host",
    "foundation dash": "candidate:a-b 1 udp 2130706431 10.0.0.1 8998 typ host",
    "srflx without raddr": "candidate:1 1 udp 1694498815 192.0.2.3 45664 typ srflx",
    "relay without raddr": "candidate:1 1 udp 1694498815 192.0.2.3 45664 typ relay",
    "host with raddr": BASE + " raddr 10.0.0.2 rport 1",
    "raddr without rport": "candidate:1 1 udp 1 192.0.2.3 4 typ srflx raddr 10.0.0.1",
    "rport without raddr": "candidate:1 1 udp 1 192.0.2.3 4 typ srflx rport 4 x y",
    "duplicate raddr": "candidate:1 1 udp 1 192.0.2.3 4 typ srflx raddr 10.0.0.1 raddr 10.0.0.1",
    "bad raddr": "candidate:1 1 udp 1 192.0.2.3 4 typ srflx raddr nowhere rport 1",
    "rport 70000": "candidate:1 1 udp 1 192.0.2.3 4 typ srflx raddr 10.0.0.1 rport 70000",
    "tcptype on udp": BASE + " tcptype active",
    "tcp without tcptype": "candidate:1 1 tcp 2130706431 10.0.0.1 9 typ host",
    "unknown tcptype": "candidate:1 1 tcp 2130706431 10.0.0.1 9 typ host tcptype both",
    "extension name not a token": BASE + " gen(eration) 0",
    "IPv6 zone in raddr": "candidate:1 1 udp 1 192.0.2.3 4 typ srflx raddr fe80::1%2 rport 1",
}


@pytest.mark.parametrize("line", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_lines_raise_malformed_candidate(line: str) -> None:
    with pytest.raises(MalformedCandidateError):
        Candidate.from_sdp(line)


def test_line_over_one_kib_is_too_large_before_parsing() -> None:
    line = BASE + " x" * ((MAX_SDP_LINE_LENGTH - len(BASE)) // 2)
    assert len(line) <= MAX_SDP_LINE_LENGTH
    Candidate.from_sdp(line)  # exactly at the limit: still parsed
    with pytest.raises(InputTooLargeError):
        Candidate.from_sdp(line + " y")
    with pytest.raises(InputTooLargeError):
        Candidate.from_sdp("\x00" * 100_000)  # size is checked before characters


def test_non_str_line_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Candidate.from_sdp(BASE.encode())  # type: ignore[arg-type]


# -- the model --------------------------------------------------------------------------------

HOST = Candidate.from_sdp(BASE)


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("type", "relayed"),
        ("network_type", "udp"),
        ("network_type", NetworkType.UDP6),  # address is IPv4
        ("foundation", ""),
        ("foundation", "a" * 33),
        ("component", True),  # bool is not an int here
        ("component", 1.0),
        ("component", 0),
        ("priority", 2**31),
        ("port", -1),
        ("port", "8998"),
        ("address", "10.0.0.01"),
        ("address", "::FFFF:10.0.0.1"),
        ("address", "::0:1"),  # non-canonical IPv6 in the model
        ("address", "example.org"),
        ("address", None),
        ("tcp_type", TcpType.ACTIVE),  # on UDP
        ("related_address", RelatedAddress("10.0.0.2", 1)),  # on host
        ("related_address", ("10.0.0.2", 1)),
        ("relay_protocol", RelayProtocol.TLS),  # not relay
        ("relay_protocol", "quic"),
    ],
)
def test_model_rejects_invalid_fields(change: str, value: Any) -> None:
    fields: dict[str, Any] = {change: value}
    with pytest.raises(MalformedCandidateError):
        dataclasses.replace(HOST, **fields)


def test_model_is_frozen_hashable_and_compares_by_value() -> None:
    again = Candidate.from_sdp(BASE)
    assert again == HOST and hash(again) == hash(HOST)
    with pytest.raises(dataclasses.FrozenInstanceError):
        HOST.port = 1  # type: ignore[misc]


def test_enum_values_are_coerced() -> None:
    candidate = dataclasses.replace(HOST, type="host", network_type="udp4")  # type: ignore[arg-type]
    assert candidate.type is CandidateType.HOST
    assert candidate.network_type is NetworkType.UDP4


def test_related_address_rejects_bad_values() -> None:
    for address, port in (("10.0.0.1", 65536), ("not-ip", 1), ("10.0.0.1", True), ("::0", 1)):
        with pytest.raises(MalformedCandidateError):
            RelatedAddress(address, port)


# -- property tests -------------------------------------------------------------------------------


@budget
@given(candidates())
def test_model_sdp_model_round_trip_drops_only_relay_protocol(candidate: Candidate) -> None:
    line = candidate.to_sdp()
    parsed = Candidate.from_sdp(line)
    assert parsed == dataclasses.replace(candidate, relay_protocol=None)
    assert parsed.to_sdp() == line  # SDP → model → SDP is the identity on canonical strings
    assert Candidate.from_sdp(candidate.to_sdp(prefix=False)) == parsed
    assert Candidate.from_sdp("a=" + line) == parsed
    assert len(line) <= MAX_SDP_LINE_LENGTH


@budget
@given(candidates(relay_protocol=False))
def test_pion_legacy_order_parses_identically(candidate: Candidate) -> None:
    if candidate.tcp_type is None or candidate.related_address is None:
        return
    base = candidate.to_sdp().split(" raddr ")[0]
    rel = candidate.related_address
    legacy = f"{base} tcptype {candidate.tcp_type.value} raddr {rel.address} rport {rel.port}"
    assert Candidate.from_sdp(legacy) == candidate


@budget
@given(candidates())
def test_json_round_trip(candidate: Candidate) -> None:
    obj = json.loads(json.dumps(candidate.to_json()))
    assert Candidate.from_json(obj) == candidate


@budget
@given(candidates())
def test_cunicu_round_trip(candidate: Candidate) -> None:
    assert from_cunicu(to_cunicu(candidate)) == candidate


@budget
@given(candidates())
def test_aioice_round_trip(candidate: Candidate) -> None:
    converted = candidate_to_aioice(candidate)
    assert isinstance(converted, aioice.Candidate)
    expected = dataclasses.replace(candidate, relay_protocol=None)
    assert candidate_from_aioice(converted) == expected
    # aioice parses our canonical line (without prefix) to the same candidate.
    assert candidate_from_aioice(aioice.Candidate.from_sdp(candidate.to_sdp(prefix=False))) == (
        expected
    )


@budget
@given(st.text(max_size=200))
@example("candidate:")
@example("a=candidate:1 1 udp 1 1.2.3.4 1 typ host generation")  # odd extension count
@example("1 1 udp 1 1.2.3.4 99999999999999999999 typ host")  # huge port digits
def test_arbitrary_text_raises_only_typed_errors(text: str) -> None:
    with contextlib.suppress(MalformedCandidateError, InputTooLargeError):
        assert isinstance(Candidate.from_sdp(text), Candidate)


@budget
@given(candidates(), st.integers(0, 200), st.characters())
def test_mutated_lines_parse_or_raise_typed_errors(
    candidate: Candidate, index: int, char: str
) -> None:
    line = candidate.to_sdp()
    index %= len(line)
    mutated = line[:index] + char + line[index + 1 :]
    try:
        Candidate.from_sdp(mutated)
    except WiceError as error:
        assert isinstance(error, MalformedCandidateError | InputTooLargeError)


# -- cunicu and aioice specifics -----------------------------------------------------------------


def test_cunicu_enum_numbers() -> None:
    relay = Candidate.from_sdp(
        "candidate:7 1 tcp 16777215 50.0.0.1 443 typ relay raddr 192.168.0.1 rport 5001 tcptype so"
    )
    relay = dataclasses.replace(relay, relay_protocol=RelayProtocol.DTLS)
    assert to_cunicu(relay) == {
        "type": 4,
        "network_type": 3,
        "tcp_type": 3,
        "foundation": "7",
        "component": 1,
        "priority": 16777215,
        "address": "50.0.0.1",
        "port": 443,
        "relay_protocol": 4,
        "related_address": {"address": "192.168.0.1", "port": 5001},
    }
    host = to_cunicu(HOST)
    assert (host["type"], host["network_type"], host["tcp_type"], host["relay_protocol"]) == (
        1,
        1,
        0,
        0,
    )
    assert "related_address" not in host


@pytest.mark.parametrize(
    "patch",
    [
        {"type": 0},  # UNSPECIFIED
        {"type": 5},
        {"network_type": 0},
        {"network_type": "udp4"},
        {"tcp_type": 9},
        {"address": 5},
        {"related_address": "10.0.0.1:1"},
        {"port": None},
    ],
)
def test_cunicu_rejects_bad_mappings(patch: dict[str, object]) -> None:
    with pytest.raises(MalformedCandidateError):
        from_cunicu({**to_cunicu(HOST), **patch})


def test_from_aioice_validates_what_aioice_accepts() -> None:
    # aioice keeps a "candidate:" prefix inside the foundation and accepts any type word.
    sloppy = aioice.Candidate.from_sdp("candidate:1 1 udp 2130706431 10.0.0.1 8998 typ whatever")
    with pytest.raises(MalformedCandidateError):
        candidate_from_aioice(sloppy)
    zone = aioice.Candidate.from_sdp("1 1 udp 2130706431 fe80::1%eth0 8998 typ host")
    with pytest.raises(MalformedCandidateError):
        candidate_from_aioice(zone)
    upper = aioice.Candidate.from_sdp("1 1 UDP 2130706431 10.0.0.1 8998 typ host generation 0")
    assert candidate_from_aioice(upper) == HOST
    with pytest.raises(TypeError):
        candidate_from_aioice(HOST)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "obj",
    [
        [],
        {**HOST.to_json(), "extra": 1},
        {k: v for k, v in HOST.to_json().items() if k != "port"},
        {**HOST.to_json(), "port": "8998"},
        {**HOST.to_json(), "port": True},
        {**HOST.to_json(), "type": 1},
        {**HOST.to_json(), "address": "10.0.0.1%1"},
        {**HOST.to_json(), "type": "srflx", "related_address": {"address": "10.0.0.2"}},
        {**HOST.to_json(), "type": "srflx", "related_address": ["10.0.0.2", 1]},
        {
            **HOST.to_json(),
            "type": "srflx",
            "related_address": {"address": "10.0.0.2", "port": 1, "x": 0},
        },
    ],
)
def test_from_json_rejects_schema_violations(obj: object) -> None:
    with pytest.raises(MalformedCandidateError):
        Candidate.from_json(obj)


@pytest.mark.parametrize(
    "address", ["::ffff:1.2.3.4", "::ffff:7f00:1", "::1.2.3.4", "::7f00:1"]
)
def test_ipv4_mapped_and_compatible_ipv6_addresses_are_refused(address: str) -> None:
    """Found in review; this test failed before the fix."""
    with pytest.raises(MalformedCandidateError, match="IPv4-mapped"):
        Candidate.from_sdp(f"1 1 udp 1 {address} 1 typ host")
    with pytest.raises(MalformedCandidateError, match="IPv4-mapped"):
        Candidate.from_sdp(f"1 1 udp 1 2001:db8::1 1 typ srflx raddr {address} rport 2")


@pytest.mark.parametrize("address", ["::1", "::", "2001:db8::1", "fe80::1"])
def test_ordinary_ipv6_addresses_still_parse(address: str) -> None:
    """Found in review; this test failed before the fix."""
    assert Candidate.from_sdp(f"1 1 udp 1 {address} 1 typ host").address == address


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("type", 1, "type must be one of host, srflx, prflx, relay"),
        ("type", None, "type must be one of host, srflx, prflx, relay"),
        ("network_type", 4, "network_type must be one of udp4, udp6, tcp4, tcp6"),
        ("network_type", b"udp4", "network_type must be one of udp4, udp6, tcp4, tcp6"),
    ],
)
def test_enum_fields_refuse_non_string_values(field: str, value: object, message: str) -> None:
    fields: dict[str, object] = {
        "type": "host",
        "network_type": "udp4",
        "foundation": "1",
        "component": 1,
        "priority": 2130706431,
        "address": "10.0.0.1",
        "port": 8998,
    }
    assert Candidate(**fields) == HOST  # type: ignore[arg-type]
    fields[field] = value
    with pytest.raises(MalformedCandidateError, match=message):
        Candidate(**fields)  # type: ignore[arg-type]


def test_tcp_type_refuses_its_cunicu_number() -> None:
    with pytest.raises(
        MalformedCandidateError, match="tcp_type must be one of active, passive, so"
    ):
        Candidate(
            type="host",  # type: ignore[arg-type]
            network_type="tcp4",  # type: ignore[arg-type]
            foundation="1",
            component=1,
            priority=1,
            address="10.0.0.1",
            port=9,
            tcp_type=2,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("rport", ["x", "-1", "1.5", "123456"])
def test_from_sdp_refuses_non_decimal_rport(rport: str) -> None:
    line = f"candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.0.1 rport {rport}"
    with pytest.raises(MalformedCandidateError, match="rport must be a decimal number"):
        Candidate.from_sdp(line)
    good = Candidate.from_sdp(line.replace(f"rport {rport}", "rport 8998"))
    assert good.related_address == RelatedAddress("10.0.0.1", 8998)


@pytest.mark.parametrize("value", [to_cunicu(HOST).items(), [("type", 1)], "candidate", None, 1])
def test_from_cunicu_refuses_non_mapping(value: object) -> None:
    assert from_cunicu(to_cunicu(HOST)) == HOST
    with pytest.raises(MalformedCandidateError, match="cunicu candidate must be a mapping"):
        from_cunicu(value)  # type: ignore[arg-type]


def _aioice(**changes: object) -> aioice.Candidate:
    fields: dict[str, object] = {
        "foundation": "1",
        "component": 1,
        "transport": "udp",
        "priority": 2130706431,
        "host": "10.0.0.1",
        "port": 8998,
        "type": "host",
    }
    fields.update(changes)
    return aioice.Candidate(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("transport", ["sctp", "", "udp4", None, 17])
def test_from_aioice_refuses_other_transports(transport: object) -> None:
    assert candidate_from_aioice(_aioice()) == HOST
    with pytest.raises(MalformedCandidateError, match="transport must be UDP or TCP"):
        candidate_from_aioice(_aioice(transport=transport))


@pytest.mark.parametrize(
    "related",
    [{"related_address": "10.0.0.2"}, {"related_port": 4242}],
    ids=["address only", "port only"],
)
def test_from_aioice_refuses_half_a_related_address(related: dict[str, object]) -> None:
    candidate = _aioice(type="srflx", **related)
    with pytest.raises(MalformedCandidateError, match="related address and port must appear"):
        candidate_from_aioice(candidate)
    complete = _aioice(type="srflx", related_address="10.0.0.2", related_port=4242)
    assert candidate_from_aioice(complete).related_address == RelatedAddress("10.0.0.2", 4242)
