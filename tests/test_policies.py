"""The three verification policies (docs/design/decisions.rst, D3) and exactly which edge cases
each one accepts.

Every case is built from its definition (curve arithmetic and hashlib in tests/strategies.py),
never from the verifier under test, and carries one flag. For each policy the test asserts the
*exact* set of flags it accepts (after ed25519-dalek's validation criteria):

- ``spec``: honest, s + q, small-order-u forgeries, identity R, small-order R with mixed-order A,
  mixed-order A;
- ``strict``: honest and mixed-order A only (import rejects that key; hazmat does not import);
- ``libsignal``: strict's set plus the legacy sign-bit-in-s format.
"""

from __future__ import annotations

import functools

import pytest

import xeddsa
from tests.strategies import (
    NONCANONICAL_U,
    SMALL_ORDER_U,
    TWIST_U,
    Q,
    _key_scalar,
    add_q,
    deterministic_bytes,
    flip_bit,
    identity_R_signature,
    le,
    legacy_curvesig,
    mixed_order_signature,
    policy_names,
    small_order_forgery,
    small_order_R_signature,
)
from xeddsa import hazmat
from xeddsa._scheme import POLICIES, Policy


def _key(label: str, sign_bit: int | None = None) -> bytes:
    """A deterministic private key; with ``sign_bit``, one whose E.s has that value."""
    for counter in range(100):
        k = deterministic_bytes(f"{label}/{counter}", 32)
        if sign_bit is None or _key_scalar(k)[1] == sign_bit:
            return k
    raise AssertionError("unreachable")  # pragma: no cover


def _u(k: bytes) -> bytes:
    with xeddsa.use_backend("pure"):
        return xeddsa.PrivateKey.from_private_bytes(k).public_key().public_bytes()


@functools.cache
def cases() -> list[tuple[str, bytes, bytes, bytes]]:
    """(flag, u, M, signature) for every edge case."""
    out: list[tuple[str, bytes, bytes, bytes]] = []
    k = _key("honest")
    u = _u(k)
    M = b"policy test message"
    with xeddsa.use_backend("pure"):
        honest = hazmat.xeddsa_sign(k, M, deterministic_bytes("Z", 64))
    out.append(("honest", u, M, honest))
    assert int.from_bytes(honest[32:], "little") + Q < 2**253
    out.append(("s_plus_q", u, M, add_q(honest)))
    s = int.from_bytes(honest[32:], "little")
    out.append(("s_plus_2q", u, M, honest[:32] + (s + 2 * Q).to_bytes(32, "little")))
    out.append(("s_ge_2^253", u, M, honest[:32] + (s | (1 << 253)).to_bytes(32, "little")))
    out.append(("R_bit_flip", u, M, flip_bit(honest, 0)))
    out.append(("s_bit_flip", u, M, flip_bit(honest, 256)))
    out.append(("message_flip", u, flip_bit(M, 3), honest))
    out.append(("identity_R", u, M, identity_R_signature(k, M)))
    for i, small_u in enumerate(SMALL_ORDER_U):
        m, sig = small_order_forgery(small_u, f"small-order {i}")
        out.append((f"small_order_u_{i}", small_u, m, sig))
    out.append(("mixed_order_A", *mixed_order_signature("mixed")))
    out.append(("small_order_R_mixed_A", *small_order_R_signature("speccheck-2")))
    out.append(("u_top_bit", bytes(u[:31]) + bytes([u[31] | 0x80]), M, honest))
    out.append(("twist_u", TWIST_U, M, honest))
    for i, bad_u in enumerate(NONCANONICAL_U):
        out.append((f"u_ge_p_{i}", bad_u, M, honest))
    k1 = _key("legacy", sign_bit=1)
    legacy = legacy_curvesig(k1, M, deterministic_bytes("legacy Z", 64))
    assert legacy[63] & 0x80
    out.append(("legacy_sign_bit_1", _u(k1), M, legacy))
    k0 = _key("legacy", sign_bit=0)
    legacy0 = legacy_curvesig(k0, M, deterministic_bytes("legacy Z", 64))
    assert not legacy0[63] & 0x80
    out.append(("legacy_sign_bit_0", _u(k0), M, legacy0))
    # A legacy signature with the top bit cleared names -A: invalid everywhere.
    out.append(("legacy_sign_bit_cleared", _u(k1), M, legacy[:63] + bytes([legacy[63] & 0x7F])))
    return out


