"""VXEdDSA verification edge cases that no upstream KAT covers (docs/design/decisions.rst,
D3), on both backends.

- (V, h, s + q) passes ``"spec"`` and fails ``"strict"``; (V, h + q, s) fails both (h must equal
  hcheck byte for byte); s >= 2^253 fails both.
- A torsioned V' = V + T (T of order 8) with a proof built by grinding Z until hT = I verifies
  under both policies and gives the same VRF output as V (the output is hash_5(cV)).
- Small-order V (all 14 blocklisted encodings) fails, and non-canonical V (y + p for y < 19,
  x = 0 with sign 1) fails ``"strict"``.

Substituting a bad V into an honest signature fails for a trivial reason (hcheck no longer
matches), so those tests alone could not tell whether the check under test exists. Where it
matters, :func:`tests.vxeddsa.helpers.build_proof` makes a proof that satisfies both verification
equations, and the spec layer is driven with a :class:`~tests.vxeddsa.helpers.BackendProxy` that
fixes Bv; a control run with the check disabled shows the proof would otherwise be accepted.
"""

from __future__ import annotations

import functools
import hashlib

import pytest

import xeddsa
from tests.curve import reference as ref
from tests.strategies import SMALL_ORDER_U, P, Q
from tests.vxeddsa.helpers import (
    IDENTITY,
    SMALL_ORDER_ENCODINGS,
    T8,
    BackendProxy,
    build_proof,
    cofactor_output,
    decode,
    key_pair,
    le32,
)
from xeddsa import hazmat
from xeddsa.backend import get_backend
from xeddsa.vxeddsa import _scheme as vscheme
from xeddsa.vxeddsa._scheme import VX_POLICIES as POLICIES
from xeddsa.vxeddsa._scheme import VXPolicy

MSG = b"VXEdDSA edge cases"


@functools.cache
def _key() -> tuple[bytes, bytes, bytes, int]:
    """(k, u, A, a) for a deterministic key whose a is odd (so a is invertible mod 8q)."""
    from xeddsa.curve import EdwardsPoint, edwards_to_u

    for counter in range(100):
        k = hashlib.sha256(f"vx edge key {counter}".encode()).digest()
        A, a = key_pair(k)
        if a % 2 == 1:
            clamped = bytearray(k)
            clamped[0] &= 248
            clamped[31] = (clamped[31] & 127) | 64
            E = EdwardsPoint.base_mul(int.from_bytes(clamped, "little"))
            u = le32(edwards_to_u(E))
            return k, u, A, a
    raise AssertionError("unreachable")


@functools.cache
def _honest() -> tuple[bytes, bytes]:
    """An honest signature of MSG (sodium-independent: built with the spec math) and its output."""
    _, _, A, a = _key()
    Bv = ref.hash_to_point(A + MSG)
    V = (decode(Bv) * a).compress()
    signature = build_proof(a=a, A=A, M=MSG, Bv=Bv, V_wire=V, label="honest", tries=1)
    return signature, cofactor_output(V)


def _verify(signature: bytes, policy: VXPolicy, message: bytes = MSG) -> bytes | None:
    return hazmat.vxeddsa_verify(_key()[1], message, signature, policy=policy)


def _with(
    signature: bytes, *, V: bytes | None = None, h: int | None = None, s: int | None = None
) -> bytes:
    return (
        (signature[:32] if V is None else V)
        + (signature[32:64] if h is None else le32(h))
        + (signature[64:] if s is None else le32(s))
    )


def test_honest_proof_and_key_consistent(backend: str) -> None:
    """The helpers agree with the library: hazmat signing gives the same V and output, and the
    independently built proof verifies under both policies."""
    k, u, A, _ = _key()
    signature, output = _honest()
    ours, our_output = hazmat.vxeddsa_sign(k, MSG, bytes(64))
    assert xeddsa.PrivateKey.from_private_bytes(k).public_key().public_bytes() == u
    assert hazmat.calculate_key_pair(k)[0] == A
    assert ours[:32] == signature[:32]
    assert our_output == output
    for policy in POLICIES:
        assert _verify(signature, policy) == output


# -- scalar bounds -------------------------------------------------------------------------------


def test_s_plus_q_passes_spec_fails_strict(backend: str) -> None:
    signature, output = _honest()
    s = int.from_bytes(signature[64:], "little")
    assert s + Q < 2**253  # true except with probability ~2^-127
    twin = _with(signature, s=s + Q)
    assert _verify(twin, "spec") == output
    assert _verify(twin, "strict") is None


