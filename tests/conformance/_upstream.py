"""Upstream Ed25519 / X25519 edge-case corpora converted to XEdDSA inputs.

Reads ``tests/upstream_vectors/`` and checks the SHA-256 of every file against the pins below
(copied from that folder's README). Nothing here uses :mod:`xeddsa.curve`: the
conversion and the classification are written independently with Python integers (public data),
and libsodium (through PyNaCl) is the second opinion.

Conversion: an Ed25519 key A carries over when its y is canonical (y < p), it
decodes to a curve point, its sign bit is 0 and it is not the identity; then
u = (1 + y) / (1 - y) mod p, and ``convert_mont(u)`` must give back A byte for byte.

Verdict columns (one per row of the pinned table ``data/upstream_verdicts.json``):

- ``strict`` / ``spec`` / ``libsignal``: :func:`xeddsa.hazmat.xeddsa_verify` on the raw u;
- ``import`` / ``import_no_subgroup``: :meth:`xeddsa.PublicKey.from_public_bytes` with
  ``check_subgroup`` True / False (``True`` = imported);
- ``key_strict`` / ``key_spec`` / ``key_libsignal``: :meth:`xeddsa.PublicKey.verify` on the key
  imported with ``check_subgroup=False`` (``None`` when that import fails).

For the X25519 public keys (no signatures) the policy columns are *key admission*: whether the
policy's key checks (u < p, on the curve, small order for strict/libsignal) let a signature reach
the Ed25519 equation, measured by running ``hazmat.xeddsa_verify`` with the backend's equation
replaced by "accept" (:func:`key_admission`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import xeddsa
import xeddsa.keys
from tests import vectors
from xeddsa import hazmat

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
UPSTREAM_DIR: Final = vectors.UPSTREAM_DIR
VERDICTS_PATH: Final = Path(__file__).resolve().parent / "data" / "upstream_verdicts.json"

#: The upstream data files this suite reads, with their SHA-256 (pinned in tests/vectors.py).
PINNED_SHA256: Final = {
    name: vectors.PINNED_SHA256[name]
    for name in (
        "wycheproof/ed25519_test.json",
        "wycheproof/x25519_test.json",
        "speccheck/cases.json",
        "cctv/ed25519vectors.json",
    )
}

P: Final = 2**255 - 19
L: Final = 2**252 + 27742317777372353535851937790883648493
_D: Final = (-121665 * pow(121666, -1, P)) % P
_SQRT_M1: Final = pow(2, (P - 1) // 4, P)
_MONT_A: Final = 486662
IDENTITY: Final = (1).to_bytes(32, "little")

Policy = Literal["strict", "spec", "libsignal"]
BackendName = Literal["pure", "sodium"]
POLICIES: Final[tuple[Policy, ...]] = ("strict", "spec", "libsignal")
BACKENDS: Final[tuple[BackendName, ...]] = ("pure", "sodium")
KeyClass = Literal["prime_order", "mixed_order", "twist", "u_ge_p", "u_ge_2_255", "small_order"]


def read_upstream(name: str) -> Any:
    """Return the parsed upstream file ``name`` after checking its pinned SHA-256 (a missing or
    changed file fails)."""
    path = UPSTREAM_DIR / name
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == PINNED_SHA256[name], f"{name}: SHA-256 {digest} is not the pinned one"
    return json.loads(data)


# -- independent Edwards / Montgomery helpers (public data, Python integers) ---------------------


def decode_edwards(encoding: bytes) -> tuple[int, int] | None:
    """RFC 8032 §5.1.3 decoding with the canonical rules; ``None`` if it does not decode."""
    y = int.from_bytes(encoding, "little") & ((1 << 255) - 1)
    sign = encoding[31] >> 7
    if y >= P:
        return None
    u = (y * y - 1) % P
    v = (_D * y * y + 1) % P
    x = (u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P)) % P
    if (v * x * x - u) % P != 0:
        x = x * _SQRT_M1 % P
        if (v * x * x - u) % P != 0:
            return None
    if x == 0 and sign == 1:
        return None
    if x & 1 != sign:
        x = P - x
    return x, y


def edwards_to_u(encoding: bytes) -> bytes | None:
    """Return u = (1 + y) / (1 - y) mod p for an eligible Ed25519 key, else ``None``.

    Eligible: canonical y, decodes, sign bit 0, not the identity.
    """
    if encoding[31] >> 7 != 0 or encoding == IDENTITY:
        return None
    if decode_edwards(encoding) is None:
        return None
    y = int.from_bytes(encoding, "little")
    u = (1 + y) * pow(1 - y, -1, P) % P
    return u.to_bytes(32, "little")


def on_montgomery_curve(u: int) -> bool:
    """Return whether u (< p) is the u-coordinate of a Curve25519 point (not a twist point)."""
    rhs = (u * u * u + _MONT_A * u * u + u) % P
    return rhs == 0 or pow(rhs, (P - 1) // 2, P) == 1


# -- libsodium as the second opinion ------------------------------------------------------------


def sodium_verify(edwards_key: bytes, message: bytes, signature: bytes) -> bool:
    """libsodium's verdict: ``crypto_sign_open(signature || message, A)``."""
    from nacl.bindings import crypto_sign_open
    from nacl.exceptions import BadSignatureError
    from nacl.exceptions import ValueError as NaclValueError

    try:
        crypto_sign_open(signature + message, edwards_key)
    except (BadSignatureError, NaclValueError):
        return False
    return True


