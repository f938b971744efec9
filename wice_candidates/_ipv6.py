"""Deciding canonical IPv6 candidate addresses with the C library (private module).

A candidate's IPv6 address must be an IPv6 literal in :mod:`ipaddress`'s text form (RFC 5952),
neither IPv4-mapped nor IPv4-compatible. :func:`is_canonical_ipv6` answers "yes" with two C calls
(``inet_pton``, then ``inet_ntop`` and a comparison), about 0.3 µs against 5.5 µs for parsing and
printing with :mod:`ipaddress`, and only where the C library prints IPv6 as :mod:`ipaddress` does
(:data:`FAST_IPV6`, checked once at import). Its "no" means "not decided here": the caller goes on
with :mod:`ipaddress`, which names the problem.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Final

__all__ = ["FAST_IPV6", "is_canonical_ipv6", "libc_formats_like_ipaddress"]

#: Texts whose ``inet_ntop`` output must equal ``str(ipaddress.IPv6Address(text))``: the choices
#: RFC 5952 §4 settles (zero runs, ties, a lone zero field, leading zeros, case) and addresses
#: next to the IPv4-embedding forms C libraries may print dotted (NAT64, ISATAP, SIIT).
_SAMPLES: Final = (
    "::", "::1", "1::", "2001:db8::1", "2001:db8:0:1:1:1:1:1", "2001:0:0:1::1",
    "2001:db8::1:0:0:1", "1:0:0:2:0:0:0:3", "fe80::1:2", "ff02::2", "1:2:3:4:5:6:7:8",
    "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:0:102:304", "64:ff9b::102:304",
    "abcd:ef01::", "::fffe:102:304", "::1:0:0:0", "fe80::5efe:102:304",
    "fe80::200:5efe:102:304",
)  # fmt: skip
#: The first ten bytes of IPv4-mapped (``::ffff:a.b.c.d``) and IPv4-compatible addresses.
_IPV4_IN_IPV6_PREFIX: Final = bytes(10)


def libc_formats_like_ipaddress() -> bool:
    """Return whether ``socket.inet_ntop`` prints every sample as :mod:`ipaddress` does."""
    try:
        return all(
            socket.inet_ntop(socket.AF_INET6, ipaddress.IPv6Address(text).packed)
            == str(ipaddress.IPv6Address(text))
            for text in _SAMPLES
        )
    except (OSError, ValueError):  # pragma: no cover - a platform without inet_ntop for IPv6
        return False


#: Whether :func:`is_canonical_ipv6` may answer "yes" on this platform (glibc: it may).
FAST_IPV6: Final = libc_formats_like_ipaddress()


def is_canonical_ipv6(text: str) -> bool:
    """Return True only for an IPv6 literal in canonical text form that is neither IPv4-mapped
    nor IPv4-compatible; False leaves the decision to :mod:`ipaddress`."""
    if not FAST_IPV6 or "." in text:
        # Not decided here: a C library not printing RFC 5952, or an embedded dotted IPv4
        # part, which ipaddress never prints (and some C libraries do).
        return False
    try:
        packed = socket.inet_pton(socket.AF_INET6, text)
    except (OSError, ValueError):  # not IPv6, or not encodable
        return False
    if packed.startswith(_IPV4_IN_IPV6_PREFIX) and (
        packed[10:12] == b"\xff\xff" or (packed[10:12] == b"\0\0" and packed[12:] > b"\0\0\0\1")
    ):
        return False  # IPv4-mapped or IPv4-compatible: refused by the candidate rules
    return socket.inet_ntop(socket.AF_INET6, packed) == text