def test_h_plus_q_fails_both(backend: str) -> None:
    """h is compared byte for byte with hcheck < q, so h + q (< 2^253) fails even under spec."""
    signature, _ = _honest()
    h = int.from_bytes(signature[32:64], "little")
    assert h + Q < 2**253
    for policy in POLICIES:
        assert _verify(_with(signature, h=h + Q), policy) is None


@pytest.mark.parametrize("which", ["h", "s"])
def test_scalars_at_or_above_2_253_fail_both(backend: str, which: str) -> None:
    signature, _ = _honest()
    value = int.from_bytes(signature[32:64] if which == "h" else signature[64:], "little")
    for bad in (value + 2**253, value | (1 << 255), 2**256 - 1, 2**253):
        for policy in POLICIES:
            assert _verify(_with(signature, **{which: bad}), policy) is None  # type: ignore[arg-type]


def test_s_equal_q_boundary(backend: str) -> None:
    """s = q (not a valid s for this proof anyway) is rejected by both; strict rejects it by
    bound, and s = s_honest + q is accepted only by spec (above)."""
    signature, _ = _honest()
    for policy in POLICIES:
        assert _verify(_with(signature, s=Q), policy) is None


# -- torsioned V ---------------------------------------------------------------------------------


@functools.cache
def _torsioned() -> tuple[bytes, bytes]:
    """V' = V + T8 with a proof whose h is a multiple of 8 (so hT8 = I): the torsion term of
    Rv = sBv - hV' cancels. Returns (signature, V)."""
    _, _, A, a = _key()
    Bv = ref.hash_to_point(A + MSG)
    V = (decode(Bv) * a).compress()
    V_torsioned = (decode(V) + decode(T8)).compress()
    signature = build_proof(a=a, A=A, M=MSG, Bv=Bv, V_wire=V_torsioned, label="torsioned V")
    return signature, V


def test_torsioned_v_construction() -> None:
    signature, V = _torsioned()
    assert signature[:32] != V
    assert int.from_bytes(signature[32:64], "little") % 8 == 0
    from xeddsa.curve import EdwardsPoint

    V_t = EdwardsPoint.decompress(signature[:32])
    assert V_t is not None  # canonical
    assert not V_t.is_torsion_free() and not V_t.is_small_order()


@pytest.mark.parametrize("policy", POLICIES)
def test_torsioned_v_verifies_with_same_output(backend: str, policy: VXPolicy) -> None:
    signature, V = _torsioned()
    _, output = _honest()
    assert _verify(signature, policy) == output
    assert cofactor_output(signature[:32]) == cofactor_output(V) == output


def test_torsioned_v_other_message_fails(backend: str) -> None:
    signature, _ = _torsioned()
    for policy in POLICIES:
        assert _verify(signature, policy, MSG + b"!") is None


def test_torsioned_v_with_uncancelled_torsion_fails(backend: str) -> None:
    """The same V' with the honest proof's (h, s) (h not a multiple of 8 for some grind) fails:
    the torsion term must really cancel."""
    _, _, A, a = _key()
    Bv = ref.hash_to_point(A + MSG)
    V = (decode(Bv) * a).compress()
    V_torsioned = (decode(V) + decode(T8)).compress()
    # Take an ordinary proof for V' computed as if V' were honest, without grinding.

    for counter in range(20):
        Z = bytes([counter]) * 64
        r = int.from_bytes(ref.hash_i(3, le32(a) + V_torsioned + Z), "little") % Q
        from xeddsa.curve import EdwardsPoint

        R = EdwardsPoint.base_mul(r).compress()
        Rv = (decode(Bv) * r).compress()
        h = int.from_bytes(ref.hash_i(4, A + V_torsioned + R + Rv + MSG), "little") % Q
        if h % 8:
            s = (r + h * a) % Q
            for policy in POLICIES:
                assert _verify(V_torsioned + le32(h) + le32(s), policy) is None
            return
    raise AssertionError("no h with h % 8 != 0 in 20 tries")


# -- small-order V -------------------------------------------------------------------------------


@pytest.mark.parametrize("V", SMALL_ORDER_ENCODINGS, ids=lambda v: v.hex()[:4] + v.hex()[-2:])
def test_small_order_v_substituted_fails(backend: str, V: bytes) -> None:
    signature, _ = _honest()
    for policy in POLICIES:
        assert _verify(_with(signature, V=V), policy) is None