SMALL_U_FLAGS = {f"small_order_u_{i}" for i in range(len(SMALL_ORDER_U))}
ACCEPTED = {
    "strict": {"honest", "mixed_order_A", "legacy_sign_bit_0"},
    "spec": {
        "honest",
        "s_plus_q",
        "identity_R",
        "mixed_order_A",
        "small_order_R_mixed_A",
        "legacy_sign_bit_0",
        *SMALL_U_FLAGS,
    },
    "libsignal": {"honest", "mixed_order_A", "legacy_sign_bit_0", "legacy_sign_bit_1"},
}


@pytest.mark.parametrize("policy", POLICIES)
def test_exact_accepted_flag_set(backend: str, policy: Policy) -> None:
    accepted = {
        flag
        for flag, u, M, sig in cases()
        if hazmat.xeddsa_verify(u, M, sig, policy=policy)
    }
    assert accepted == ACCEPTED[policy]


def test_every_flag_is_distinct_and_reached() -> None:
    flags = [c[0] for c in cases()]
    assert len(flags) == len(set(flags))
    assert set().union(*ACCEPTED.values()) <= set(flags)


# -- the same rules through the public API -----------------------------------------------------


@pytest.fixture(scope="module")
def honest() -> tuple[xeddsa.PublicKey, bytes, bytes]:
    k = _key("public api")
    with xeddsa.use_backend("pure"):
        key = xeddsa.PrivateKey.from_private_bytes(k)
        M = b"public api"
        return key.public_key(), M, hazmat.xeddsa_sign(k, M, bytes(64))


def test_s_plus_q_spec_only(backend: str, honest: tuple[xeddsa.PublicKey, bytes, bytes]) -> None:
    public, M, signature = honest
    twin = add_q(signature)
    public.verify(twin, M, policy="spec")
    for policy in policy_names("strict", "libsignal"):
        with pytest.raises(xeddsa.InvalidSignature):
            public.verify(twin, M, policy=policy)
    with pytest.raises(xeddsa.InvalidSignature):
        public.verify(twin, M)  # the default is strict


def test_identity_R_spec_only(backend: str) -> None:
    k = _key("identity R public")
    public = xeddsa.PrivateKey.from_private_bytes(k).public_key()
    signature = identity_R_signature(k, b"m")
    public.verify(signature, b"m", policy="spec")
    for policy in policy_names("strict", "libsignal"):
        with pytest.raises(xeddsa.InvalidSignature):
            public.verify(signature, b"m", policy=policy)


@pytest.mark.parametrize("index", range(len(SMALL_ORDER_U)))
def test_small_order_keys_cannot_be_imported(index: int) -> None:
    """Forgeries under small-order u verify through hazmat "spec" only: PublicKey refuses the key,
    with and without the subgroup check."""
    for check_subgroup in (True, False):
        with pytest.raises(xeddsa.InvalidKey, match="small order"):
            xeddsa.PublicKey.from_public_bytes(
                SMALL_ORDER_U[index], check_subgroup=check_subgroup
            )


def test_mixed_order_key_import_and_verify(backend: str) -> None:
    """Strict import rejects a mixed-order u; check_subgroup=False admits it, and then the
    cofactorless equation decides (a ground signature verifies)."""
    u, M, signature = mixed_order_signature("mixed public")
    with pytest.raises(xeddsa.InvalidKey, match="subgroup"):
        xeddsa.PublicKey.from_public_bytes(u)
    public = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)
    public.verify(signature, M)
    with pytest.raises(xeddsa.InvalidSignature):
        public.verify(signature, M + b"!")


