"""Mallory: a process on the unauthenticated signaling server that attacks two peers.

Run by test_mallory.py as ``python mallory.py PORT ALICE BOB CAROL OUT``: subscribes to the
topics of ALICE and BOB (cunicu's server has no authentication either), prints ``ready``, captures
every envelope, and on the stdin line ``attack`` replays, reflects, re-addresses, reorders and
injects what it captured, writes every captured envelope (length-prefixed protobuf) to OUT and
prints ``done <captured> <published>``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys

from wice_candidates import Credentials
from wice_candidates.envelope import EnvelopeSealer, SealedEnvelope
from wice_candidates.sender import Sender
from wice_candidates.signaling.client import GrpcSignaling, _to_proto
from xeddsa import PrivateKey, PublicKey


async def capture(client: GrpcSignaling, into: list[SealedEnvelope]) -> None:
    while True:
        into.append(await client.receive())


async def main(port: int, alice: PublicKey, bob: PublicKey, carol: PublicKey, out: str) -> int:
    url = f"grpc://127.0.0.1:{port}"
    on_alice = await GrpcSignaling.connect(url, alice)
    on_bob = await GrpcSignaling.connect(url, bob)
    to_alice: list[SealedEnvelope] = []
    to_bob: list[SealedEnvelope] = []
    tasks = [
        asyncio.create_task(capture(on_alice, to_alice)),
        asyncio.create_task(capture(on_bob, to_bob)),
    ]
    print("ready", flush=True)
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    assert line.strip() == "attack", line
    captured = [*to_alice, *to_bob]
    a_to_b = [e for e in to_bob if e.sender == alice.public_bytes()]
    b_to_a = [e for e in to_alice if e.sender == bob.public_bytes()]
    attacks: list[tuple[str, SealedEnvelope]] = [
        ("replay", a_to_b[0]),
        (
            "reflect",
            dataclasses.replace(a_to_b[0], sender=a_to_b[0].recipient, recipient=a_to_b[0].sender),
        ),
        ("re-address", dataclasses.replace(a_to_b[0], sender=carol.public_bytes())),
        *[("reorder", e) for e in reversed(b_to_a[-3:])],
    ]
    mallory = PrivateKey.generate()
    forged = Sender(mallory, bob).credentials(Credentials.generate())
    attacks.append(("inject-untrusted", EnvelopeSealer(mallory).seal(forged, bob)))
    attacks.append(
        ("inject-garbage", dataclasses.replace(a_to_b[0], body=bytes(len(a_to_b[0].body))))
    )
    for name, envelope in attacks:
        await on_bob.publish(envelope)
        print(f"sent {name}", flush=True)
    await asyncio.sleep(0.2)
    for task in tasks:
        task.cancel()
    with open(out, "wb") as handle:
        for envelope in captured:
            data = _to_proto(envelope).SerializeToString()
            handle.write(len(data).to_bytes(4, "big") + data)
    print(f"done {len(captured)} {len(attacks)}", flush=True)
    await on_alice.close()
    await on_bob.close()
    return 0


if __name__ == "__main__":
    port, alice, bob, carol, out = sys.argv[1:6]
    a, b, c = (PublicKey.from_wireguard(k) for k in (alice, bob, carol))
    sys.exit(asyncio.run(main(int(port), a, b, c, out)))