def _small_order_proof(V: bytes, policy: VXPolicy, Bv: bytes) -> bytes:
    """A proof with V small order and the fixed Bv, valid for both equations."""
    _, _, A, a = _key()
    V_hashed = decode(V).compress() if policy == "spec" else V
    return build_proof(
        a=a, A=A, M=MSG, Bv=Bv, V_wire=V, V_hashed=V_hashed, label=f"small V {V.hex()} {policy}"
    )


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("V", SMALL_ORDER_ENCODINGS, ids=lambda v: v.hex()[:4] + v.hex()[-2:])
def test_small_order_v_rejected_by_cv_check(backend: str, V: bytes, policy: VXPolicy) -> None:
    """With Bv fixed to an order-8 point (spec layer, proxy backend), a proof for a small-order V
    satisfies both equations; only the cV == I check rejects it. Control: with that check
    disabled the same proof is accepted (and gives hash_5(I)) wherever V passes the other rules."""
    u = _key()[1]
    signature = _small_order_proof(V, policy, T8)
    real = get_backend()
    proxy = BackendProxy(real, Bv=T8)
    assert vscheme.vxeddsa_verify(proxy, u, MSG, signature, policy) is None  # type: ignore[arg-type]
    control = BackendProxy(real, Bv=T8, small_order=lambda p: False)
    result = vscheme.vxeddsa_verify(control, u, MSG, signature, policy)  # type: ignore[arg-type]
    canonical = decode(V).compress() == V
    if policy == "spec" or canonical:
        assert result == cofactor_output(IDENTITY)
    else:
        assert result is None  # strict: non-canonical encoding, rejected before cV


def test_bv_identity_rejected(backend: str) -> None:
    """Bv = I (spec: "if ... Bv == I: return false"): a proof with V of order 2 satisfies both
    equations when Bv = I; with the cV check disabled, only the Bv check is left to reject it."""
    _, u, A, a = _key()
    V = le32(P - 1)  # order 2
    signature = build_proof(a=a, A=A, M=MSG, Bv=IDENTITY, V_wire=V, label="Bv = I")
    real = get_backend()
    no_small_order_check = BackendProxy(real, Bv=IDENTITY, small_order=lambda p: False)
    for policy in POLICIES:
        assert vscheme.vxeddsa_verify(no_small_order_check, u, MSG, signature, policy) is None  # type: ignore[arg-type]
    # control: the same kind of proof with Bv of order 8 instead is accepted without the cV check
    signature8 = build_proof(a=a, A=A, M=MSG, Bv=T8, V_wire=V, label="Bv = T8")
    control = BackendProxy(real, Bv=T8, small_order=lambda p: False)
    assert vscheme.vxeddsa_verify(control, u, MSG, signature8, "strict") == cofactor_output(V)  # type: ignore[arg-type]


@pytest.mark.parametrize("u", SMALL_ORDER_U, ids=lambda u: u.hex()[:4] + u.hex()[-2:])
def test_keyless_forgery_under_small_order_u_rejected(backend: str, u: bytes) -> None:
    """Without any private key (a = 0), an order-8 V and h = 0 mod 8 make both equations hold
    for a small-order A (real Bv). Both policies reject it. The cA == I check alone rejects it
    (the cV check disabled), and with both small-order checks disabled it would be accepted."""
    A = hazmat.convert_mont(u)
    V = T8 if T8 != A else le32(int.from_bytes(T8, "little") | 1 << 255)  # V != A as bytes
    Bv = ref.hash_to_point(A + MSG)
    forged = build_proof(a=0, A=A, M=MSG, Bv=Bv, V_wire=V, label=f"forgery {u.hex()}")
    real = get_backend()
    only_a_checked = BackendProxy(real, small_order=lambda p: p == A and real.is_small_order(p))
    unchecked = BackendProxy(real, small_order=lambda p: False)
    for policy in POLICIES:
        assert hazmat.vxeddsa_verify(u, MSG, forged, policy=policy) is None
        assert vscheme.vxeddsa_verify(only_a_checked, u, MSG, forged, policy) is None  # type: ignore[arg-type]
        assert vscheme.vxeddsa_verify(unchecked, u, MSG, forged, policy) == cofactor_output(  # type: ignore[arg-type]
            IDENTITY
        )


# -- non-canonical V -----------------------------------------------------------------------------


