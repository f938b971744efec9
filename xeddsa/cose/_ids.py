"""The COSE algorithm values of XEd25519 and VXEd25519: provisional, from the private-use range.

IANA has assigned no values yet (the Internet-Draft requests TBD1 and TBD2 in the "COSE
Algorithms" registry).  Until it does, this library uses values below -65536, the registry's
private-use range: they cannot collide with a registered algorithm, but they can collide with
another party's private use, so they are for testing and closed deployments only and will change
to the assigned values in a later release.
"""

from __future__ import annotations

from typing import Final

from xeddsa.sizes import SIGNATURE_SIZE, VXEDDSA_SIGNATURE_SIZE

__all__ = ["ALGORITHM_IDS", "ALGORITHM_NAMES", "SIGNATURE_SIZES", "VXED25519_ID", "XED25519_ID"]

#: Provisional private-use COSE algorithm value of XEd25519 (not registered).
XED25519_ID: Final = -65537
#: Provisional private-use COSE algorithm value of VXEd25519 (not registered).
VXED25519_ID: Final = -65538

ALGORITHM_IDS: Final[dict[str, int]] = {"XEd25519": XED25519_ID, "VXEd25519": VXED25519_ID}
ALGORITHM_NAMES: Final[dict[int, str]] = {v: k for k, v in ALGORITHM_IDS.items()}
SIGNATURE_SIZES: Final[dict[str, int]] = {
    "XEd25519": SIGNATURE_SIZE,
    "VXEd25519": VXEDDSA_SIGNATURE_SIZE,
}
