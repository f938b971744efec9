"""The exception hierarchy of :mod:`xeddsa`: one base class, four leaves.

Every failure a peer can cause (a bad signature, a bad key, a missing backend) is one of these
classes. Programming errors (a ``str`` where bytes are expected, an unknown policy name) use the
builtins ``TypeError`` and ``ValueError`` instead, as pyca/cryptography does.
"""

from __future__ import annotations

__all__ = [
    "BackendUnavailable",
    "InvalidAllowedSigners",
    "InvalidKey",
    "InvalidSignature",
    "XEdDSAError",
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
