"""Signed ICE candidate messages with WireGuard keys (XEdDSA), for wice/cunicu-style signaling.

Every ICE credential, candidate and end-of-candidates marker travels as a compact JWS signed with
``alg`` ``XEd25519`` by the sender's WireGuard private key, and is verified over the exact received
bytes, bound to sender and recipient keys, and checked for freshness before anything acts on it.
This package uses only the public API of :mod:`xeddsa`.
"""

from __future__ import annotations

from .candidate import MAX_SDP_LINE_LENGTH as MAX_SDP_LINE_LENGTH
from .candidate import Candidate as Candidate
from .candidate import CandidateType as CandidateType
from .candidate import NetworkType as NetworkType
from .candidate import RelatedAddress as RelatedAddress
from .candidate import RelayProtocol as RelayProtocol
from .candidate import TcpType as TcpType
from .credentials import Credentials as Credentials
from .credentials import EndOfCandidates as EndOfCandidates
from .errors import BadSignatureError as BadSignatureError
from .errors import DuplicateError as DuplicateError
from .errors import ExpiredError as ExpiredError
from .errors import IceRestartError as IceRestartError
from .errors import InputTooLargeError as InputTooLargeError
from .errors import MalformedCandidateError as MalformedCandidateError
from .errors import MalformedCredentialsError as MalformedCredentialsError
from .errors import MalformedEnvelopeError as MalformedEnvelopeError
from .errors import MalformedMessageError as MalformedMessageError
from .errors import MalformedPayloadError as MalformedPayloadError
from .errors import MalformedTokenError as MalformedTokenError
from .errors import MisaddressedError as MisaddressedError
from .errors import OutsideWindowError as OutsideWindowError
from .errors import ReflectedError as ReflectedError
from .errors import ReplayError as ReplayError
from .errors import ReplayStateFullError as ReplayStateFullError
from .errors import SenderMismatchError as SenderMismatchError
from .errors import SignalingError as SignalingError
from .errors import StaleSessionError as StaleSessionError
from .errors import UnknownSenderError as UnknownSenderError
from .errors import UnsealError as UnsealError
from .errors import UnsupportedHeaderError as UnsupportedHeaderError
from .errors import WiceError as WiceError
from .errors import WireGuardConfigError as WireGuardConfigError
from .errors import WrongRecipientError as WrongRecipientError
from .errors import WrongSenderError as WrongSenderError
from .message import ALG as ALG
from .message import MAX_TOKEN_SIZE as MAX_TOKEN_SIZE
from .message import PROTO as PROTO
from .message import TYP as TYP
from .message import VERSION as VERSION
from .message import Body as Body
from .message import Message as Message
from .message import sign_message as sign_message
from .receiver import Receiver as Receiver
from .receiver import VerifiedMessage as VerifiedMessage
from .receiver import is_controlling as is_controlling
from .sender import Sender as Sender
from .wgconfig import InsecurePermissionsWarning as InsecurePermissionsWarning
from .wgconfig import WireGuardConfig as WireGuardConfig
from .wgconfig import load_wireguard_config as load_wireguard_config
from .wgconfig import parse_wireguard_config as parse_wireguard_config

__all__ = [
    "ALG",
    "MAX_SDP_LINE_LENGTH",
    "MAX_TOKEN_SIZE",
    "PROTO",
    "TYP",
    "VERSION",
    "BadSignatureError",
    "Body",
    "Candidate",
    "CandidateType",
    "Credentials",
    "DuplicateError",
    "EndOfCandidates",
    "ExpiredError",
    "IceRestartError",
    "InputTooLargeError",
    "InsecurePermissionsWarning",
    "MalformedCandidateError",
    "MalformedCredentialsError",
    "MalformedEnvelopeError",
    "MalformedMessageError",
    "MalformedPayloadError",
    "MalformedTokenError",
    "Message",
    "MisaddressedError",
    "NetworkType",
    "OutsideWindowError",
    "Receiver",
    "ReflectedError",
    "RelatedAddress",
    "RelayProtocol",
    "ReplayError",
    "ReplayStateFullError",
    "Sender",
    "SenderMismatchError",
    "SignalingError",
    "StaleSessionError",
    "TcpType",
    "UnknownSenderError",
    "UnsealError",
    "UnsupportedHeaderError",
    "VerifiedMessage",
    "WiceError",
    "WireGuardConfig",
    "WireGuardConfigError",
    "WrongRecipientError",
    "WrongSenderError",
    "is_controlling",
    "load_wireguard_config",
    "parse_wireguard_config",
    "sign_message",
]