def test_small_order_R_under_admitted_mixed_key(backend: str) -> None:
    u, M, signature = small_order_R_signature("speccheck-2 public")
    public = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)
    public.verify(signature, M, policy="spec")
    for policy in policy_names("strict", "libsignal"):
        with pytest.raises(xeddsa.InvalidSignature):
            public.verify(signature, M, policy=policy)


@pytest.mark.parametrize("sign_bit", [0, 1])
def test_legacy_format_strict_error_names_libsignal(backend: str, sign_bit: int) -> None:
    """A libsignal-format signature: accepted by "libsignal"; under "strict" it verifies exactly
    when the sign bit is 0, and otherwise the InvalidSignature names policy='libsignal'."""
    k = _key("legacy public", sign_bit=sign_bit)
    public = xeddsa.PrivateKey.from_private_bytes(k).public_key()
    M = b"legacy"
    signature = legacy_curvesig(k, M, bytes(64))
    public.verify(signature, M, policy="libsignal")
    if sign_bit == 0:
        public.verify(signature, M, policy="strict")
        public.verify(signature, M, policy="spec")
        return
    for policy in policy_names("strict", "spec"):
        with pytest.raises(xeddsa.InvalidSignature, match="policy='libsignal'") as info:
            public.verify(signature, M, policy=policy)
        assert type(info.value) is xeddsa.InvalidSignature


def test_plain_failure_does_not_mention_libsignal(
    backend: str, honest: tuple[xeddsa.PublicKey, bytes, bytes]
) -> None:
    """The hint appears only when the top bit of s is set, not for every failure."""
    public, M, signature = honest
    with pytest.raises(xeddsa.InvalidSignature) as info:
        public.verify(flip_bit(signature, 0), M)
    assert "libsignal" not in str(info.value)


@pytest.mark.parametrize("policy", ["", "STRICT", "Strict", "lenient", "rfc8032", None, 1])
def test_unknown_policy_is_value_error(
    honest: tuple[xeddsa.PublicKey, bytes, bytes], policy: object
) -> None:
    public, M, signature = honest
    with pytest.raises(ValueError, match="policy") as info:
        public.verify(signature, M, policy=policy)  # type: ignore[arg-type]
    assert not isinstance(info.value, xeddsa.XEdDSAError)
    with pytest.raises(ValueError, match="policy"):
        hazmat.xeddsa_verify(public.public_bytes(), M, signature, policy=policy)  # type: ignore[arg-type]
    # Checked before the data: a wrong-length signature still gives the programming error.
    with pytest.raises(ValueError, match="policy"):
        public.verify(b"", M, policy=policy)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="policy"):
        hazmat.xeddsa_verify(b"", M, b"", policy=policy)  # type: ignore[arg-type]


def test_default_policy_is_strict(backend: str) -> None:
    """hazmat.xeddsa_verify and PublicKey.verify default to "strict" (s + q rejected)."""
    k = _key("default")
    u = _u(k)
    signature = add_q(hazmat.xeddsa_sign(k, b"d", bytes(64)))
    assert not hazmat.xeddsa_verify(u, b"d", signature)
    assert hazmat.xeddsa_verify(u, b"d", signature, policy="spec")


def test_keyless_forgery_needs_no_key(backend: str) -> None:
    """Sanity for the forgery helper: any message can be forged under u = 0 in a few tries, and
    the signature is rejected under an honest key."""
    m, sig = small_order_forgery(le(0), "any message at all")
    assert hazmat.xeddsa_verify(le(0), m, sig, policy="spec")
    assert not hazmat.xeddsa_verify(_u(_key("other")), m, sig, policy="spec")