def sodium_add(p: bytes, q: bytes) -> bytes | None:
    """libsodium ``crypto_core_ed25519_add`` (``None`` when an input does not decode)."""
    from nacl.bindings import crypto_core_ed25519_add
    from nacl.exceptions import RuntimeError as NaclRuntimeError

    try:
        result: bytes = crypto_core_ed25519_add(p, q)
    except NaclRuntimeError:
        return None
    return result


def sodium_classify(u: bytes) -> KeyClass:
    """Classify a 32-byte u with libsodium's point functions plus the u range and the twist test.

    The range checks are Python's (libsodium never sees u); on-curve is whether libsodium decodes
    the sign-0 Edwards point y = (u - 1) / (u + 1) (cross-checked with the Legendre symbol of
    u^3 + A u^2 + u, which differs only at u = -1); small order is [8]A = I with libsodium
    additions; the prime-order subgroup is ``crypto_core_ed25519_is_valid_point``.
    """
    from nacl.bindings import crypto_core_ed25519_is_valid_point

    value = int.from_bytes(u, "little")
    if value >= 2**255:
        return "u_ge_2_255"
    if value >= P:
        return "u_ge_p"
    # The Edwards point with sign 0: y = (u - 1) / (u + 1); u = -1 maps to y = 0 (inv(0) = 0),
    # an order-4 Edwards point although X25519 counts u = -1 as a twist point.
    y = (value - 1) * pow(value + 1, P - 2, P) % P
    edwards_key = y.to_bytes(32, "little")
    point = sodium_add(edwards_key, edwards_key)  # libsodium decodes y or refuses it
    if point is None:
        assert not on_montgomery_curve(value)
        return "twist"
    assert on_montgomery_curve(value) or value == P - 1
    for _ in range(2):
        point = sodium_add(point, point)
        assert point is not None
    if point == IDENTITY:
        return "small_order"
    if crypto_core_ed25519_is_valid_point(edwards_key):
        return "prime_order"
    return "mixed_order"


# -- the library's verdicts ---------------------------------------------------------------------


def clear_import_cache() -> None:
    """Forget validated keys: the import cache is per u, not per backend."""
    xeddsa.keys._import_public.cache_clear()


def import_verdict(u: bytes, check_subgroup: bool) -> bool:
    """Return whether :meth:`PublicKey.from_public_bytes` imports u (``InvalidKey`` otherwise)."""
    try:
        xeddsa.PublicKey.from_public_bytes(u, check_subgroup=check_subgroup)
    except xeddsa.InvalidKey:
        return False
    return True


def key_verify_verdict(u: bytes, message: bytes, signature: bytes, policy: Policy) -> bool | None:
    """Verdict of :meth:`PublicKey.verify` after a ``check_subgroup=False`` import, or ``None``."""
    try:
        key = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)
    except xeddsa.InvalidKey:
        return None
    try:
        key.verify(signature, message, policy=policy)
    except xeddsa.InvalidSignature:
        return False
    return True


def signature_verdicts(u: bytes, message: bytes, signature: bytes) -> dict[str, bool | None]:
    """Every verdict column for one (u, M, signature) on the active backend."""
    out: dict[str, bool | None] = {
        policy: hazmat.xeddsa_verify(u, message, signature, policy=policy) for policy in POLICIES
    }
    out["import"] = import_verdict(u, True)
    out["import_no_subgroup"] = import_verdict(u, False)
    for policy in POLICIES:
        out[f"key_{policy}"] = key_verify_verdict(u, message, signature, policy)
    return out


