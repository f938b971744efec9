"""PeerLink over the reference gRPC server: re-send with back-off, need_creds, fault injection,
agent rebuild. Everything on 127.0.0.1; fixed seeds; each run bounded."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from tests.wice.links import exchange_datagrams, run_pair, start_side, two_sides
from wice_candidates import Credentials, DuplicateError, StaleSessionError
from wice_candidates.link import Backoff
from wice_candidates.signaling.faults import FaultInjection

pytestmark = pytest.mark.network

#: Fixed seeds for the 20 fault-injection runs (CI is deterministic in count and seeds).
FAULT_SEEDS = tuple(range(1, 21))
#: Runs in flight at once (each has its own server); keeps wall time small on 2 cores.
PARALLEL_RUNS = 5


def test_backoff_doubles_from_half_a_second_to_a_minute() -> None:
    delays = list(itertools.islice(Backoff().delays(), 10))
    assert delays == [0.5, 1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_bob_two_seconds_late_is_found_by_the_resend() -> None:
    """Alice publishes while Bob is not subscribed (dropped: no buffering); re-sends reach him."""
    elapsed, alice, bob, server = asyncio.run(run_pair(None, bob_delay=2.0))
    assert alice.result is not None and bob.result is not None
    assert alice.result.remote == bob.result.local and bob.result.remote == alice.result.local
    assert alice.result.attempts == bob.result.attempts == 1
    assert sum("sent 1 sealed" in line for line in alice.log) >= 2  # credentials re-sent
    assert server.stats.published > server.stats.delivered  # some went to an empty topic
    assert elapsed < 20
    print(f"late bob: completed in {elapsed:.2f} s")


def test_need_creds_is_answered_at_once() -> None:
    """Bob's first credentials carry need_creds; Alice answers without waiting for her timer."""

    async def scenario() -> None:
        async with two_sides() as (alice, bob, url):
            link_a = await start_side(alice, bob.key.public_key(), url)
            link_a._backoff = Backoff(initial=30.0, maximum=60.0)  # only need_creds helps
            task_a = asyncio.create_task(link_a.run())
            await asyncio.sleep(0.5)  # alice's first round went to an empty topic
            link_b = await start_side(bob, alice.key.public_key(), url)
            started = time.monotonic()
            await asyncio.wait_for(asyncio.gather(task_a, link_b.run()), 10)
            assert time.monotonic() - started < 5  # far below alice's 30 s timer
            first = link_a.accepted[0].body
            assert isinstance(first, Credentials) and first.need_creds
            await exchange_datagrams(link_a, link_b, 10)

    asyncio.run(scenario())


def test_fault_injection_twenty_runs_complete() -> None:
    """drop=0.2, duplicate=0.2, reorder=0.3 with 20 fixed seeds: 20 of 20 complete in < 30 s."""

    async def scenario() -> list[tuple[int, float, int, int]]:
        results: list[tuple[int, float, int, int]] = []
        for start in range(0, len(FAULT_SEEDS), PARALLEL_RUNS):
            batch = FAULT_SEEDS[start : start + PARALLEL_RUNS]
            runs = [
                run_pair(FaultInjection(drop=0.2, duplicate=0.2, reorder=0.3, seed=seed))
                for seed in batch
            ]
            for seed, (elapsed, alice, bob, server) in zip(
                batch, await asyncio.gather(*runs), strict=True
            ):
                assert alice.result is not None and bob.result is not None
                assert alice.link is not None and bob.link is not None
                duplicates = sum(
                    isinstance(e, DuplicateError) for e in alice.link.rejected + bob.link.rejected
                )
                results.append((seed, elapsed, server.stats.dropped_by_fault, duplicates))
        return results

    started = time.monotonic()
    results = asyncio.run(scenario())
    total = time.monotonic() - started
    assert len(results) == 20
    assert all(elapsed < 30 for _, elapsed, _, _ in results)
    assert sum(dropped for _, _, dropped, _ in results) > 0
    assert sum(dups for _, _, _, dups in results) > 0
    worst = max(elapsed for _, elapsed, _, _ in results)
    print(f"fault injection: 20/20 completed, slowest {worst:.2f} s, all 20 in {total:.2f} s")


def test_peer_restart_rebuilds_the_agent() -> None:
    """A verified message of a new peer session rebuilds our agent; older sessions are refused."""

    async def scenario() -> None:
        async with two_sides() as (alice, bob, url):
            link_a = await start_side(alice, bob.key.public_key(), url)
            link_b = await start_side(bob, alice.key.public_key(), url)
            await asyncio.wait_for(asyncio.gather(link_a.run(), link_b.run()), 20)
            old_session = link_b._sender.session
            # Bob's agent "fails": he rebuilds in a new session; Alice must follow.
            assert link_b.connection is not None
            await link_b.connection.close()
            task_b = asyncio.create_task(link_b.run())
            for _ in range(100):
                if link_a._restart.is_set():
                    break
                await asyncio.sleep(0.05)
            assert link_a._restart.is_set()
            result_a = await asyncio.wait_for(link_a.run(), 20)
            result_b = await asyncio.wait_for(task_b, 20)
            assert result_a.attempts >= 2 and result_b.attempts >= 2
            assert link_b._sender.session > old_session
            assert len(link_a.local_credentials) >= 2
            await exchange_datagrams(link_a, link_b, 10)
            # A message of bob's abandoned session is refused now.
            stale = link_a._receiver
            from wice_candidates.sender import Sender

            old = Sender(bob.key, alice.key.public_key(), session=old_session)
            with pytest.raises(StaleSessionError):
                stale.receive(old.credentials(Credentials.generate()))

    asyncio.run(scenario())


def test_a_disconnected_agent_is_rebuilt_and_the_peer_follows() -> None:
    """serve(): Bob's agent drops; he rebuilds in a new session, Alice rebuilds on seeing it,
    and datagrams flow again over the new pair."""

    async def scenario() -> None:
        async with two_sides() as (alice, bob, url):
            link_a = await start_side(alice, bob.key.public_key(), url)
            link_b = await start_side(bob, alice.key.public_key(), url)
            await asyncio.wait_for(asyncio.gather(link_a.run(), link_b.run()), 20)
            first_pair = link_a.connection
            got_a: list[bytes] = []
            got_b: list[bytes] = []
            serving = [
                asyncio.create_task(link_a.serve(got_a.append)),
                asyncio.create_task(link_b.serve(got_b.append)),
            ]
            assert link_b.connection is not None
            await link_b.connection.close()  # Bob's agent disconnects
            for _ in range(400):
                if (
                    link_a.attempts >= 2
                    and link_b.attempts >= 2
                    and link_a._connected
                    and link_b._connected
                ):
                    break
                await asyncio.sleep(0.05)
            assert link_a.attempts >= 2 and link_b.attempts >= 2
            assert link_a.connection is not first_pair
            assert link_a.connection is not None and link_b.connection is not None
            await link_a.connection.send(b"again from a")
            await link_b.connection.send(b"again from b")
            for _ in range(100):
                if got_a and got_b:
                    break
                await asyncio.sleep(0.05)
            assert got_b == [b"again from a"] and got_a == [b"again from b"]
            assert any("disconnected: rebuilding" in line for line in bob.log)
            for task in serving:
                task.cancel()

    asyncio.run(scenario())
