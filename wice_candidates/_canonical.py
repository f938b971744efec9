"""Recognizing the payload bytes senders emit, in one regular-expression match (private module).

Senders serialize a payload in one form (docs/design/wice-wire-format.rst: members in the
documented order, no whitespace, no escapes). :func:`canonical_payload_parts` recognizes that
form for the payloads every session carries, credentials and IPv4 UDP candidates, and returns
what the general parser (:func:`wice_candidates.message.payload_parts`) returns for the same
bytes. For anything else (another member order, whitespace, an escape, IPv6, TCP, a
``relay_protocol``, a number out of range, a host candidate with a related address, ...) it
returns ``None`` and the general parser decides, with its typed error where one is due. It never
raises, and it never accepts bytes the general parser refuses: tests/wice/test_canonical_payload.py
checks that on generated, mutated and hand-picked payloads.

Every pattern and constant comes from the module that owns the rule (message, candidate,
credentials, _strict); only the member order and the JSON punctuation are written here.
"""

from __future__ import annotations

import binascii
import re
from typing import Final

from ._strict import _WG_KEY_RE, MAX_SAFE_INTEGER
from .candidate import (
    _FOUNDATION_RE,
    _IPV4_CANONICAL_RE,
    MAX_COMPONENT,
    MAX_PORT,
    MAX_PRIORITY,
    Candidate,
    CandidateType,
    NetworkType,
    RelatedAddress,
)
from .credentials import _PWD_RE, _UFRAG_RE, Credentials, EndOfCandidates
from .message import PROTO, VERSION, Body, PayloadParts

__all__ = ["canonical_payload_parts"]


def _b(pattern: str) -> bytes:
    """A str pattern of another module as a bytes pattern (all of them are ASCII)."""
    return pattern.encode("ascii")


def _json_literal(text: str) -> bytes:
    """The JSON string ``text`` exactly (no capture)."""
    return b'"' + _b(re.escape(text)) + b'"'


def _json_string(pattern: str) -> bytes:
    """A captured JSON string whose content matches ``pattern`` (none admits ``"`` or ``\\``)."""
    return b'"(' + _b(pattern) + b')"'


# Decimal integers as JSON writes them (no sign, no leading zero); ranges are checked after
# the match. 16 digits cover 2**53 - 1; longer literals are left to the general parser.
_COUNTER: Final = rb"(0|[1-9][0-9]{0,15})"
_POSITIVE: Final = rb"([1-9][0-9]{0,9})"
_PORT: Final = rb"(0|[1-9][0-9]{0,4})"
_TYPES: Final = "|".join(re.escape(member.value) for member in CandidateType)

_PAYLOAD_RE: Final = re.compile(
    rb'\{"proto":' + _json_literal(PROTO) + rb',"v":' + _b(str(VERSION))
    + rb',"sender":' + _json_string(_WG_KEY_RE.pattern)
    + rb',"recipient":' + _json_string(_WG_KEY_RE.pattern)
    + rb',"session":' + _COUNTER + rb',"seq":' + _COUNTER + rb',"ts":' + _COUNTER
    + rb',(?:"candidate":\{"type":' + _json_string(_TYPES)
    + rb',"network_type":' + _json_literal(NetworkType.UDP4.value)
    + rb',"foundation":' + _json_string(_FOUNDATION_RE.pattern)
    + rb',"component":' + _POSITIVE + rb',"priority":' + _POSITIVE
    + rb',"address":' + _json_string(_IPV4_CANONICAL_RE.pattern) + rb',"port":' + _PORT
    + rb'(?:,"related_address":\{"address":' + _json_string(_IPV4_CANONICAL_RE.pattern)
    + rb',"port":' + _PORT + rb"\})?\}"
    + rb'|"credentials":\{"ufrag":' + _json_string(_UFRAG_RE.pattern)
    + rb',"pwd":' + _json_string(_PWD_RE.pattern) + rb',"need_creds":(true|false)\}'
    + rb'|"end_of_candidates":(true))\}'
)  # fmt: skip
_HOST: Final = CandidateType.HOST.value.encode("ascii")
_TYPE_BY_TEXT: Final = {member.value.encode("ascii"): member for member in CandidateType}


def canonical_payload_parts(data: bytes) -> PayloadParts | None:
    """Return the payload parts of ``data`` if it is in the senders' form, else ``None``."""
    match = _PAYLOAD_RE.fullmatch(data)
    if match is None:
        return None
    (
        sender, recipient, session_text, seq_text, ts_text,
        ctype, foundation, component_text, priority_text, address, port_text,
        related_address, related_port_text,
        ufrag, pwd, need_creds, end,
    ) = match.groups()  # fmt: skip
    session, seq, ts = int(session_text), int(seq_text), int(ts_text)
    if session > MAX_SAFE_INTEGER or seq > MAX_SAFE_INTEGER or ts > MAX_SAFE_INTEGER:
        return None
    body: Body
    if ctype is not None:
        component, priority, port = int(component_text), int(priority_text), int(port_text)
        if component > MAX_COMPONENT or priority > MAX_PRIORITY or port > MAX_PORT:
            return None
        related: RelatedAddress | None = None
        if related_address is not None:
            related_port = int(related_port_text)
            if related_port > MAX_PORT:
                return None
            related = RelatedAddress._checked(related_address.decode("ascii"), related_port)
        if (ctype == _HOST) is not (related is None):  # host: none; srflx, prflx, relay: one
            return None
        body = Candidate._checked(
            _TYPE_BY_TEXT[ctype],
            NetworkType.UDP4,
            foundation.decode("ascii"),
            component,
            priority,
            address.decode("ascii"),
            port,
            related,
        )
    elif ufrag is not None:
        body = Credentials(ufrag.decode("ascii"), pwd.decode("ascii"), need_creds == b"true")
    else:
        assert end is not None  # the third alternative of the body matched
        body = EndOfCandidates()
    # The key patterns admit canonical standard base64 of 32 bytes only.
    return binascii.a2b_base64(sender), binascii.a2b_base64(recipient), session, seq, ts, body
