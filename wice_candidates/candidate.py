"""The ICE candidate model (cunicu's epdisc ``Candidate``) with its RFC 8839 and payload JSON forms.

A :class:`Candidate` is immutable, compares by value and is valid by construction: the constructor
enforces RFC 8445 / RFC 8839 ranges and the cross-field rules of the design (network type matches
the address family, ``tcp_type`` iff TCP, related address iff srflx/prflx/relay, relay protocol
only for relay). Addresses are IP literals in Python's canonical text form; FQDNs, mDNS names and
IPv6 zone ids are rejected because agents must not generate them (RFC 8839 §5.1) and a signed
message should name the exact address it authorises.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from ._ipv6 import is_canonical_ipv6
from .errors import InputTooLargeError, MalformedCandidateError

__all__ = [
    "MAX_SDP_LINE_LENGTH",
    "Candidate",
    "CandidateType",
    "NetworkType",
    "RelatedAddress",
    "RelayProtocol",
    "TcpType",
]

#: Longest candidate line :meth:`Candidate.from_sdp` reads (1 KiB), checked before parsing.
MAX_SDP_LINE_LENGTH: Final = 1024
#: RFC 8445 §5.1.2.1: priority is a positive 32-bit value below 2**31.
MAX_PRIORITY: Final = 2**31 - 1
#: RFC 8445 §5.1.1.1 / RFC 8839: component ids 1 … 256.
MAX_COMPONENT: Final = 256
MAX_PORT: Final = 65535

_FOUNDATION_RE: Final = re.compile(r"[A-Za-z0-9+/]{1,32}")  # RFC 8839: 1*32 ice-char
_TOKEN_RE: Final = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")  # RFC 4566 token
_COMPONENT_RE: Final = re.compile(r"[0-9]{1,3}")  # RFC 8839: 1*3DIGIT
_PRIORITY_RE: Final = re.compile(r"[0-9]{1,10}")  # RFC 8839: 1*10DIGIT
_PORT_RE: Final = re.compile(r"[0-9]{1,5}")
#: An mDNS host name as pion and browsers emit for host candidates: a lower-case UUID + ".local"
#: (draft-ietf-mmusic-mdns-ice-candidates); parsers accept it only with ``allow_mdns=True``.
#: Exactly the texts ``str(ipaddress.IPv4Address(...))`` produces (no leading zeros): a fast path
#: that skips :mod:`ipaddress` for the common case.
_IPV4_CANONICAL_RE: Final = re.compile(
    r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
)
_MDNS_RE: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.local")

_E = TypeVar("_E", bound=enum.StrEnum)


class CandidateType(enum.StrEnum):
    """Candidate type (RFC 8445 §5.1.1); the value is the RFC 8839 ``typ`` spelling."""

    HOST = "host"
    SERVER_REFLEXIVE = "srflx"
    PEER_REFLEXIVE = "prflx"
    RELAY = "relay"


class NetworkType(enum.StrEnum):
    """Transport and address family, spelled as pion/ice does (``udp4`` … ``tcp6``)."""

    UDP4 = "udp4"
    UDP6 = "udp6"
    TCP4 = "tcp4"
    TCP6 = "tcp6"

    @property
    def transport(self) -> str:
        """The RFC 8839 transport token in lower case (``udp`` or ``tcp``)."""
        return self._value_[:3]  # _value_, not the slower ``value`` property

    @property
    def ip_version(self) -> int:
        """The IP version (4 or 6) the connection address must have."""
        return int(self._value_[3])


class TcpType(enum.StrEnum):
    """RFC 6544 ``tcptype`` of a TCP candidate."""

    ACTIVE = "active"
    PASSIVE = "passive"
    SIMULTANEOUS_OPEN = "so"


class RelayProtocol(enum.StrEnum):
    """Protocol between a relay candidate's agent and its TURN server (not carried by SDP)."""

    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"
    DTLS = "dtls"


