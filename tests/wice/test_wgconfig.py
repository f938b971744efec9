"""WireGuard configuration loading and keys from Debian's wireguard-tools (`wg`)."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from tests.ci import running_in_ci
from tests.wice.support import WG_KEYS, FakeClock
from wice_candidates import (
    EndOfCandidates,
    InputTooLargeError,
    InsecurePermissionsWarning,
    Receiver,
    WireGuardConfigError,
    load_wireguard_config,
    parse_wireguard_config,
)
from wice_candidates.wgconfig import MAX_CONFIG_SIZE
from xeddsa import PrivateKey, PublicKey

ALICE_PRIV, ALICE_PUB = WG_KEYS["alice"]
BOB_PRIV, BOB_PUB = WG_KEYS["bob"]
CAROL_PRIV, CAROL_PUB = WG_KEYS["carol"]

CONFIG = f"""\
# wg-quick style file for alice
[Interface]
PrivateKey = {ALICE_PRIV}
ListenPort = 51820
Address = 10.0.0.1/24, fd00::1/64
DNS = 10.0.0.53
PostUp = echo up # with a comment

[Peer]
# bob
PublicKey = {BOB_PUB}
PresharedKey = {CAROL_PRIV}
AllowedIPs = 10.0.0.2/32
Endpoint = 127.0.0.1:51821
PersistentKeepalive = 25

