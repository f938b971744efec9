"""ICE credentials (ufrag, pwd, need_creds) and the end-of-candidates marker."""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .errors import MalformedCredentialsError

__all__ = ["Credentials", "EndOfCandidates"]

_UFRAG_RE: Final = re.compile(r"[A-Za-z0-9+/]{4,256}")  # RFC 8839 §5.4: 4*256 ice-char
_PWD_RE: Final = re.compile(r"[A-Za-z0-9+/]{22,256}")  # RFC 8839 §5.4: 22*256 ice-char
#: cunicu's generator: 16 / 32 letters ≈ 91 / 182 bits, above RFC 8839's 24 / 128 bit floor.
_GENERATED_UFRAG_LENGTH: Final = 16
_GENERATED_PWD_LENGTH: Final = 32


@dataclass(frozen=True, slots=True)
class Credentials:
    """ICE ufrag (4-256 ice-char) and pwd (22-256 ice-char) plus cunicu's ``need_creds`` flag."""

    ufrag: str
    pwd: str
    need_creds: bool = False

    def __post_init__(self) -> None:
        """Reject lengths or characters outside RFC 8839 §5.4 and a non-bool ``need_creds``."""
        if not isinstance(self.ufrag, str) or not _UFRAG_RE.fullmatch(self.ufrag):
            raise MalformedCredentialsError("ufrag must be 4 to 256 ice-char (RFC 8839 §5.4)")
        if not isinstance(self.pwd, str) or not _PWD_RE.fullmatch(self.pwd):
            raise MalformedCredentialsError("pwd must be 22 to 256 ice-char (RFC 8839 §5.4)")
        if type(self.need_creds) is not bool:
            raise MalformedCredentialsError("need_creds must be a boolean")

    def __repr__(self) -> str:
        """Show the ufrag but never the password."""
        return f"Credentials(ufrag={self.ufrag!r}, pwd=<redacted>, need_creds={self.need_creds})"

    @classmethod
    def generate(cls, *, need_creds: bool = False) -> Credentials:
        """Return fresh random credentials (16-letter ufrag, 32-letter pwd, as cunicu does)."""
        letters = string.ascii_letters
        return cls(
            ufrag="".join(secrets.choice(letters) for _ in range(_GENERATED_UFRAG_LENGTH)),
            pwd="".join(secrets.choice(letters) for _ in range(_GENERATED_PWD_LENGTH)),
            need_creds=need_creds,
        )

    def to_json(self) -> dict[str, object]:
        """Return the payload object form ``{"ufrag", "pwd", "need_creds"}``."""
        return {"ufrag": self.ufrag, "pwd": self.pwd, "need_creds": self.need_creds}

    @classmethod
    def from_json(cls, obj: object) -> Credentials:
        """Build from the payload object, requiring exactly ufrag, pwd and need_creds."""
        if not isinstance(obj, Mapping) or set(obj) != {"ufrag", "pwd", "need_creds"}:
            raise MalformedCredentialsError("credentials must be exactly {ufrag, pwd, need_creds}")
        ufrag, pwd, need_creds = obj["ufrag"], obj["pwd"], obj["need_creds"]
        if not isinstance(ufrag, str) or not isinstance(pwd, str) or type(need_creds) is not bool:
            raise MalformedCredentialsError("credentials members have the wrong JSON types")
        return cls(ufrag, pwd, need_creds)


@dataclass(frozen=True, slots=True)
class EndOfCandidates:
    """The end-of-candidates marker (RFC 8838 / RFC 8840): no more candidates in this session."""