def _noncanonical_encodings() -> list[bytes]:
    """y + p for every y < 19 that is on the curve, and "x = 0 with sign 1" (y = 1, y = p - 1)."""
    from xeddsa.curve import EdwardsPoint

    out = [le32(y + P) for y in range(19) if EdwardsPoint.from_y_and_sign(y, 0) is not None]
    out += [le32(1 | 1 << 255), le32((P - 1) | 1 << 255)]
    return out


NONCANONICAL = _noncanonical_encodings()


@pytest.mark.parametrize("V", NONCANONICAL, ids=lambda v: v.hex()[:4] + v.hex()[-2:])
def test_noncanonical_v_substituted_fails(backend: str, V: bytes) -> None:
    signature, _ = _honest()
    for policy in POLICIES:
        assert _verify(_with(signature, V=V), policy) is None


@pytest.mark.parametrize(
    "y", [y for y in range(2, 19) if le32(y + P) in NONCANONICAL], ids=lambda y: f"y={y}+p"
)
def test_noncanonical_v_valid_proof_spec_accepts_strict_rejects(backend: str, y: int) -> None:
    """V0 with y < 19 (mixed order; none is torsion-free) and Bv = a^-1 V0 (mod 8q) so that
    aBv = V0 exactly; the proof is built over the canonical V0. Sent as y + p it verifies under
    "spec" (lenient decode, canonical re-encoding hashed, as the C reference) and fails "strict"."""
    _, u, A, a = _key()
    V_canonical = le32(y)
    V0 = decode(V_canonical)
    Bv = (V0 * pow(a, -1, 8 * Q)).compress()
    assert (decode(Bv) * a) == V0
    V_wire = le32(y + P)
    signature = build_proof(
        a=a, A=A, M=MSG, Bv=Bv, V_wire=V_wire, V_hashed=V_canonical, label=f"noncanon {y}"
    )
    proxy = BackendProxy(get_backend(), Bv=Bv)
    assert vscheme.vxeddsa_verify(proxy, u, MSG, signature, "spec") == cofactor_output(V_canonical)  # type: ignore[arg-type]
    assert vscheme.vxeddsa_verify(proxy, u, MSG, signature, "strict") is None  # type: ignore[arg-type]
    # control: the canonical encoding of the same proof passes strict as well
    canonical_sig = V_canonical + signature[32:]
    assert vscheme.vxeddsa_verify(proxy, u, MSG, canonical_sig, "strict") == cofactor_output(  # type: ignore[arg-type]
        V_canonical
    )


# -- mixed-order public key ----------------------------------------------------------------------


@functools.cache
def _mixed_key_proof() -> tuple[bytes, bytes, bytes]:
    """(u, signature, output) for A = aB + T8 (sign bit 0 after an optional negation) and a proof
    ground until h = 0 mod 8, so that the torsion term of sB - hA cancels."""
    from xeddsa.curve import EdwardsPoint

    a = int.from_bytes(hashlib.sha256(b"mixed-order key").digest(), "little") % Q
    point = EdwardsPoint.base_mul(a) + decode(T8)
    if point.compress()[31] >> 7:
        point, a = -point, (-a) % Q
    A = point.compress()
    y = int.from_bytes(A, "little")
    u = le32((1 + y) * pow(1 - y, -1, P) % P)
    assert hazmat.convert_mont(u) == A
    Bv = ref.hash_to_point(A + MSG)
    V = (decode(Bv) * a).compress()
    signature = build_proof(a=a, A=A, M=MSG, Bv=Bv, V_wire=V, label="mixed A")
    return u, signature, cofactor_output(V)


def test_mixed_order_key_hazmat_accepts_public_import_rejects(backend: str) -> None:
    """decisions.rst, D3 and D4: verification itself only refuses small-order A (cA == I), so a
    mixed-order A with a proof whose torsion term cancels verifies under both policies; the public
    API's strict key
    import refuses the key unless check_subgroup=False."""
    u, signature, output = _mixed_key_proof()
    for policy in POLICIES:
        assert hazmat.vxeddsa_verify(u, MSG, signature, policy=policy) == output
        assert hazmat.vxeddsa_verify(u, MSG + b"!", signature, policy=policy) is None
    with pytest.raises(xeddsa.InvalidKey):
        xeddsa.PublicKey.from_public_bytes(u)
    public = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)
    assert xeddsa.vxeddsa.verify(public, signature, MSG) == output
