"""The exception hierarchy of :mod:`xeddsa` (one base class, five leaves, the 1.x exception)
and its warnings.

Every failure a peer can cause (a bad signature, a bad key, a missing backend) is one of these
classes. Programming errors (a ``str`` where bytes are expected, an unknown policy name) use the
builtins ``TypeError`` and ``ValueError`` instead, as pyca/cryptography does.

The warnings (:class:`XEdDSAWarning` and its subclasses) report a risky but allowed choice; they
never replace an error. Turn them into errors with ``warnings.simplefilter("error",
xeddsa.XEdDSAWarning)``.
"""

from __future__ import annotations

__all__ = [
    "BackendUnavailable",
    "InvalidAllowedSigners",
    "InvalidKey",
    "InvalidSignature",
    "MissingDependency",
    "NonConstantTimeWarning",
    "UnscopedBackendWarning",
    "XEdDSAError",
    "XEdDSAException",
    "XEdDSAWarning",
]


class XEdDSAError(Exception):
    """Base class of every error this library raises on purpose; never raised itself."""


class InvalidSignature(XEdDSAError):
    """A signature (XEdDSA or VXEdDSA) did not verify, including malformed or wrong-length bytes."""


class InvalidKey(XEdDSAError, ValueError):
    """Key bytes or text were rejected: length, u >= p, twist, small order, subgroup, base64."""


class BackendUnavailable(XEdDSAError, RuntimeError):
    """The requested backend cannot be used: PyNaCl missing, unknown name, or pure signing
    without the explicit opt-in."""


class InvalidAllowedSigners(XEdDSAError, ValueError):
    """An allowed-signers file (:mod:`xeddsa.signature_file`) is malformed or lists a key twice."""


class XEdDSAException(XEdDSAError):
    """Raised by the 1.x function API (:mod:`xeddsa.v1`) exactly where XEdDSA 1.x raised its
    ``XEdDSAException``: a public key refused for its security properties, or an all-zero X25519
    shared secret. ``except XEdDSAException`` (1.x code) and ``except XEdDSAError`` both catch it.
    """


class MissingDependency(XEdDSAError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs it."""


class XEdDSAWarning(UserWarning):
    """Base class of every warning this library emits; never emitted itself."""


class NonConstantTimeWarning(XEdDSAWarning):
    """A private key was used on the ``pure`` backend, which is not constant time.

    Emitted once per process, at the first signature (or other private-key operation, such as
    deriving the public key) that runs on ``pure``, whichever way ``pure`` was chosen.
    """


class UnscopedBackendWarning(XEdDSAWarning):
    """A plain ``use_backend("pure")`` made outside the main thread is about to sign.

    The plain call sets the choice for the thread's context, and a thread pool runs every later
    job of that worker thread in the same context: the choice outlives the job that made it.
    Emitted once per such call, at the first private-key operation it affects; use
    ``with xeddsa.use_backend("pure"):`` inside the job instead.
    """
