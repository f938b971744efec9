"""XEdDSA and VXEdDSA (Signal, revision 1) on Curve25519: sign with an X25519 / WireGuard key.

>>> import xeddsa
>>> key = xeddsa.PrivateKey.generate()
>>> signature = key.sign(b"hello")
>>> key.public_key().verify(signature, b"hello")   # returns None or raises InvalidSignature
"""

from xeddsa import hazmat as hazmat
from xeddsa import v1 as v1
from xeddsa import vxeddsa as vxeddsa
from xeddsa.backend import use_backend as use_backend
from xeddsa.errors import BackendUnavailable as BackendUnavailable
from xeddsa.errors import InvalidAllowedSigners as InvalidAllowedSigners
from xeddsa.errors import InvalidKey as InvalidKey
from xeddsa.errors import InvalidSignature as InvalidSignature
from xeddsa.errors import MissingDependency as MissingDependency
from xeddsa.errors import NonConstantTimeWarning as NonConstantTimeWarning
from xeddsa.errors import UnscopedBackendWarning as UnscopedBackendWarning
from xeddsa.errors import XEdDSAError as XEdDSAError
from xeddsa.errors import XEdDSAException as XEdDSAException
from xeddsa.errors import XEdDSAWarning as XEdDSAWarning
from xeddsa.keys import PrivateKey as PrivateKey
from xeddsa.keys import PublicKey as PublicKey
from xeddsa.sizes import PRIVATE_KEY_SIZE as PRIVATE_KEY_SIZE
from xeddsa.sizes import PUBLIC_KEY_SIZE as PUBLIC_KEY_SIZE
from xeddsa.sizes import RANDOM_SIZE as RANDOM_SIZE
from xeddsa.sizes import SIGNATURE_SIZE as SIGNATURE_SIZE
from xeddsa.sizes import VRF_OUTPUT_SIZE as VRF_OUTPUT_SIZE
from xeddsa.sizes import VXEDDSA_SIGNATURE_SIZE as VXEDDSA_SIGNATURE_SIZE

# The 1.x function API (XEdDSA 1.2.0), kept for existing dependents: see xeddsa.v1.
from xeddsa.v1 import CURVE_25519_PUB_SIZE as CURVE_25519_PUB_SIZE
from xeddsa.v1 import ED_25519_PUB_SIZE as ED_25519_PUB_SIZE
from xeddsa.v1 import ED_25519_SIGNATURE_SIZE as ED_25519_SIGNATURE_SIZE
from xeddsa.v1 import NONCE_SIZE as NONCE_SIZE
from xeddsa.v1 import PRIV_SIZE as PRIV_SIZE
from xeddsa.v1 import SEED_SIZE as SEED_SIZE
from xeddsa.v1 import SHARED_SECRET_SIZE as SHARED_SECRET_SIZE
from xeddsa.v1 import Curve25519Pub as Curve25519Pub
from xeddsa.v1 import Ed25519Pub as Ed25519Pub
from xeddsa.v1 import Ed25519Signature as Ed25519Signature
from xeddsa.v1 import Nonce as Nonce
from xeddsa.v1 import Priv as Priv
from xeddsa.v1 import Seed as Seed
from xeddsa.v1 import SharedSecret as SharedSecret
from xeddsa.v1 import curve25519_pub_to_ed25519_pub as curve25519_pub_to_ed25519_pub
from xeddsa.v1 import ed25519_priv_sign as ed25519_priv_sign
from xeddsa.v1 import ed25519_pub_to_curve25519_pub as ed25519_pub_to_curve25519_pub
from xeddsa.v1 import ed25519_seed_sign as ed25519_seed_sign
from xeddsa.v1 import ed25519_verify as ed25519_verify
from xeddsa.v1 import priv_force_sign as priv_force_sign
from xeddsa.v1 import priv_to_curve25519_pub as priv_to_curve25519_pub
from xeddsa.v1 import priv_to_ed25519_pub as priv_to_ed25519_pub
from xeddsa.v1 import seed_to_ed25519_pub as seed_to_ed25519_pub
from xeddsa.v1 import seed_to_priv as seed_to_priv
from xeddsa.v1 import x25519 as x25519

__version__ = "2.0.0.dev0"

__all__ = [
    "CURVE_25519_PUB_SIZE",
    "ED_25519_PUB_SIZE",
    "ED_25519_SIGNATURE_SIZE",
    "NONCE_SIZE",
    "PRIVATE_KEY_SIZE",
    "PRIV_SIZE",
    "PUBLIC_KEY_SIZE",
    "RANDOM_SIZE",
    "SEED_SIZE",
    "SHARED_SECRET_SIZE",
    "SIGNATURE_SIZE",
    "VRF_OUTPUT_SIZE",
    "VXEDDSA_SIGNATURE_SIZE",
    "BackendUnavailable",
    "Curve25519Pub",
    "Ed25519Pub",
    "Ed25519Signature",
    "InvalidAllowedSigners",
    "InvalidKey",
    "InvalidSignature",
    "MissingDependency",
    "NonConstantTimeWarning",
    "Nonce",
    "Priv",
    "PrivateKey",
    "PublicKey",
    "Seed",
    "SharedSecret",
    "UnscopedBackendWarning",
    "XEdDSAError",
    "XEdDSAException",
    "XEdDSAWarning",
    "__version__",
    "curve25519_pub_to_ed25519_pub",
    "ed25519_priv_sign",
    "ed25519_pub_to_curve25519_pub",
    "ed25519_seed_sign",
    "ed25519_verify",
    "hazmat",
    "priv_force_sign",
    "priv_to_curve25519_pub",
    "priv_to_ed25519_pub",
    "seed_to_ed25519_pub",
    "seed_to_priv",
    "use_backend",
    "v1",
    "vxeddsa",
    "x25519",
]
