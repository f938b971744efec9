"""cunicu's ``epdisc.Candidate`` form of a candidate: protobuf field names and enum numbers.

The enum numbers are those of cunicu's ``proto/feature/epdisc_candidate.proto`` (pion's values);
0 means UNSPECIFIED everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .candidate import (
    MAX_PORT,
    Candidate,
    CandidateType,
    NetworkType,
    RelatedAddress,
    RelayProtocol,
    TcpType,
    _canonical_ip,
    _check_int,
)
from .errors import MalformedCandidateError

__all__ = ["from_cunicu", "to_cunicu"]

_CUNICU_TYPE: Final[dict[CandidateType, int]] = {
    CandidateType.HOST: 1,
    CandidateType.SERVER_REFLEXIVE: 2,
    CandidateType.PEER_REFLEXIVE: 3,
    CandidateType.RELAY: 4,
}
_CUNICU_NETWORK: Final[dict[NetworkType, int]] = {
    NetworkType.UDP4: 1,
    NetworkType.UDP6: 2,
    NetworkType.TCP4: 3,
    NetworkType.TCP6: 4,
}
_CUNICU_TCP: Final[dict[TcpType, int]] = {
    TcpType.ACTIVE: 1,
    TcpType.PASSIVE: 2,
    TcpType.SIMULTANEOUS_OPEN: 3,
}
_CUNICU_RELAY: Final[dict[RelayProtocol, int]] = {
    RelayProtocol.UDP: 1,
    RelayProtocol.TCP: 2,
    RelayProtocol.TLS: 3,
    RelayProtocol.DTLS: 4,
}


def to_cunicu(candidate: Candidate) -> dict[str, object]:
    """Map ``candidate`` to cunicu's ``epdisc.Candidate`` (field names, enum numbers, 0 = unset)."""
    obj: dict[str, object] = {
        "type": _CUNICU_TYPE[candidate.type],
        "network_type": _CUNICU_NETWORK[candidate.network_type],
        "tcp_type": 0 if candidate.tcp_type is None else _CUNICU_TCP[candidate.tcp_type],
        "foundation": candidate.foundation,
        "component": candidate.component,
        "priority": candidate.priority,
        "address": candidate.address,
        "port": candidate.port,
        "relay_protocol": (
            0 if candidate.relay_protocol is None else _CUNICU_RELAY[candidate.relay_protocol]
        ),
    }
    if candidate.related_address is not None:
        obj["related_address"] = {
            "address": candidate.related_address.address,
            "port": candidate.related_address.port,
        }
    return obj


def from_cunicu(obj: Mapping[str, object]) -> Candidate:
    """Build a candidate from cunicu's ``epdisc.Candidate`` mapping (UNSPECIFIED type refused)."""
    if not isinstance(obj, Mapping):
        raise MalformedCandidateError("cunicu candidate must be a mapping")

    def lookup(table: Mapping[Any, int], name: str, optional: bool) -> object:
        number = obj.get(name, 0)
        if type(number) is not int:
            raise MalformedCandidateError(f"cunicu {name} must be an enum number")
        if number == 0 and optional:
            return None
        for member, value in table.items():
            if value == number:
                return member
        raise MalformedCandidateError(f"cunicu {name} {number} is not supported")

    raw = obj.get("related_address")
    related: RelatedAddress | None = None
    if raw is not None:
        if not isinstance(raw, Mapping):
            raise MalformedCandidateError("cunicu related_address must be a mapping")
        related = RelatedAddress(
            _canonical_ip(str(raw.get("address", "")), "related address"),
            _check_int(raw.get("port", 0), 0, MAX_PORT, "related port"),
        )
    address = obj.get("address")
    if not isinstance(address, str):
        raise MalformedCandidateError("cunicu address must be a string")
    return Candidate._from_fields(
        {
            "type": lookup(_CUNICU_TYPE, "type", False),
            "network_type": lookup(_CUNICU_NETWORK, "network_type", False),
            "foundation": obj.get("foundation"),
            "component": obj.get("component"),
            "priority": obj.get("priority"),
            "address": _canonical_ip(address, "address"),
            "port": obj.get("port"),
            "tcp_type": lookup(_CUNICU_TCP, "tcp_type", True),
            "related_address": related,
            "relay_protocol": lookup(_CUNICU_RELAY, "relay_protocol", True),
        }
    )