@contextlib.contextmanager
def equation_accepts() -> Iterator[None]:
    """Replace both backends' Ed25519 equation with "accept" (for key-admission verdicts only)."""
    from xeddsa.backend._public import PublicDataBackend
    from xeddsa.backend.sodium import SodiumBackend

    # The pure backend inherits the equation from PublicDataBackend; sodium overrides it.
    saved = {cls: cls.__dict__["ed25519_verify"] for cls in (PublicDataBackend, SodiumBackend)}
    try:
        for cls in saved:
            cls.ed25519_verify = lambda self, A, R, s, M: True  # type: ignore[method-assign]
        yield
    finally:
        for cls, original in saved.items():
            cls.ed25519_verify = original  # type: ignore[method-assign]


#: A signature that passes every non-key check of every policy: R = B (prime order), s = 1.
_ADMISSION_SIGNATURE: Final = bytes.fromhex(
    "5866666666666666666666666666666666666666666666666666666666666666"
) + (1).to_bytes(32, "little")


def key_admission(u: bytes) -> dict[str, bool]:
    """Per policy: do the key checks of ``hazmat.xeddsa_verify`` let a signature through?"""
    with equation_accepts():
        return {
            policy: hazmat.xeddsa_verify(
                u,
                b"admission",
                _ADMISSION_SIGNATURE,
                policy=policy,
            )
            for policy in POLICIES
        }


def key_verdicts(u: bytes) -> dict[str, bool]:
    """Every verdict column for one X25519 public key on the active backend."""
    out = key_admission(u)
    out["import"] = import_verdict(u, True)
    out["import_no_subgroup"] = import_verdict(u, False)
    return out


# -- the converted corpora ----------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCase:
    """One upstream signature vector that carries over to XEdDSA."""

    source: str
    case_id: str
    edwards_key: bytes
    u: bytes
    message: bytes
    signature: bytes
    label: str  # the upstream label or flags, for the record


def _eligible(
    source: str, case_id: str, pk: bytes, message: bytes, signature: bytes, label: str
) -> list[SignatureCase]:
    """The case as a one-element list if the Edwards key ``pk`` converts to a u, else []."""
    u = edwards_to_u(pk) if len(pk) == 32 else None
    return [] if u is None else [SignatureCase(source, case_id, pk, u, message, signature, label)]


def wycheproof_ed25519() -> tuple[int, list[SignatureCase]]:
    """Return (total tests, eligible cases) of Wycheproof ``ed25519_test.json``."""
    doc = read_upstream("wycheproof/ed25519_test.json")
    total = 0
    cases: list[SignatureCase] = []
    for group in doc["testGroups"]:
        pk = bytes.fromhex(group["publicKey"]["pk"])
        for test in group["tests"]:
            total += 1
            msg, sig = bytes.fromhex(test["msg"]), bytes.fromhex(test["sig"])
            cases += _eligible(
                "wycheproof_ed25519", f"tc{test['tcId']}", pk, msg, sig, test["result"]
            )
    return total, cases


def speccheck() -> tuple[int, list[SignatureCase]]:
    """Return (total cases, eligible cases) of speccheck ``cases.json`` (index = case number)."""
    doc = read_upstream("speccheck/cases.json")
    cases: list[SignatureCase] = []
    for index, case in enumerate(doc):
        pk, msg = bytes.fromhex(case["pub_key"]), bytes.fromhex(case["message"])
        cases += _eligible(
            "speccheck", f"case{index}", pk, msg, bytes.fromhex(case["signature"]), ""
        )
    return len(doc), cases


def cctv() -> tuple[int, list[SignatureCase]]:
    """Return (total, eligible cases) of CCTV ``ed25519vectors.json`` (msg is UTF-8 text)."""
    doc = read_upstream("cctv/ed25519vectors.json")
    cases: list[SignatureCase] = []
    for vector in doc:
        pk, msg, sig = (
            bytes.fromhex(vector["key"]),
            vector["msg"].encode(),
            bytes.fromhex(vector["sig"]),
        )
        flags = ",".join(vector["flags"] or [])
        cases += _eligible("cctv", f"n{vector['number']}", pk, msg, sig, flags)
    return len(doc), cases


def x25519_public_keys() -> list[bytes]:
    """Return the distinct public u values of Wycheproof ``x25519_test.json``, in file order."""
    doc = read_upstream("wycheproof/x25519_test.json")
    seen: dict[bytes, None] = {}
    for group in doc["testGroups"]:
        for test in group["tests"]:
            seen.setdefault(bytes.fromhex(test["public"]), None)
    return list(seen)


def signature_corpora() -> dict[str, tuple[int, list[SignatureCase]]]:
    """All three signature corpora by source name."""
    return {
        "wycheproof_ed25519": wycheproof_ed25519(),
        "speccheck": speccheck(),
        "cctv": cctv(),
    }
