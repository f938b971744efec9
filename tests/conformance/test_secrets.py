"""Secret handling beyond what tests/test_keys.py and tests/test_secret_arithmetic.py cover (G10).

Already covered elsewhere (not repeated here):

- ``PrivateKey`` repr/str/format redacted, pickle/copy refused, ``close()`` zeroizes:
  tests/test_keys.py (test_private_repr_and_str_redacted, test_private_pickle_refused,
  test_private_copy_refused, test_close_zeroizes);
- XEdDSA signing (``PrivateKey.sign``, ``hazmat.xeddsa_sign``, key pair, public key) on the sodium
  backend enters no ``xeddsa.curve`` / pure-backend code and makes no ``int``: tests/
  test_secret_arithmetic.py;
- WireGuard config errors never echo a key: tests/wice/test_wgconfig.py.

Added here:

- **VXEdDSA signing** (``xeddsa.vxeddsa.sign`` and ``hazmat.vxeddsa_sign``) on the sodium backend:
  no Python function of ``xeddsa/curve/``, ``xeddsa/backend/pure.py`` or ``_public.py`` runs and
  no ``int.from_bytes``/``int.to_bytes``/``pow`` is called (a ``sys.setprofile`` probe), and it
  still works with the curve layer's and the pure backend's arithmetic patched to raise;
- **exception messages** (and their chained causes) for malformed WireGuard private-key text,
  private JWKs and wice configurations never contain the key, in any encoding;
- **logging**: no record at any level carries key material during load, sign, verify and failures;
- **containers**: objects that hold a private key (``WireGuardConfig``, ``Sender``, a dict) neither
  print nor pickle it.
"""

from __future__ import annotations

import base64
import copy
import logging
import pickle
import traceback
from typing import Any, Final

import pytest

import wice_candidates
import xeddsa
import xeddsa.jose
from tests.secret_probe import patch_arithmetic, probe_workload
from xeddsa import hazmat

RAW: Final = bytes(range(100, 132))


def vxeddsa_workload() -> None:
    key = xeddsa.PrivateKey.from_private_bytes(RAW)
    xeddsa.vxeddsa.sign(key, b"vrf message")
    xeddsa.vxeddsa.sign(key, b"another message")
    hazmat.vxeddsa_sign(RAW, b"m", bytes(64))
    hazmat.vxeddsa_sign(RAW, b"m", bytes(64), nonce_scalar="libsignal-c")


def test_vxeddsa_sodium_signing_stays_out_of_python_arithmetic() -> None:
    probe = probe_workload(vxeddsa_workload, "sodium")
    assert probe.forbidden_frames == []
    assert probe.int_calls == []


def test_probe_can_fail_on_the_pure_backend() -> None:
    probe = probe_workload(vxeddsa_workload, "pure")
    assert any("/curve/" in entry for entry in probe.forbidden_frames)
    assert probe.int_calls


def test_vxeddsa_signing_works_with_python_arithmetic_disabled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with xeddsa.use_backend("sodium"):
        key = xeddsa.PrivateKey.from_private_bytes(RAW)
        public = key.public_key()  # computed before patching: verification may use the curve
        patch_arithmetic(monkeypatch)
        signature = xeddsa.vxeddsa.sign(key, b"m")
        fresh = xeddsa.PrivateKey.from_private_bytes(bytes(range(32)))
        fresh_signature = xeddsa.vxeddsa.sign(fresh, b"m")
        hazmat.vxeddsa_sign(RAW, b"m", bytes(64))
        xeddsa.PrivateKey.generate().sign(b"m")
        monkeypatch.undo()
        xeddsa.vxeddsa.verify(public, signature, b"m")
        xeddsa.vxeddsa.verify(fresh.public_key(), fresh_signature, b"m")


