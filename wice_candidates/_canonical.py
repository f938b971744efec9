"""Reading the payload bytes senders emit with one regular-expression match (private module).

Senders serialize a payload in one form (docs/design/wice-wire-format.rst: members in the
documented order, no whitespace). :func:`canonical_payload_parts` recognizes that form's JSON
syntax in one match, instead of the general JSON parser and the member checks, and hands the
values to the same constructors and checks the general parser
(:func:`wice_candidates.message.payload_parts`) uses, so every rule on a value keeps one home.
It returns what the general parser returns for the same bytes, or ``None`` for anything else:
another member order, whitespace, an escape or a non-ASCII character in a string, an mDNS name
(the general parser applies the ``allow_mdns`` choice), or a value a constructor refuses (the
general parser then raises its typed error). It never raises, and never accepts bytes the general
parser refuses: tests/wice/test_canonical_payload.py checks that on generated, mutated and
hand-picked payloads, and the ``wice_payload`` fuzz target checks it on every input.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ._strict import wireguard_key_bytes
from .candidate import Candidate, RelatedAddress
from .credentials import Credentials, EndOfCandidates
from .errors import MalformedMessageError, MalformedPayloadError
from .message import PROTO, VERSION, Body, PayloadParts, check_counters

__all__ = ["canonical_payload_parts"]

#: A JSON string of printable ASCII without escapes, captured without its quotes.
_STRING: Final = rb'"([\x20\x21\x23-\x5b\x5d-\x7e]{0,256})"'
#: A JSON string that can hold an IP literal (hex digits, dots, colons) but no mDNS name.
_ADDRESS: Final = rb'"([0-9a-f.:]{2,39})"'
#: A non-negative JSON integer as senders write it; 16 digits cover 2**53 - 1.
_INTEGER: Final = rb"(0|[1-9][0-9]{0,15})"


def _literal(value: str | int) -> bytes:
    """A JSON string or integer that must appear exactly (not captured)."""
    text = f'"{value}"' if isinstance(value, str) else str(value)
    return re.escape(text).encode("ascii")


_PAYLOAD_RE: Final = re.compile(
    rb'\{"proto":' + _literal(PROTO) + rb',"v":' + _literal(VERSION)
    + rb',"sender":' + _STRING + rb',"recipient":' + _STRING
    + rb',"session":' + _INTEGER + rb',"seq":' + _INTEGER + rb',"ts":' + _INTEGER
    + rb',(?:"candidate":\{"type":' + _STRING + rb',"network_type":' + _STRING
    + rb'(?:,"tcp_type":' + _STRING + rb")?"
    + rb',"foundation":' + _STRING + rb',"component":' + _INTEGER
    + rb',"priority":' + _INTEGER + rb',"address":' + _ADDRESS + rb',"port":' + _INTEGER
    + rb'(?:,"related_address":\{"address":' + _ADDRESS + rb',"port":' + _INTEGER + rb"\})?"
    + rb'(?:,"relay_protocol":' + _STRING + rb")?\}"
    + rb'|"credentials":\{"ufrag":' + _STRING + rb',"pwd":' + _STRING
    + rb',"need_creds":(true|false)\}'
    + rb'|"end_of_candidates":(true))\}'
)  # fmt: skip


def _text(value: bytes | None) -> Any:
    """A captured string (ASCII by the pattern) or None, for a constructor that checks its type."""
    return None if value is None else value.decode("ascii")


def canonical_payload_parts(data: bytes) -> PayloadParts | None:
    """Return the payload parts of ``data`` if it is in the senders' form, else ``None``."""
    match = _PAYLOAD_RE.fullmatch(data)
    if match is None:
        return None
    (
        sender_text, recipient_text, session_text, seq_text, ts_text,
        ctype, network, tcp_type, foundation, component, priority, address, port,
        related_address, related_port, relay_protocol,
        ufrag, pwd, need_creds, _end,
    ) = match.groups()  # fmt: skip
    try:
        sender = wireguard_key_bytes(sender_text.decode("ascii"), MalformedPayloadError, "sender")
        recipient = wireguard_key_bytes(
            recipient_text.decode("ascii"), MalformedPayloadError, "recipient"
        )
        session, seq, ts = int(session_text), int(seq_text), int(ts_text)
        check_counters(session, seq, ts)
        body: Body
        if ctype is not None:
            related = None
            if related_address is not None:
                related = RelatedAddress(related_address.decode("ascii"), int(related_port))
            body = Candidate(
                _text(ctype),  # the constructor coerces enum values and checks every field
                _text(network),
                foundation.decode("ascii"),
                int(component),
                int(priority),
                address.decode("ascii"),
                int(port),
                _text(tcp_type),
                related,
                _text(relay_protocol),
            )
        elif ufrag is not None:
            body = Credentials(ufrag.decode("ascii"), pwd.decode("ascii"), need_creds == b"true")
        else:
            body = EndOfCandidates()  # the third alternative: "end_of_candidates":true
    except MalformedMessageError:
        return None  # a value the constructors refuse: the general parser names the problem
    return sender, recipient, session, seq, ts, body
