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
    │   ├── SenderMismatchError                payload sender differs from header kid (or envelope)
    │   ├── WrongRecipientError                payload or envelope recipient is not our key
    │   ├── WrongSenderError                   a trusted key, but not this endpoint's peer
    │   └── ReflectedError                     our own key signed or sealed it (also UnknownSender)
    ├── MalformedEnvelopeError(ValueError)     sealed envelope: key or nonce sizes, inner message
    ├── UnsealError                            the NaCl box does not open with these two keys
    ├── IceRestartError                        a verified message of a new session (new agent)
    ├── ReplayError                            (session, seq) already seen or too old
    │   ├── DuplicateError                     seq already accepted inside the window
    │   ├── StaleSessionError                  session older than the sender's current one
    │   └── OutsideWindowError                 seq too far behind the highest accepted one
    ├── ExpiredError                           timestamp outside the accepted window (either way)
    ├── ReplayStateFullError                   no room for another tracked sender state
    ├── SignalingError                         the signaling channel failed (server, stream, URL)
    └── WireGuardConfigError(ValueError)       malformed WireGuard configuration or key text
"""

from __future__ import annotations

from xeddsa import InvalidSignature, XEdDSAError


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


class ReflectedError(MisaddressedError, UnknownSenderError):
    """A message signed (or sealed) by our own key came back to us, e.g. a reflected envelope.

    Also an :class:`UnknownSenderError`: our own key is never a trusted sender.
    """


class MalformedEnvelopeError(WiceError, ValueError):
    """A sealed envelope's keys, nonce or inner cunicu ``Message`` are malformed."""


class UnsealError(WiceError):
    """The NaCl box does not open with our private key and the envelope's sender key."""


class SignalingError(WiceError):
    """The signaling channel failed: bad URL, unreachable server, or a broken stream."""


class IceRestartError(WiceError):
    """A verified message starts a new session; aioice cannot restart ICE on a live agent.

    The message was verified and consumed by the receiver; it is in :attr:`message` so the
    application can hand it to a new agent's endpoint (:meth:`SignedIceEndpoint.apply`).
    """

    def __init__(self, text: str, message: object) -> None:
        super().__init__(text)
        self.message = message


class ReplayError(WiceError):
    """The (session, seq) pair was accepted before or lies outside the anti-replay window."""


class DuplicateError(ReplayError):
    """This seq of the current session was already accepted; nothing changed."""


class StaleSessionError(ReplayError):
    """The message belongs to an older session than the sender's current one."""


class OutsideWindowError(ReplayError):
    """The seq is at or behind the window's trailing edge (too old to tell from a replay)."""


class ExpiredError(WiceError):
    """The message timestamp lies outside the accepted window (too old or in the future)."""


class ReplayStateFullError(WiceError):
    """The replay state tracks its maximum number of senders; nothing is evicted silently."""


class WireGuardConfigError(WiceError, ValueError):
    """A WireGuard configuration file or key text is malformed; private keys are never echoed."""


#: Every error class above (the hierarchy under WiceError), by name.
__all__ = sorted(
    n for n, v in list(globals().items()) if isinstance(v, type) and issubclass(v, WiceError)
)
