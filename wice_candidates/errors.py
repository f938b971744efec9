"""The exception hierarchy of :mod:`wice_candidates`, rooted at :class:`xeddsa.XEdDSAError`.

Every failure that a peer, a signaling channel or a configuration file can cause is one of these
classes, so one ``except WiceError`` covers everything that untrusted input can trigger. Programming
errors (a ``list`` passed where a token string is expected) raise the builtin ``TypeError``.

::

    WiceError(XEdDSAError)
    ├── MalformedMessageError(ValueError)      input does not follow the grammar
    │   ├── MalformedTokenError                JWS compact structure, base64url, header JSON
    │   │   └── UnsupportedHeaderError         alg, typ, or members other than alg/kid/typ
    │   ├── MalformedPayloadError              payload JSON or schema
    │   ├── MalformedCandidateError            candidate fields or an RFC 8839 candidate line
    │   └── MalformedCredentialsError          ufrag / pwd / need_creds
    ├── InputTooLargeError(ValueError)         size limit exceeded before any parsing
    ├── UnknownSenderError                     header kid is not a trusted WireGuard key
    ├── BadSignatureError(InvalidSignature)    XEd25519 verification of the received bytes failed
    ├── MisaddressedError
    │   ├── SenderMismatchError                payload sender differs from header kid
    │   └── WrongRecipientError                payload recipient is not our key
    ├── ReplayError                            session / seq not strictly newer
    ├── ExpiredError                           timestamp outside the accepted window (either way)
    ├── ReplayStateFullError                   no room for another tracked sender state
    └── WireGuardConfigError(ValueError)       malformed WireGuard configuration or key text
"""

from __future__ import annotations

from xeddsa import InvalidSignature, XEdDSAError

__all__ = [
    "BadSignatureError",
    "ExpiredError",
    "IceRestartError",
    "InputTooLargeError",
    "MalformedCandidateError",
    "MalformedCredentialsError",
    "MalformedMessageError",
    "MalformedPayloadError",
    "MalformedTokenError",
    "MisaddressedError",
    "ReplayError",
    "ReplayStateFullError",
    "SenderMismatchError",
    "UnknownSenderError",
    "UnsupportedHeaderError",
    "WiceError",
    "WireGuardConfigError",
    "WrongRecipientError",
    "WrongSenderError",
]


class WiceError(XEdDSAError):
    """Base class of every error :mod:`wice_candidates` raises on purpose; never raised itself."""


class MalformedMessageError(WiceError, ValueError):
    """Input that does not follow the message, candidate or credentials grammar."""


class MalformedTokenError(MalformedMessageError):
    """The JWS compact serialization, a base64url segment or the protected header is malformed."""


class UnsupportedHeaderError(MalformedTokenError):
    """The protected header is well-formed JSON but not exactly alg=XEd25519, kid, typ."""


class MalformedPayloadError(MalformedMessageError):
    """The verified payload is not strict JSON or does not match the message schema."""


class MalformedCandidateError(MalformedMessageError):
    """A candidate (model fields or RFC 8839 candidate-attribute line) is invalid."""


class MalformedCredentialsError(MalformedMessageError):
    """ICE credentials violate RFC 8839 §5.4 (ufrag 4-256, pwd 22-256 ice-char)."""


class InputTooLargeError(WiceError, ValueError):
    """An input exceeded its size limit; nothing was decoded."""


class UnknownSenderError(WiceError):
    """The header kid names no trusted sender key; no cryptography was performed."""


class BadSignatureError(WiceError, InvalidSignature):
    """The XEd25519 signature does not verify over the exact received signing input."""


class MisaddressedError(WiceError):
    """The signed message binds keys other than the ones this receiver expects."""


class SenderMismatchError(MisaddressedError):
    """The payload's ``sender`` differs from the header's ``kid``."""


class WrongRecipientError(MisaddressedError):
    """The payload's ``recipient`` is not this receiver's public key."""


class WrongSenderError(MisaddressedError):
    """The message is from a trusted key, but not from the peer this endpoint talks to."""


class IceRestartError(WiceError):
    """A verified message starts a new session; aioice cannot restart ICE on a live agent.

    The message was verified and consumed by the receiver; it is in :attr:`message` so the
    application can hand it to a new agent's endpoint (:meth:`SignedIceEndpoint.apply`).
    """

    def __init__(self, text: str, message: object) -> None:
        super().__init__(text)
        self.message = message


class ReplayError(WiceError):
    """The (session, seq) pair is not strictly newer than the sender's accepted state."""


class ExpiredError(WiceError):
    """The message timestamp lies outside the accepted window (too old or in the future)."""


class ReplayStateFullError(WiceError):
    """The replay state tracks its maximum number of senders; nothing is evicted silently."""


class WireGuardConfigError(WiceError, ValueError):
    """A WireGuard configuration file or key text is malformed; private keys are never echoed."""
