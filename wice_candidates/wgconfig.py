"""Load the own key pair and the trusted peers from a WireGuard configuration file.

``[Interface] PrivateKey`` gives the own key, each ``[Peer] PublicKey`` one trusted sender. Every
other setting (ListenPort, Address, PresharedKey, AllowedIPs, Endpoint, wg-quick's DNS/MTU/Table/
PreUp …) is ignored. :mod:`configparser` cannot read these files because ``[Peer]`` repeats, so this
module has its own small line parser. Error messages name line numbers, never line contents, so a
mangled private key is never echoed.
"""

from __future__ import annotations

import os
import stat
import time
import warnings
from dataclasses import dataclass, field
from typing import Final

from xeddsa import InvalidKey, PrivateKey, PublicKey

from ._clock import Clock
from .errors import InputTooLargeError, WireGuardConfigError
from .receiver import DEFAULT_MAX_STATES, DEFAULT_WINDOW_SECONDS, Receiver
from .sender import Sender

__all__ = [
    "MAX_CONFIG_SIZE",
    "InsecurePermissionsWarning",
    "WireGuardConfig",
    "load_wireguard_config",
    "parse_wireguard_config",
]

#: Largest configuration file read (bytes); WireGuard files are a few KiB even with many peers.
MAX_CONFIG_SIZE: Final = 1024 * 1024


class InsecurePermissionsWarning(UserWarning):
    """A file holding a WireGuard private key is readable by group or others."""


@dataclass(frozen=True)
class WireGuardConfig:
    """The own private key and the trusted peer public keys of one WireGuard interface."""

    private_key: PrivateKey = field(repr=False, hash=False)
    peers: tuple[PublicKey, ...]

    @property
    def public_key(self) -> PublicKey:
        """The interface's public key (what ``wg pubkey`` prints for the private key)."""
        return self.private_key.public_key()

    def receiver(
        self,
        *,
        clock: Clock = time.time,
        window_seconds: float = DEFAULT_WINDOW_SECONDS,
        max_states: int = DEFAULT_MAX_STATES,
    ) -> Receiver:
        """Return a :class:`Receiver` for this interface trusting exactly the ``[Peer]`` keys."""
        return Receiver(
            self.public_key,
            self.peers,
            clock=clock,
            window_seconds=window_seconds,
            max_states=max_states,
        )

    def sender(self, peer: PublicKey, *, clock: Clock = time.time) -> Sender:
        """Return a :class:`Sender` from this interface to ``peer``, which must be a ``[Peer]``."""
        if peer not in self.peers:
            raise WireGuardConfigError("peer is not listed in the configuration")
        return Sender(self.private_key, peer, clock=clock)


def _ascii_lower(name: str) -> str:
    """Lower-case ASCII letters only, as ``wg`` compares names (str.lower maps U+212A to 'k')."""
    return name.translate(_ASCII_LOWER)


_ASCII_LOWER: Final = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
)


def parse_wireguard_config(text: str) -> WireGuardConfig:
    """Parse WireGuard configuration text; malformed structure or keys raise WireGuardConfigError.

    Section names and keys are case-insensitive (as in ``wg``); ``#`` starts a comment. Rejected:
    settings outside a section, unknown sections, a second ``[Interface]``, duplicate
    ``PrivateKey``/``PublicKey``, a peer without ``PublicKey``, the same peer twice, a missing
    ``PrivateKey``, and any key that is not 44-character padded base64 or fails strict import.
    """
    if not isinstance(text, str):
        raise TypeError("configuration text must be str")
    if len(text) > MAX_CONFIG_SIZE:
        raise InputTooLargeError(f"configuration larger than {MAX_CONFIG_SIZE} characters")
    private_key: PrivateKey | None = None
    interface_seen = False
    peers: list[PublicKey] = []
    section: str | None = None
    peer_key: PublicKey | None = None
    peer_line = 0

    def close_peer() -> None:
        nonlocal peer_key
        if section == "peer":
            if peer_key is None:
                raise WireGuardConfigError(f"line {peer_line}: [Peer] without PublicKey")
            if peer_key in peers:
                raise WireGuardConfigError(f"line {peer_line}: the same peer appears twice")
            peers.append(peer_key)
        peer_key = None

    for number, raw_line in enumerate(text.split("\n"), start=1):
        # Only ASCII spaces, tabs and CR are whitespace here: str.strip() would also drop NBSP,
        # VT and FF, which wg itself refuses inside a key.
        line = raw_line.split("#", 1)[0].replace("\t", " ").strip(" \r")
        if not line:
            continue
        if not line.isprintable():
            raise WireGuardConfigError(f"line {number}: control characters are not allowed")
        if line.startswith("["):
            close_peer()
            name = _ascii_lower(line)
            if name == "[interface]":
                if interface_seen:
                    raise WireGuardConfigError(f"line {number}: second [Interface] section")
                interface_seen = True
                section = "interface"
            elif name == "[peer]":
                section = "peer"
                peer_line = number
            else:
                raise WireGuardConfigError(f"line {number}: unknown section")
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise WireGuardConfigError(f"line {number}: expected Key = Value")
        key, value = _ascii_lower(key.strip()), value.strip()
        if section is None:
            raise WireGuardConfigError(f"line {number}: setting outside a section")
        if section == "interface" and key == "privatekey":
            if private_key is not None:
                raise WireGuardConfigError(f"line {number}: duplicate PrivateKey")
            try:
                private_key = PrivateKey.from_wireguard(value)
            except InvalidKey:
                raise WireGuardConfigError(
                    f"line {number}: [Interface] PrivateKey is not a valid WireGuard key"
                ) from None
        elif section == "peer" and key == "publickey":
            if peer_key is not None:
                raise WireGuardConfigError(f"line {number}: duplicate PublicKey")
            try:
                peer_key = PublicKey.from_wireguard(value)
            except InvalidKey:
                raise WireGuardConfigError(
                    f"line {number}: [Peer] PublicKey is not a valid WireGuard public key"
                ) from None
        # Every other setting is irrelevant to signing and ignored.
    close_peer()
    if private_key is None:
        raise WireGuardConfigError("no [Interface] PrivateKey")
    return WireGuardConfig(private_key=private_key, peers=tuple(peers))


def load_wireguard_config(path: str | os.PathLike[str]) -> WireGuardConfig:
    """Read and parse a WireGuard configuration file, warning if group/others may read it.

    :raises InputTooLargeError: the file is larger than :data:`MAX_CONFIG_SIZE`.
    :raises WireGuardConfigError: the file is not UTF-8 or its content is malformed.
    :raises OSError: the file cannot be opened or read.
    """
    with open(path, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        data = handle.read(MAX_CONFIG_SIZE + 1)
    if len(data) > MAX_CONFIG_SIZE:
        raise InputTooLargeError(f"configuration larger than {MAX_CONFIG_SIZE} bytes")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.warn(
            f"{os.fspath(path)!r} holds a private key and is accessible by group or others "
            f"(mode {stat.S_IMODE(mode):04o}); use chmod 600",
            InsecurePermissionsWarning,
            stacklevel=2,
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None:
        raise WireGuardConfigError("configuration is not valid UTF-8")
    return parse_wireguard_config(text)
