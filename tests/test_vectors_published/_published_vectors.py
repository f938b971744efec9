"""Load the published vectors under ``test_vectors/`` and enumerate their cases for pytest."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Literal, TypeAlias

REPO_ROOT = Path(__file__).resolve().parents[2]
VECTOR_DIR = REPO_ROOT / "test_vectors"
PolicyName = Literal["strict", "spec"]
POLICIES: tuple[PolicyName, ...] = ("strict", "spec")
#: One (group, case) pair of a vector file.
Pair: TypeAlias = tuple[dict[str, Any], dict[str, Any]]

#: Flags of honestly made signatures: both schemes accept them under both policies.
HONEST_FLAGS = frozenset(
    {"valid_honest", "kB_sign_bit_0", "kB_sign_bit_1", "empty_msg", "long_msg", "same_msg_other_Z"}
)
#: Flags both schemes' verify files must cover (each adds its own).
COMMON_REQUIRED_FLAGS = frozenset(
    {"u_ge_p", "u_top_bit", "s_ge_q", "s_plus_q", "low_order_A", "mixed_order_A", "twist_u"}
    | {"bitflip_s", "wrong_length", "wrong_length_u", "modified_msg"}
)

FILES = (
    "xeddsa25519/sign.json",
    "xeddsa25519/verify.json",
    "vxeddsa25519/sign.json",
    "vxeddsa25519/verify.json",
    "curve25519/convert_mont.json",
    "curve25519/elligator2.json",
    "curve25519/hash_to_point.json",
    "curve25519/calculate_key_pair.json",
    "jose/jwk.json",
    "jose/jws.json",
)


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed JSON of one vector file (cached; treat as read-only)."""
    with (VECTOR_DIR / name).open(encoding="ascii") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def cases(name: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Return (group, case) pairs of a file in file order."""
    return [(group, case) for group in load(name)["testGroups"] for case in group["tests"]]


def case_id(pair: Pair) -> str:
    """pytest id: tcId and the first words of the comment."""
    case = pair[1]
    return f"tc{case['tcId']}"


def h(value: str) -> bytes:
    """Hex to bytes."""
    return bytes.fromhex(value)


def flags_used(pairs: list[Pair]) -> set[str]:
    """Return every flag that some case of ``pairs`` carries."""
    return {flag for _, case in pairs for flag in case["flags"]}