def test_patched_arithmetic_breaks_the_pure_signer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Control: the same patches stop pure-backend signing, so the test above can fail."""
    with xeddsa.use_backend("pure"):
        key = xeddsa.PrivateKey.from_private_bytes(RAW)
        patch_arithmetic(monkeypatch)
        with pytest.raises(AssertionError, match="called while signing"):
            xeddsa.vxeddsa.sign(key, b"m")


# -- key material in messages, logs and containers ----------------------------------------------


def _renderings(raw: bytes) -> list[str]:
    """Encodings of a private key (and long fragments) that must never appear in output."""
    std = base64.b64encode(raw).decode()
    url = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    hexed = raw.hex()
    return [std, std[:12], std[-14:-2], url, url[4:16], hexed, hexed[:16], repr(raw)[2:20]]


def _exception_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)) + repr(exc) + str(exc.args)


def _malformed_wireguard(raw: bytes) -> dict[str, str | bytes]:
    text = base64.b64encode(raw).decode()
    return {
        "unpadded": text[:-1],
        "extra_char": text[:-1] + "A=",
        "url_safe": text.replace("+", "-").replace("/", "_")[:-2] + "-=",
        "trailing_garbage": text + " x",
        "two_keys": text + "\n" + text,
        "embedded_nul": text[:20] + "\x00" + text[20:],
        "non_ascii_bytes": text.encode() + b"\xff",
        "nonzero_unused_bits": text[:-2] + "B=",
        "hex": raw.hex(),
    }


@pytest.mark.parametrize("case", sorted(_malformed_wireguard(RAW)))
def test_invalid_wireguard_text_never_echoes_the_key(case: str) -> None:
    raw = bytes(range(200, 232))  # base64 contains '+' and '/'
    text = _malformed_wireguard(raw)[case]
    with pytest.raises(xeddsa.InvalidKey) as info:
        xeddsa.PrivateKey.from_wireguard(text)
    rendered = _exception_text(info.value)
    for secret in _renderings(raw):
        assert secret not in rendered, (case, secret)


def test_private_jwk_errors_never_echo_d() -> None:
    key = xeddsa.PrivateKey.from_private_bytes(RAW)
    other = xeddsa.PrivateKey.from_private_bytes(bytes(range(32)))
    jwk = xeddsa.jose.private_key_to_jwk(key)
    d = jwk["d"]
    bad_jwks: list[Any] = [
        {**jwk, "x": xeddsa.jose.public_key_to_jwk(other.public_key())["x"]},  # x mismatch
        {**jwk, "d": d + "A"},
        {**jwk, "d": d[:-1] + "="},
        {**jwk, "kty": "EC"},
        {**jwk, "use": "enc"},
        {**jwk, "key_ops": ["verify"]},
        f'{{"kty":"OKP","crv":"X25519","x":"{jwk["x"]}","d":"{d}","d":"{d}"}}',
    ]
    for bad in bad_jwks:
        with pytest.raises(xeddsa.InvalidKey) as info:
            xeddsa.jose.private_key_from_jwk(bad)
        rendered = _exception_text(info.value)
        for secret in [d, d[:12], d[-12:], *_renderings(key.private_bytes())]:
            assert secret not in rendered, (bad, secret)
    # A private JWK offered where a public one is expected: refused without echoing d.
    with pytest.raises(xeddsa.InvalidKey) as info:
        xeddsa.jose.public_key_from_jwk(jwk)
    assert d not in _exception_text(info.value)


def test_no_log_record_carries_key_material(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    key = xeddsa.PrivateKey.from_private_bytes(RAW)
    secrets_ = _renderings(key.private_bytes())
    public = key.public_key()
    public.verify(key.sign(b"m"), b"m")
    xeddsa.vxeddsa.verify(public, xeddsa.vxeddsa.sign(key, b"m"), b"m")
    for bad in _malformed_wireguard(key.private_bytes()).values():
        with pytest.raises(xeddsa.InvalidKey):
            xeddsa.PrivateKey.from_wireguard(bad)
    config = wice_candidates.parse_wireguard_config(
        f"[Interface]\nPrivateKey = {key.to_wireguard()}\n"
        f"[Peer]\nPublicKey = {xeddsa.PrivateKey.generate().public_key().to_wireguard()}\n"
    )
    sender = config.sender(config.peers[0])
    sender.end_of_candidates()
    logged = "\n".join(
        f"{r.name} {r.levelname} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records
    )
    for secret in secrets_:
        assert secret not in logged


def test_containers_do_not_print_or_pickle_the_key() -> None:
    key = xeddsa.PrivateKey.from_private_bytes(RAW)
    peer = xeddsa.PrivateKey.from_private_bytes(bytes(range(32))).public_key()
    config = wice_candidates.parse_wireguard_config(
        f"[Interface]\nPrivateKey = {key.to_wireguard()}\n"
        f"[Peer]\nPublicKey = {peer.to_wireguard()}\n"
    )
    sender = config.sender(peer)
    holders: list[object] = [config, sender, {"key": key}, [key], (key, peer)]
    for holder in holders:
        for rendered in (repr(holder), str(holder)):
            for secret in _renderings(key.private_bytes()):
                assert secret not in rendered, (type(holder).__name__, secret)
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            with pytest.raises(TypeError):
                pickle.dumps(holder, protocol=protocol)
        with pytest.raises(TypeError):
            copy.deepcopy(holder)