[peer]
publickey={CAROL_PUB}
"""


def test_parse_keys_and_peers() -> None:
    config = parse_wireguard_config(CONFIG)
    assert config.public_key == PublicKey.from_wireguard(ALICE_PUB)
    assert config.peers == (PublicKey.from_wireguard(BOB_PUB), PublicKey.from_wireguard(CAROL_PUB))
    assert ALICE_PRIV not in repr(config)
    receiver = config.receiver()
    assert isinstance(receiver, Receiver) and receiver.trusted == frozenset(config.peers)


def test_crlf_tabs_and_bom_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "wg0.conf"
    text = CONFIG.replace("\n", "\r\n").replace(" = ", "\t=\t")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    path.chmod(0o600)
    assert len(load_wireguard_config(path).peers) == 2


def test_config_drives_sender_and_receiver() -> None:
    alice = parse_wireguard_config(CONFIG)
    bob = parse_wireguard_config(
        f"[Interface]\nPrivateKey = {BOB_PRIV}\n[Peer]\nPublicKey = {ALICE_PUB}\n"
    )
    clock = FakeClock()
    token = alice.sender(bob.public_key, clock=clock).end_of_candidates()
    assert bob.receiver(clock=clock).receive(token).body == EndOfCandidates()
    with pytest.raises(WireGuardConfigError):
        alice.sender(PrivateKey.generate().public_key())


BAD_CONFIGS = {
    "no interface": f"[Peer]\nPublicKey = {BOB_PUB}\n",
    "no private key": f"[Interface]\nListenPort = 1\n[Peer]\nPublicKey = {BOB_PUB}\n",
    "setting outside a section": f"PrivateKey = {ALICE_PRIV}\n[Interface]\n",
    "unknown section": f"[Interface]\nPrivateKey = {ALICE_PRIV}\n[Peers]\n",
    "second interface": f"[Interface]\nPrivateKey = {ALICE_PRIV}\n[Interface]\n",
    "duplicate private key": f"[Interface]\nPrivateKey = {ALICE_PRIV}\nPrivateKey = {BOB_PRIV}\n",
    "peer without public key": (
        f"[Interface]\nPrivateKey = {ALICE_PRIV}\n[Peer]\nAllowedIPs = ::/0\n"
    ),
    "duplicate public key": (
        f"[Interface]\nPrivateKey = {ALICE_PRIV}\n[Peer]\nPublicKey = {BOB_PUB}\n"
        f"PublicKey = {CAROL_PUB}\n"
    ),
    "same peer twice": (
        f"[Interface]\nPrivateKey = {ALICE_PRIV}\n[Peer]\nPublicKey = {BOB_PUB}\n"
        f"[Peer]\nPublicKey = {BOB_PUB}\n"
    ),
    "line without =": f"[Interface]\nPrivateKey {ALICE_PRIV}\n",
    "short private key": f"[Interface]\nPrivateKey = {ALICE_PRIV[:-2]}=\n",
    "unpadded private key": f"[Interface]\nPrivateKey = {ALICE_PRIV[:-1]}\n",
    "hex private key": f"[Interface]\nPrivateKey = {'ab' * 32}\n",
    "bad public key": f"[Interface]\nPrivateKey = {ALICE_PRIV}\n[Peer]\nPublicKey = {'A' * 43}=\n",
    "control character": f"[Interface]\nPrivateKey = {ALICE_PRIV}\x00\n",
}


@pytest.mark.parametrize("text", BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_malformed_configs(text: str) -> None:
    with pytest.raises(WireGuardConfigError) as info:
        parse_wireguard_config(text)
    # The message names a line at most, never a key.
    for secret in (ALICE_PRIV, ALICE_PRIV[:20], BOB_PRIV[:20], "ab" * 16):
        assert secret not in str(info.value)


def test_size_limit() -> None:
    with pytest.raises(InputTooLargeError):
        parse_wireguard_config("#" * (1024 * 1024 + 1))
    with pytest.raises(TypeError):
        parse_wireguard_config(CONFIG.encode())  # type: ignore[arg-type]


def test_permission_warning(tmp_path: Path) -> None:
    path = tmp_path / "wg0.conf"
    path.write_text(CONFIG)
    path.chmod(0o644)
    with pytest.warns(InsecurePermissionsWarning, match="chmod 600"):
        load_wireguard_config(path)
    path.chmod(0o600)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_wireguard_config(str(path))


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "wg0.conf"
    path.write_bytes(b"[Interface]\nPrivateKey = \xff\n")
    path.chmod(0o600)
    with pytest.raises(WireGuardConfigError):
        load_wireguard_config(path)


# -- keys from the real wg tool ---------------------------------------------------------------


def _wg() -> str:
    """Path of `wg`; skip locally without it, fail in CI (CI=true) where it must be installed."""
    path = shutil.which("wg")
    if path is None:
        if running_in_ci():
            pytest.fail("`wg` (Debian wireguard-tools) is required in CI")
        pytest.skip("`wg` not installed (apt-get install wireguard-tools)")
    return path


def _run(wg: str, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [wg, *args], input=stdin, capture_output=True, text=True, timeout=10, check=True
    )
    return result.stdout


@pytest.mark.interop
def test_wg_genkey_keys_load_sign_and_verify(tmp_path: Path) -> None:
    wg = _wg()
    clock = FakeClock()
    keys = []
    for _ in range(3):
        private_text = _run(wg, "genkey")
        public_text = _run(wg, "pubkey", stdin=private_text)
        private = PrivateKey.from_wireguard(private_text)  # trailing newline tolerated
        assert private.public_key().to_wireguard() == public_text.strip()
        keys.append((private_text.strip(), public_text.strip()))
    (a_priv, a_pub), (b_priv, b_pub), _ = keys
    conf_a = tmp_path / "a.conf"
    conf_b = tmp_path / "b.conf"
    conf_a.write_text(f"[Interface]\nPrivateKey = {a_priv}\n\n[Peer]\nPublicKey = {b_pub}\n")
    conf_b.write_text(f"[Interface]\nPrivateKey = {b_priv}\n\n[Peer]\nPublicKey = {a_pub}\n")
    conf_a.chmod(0o600)
    conf_b.chmod(0o600)
    a = load_wireguard_config(conf_a)
    b = load_wireguard_config(conf_b)
    token = a.sender(b.public_key, clock=clock).end_of_candidates()
    assert b.receiver(clock=clock).receive(token).sender.to_wireguard() == a_pub
    # The token's kid is byte for byte what `wg pubkey` printed.
    assert a_pub in __import__("base64").urlsafe_b64decode(token.split(".")[0] + "==").decode()


@pytest.mark.interop
def test_wg_accepts_our_generated_keys() -> None:
    wg = _wg()
    key = PrivateKey.generate()
    assert _run(wg, "pubkey", stdin=key.to_wireguard() + "\n").strip() == (
        key.public_key().to_wireguard()
    )


@pytest.mark.parametrize("space", ["\u00a0", "\u000b", "\u000c"])
def test_non_ascii_whitespace_around_a_config_key_is_refused(space: str) -> None:
    """Found in review; this test failed before the fix."""
    from wice_candidates import WireGuardConfigError, parse_wireguard_config

    key = PrivateKey.generate()
    text = f"[Interface]\nPrivateKey = {key.to_wireguard()}{space}\n"
    with pytest.raises(WireGuardConfigError) as info:
        parse_wireguard_config(text)
    assert key.to_wireguard() not in str(info.value)


ALICE_PRIV = WG_KEYS["alice"][0]


@pytest.mark.parametrize(
    "line", ["ListenPort 51820", "PrivateKey", "Endpoint: 192.0.2.1:51820"], ids=repr
)
def test_config_setting_without_equals_sign(line: str) -> None:
    text = f"[Interface]\nPrivateKey = {ALICE_PRIV}\n{line}\n"
    with pytest.raises(WireGuardConfigError, match="line 3: expected Key = Value"):
        parse_wireguard_config(text)
    assert parse_wireguard_config(f"[Interface]\nPrivateKey = {ALICE_PRIV}\n").peers == ()


def test_config_file_over_the_size_limit(tmp_path: Path) -> None:
    config = f"[Interface]\nPrivateKey = {ALICE_PRIV}\n"
    path = tmp_path / "wg0.conf"
    path.write_text(config + "#" * (MAX_CONFIG_SIZE + 1 - len(config)))
    path.chmod(0o600)
    with pytest.raises(InputTooLargeError, match=f"larger than {MAX_CONFIG_SIZE} bytes"):
        load_wireguard_config(path)
    # Exactly at the limit the file is read and parsed.
    path.write_text(config + "#" * (MAX_CONFIG_SIZE - len(config)))
    loaded = load_wireguard_config(path)
    assert loaded.private_key.public_key() == PrivateKey.from_wireguard(ALICE_PRIV).public_key()