def _parse_ip(text: str, what: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """Parse an IPv4 or IPv6 literal, rejecting zone ids, FQDNs and mDNS names."""
    if not isinstance(text, str):
        raise MalformedCandidateError(f"{what} must be a string")
    if "%" in text:
        raise MalformedCandidateError(f"{what} must not carry an IPv6 zone id")
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        raise MalformedCandidateError(
            f"{what} must be an IPv4 or IPv6 literal (FQDN and mDNS names are not supported)"
        ) from None
    if isinstance(ip, ipaddress.IPv6Address) and (
        ip.ipv4_mapped is not None or (ip.packed[:12] == bytes(12) and int(ip) > 1)
    ):
        # RFC 8445 §5.1.1.1: IPv4-mapped (and deprecated IPv4-compatible) IPv6 addresses SHOULD
        # NOT be candidates; their text form also differs between Python versions.
        raise MalformedCandidateError(f"{what} must not be an IPv4-mapped IPv6 address")
    return ip


def _address_version(text: str, allow_mdns: bool, what: str) -> int:
    """IP version of an address literal, or 0 for an mDNS name when ``allow_mdns`` is true."""
    if _MDNS_RE.fullmatch(text):
        if not allow_mdns:
            raise MalformedCandidateError(f"{what}: mDNS host names need allow_mdns=True")
        return 0
    return _parse_ip(text, what).version


def _canonical_ip(text: str, what: str) -> str:
    """Return the canonical text form of an IP literal (for lenient parsers)."""
    return str(_parse_ip(text, what))


def _check_int(value: object, low: int, high: int, what: str) -> int:
    """Require an ``int`` (never ``bool``) within ``low`` … ``high``."""
    if type(value) is not int:
        raise MalformedCandidateError(f"{what} must be an integer")
    if not low <= value <= high:
        raise MalformedCandidateError(f"{what} must lie in {low} … {high}")
    return value


def _enum(cls: type[_E], value: object, what: str) -> _E:
    """Coerce ``value`` to the string enum ``cls`` or raise :class:`MalformedCandidateError`."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        member = cls._value2member_map_.get(value)  # the lookup cls(value) does, without raising
        if member is not None:
            return member  # type: ignore[return-value]
    allowed = ", ".join(member.value for member in cls)
    raise MalformedCandidateError(f"{what} must be one of {allowed}")


#: The payload JSON members of a candidate: all, the required ones, and those holding strings.
_JSON_MEMBERS: Final = frozenset(
    {
        "type",
        "network_type",
        "tcp_type",
        "foundation",
        "component",
        "priority",
        "address",
        "port",
        "related_address",
        "relay_protocol",
    }
)
_JSON_REQUIRED: Final = _JSON_MEMBERS - {"tcp_type", "related_address", "relay_protocol"}
_RELATED_MEMBERS: Final = frozenset({"address", "port"})
_JSON_STRINGS: Final = (
    "type", "network_type", "tcp_type", "foundation", "address", "relay_protocol"
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RelatedAddress:
    """The related (base or mapped) transport address of a srflx, prflx or relay candidate."""

    address: str
    port: int

    def __post_init__(self) -> None:
        """Reject a non-canonical IP literal or a port outside 0 … 65535."""
        address = self.address
        if (
            not (
                isinstance(address, str)
                and (_IPV4_CANONICAL_RE.fullmatch(address) or is_canonical_ipv6(address))
            )
            and str(_parse_ip(address, "related address")) != address
        ):
            raise MalformedCandidateError("related address must be in canonical form")
        if type(self.port) is not int or not 0 <= self.port <= MAX_PORT:
            _check_int(self.port, 0, MAX_PORT, "related port")


@dataclass(frozen=True, slots=True)
class Candidate:
    """An ICE candidate, valid by construction; string enum fields also accept their values."""

    type: CandidateType
    network_type: NetworkType
    foundation: str
    component: int
    priority: int
    address: str
    port: int
    tcp_type: TcpType | None = None
    related_address: RelatedAddress | None = None
    relay_protocol: RelayProtocol | None = None

    def __post_init__(self) -> None:
        """Validate every field and cross-field rule, raising :class:`MalformedCandidateError`."""
        ctype = _enum(CandidateType, self.type, "type")
        network = _enum(NetworkType, self.network_type, "network_type")
        object.__setattr__(self, "type", ctype)
        object.__setattr__(self, "network_type", network)
        tcp_type = self.tcp_type
        if tcp_type is not None:
            tcp_type = _enum(TcpType, tcp_type, "tcp_type")
            object.__setattr__(self, "tcp_type", tcp_type)
        if self.relay_protocol is not None:
            object.__setattr__(
                self,
                "relay_protocol",
                _enum(RelayProtocol, self.relay_protocol, "relay_protocol"),
            )
        if not isinstance(self.foundation, str) or not _FOUNDATION_RE.fullmatch(self.foundation):
            raise MalformedCandidateError("foundation must be 1 to 32 ice-char (RFC 8839 §5.1)")
        component, priority, port = self.component, self.priority, self.port
        if not (
            type(component) is int
            and type(priority) is int
            and type(port) is int
            and 1 <= component <= MAX_COMPONENT
            and 1 <= priority <= MAX_PRIORITY
            and 0 <= port <= MAX_PORT
        ):  # one test for the common case; the checks below name the first failure
            _check_int(component, 1, MAX_COMPONENT, "component")
            _check_int(priority, 1, MAX_PRIORITY, "priority")
            _check_int(port, 0, MAX_PORT, "port")
        address = self.address
        if isinstance(address, str) and _IPV4_CANONICAL_RE.fullmatch(address):
            if network.ip_version != 4:
                raise MalformedCandidateError(
                    f"network_type {network.value} does not match an IPv4 address"
                )
        elif isinstance(address, str) and is_canonical_ipv6(address):
            if network.ip_version != 6:
                raise MalformedCandidateError(
                    f"network_type {network.value} does not match an IPv6 address"
                )
        elif isinstance(address, str) and _MDNS_RE.fullmatch(address):
            if ctype is not CandidateType.HOST:
                raise MalformedCandidateError("only host candidates may have an mDNS name")
        else:
            ip = _parse_ip(address, "address")
            if str(ip) != address:
                raise MalformedCandidateError("address must be in canonical form")
            if ip.version != network.ip_version:
                raise MalformedCandidateError(
                    f"network_type {network.value} does not match an IPv{ip.version} address"
                )
        is_tcp = network.transport == "tcp"
        if is_tcp and tcp_type is None and ctype is CandidateType.HOST:
            # pion emits non-host TCP candidates without tcptype; a host one needs it (RFC 6544).
            raise MalformedCandidateError("a TCP host candidate needs tcp_type (RFC 6544)")
        if not is_tcp and tcp_type is not None:
            raise MalformedCandidateError("tcp_type is only allowed for TCP candidates")
        related = self.related_address
        if related is not None and not isinstance(related, RelatedAddress):
            raise MalformedCandidateError("related_address must be a RelatedAddress")
        if ctype is CandidateType.HOST:
            if related is not None:
                raise MalformedCandidateError("a host candidate has no related address")
        elif related is None:
            raise MalformedCandidateError(f"a {ctype.value} candidate needs a related address")
        if self.relay_protocol is not None and ctype is not CandidateType.RELAY:
            raise MalformedCandidateError("relay_protocol is only allowed for relay candidates")

    @classmethod
    def _from_fields(cls, fields: dict[str, object]) -> Candidate:
        """Construct from untyped field values; ``__post_init__`` checks every type and range."""
        untyped: dict[str, Any] = fields
        return cls(**untyped)

    # -- RFC 8839 -------------------------------------------------------------------------------

    def to_sdp(self, *, prefix: bool = True) -> str:
        """Print the RFC 8839 candidate-attribute (RFC order; ``relay_protocol`` is not carried)."""
        parts = [
            self.foundation,
            str(self.component),
            self.network_type.transport,
            str(self.priority),
            self.address,
            str(self.port),
            "typ",
            self.type.value,
        ]
        if self.related_address is not None:
            parts += [
                "raddr",
                self.related_address.address,
                "rport",
                str(self.related_address.port),
            ]
        if self.tcp_type is not None:
            parts += ["tcptype", self.tcp_type.value]
        line = " ".join(parts)
        return f"candidate:{line}" if prefix else line

    @classmethod
    def from_sdp(cls, line: str, *, allow_mdns: bool = False) -> Candidate:
        """Parse an RFC 8839 candidate line with optional ``candidate:``/``a=candidate:`` prefix.

        Accepts case-insensitive transport, pion's older ``tcptype``-before-``raddr`` order,
        non-canonical IP literals (normalized) and unknown extensions (validated, then dropped).
        With ``allow_mdns=True`` a host candidate's address may be an mDNS ``<uuid>.local`` name
        (as pion emits; aioice resolves it); its network type is then taken as IPv4.
        Rejects lines over :data:`MAX_SDP_LINE_LENGTH` (:class:`InputTooLargeError`), non-ASCII and
        control characters, wrong field counts, out-of-range numbers, unknown transports and types,
        FQDN or zone-id addresses (:class:`MalformedCandidateError`).
        """
        if not isinstance(line, str):
            raise TypeError("candidate line must be str")
        if len(line) > MAX_SDP_LINE_LENGTH:
            raise InputTooLargeError(f"candidate line longer than {MAX_SDP_LINE_LENGTH} characters")
        if not line.isascii():
            raise MalformedCandidateError("candidate line must be ASCII")
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in line):
            raise MalformedCandidateError("control characters (CR, LF, …) are not allowed")
        for head in ("a=candidate:", "candidate:"):
            if line.startswith(head):
                line = line[len(head) :]
                break
        fields = line.split(" ")
        if any(not field for field in fields):
            raise MalformedCandidateError("candidate fields must be separated by single spaces")
        if len(fields) < 8:
            raise MalformedCandidateError(f"{len(fields)} fields, at least 8 needed")
        if len(fields) % 2:
            raise MalformedCandidateError("candidate extension without a value")
        foundation, component, transport, priority, address, port, typ, cand_type = fields[:8]
        if not _COMPONENT_RE.fullmatch(component):
            raise MalformedCandidateError("component must be 1*3DIGIT")
        if not _PRIORITY_RE.fullmatch(priority):
            raise MalformedCandidateError("priority must be 1*10DIGIT")
        if not _PORT_RE.fullmatch(port):
            raise MalformedCandidateError("port must be a decimal number")
        if typ != "typ":
            raise MalformedCandidateError("the literal 'typ' must follow the port")
        transport = transport.lower()
        if transport not in ("udp", "tcp"):
            raise MalformedCandidateError("transport must be UDP or TCP")
        ctype = _enum(CandidateType, cand_type, "candidate type")
        version = _address_version(address, allow_mdns, "connection address")

        extensions: dict[str, str] = {}
        for index in range(8, len(fields), 2):
            name, value = fields[index], fields[index + 1]
            if not _TOKEN_RE.fullmatch(name):
                raise MalformedCandidateError("candidate extension name must be a token")
            if name in ("raddr", "rport", "tcptype"):
                if name in extensions:
                    raise MalformedCandidateError(f"duplicate {name}")
                extensions[name] = value
            # Other extensions (generation, ufrag, network-id, …) are not part of the model.

        related: RelatedAddress | None = None
        if ("raddr" in extensions) != ("rport" in extensions):
            raise MalformedCandidateError("raddr and rport must appear together")
        if "raddr" in extensions:
            rport = extensions["rport"]
            if not _PORT_RE.fullmatch(rport):
                raise MalformedCandidateError("rport must be a decimal number")
            related = RelatedAddress(
                _canonical_ip(extensions["raddr"], "raddr"),
                _check_int(int(rport), 0, MAX_PORT, "rport"),
            )
        tcp_type = extensions.get("tcptype")
        return cls(
            type=ctype,
            network_type=NetworkType(f"{transport}{version or 4}"),
            foundation=foundation,
            component=int(component),
            priority=int(priority),
            address=address if version == 0 else _canonical_ip(address, "connection address"),
            port=int(port),
            tcp_type=None if tcp_type is None else _enum(TcpType, tcp_type, "tcptype"),
            related_address=related,
        )

    # -- payload JSON ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, object]:
        """Return the payload object form (members in a fixed order, absent optionals omitted)."""
        obj: dict[str, object] = {
            "type": self.type.value,
            "network_type": self.network_type.value,
        }
        if self.tcp_type is not None:
            obj["tcp_type"] = self.tcp_type.value
        obj.update(
            foundation=self.foundation,
            component=self.component,
            priority=self.priority,
            address=self.address,
            port=self.port,
        )
        if self.related_address is not None:
            obj["related_address"] = {
                "address": self.related_address.address,
                "port": self.related_address.port,
            }
        if self.relay_protocol is not None:
            obj["relay_protocol"] = self.relay_protocol.value
        return obj

    @classmethod
    def from_json(cls, obj: object, *, allow_mdns: bool = False) -> Candidate:
        """Build a candidate from its payload object, rejecting unknown members and wrong types.

        An mDNS ``<uuid>.local`` address is refused unless ``allow_mdns`` is true.
        """
        if type(obj) is not dict and not isinstance(obj, Mapping):
            raise MalformedCandidateError("candidate must be a JSON object")
        address = obj.get("address")
        if isinstance(address, str) and _MDNS_RE.fullmatch(address) and not allow_mdns:
            raise MalformedCandidateError("mDNS host names are accepted only with allow_mdns")
        names = obj.keys()
        if not names <= _JSON_MEMBERS:
            unknown = sorted(map(str, names - _JSON_MEMBERS))
            raise MalformedCandidateError(f"unknown candidate members: {unknown}")
        if not names >= _JSON_REQUIRED:
            missing = sorted(_JSON_REQUIRED - names)
            raise MalformedCandidateError(f"missing candidate members: {missing}")
        untyped: Mapping[str, Any] = obj
        ctype, network, foundation = untyped["type"], untyped["network_type"], obj["foundation"]
        if not (
            type(ctype) is str
            and type(network) is str
            and type(foundation) is str
            and type(address) is str
            and "tcp_type" not in obj
            and "relay_protocol" not in obj
        ):  # not the common case: check each string member in turn, naming the first failure
            for name in _JSON_STRINGS:
                if name in obj and not isinstance(obj[name], str):
                    raise MalformedCandidateError(f"candidate {name} must be a string")
        related: RelatedAddress | None = None
        if "related_address" in obj:
            raw = obj["related_address"]
            if (
                type(raw) is not dict and not isinstance(raw, Mapping)
            ) or raw.keys() != _RELATED_MEMBERS:
                raise MalformedCandidateError("related_address must be {address, port}")
            related = RelatedAddress(raw["address"], raw["port"])
        # Every member is known, every required one present and every string member a string;
        # an absent optional member is None, as its default. The constructor checks the rest.
        return cls(  # positional, in field order (cheaper than ten keywords)
            ctype,
            network,
            foundation,
            untyped["component"],
            untyped["priority"],
            untyped["address"],
            untyped["port"],
            untyped.get("tcp_type"),
            related,
            untyped.get("relay_protocol"),
        )
