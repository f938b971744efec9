"""Three processes on 127.0.0.1: ``wice-candidates signal`` and two ``connect --once`` peers,
each from its own wg-quick file, Bob started 2 s after Alice: both exit 0 within 20 s."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xeddsa import PrivateKey

pytestmark = pytest.mark.network

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 20.0


def _wg_quick(path: Path, own: PrivateKey, peer: PrivateKey) -> Path:
    path.write_text(
        "[Interface]\n"
        f"PrivateKey = {own.to_wireguard()}\n"
        "Address = 10.0.0.1/24\nListenPort = 51820\n\n"
        "[Peer]\n"
        f"PublicKey = {peer.public_key().to_wireguard()}\n"
        "AllowedIPs = 10.0.0.2/32\n"
    )
    path.chmod(0o600)
    return path


def test_two_peer_processes_complete_with_bob_two_seconds_late(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "wice_candidates"]
    alice, bob = PrivateKey.generate(), PrivateKey.generate()
    alice_conf = _wg_quick(tmp_path / "alice.conf", alice, bob)
    bob_conf = _wg_quick(tmp_path / "bob.conf", bob, alice)
    server = subprocess.Popen(
        [*cli, "signal", "--listen", "127.0.0.1:0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    peers: list[subprocess.Popen[str]] = []
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("listening on 127.0.0.1:"), line
        url = "grpc://" + line.split()[-1]

        def connect(conf: Path, peer: PrivateKey) -> subprocess.Popen[str]:
            return subprocess.Popen(
                [*cli, "connect", "--config", str(conf), "--peer",
                 peer.public_key().to_wireguard(), "--signal", url, "--once",
                 "--timeout", str(LIMIT)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
            )  # fmt: skip

        started = time.monotonic()
        peers.append(connect(alice_conf, bob))
        time.sleep(2.0)
        peers.append(connect(bob_conf, alice))
        outputs = [p.communicate(timeout=LIMIT + 10) for p in peers]
        elapsed = time.monotonic() - started
    finally:
        for process in (*peers, server):
            if process.poll() is None:
                process.terminate()
        for process in (*peers, server):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    for process, (out, err) in zip(peers, outputs, strict=True):
        assert process.returncode == 0, err
        assert "selected pair 127.0.0.1:" in out and "received datagram" in out, out
        assert "connect: verified Credentials" in err
        assert alice.to_wireguard() not in out + err and bob.to_wireguard() not in out + err
    assert elapsed < LIMIT
    # The datagrams crossed: each side received the other's.
    assert bob.public_key().to_wireguard() in outputs[0][0]
    assert alice.public_key().to_wireguard() in outputs[1][0]
    assert server.returncode == 0
    print(f"two peer processes: both exited 0 after {elapsed:.2f} s (bob started at 2 s)")


def test_connect_without_a_peer_times_out_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "wice_candidates"]
    alice, bob = PrivateKey.generate(), PrivateKey.generate()
    conf = _wg_quick(tmp_path / "alice.conf", alice, bob)
    server = subprocess.Popen(
        [*cli, "signal", "--listen", "127.0.0.1:0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        url = "grpc://" + server.stdout.readline().split()[-1]
        result = subprocess.run(
            [*cli, "connect", "--config", str(conf), "--peer", bob.public_key().to_wireguard(),
             "--signal", url, "--once", "--timeout", "2"],
            capture_output=True, text=True, env=env, timeout=30, check=False,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == "wice-candidates: timed out after 2 s waiting for ICE"
    assert "connect: sent 1 sealed message(s)" in result.stderr  # credentials were re-sent
    assert result.stderr.count("connect: sent 1 sealed") >= 2
