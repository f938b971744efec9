"""The ``wice-candidates`` command: ``demo``, ``signal`` (reference server) and ``connect``.

Results go to stdout, progress lines to stderr, and every failure ends with one line
``wice-candidates: <reason>`` on stderr and a non-zero exit status (1 for a failed run, 2 for bad
arguments or files). The gRPC commands need the ``grpc`` extra.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
import warnings
from collections.abc import Callable
from typing import Final, TextIO

from xeddsa import InvalidKey, PublicKey

from .demo import DEFAULT_TIMEOUT, run_demo
from .errors import SignalingError, WiceError

__all__ = ["PROG", "main"]

PROG: Final = "wice-candidates"

_DEMO_EXAMPLES: Final = f"""examples:
  {PROG} demo
  {PROG} demo --timeout 5
"""
_SIGNAL_EXAMPLES: Final = f"""examples:
  {PROG} signal --listen 127.0.0.1:8080
  {PROG} signal --listen 127.0.0.1:0 --fault-injection drop=0.2,duplicate=0.2,reorder=0.3,seed=1
"""
_CONNECT_EXAMPLES: Final = f"""examples:
  {PROG} connect --config alice.conf --peer BOB_PUBLIC_KEY --signal grpc://127.0.0.1:8080 --once
  {PROG} connect --config /etc/wireguard/wg0.conf --peer KEY --signal grpc://signal.example.com:443
"""


class _Failure(Exception):
    """A one-line reason and an exit status."""

    def __init__(self, reason: str, status: int = 1) -> None:
        super().__init__(reason)
        self.status = status


def _progress(stream: TextIO, prefix: str) -> Callable[[str], None]:
    def log(line: str) -> None:
        print(f"{prefix}: {line}", file=stream, flush=True)

    return log


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="ICE candidates signed with WireGuard keys (XEdDSA) and sealed for the peer.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    raw = argparse.RawDescriptionHelpFormatter
    demo = sub.add_parser(
        "demo",
        help="two aioice agents on 127.0.0.1 with signed signaling (in one process)",
        epilog=_DEMO_EXAMPLES,
        formatter_class=raw,
    )
    demo.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per phase")
    sig = sub.add_parser(
        "signal",
        help="run the reference gRPC signaling server (cunicu's Signaling service)",
        epilog=_SIGNAL_EXAMPLES,
        formatter_class=raw,
    )
    sig.add_argument("--listen", required=True, metavar="HOST:PORT", help="address to listen on")
    sig.add_argument(
        "--fault-injection",
        metavar="SPEC",
        help="testing aid: drop=P,duplicate=P,reorder=P,delay=MS,seed=N (off by default)",
    )
    sig.add_argument("--max-subscribers", type=int, default=1024, help="streams in total")
    conn = sub.add_parser(
        "connect",
        help="run ICE with one peer over a signaling server, from a wg-quick file",
        epilog=_CONNECT_EXAMPLES,
        formatter_class=raw,
    )
    conn.add_argument("--config", required=True, metavar="WG_QUICK_FILE", help="wg-quick file")
    conn.add_argument("--peer", required=True, metavar="PUBKEY", help="the peer's public key")
    conn.add_argument("--signal", required=True, metavar="grpc://HOST:PORT", help="server URL")
    conn.add_argument("--once", action="store_true", help="exit 0 after one datagram each way")
    conn.add_argument("--timeout", type=float, default=60.0, metavar="S", help="overall limit")
    conn.add_argument(
        "--all-interfaces",
        action="store_true",
        help="gather host candidates on every interface (default: 127.0.0.1 only)",
    )
    return parser


async def _signal(args: argparse.Namespace) -> int:
    from .signaling.faults import parse_fault_injection
    from .signaling.server import SignalingServer, serve

    faults = parse_fault_injection(args.fault_injection) if args.fault_injection else None
    server = SignalingServer(max_subscribers=args.max_subscribers, faults=faults)
    try:
        grpc_server, port = await serve(args.listen, server)
    except (OSError, RuntimeError) as error:
        raise _Failure(f"cannot listen on {args.listen}: {error}") from None
    host = args.listen.rsplit(":", 1)[0]
    print(f"listening on {host}:{port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await grpc_server.stop(1.0)
    stats = server.stats
    print(
        f"signal: stopped; published {stats.published}, delivered {stats.delivered}, "
        f"dropped by faults {stats.dropped_by_fault}, refused {stats.refused}",
        file=sys.stderr,
        flush=True,
    )
    return 0


async def _connect(args: argparse.Namespace) -> int:
    from .link import PeerLink
    from .signaling.client import GrpcSignaling
    from .wgconfig import load_wireguard_config

    log = _progress(sys.stderr, "connect")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            config = load_wireguard_config(args.config)
    except OSError as error:
        raise _Failure(f"cannot read {args.config}: {error.strerror}", 2) from None
    for warning in caught:
        log(f"warning: {warning.message}")
    try:
        peer = PublicKey.from_wireguard(args.peer)
    except InvalidKey:
        raise _Failure("--peer is not a WireGuard public key", 2) from None
    if peer not in config.peers:
        raise _Failure("--peer is not a [Peer] of the configuration", 2)
    log(f"own key {config.public_key.to_wireguard()}, peer {peer.to_wireguard()}")
    deadline = time.monotonic() + float(args.timeout)

    def remaining() -> float:
        return max(0.0, deadline - time.monotonic())

    try:
        channel = await GrpcSignaling.connect(
            args.signal, config.public_key, timeout=min(10.0, remaining())
        )
    except SignalingError as error:
        raise _Failure(str(error)) from None
    log(f"subscribed at {args.signal}")
    link = PeerLink(
        config.private_key,
        peer,
        channel,
        trusted=config.peers,
        log=log,
        loopback_only=not args.all_interfaces,
    )
    phase = "ICE"

    def show(data: bytes) -> None:
        print(f"received datagram {data.decode('ascii', 'replace')!r}", flush=True)

    try:
        result = await asyncio.wait_for(link.run(), remaining())
        local, remote = result.local, result.remote
        print(
            f"selected pair {local[0]}:{local[1]} -> {remote[0]}:{remote[1]} "
            f"(attempts {result.attempts})",
            flush=True,
        )
        assert link.connection is not None
        phase = "the peer's datagram"
        own = config.public_key.to_wireguard()
        await link.connection.send(f"wice-candidates datagram from {own}".encode())
        show(await asyncio.wait_for(link.connection.recv(), remaining()))
        if not args.once:
            phase = "the end"
            await link.serve(show)  # rebuilds on disconnect or a peer restart
    except TimeoutError:
        raise _Failure(f"timed out after {args.timeout:g} s waiting for {phase}") from None
    except ConnectionError as error:
        raise _Failure(f"ICE connection lost: {error}") from None
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(link.close(), 5)
        with contextlib.suppress(Exception):
            await channel.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``wice-candidates`` / ``python -m wice_candidates``; returns the status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            started = time.monotonic()
            ok = asyncio.run(run_demo(print, args.timeout))
            print(f"demo: finished in {time.monotonic() - started:.2f} s")
            return 0 if ok else 1
        if args.command == "signal":
            return asyncio.run(_signal(args))
        return asyncio.run(_connect(args))
    except _Failure as failure:
        print(f"{PROG}: {failure}", file=sys.stderr)
        return failure.status
    except WiceError as error:
        print(f"{PROG}: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    except ImportError as error:
        print(
            f"{PROG}: needs the grpc extra (pip install 'wice-candidates[grpc]'): {error}",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
