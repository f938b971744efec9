"""XEdDSA and VXEdDSA (Signal, revision 1) on Curve25519: sign with an X25519 / WireGuard key.

>>> import xeddsa
>>> key = xeddsa.PrivateKey.generate()
>>> signature = key.sign(b"hello")
>>> key.public_key().verify(signature, b"hello")   # returns None or raises InvalidSignature
"""

from xeddsa import hazmat as hazmat
from xeddsa import vxeddsa as vxeddsa
from xeddsa.backend import use_backend as use_backend
from xeddsa.errors import BackendUnavailable as BackendUnavailable
from xeddsa.errors import InvalidKey as InvalidKey
from xeddsa.errors import InvalidSignature as InvalidSignature
from xeddsa.errors import MissingDependency as MissingDependency
from xeddsa.errors import NonConstantTimeWarning as NonConstantTimeWarning
from xeddsa.errors import UnscopedBackendWarning as UnscopedBackendWarning
from xeddsa.errors import XEdDSAError as XEdDSAError
from xeddsa.errors import XEdDSAWarning as XEdDSAWarning
from xeddsa.keys import PrivateKey as PrivateKey
from xeddsa.keys import PublicKey as PublicKey
from xeddsa.sizes import PRIVATE_KEY_SIZE as PRIVATE_KEY_SIZE
from xeddsa.sizes import PUBLIC_KEY_SIZE as PUBLIC_KEY_SIZE
from xeddsa.sizes import RANDOM_SIZE as RANDOM_SIZE
from xeddsa.sizes import SIGNATURE_SIZE as SIGNATURE_SIZE
from xeddsa.sizes import VRF_OUTPUT_SIZE as VRF_OUTPUT_SIZE
from xeddsa.sizes import VXEDDSA_SIGNATURE_SIZE as VXEDDSA_SIGNATURE_SIZE

__version__ = "2.0.0.dev0"

__all__ = [
    "PRIVATE_KEY_SIZE",
    "PUBLIC_KEY_SIZE",
    "RANDOM_SIZE",
    "SIGNATURE_SIZE",
    "VRF_OUTPUT_SIZE",
    "VXEDDSA_SIGNATURE_SIZE",
    "BackendUnavailable",
    "InvalidKey",
    "InvalidSignature",
    "MissingDependency",
    "NonConstantTimeWarning",
    "PrivateKey",
    "PublicKey",
    "UnscopedBackendWarning",
    "XEdDSAError",
    "XEdDSAWarning",
    "__version__",
    "hazmat",
    "use_backend",
    "vxeddsa",
]
