"""Shared hypothesis strategies and edge-case constants for the core tests.

Values that the strategies do not find by chance (p, small-order u, s + q, ...) are named here so
that tests can pin them with ``@example`` and say why.
"""

from __future__ import annotations

import hashlib

from hypothesis import settings
from hypothesis import strategies as st

from tests.curve import reference as ref
from xeddsa._scheme import POLICIES, Policy

#: Default example budgets of the ``dev`` and ``ci`` hypothesis profiles (tests/conftest.py).
DEV_EXAMPLES = 50
CI_EXAMPLES = 500


def examples(dev: int, ci: int) -> int:
    """Return a per-test example budget for the active profile (``dev`` locally, ``ci`` in CI)."""
    return ci if settings().max_examples >= CI_EXAMPLES else dev

#: p = 2^255 - 19 and q (= L), from the test reference rather than from the code under test.
P, Q = ref.P, ref.Q


def policy_names(*names: Policy) -> tuple[Policy, ...]:
    """Return XEdDSA policy names typed as :data:`xeddsa._scheme.Policy` (for loops in tests)."""
    return names

#: Montgomery u of the points of small order (RFC 7748 §7; rejected by the strict policy):
#: 0 (order 2), 1 and p - 1 (order 4 after u_to_y with inv(0) = 0), and the two order-8 values.
SMALL_ORDER_U_INTS = (
    0,
    1,
    P - 1,
    325606250916557431795983626356110631294008115727848805560023387167927233504,
    39382357235489614581723060781553021112529911719440698176882885853963445705823,
)
SMALL_ORDER_U = tuple(u.to_bytes(32, "little") for u in SMALL_ORDER_U_INTS)

#: u values that are not canonical: u >= p, and u with bit 255 set (the strict policy rejects both).
NONCANONICAL_U = tuple(
    v.to_bytes(32, "little") for v in (P, P + 1, P + 9, 2**255 - 1, 2**255 + 9, 2**256 - 1)
)

#: A twist point: u = 2 is not on Curve25519 (u^3 + A u^2 + u = 2 * 973333 ... is a non-square).
#: Checked independently in the tests by Euler's criterion.
TWIST_U_INT = 2
TWIST_U = TWIST_U_INT.to_bytes(32, "little")


def le(n: int) -> bytes:
    """32-byte little-endian encoding."""
    return n.to_bytes(32, "little")


