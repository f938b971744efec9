"""The fact flags of a case, computed from its bytes with the reference (never set by hand).

A *fact* flag states a property of the published bytes (u, R, V, h, s, r), so it can be recomputed
by anyone; the generator derives these flags here and refuses hand-written ones. The other flags
are *descriptive*: they say how a case was constructed (``bitflip_R``, ``keyless_forgery``, ...).
"""

from __future__ import annotations

from typing import Final

from test_vectors.tools import ref25519 as ref
from test_vectors.tools.inputs import P, Q, sc

KEY_FACTS: Final = frozenset(
    {
        "wrong_length_u",
        "u_top_bit",
        "u_ge_p",
        "twist_u",
        "small_order_u",
        "low_order_A",
        "mixed_order_A",
    }
)
SIGNATURE_FACTS: Final = frozenset(
    {
        "wrong_length",
        "s_ge_q",
        "s_ge_2_253",
        "h_ge_q",
        "h_ge_2_253",
        "low_order_R",
        "mixed_order_R",
        "noncanonical_R",
        "R_not_on_curve",
        "low_order_V",
        "mixed_order_V",
        "noncanonical_V",
        "V_not_on_curve",
    }
)
ELLIGATOR_FACTS: Final = frozenset({"r_top_bit", "r_ge_p"})
FACT_FLAGS: Final = KEY_FACTS | SIGNATURE_FACTS | ELLIGATOR_FACTS

_MASK_255: Final = (1 << 255) - 1


def montgomery_small_order(u: int) -> bool:
    """Whether [8]u is the point at infinity (x-only doublings; curve and twist alike)."""
    x, z = u % P, 1
    for _ in range(3):
        x, z = (
            (x * x - z * z) ** 2 % P,
            4 * x * z * (x * x + ref.MONT_A * x * z + z * z) % P,
        )
    return z == 0


def key_facts(u: bytes) -> set[str]:
    """Facts of a public key u: length, bit 255, u >= p, twist, small or mixed order."""
    if len(u) != 32:
        return {"wrong_length_u"}
    n = sc(u)
    out = set()
    if n >> 255:
        out.add("u_top_bit")
    if n >= P:
        out.add("u_ge_p")
        return out
    if not ref.on_montgomery_curve(n):
        out.add("twist_u")
    if montgomery_small_order(n):
        out.add("small_order_u")
    A = ref.decode(ref.convert_mont(u))
    if A is not None:
        if ref.is_small_order(A):
            out.add("low_order_A")
        elif not ref.order_divides(Q, A):
            out.add("mixed_order_A")
    return out


def point_facts(data: bytes, name: str) -> set[str]:
    """Facts of a 32-byte point encoding called ``name`` (R or V)."""
    raw = sc(data)
    pt = ref.decode(data)
    if pt is None:
        return {f"{name}_not_on_curve"}
    out = set()
    if (raw & _MASK_255) >= P or (ref.affine(pt)[0] == 0 and raw >> 255):
        out.add(f"noncanonical_{name}")
    if ref.is_small_order(pt):
        out.add(f"low_order_{name}")
    elif not ref.order_divides(Q, pt):
        out.add(f"mixed_order_{name}")
    return out


def scalar_facts(value: int, name: str) -> set[str]:
    """Facts of a scalar called ``name`` (s or h): >= q, >= 2^253."""
    out = set()
    if value >= Q:
        out.add(f"{name}_ge_q")
    if value >= 2**253:
        out.add(f"{name}_ge_2_253")
    return out


def xeddsa_signature_facts(sig: bytes) -> set[str]:
    """Facts of an XEdDSA signature R || s."""
    if len(sig) != 64:
        return {"wrong_length"}
    return point_facts(sig[:32], "R") | scalar_facts(sc(sig[32:]), "s")


def vxeddsa_signature_facts(sig: bytes) -> set[str]:
    """Facts of a VXEdDSA signature V || h || s."""
    if len(sig) != 96:
        return {"wrong_length"}
    return (
        point_facts(sig[:32], "V")
        | scalar_facts(sc(sig[32:64]), "h")
        | scalar_facts(sc(sig[64:]), "s")
    )


def elligator_facts(r: bytes) -> set[str]:
    """Facts of an Elligator 2 input: bit 255 set, >= p after clearing bit 255."""
    n = sc(r)
    out = set()
    if n >> 255:
        out.add("r_top_bit")
    if n & _MASK_255 >= P:
        out.add("r_ge_p")
    return out