def is_twist(u: int) -> bool:
    """Return whether u is on the quadratic twist of Curve25519 (u^3 + A u^2 + u non-square)."""
    rhs = (u * u * u + 486662 * u * u + u) % P
    return rhs != 0 and pow(rhs, (P - 1) // 2, P) == P - 1


def flip_bit(data: bytes, bit: int) -> bytes:
    """Return ``data`` with bit number ``bit`` (little-endian bit order) inverted."""
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def add_q(signature: bytes) -> bytes:
    """Return R || (s + q): the malleable twin the spec's s < 2^253 bound admits."""
    s = int.from_bytes(signature[32:], "little") + Q
    return signature[:32] + s.to_bytes(32, "little")


def deterministic_bytes(label: str, n: int) -> bytes:
    """n bytes derived from ``label`` with SHA-512 (test data that is stable across runs)."""
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha512(f"{label}/{counter}".encode()).digest()
        counter += 1
    return out[:n]


private_keys = st.binary(min_size=32, max_size=32)
randomness = st.binary(min_size=64, max_size=64)
messages = st.binary(max_size=300)
policies = st.sampled_from(POLICIES)
nonce_modes = st.sampled_from(["spec", "libsignal-c"])
signature_bits = st.integers(min_value=0, max_value=511)
bytes_32 = st.binary(min_size=32, max_size=32)
bytes_64 = st.binary(min_size=64, max_size=64)


@st.composite
def wrong_length(draw: st.DrawFn, size: int) -> bytes:
    """A byte string whose length is anything but ``size`` (with ±1 and 0 favoured)."""
    n = draw(
        st.one_of(
            st.sampled_from([0, size - 1, size + 1, 2 * size]),
            st.integers(min_value=0, max_value=3 * size).filter(lambda m: m != size),
        )
    )
    return draw(st.binary(min_size=n, max_size=n))


@st.composite
def public_key_inputs(draw: st.DrawFn) -> bytes:
    """32-byte u values biased towards the interesting classes: random (half on the twist),
    small order, non-canonical (u >= p, bit 255 set), and near p."""
    return draw(
        st.one_of(
            bytes_32,
            st.sampled_from(SMALL_ORDER_U + NONCANONICAL_U + (TWIST_U,)),
            st.integers(min_value=P - 40, max_value=2**256 - 1).map(le),
        )
    )


def point_order(encoding: bytes) -> int:
    """Return the order of the point a 32-byte encoding decodes to (leniently), by repeated
    doubling checks on :mod:`xeddsa.curve`; only small orders (1, 2, 4, 8) or q, 2q, ..., 8q."""
    from xeddsa.curve import EdwardsPoint

    point = EdwardsPoint.decompress_lenient(encoding)
    assert point is not None, "not a curve point"
    for n in (1, 2, 4, 8):
        if (point * n).is_identity():
            return n
    for n in (1, 2, 4, 8):
        if (point * (n * Q)).is_identity():
            return n * Q
    raise AssertionError("unreachable: every point's order divides 8q")


def small_order_forgery(u: bytes, label: str = "forgery") -> tuple[bytes, bytes]:
    """Forge an XEdDSA signature under a small-order u without any private key.

    A = convert_mont(u) has order n | 8. Pick R = rB (prime order, so strict's R rule passes) and
    s = r; then sB - hA = R exactly when hA = I, i.e. when n divides h = SHA-512(R || A || M).
    Grind M (about n tries). Returns (M, R || s). Computed with hashlib and :mod:`xeddsa.curve`
    only, never with the verifier under test.
    """
    from xeddsa.curve import EdwardsPoint, convert_mont

    A = convert_mont(u)
    n = point_order(A)
    assert n <= 8, "u is not of small order"
    r = int.from_bytes(deterministic_bytes(label, 32), "little") % Q
    R = EdwardsPoint.base_mul(r).compress()
    for counter in range(1000):
        M = f"{label} {counter}".encode()
        h = int.from_bytes(hashlib.sha512(R + A + M).digest(), "little") % Q
        if h % n == 0:
            return M, R + r.to_bytes(32, "little")
    raise AssertionError("no forgery found in 1000 tries")  # pragma: no cover


def _key_scalar(k: bytes) -> tuple[int, int]:
    """Return (a, E.s) for a private key: a = +-k mod q as calculate_key_pair defines it, computed
    here from the curve layer (independent of the signer under test)."""
    from xeddsa.curve import EdwardsPoint

    k_int = ref.clamp(k)
    E = EdwardsPoint.base_mul(k_int).compress()
    E_s = E[31] >> 7
    a = (-k_int) % Q if E_s else k_int % Q
    return a, E_s


def order8_point() -> object:
    """An Edwards point of order 8 (from one of the order-8 u values)."""
    from xeddsa.curve import EdwardsPoint, convert_mont

    T = EdwardsPoint.decompress(convert_mont(SMALL_ORDER_U[3]))
    assert T is not None and not (T * 4).is_identity() and (T * 8).is_identity()
    return T


def mixed_order_key(label: str) -> tuple[bytes, int, object]:
    """Return (u, a', T'): a mixed-order u whose Edwards point (sign 0) is a'B + T' with T' of
    order 8. The discrete log a' of the prime-order part is known, so signatures can be made."""
    from xeddsa.curve import EdwardsPoint, edwards_to_u

    a = int.from_bytes(deterministic_bytes(label, 32), "little") % Q
    T = order8_point()
    point = EdwardsPoint.base_mul(a) + T  # type: ignore[operator]
    if point.compress()[31] >> 7:  # XEdDSA keys have sign 0: use -(aB + T) = (-a)B + (-T)
        point, a, T = -point, (-a) % Q, -T  # type: ignore[operator]
    u = edwards_to_u(point).to_bytes(32, "little")
    return u, a, T


def mixed_order_signature(label: str) -> tuple[bytes, bytes, bytes]:
    """A signature under a mixed-order u that passes the cofactorless equation: grind M until
    h = 0 mod 8 so that the torsion term hT' vanishes (the "MixedOrderPublic" case).
    Returns (u, M, R || s)."""
    from xeddsa.curve import EdwardsPoint, convert_mont

    u, a, _T = mixed_order_key(label)
    A = convert_mont(u)
    r = int.from_bytes(deterministic_bytes(label + "/r", 32), "little") % Q
    R = EdwardsPoint.base_mul(r).compress()
    for counter in range(1000):
        M = f"{label} {counter}".encode()
        h = int.from_bytes(hashlib.sha512(R + A + M).digest(), "little") % Q
        if h % 8 == 0:
            return u, M, R + ((r + h * a) % Q).to_bytes(32, "little")
    raise AssertionError("unreachable")  # pragma: no cover


def small_order_R_signature(label: str) -> tuple[bytes, bytes, bytes]:
    """Speccheck case 2 on XEdDSA: mixed-order A = a'B + T', R = [j]T' of order 8, s = h a'.
    Then sB - hA = -hT' = R when h = -j mod 8; grind M for that. Returns (u, M, R || s)."""
    from xeddsa.curve import convert_mont

    u, a, T = mixed_order_key(label)
    A = convert_mont(u)
    j = 1
    R = T.compress()  # type: ignore[attr-defined]
    for counter in range(1000):
        M = f"{label} {counter}".encode()
        h = int.from_bytes(hashlib.sha512(R + A + M).digest(), "little") % Q
        if (h + j) % 8 == 0:
            return u, M, R + (h * a % Q).to_bytes(32, "little")
    raise AssertionError("unreachable")  # pragma: no cover


def identity_R_signature(k: bytes, M: bytes) -> bytes:
    """R = identity (r = 0) and s = h a: valid under the spec equation for an honest key; strict
    rejects the small-order R (docs/design/decisions.rst, D3)."""
    from xeddsa.curve import EdwardsPoint

    a, _ = _key_scalar(k)
    A = EdwardsPoint.base_mul(a).compress()
    R = le(1)
    h = int.from_bytes(hashlib.sha512(R + A + M).digest(), "little") % Q
    return R + (h * a % Q).to_bytes(32, "little")


def legacy_curvesig(k: bytes, M: bytes, Z: bytes) -> bytes:
    """libsignal's legacy "curvesigs" signature (docs/design/decisions.rst, D3), written from its
    description: a = k (not negated), A = kB with its real sign bit,
    r = SHA-512(FE FF*31 || k || M || Z) mod q, h = SHA-512(R || A || M) mod q, s = r + h k mod q,
    and the sign bit of A in bit 7 of byte 63."""
    from xeddsa.curve import EdwardsPoint

    k_int = ref.clamp(k)
    A = EdwardsPoint.base_mul(k_int).compress()
    prefix = (2**256 - 2).to_bytes(32, "little")
    r = int.from_bytes(hashlib.sha512(prefix + le(k_int) + M + Z).digest(), "little") % Q
    R = EdwardsPoint.base_mul(r).compress()
    h = int.from_bytes(hashlib.sha512(R + A + M).digest(), "little") % Q
    s = bytearray(((r + h * k_int) % Q).to_bytes(32, "little"))
    s[31] |= A[31] & 0x80
    return R + bytes(s)


def x25519_ladder_z_is_zero(u: int, k: int) -> bool:
    """Return whether [k]P is the point at infinity for the Montgomery point with x-coordinate u,
    with an x-only Montgomery ladder (RFC 7748 §5, projective, no clamping) written here
    independently of the library. Used to test subgroup membership: [q]P = O."""
    x1 = u % P
    x2, z2, x3, z3 = 1, 0, x1, 1
    swap = 0
    a24 = 121665
    for t in reversed(range(k.bit_length())):
        bit = (k >> t) & 1
        swap ^= bit
        if swap:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = bit
        a = (x2 + z2) % P
        aa = a * a % P
        b = (x2 - z2) % P
        bb = b * b % P
        e = (aa - bb) % P
        c = (x3 + z3) % P
        d = (x3 - z3) % P
        da = d * a % P
        cb = c * b % P
        x3 = (da + cb) ** 2 % P
        z3 = x1 * (da - cb) ** 2 % P
        x2 = aa * bb % P
        z2 = e * (aa + a24 * e) % P
    if swap:
        x2, x3, z2, z3 = x3, x2, z3, z2
    return z2 % P == 0


def classify_u(u_bytes: bytes) -> str:
    """Classify a 32-byte u as the upstream conformance tests do: "u_ge_2^255", "u_ge_p",
    "small_order", "twist", "mixed_order" or "prime_order" (independent of the library)."""
    u = int.from_bytes(u_bytes, "little")
    if u >= 2**255:
        return "u_ge_2^255"
    if u >= P:
        return "u_ge_p"
    if u in SMALL_ORDER_U_INTS:
        return "small_order"
    if is_twist(u):
        return "twist"
    return "prime_order" if x25519_ladder_z_is_zero(u, Q) else "mixed_order"
