"""Freshness and replay protection (docs/design/decisions.rst, D9) with an injected clock; the
controlling rule."""

from __future__ import annotations

import pytest

from tests.wice.support import T0, WG_KEYS, FakeClock
from tests.wice.tokens import dumps, header_for, payload_obj, signed
from wice_candidates import (
    Credentials,
    DuplicateError,
    EndOfCandidates,
    ExpiredError,
    MisaddressedError,
    OutsideWindowError,
    Receiver,
    ReflectedError,
    ReplayError,
    ReplayStateFullError,
    Sender,
    StaleSessionError,
    WrongRecipientError,
    is_controlling,
)
from wice_candidates.message import split_token
from wice_candidates.replay import DEFAULT_REPLAY_WINDOW, ReplayWindow
from xeddsa import PrivateKey, PublicKey

NOW_MS = int(T0 * 1000)


def test_same_token_twice_is_a_replay(alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    first = alice_to_bob.credentials(Credentials.generate())
    bob_receiver.receive(first)
    with pytest.raises(ReplayError):
        bob_receiver.receive(first)


def test_reordered_seq_inside_the_window_is_accepted_once(
    alice_to_bob: Sender, bob_receiver: Receiver
) -> None:
    """Channels reorder (cunicu's backends may): 0, 2, 1 applies all three; repeats do not."""
    tokens = [alice_to_bob.end_of_candidates() for _ in range(4)]
    assert bob_receiver.receive(tokens[0]).seq == 0
    assert bob_receiver.receive(tokens[2]).seq == 2  # gaps are fine
    assert bob_receiver.receive(tokens[1]).seq == 1  # late but inside the window: applied
    for old in (tokens[0], tokens[1], tokens[2]):
        with pytest.raises(DuplicateError):
            bob_receiver.receive(old)
    assert bob_receiver.receive(tokens[3]).seq == 3


def test_seq_behind_the_window_is_refused(alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    tokens = [alice_to_bob.end_of_candidates() for _ in range(DEFAULT_REPLAY_WINDOW + 2)]
    bob_receiver.receive(tokens[-1])  # highest = window + 1
    with pytest.raises(OutsideWindowError):
        bob_receiver.receive(tokens[1])  # exactly `window` behind: outside
    with pytest.raises(OutsideWindowError):
        bob_receiver.receive(tokens[0])
    assert bob_receiver.receive(tokens[2]).seq == 2  # window - 1 behind: inside
    with pytest.raises(DuplicateError):
        bob_receiver.receive(tokens[2])


def test_duplicates_change_nothing(alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    tokens = [alice_to_bob.end_of_candidates() for _ in range(3)]
    bob_receiver.receive(tokens[1])
    with pytest.raises(DuplicateError) as caught:
        bob_receiver.receive(tokens[1])
    assert isinstance(caught.value, ReplayError)
    # The state is as before the duplicate: 0 and 2 are still accepted exactly once.
    assert bob_receiver.receive(tokens[0]).seq == 0
    assert bob_receiver.receive(tokens[2]).seq == 2


def test_replay_window_below_64_is_refused(bob: PublicKey, alice: PublicKey) -> None:
    with pytest.raises(ValueError, match="64"):
        Receiver(bob, [alice], replay_window=32)


def test_replay_window_slides_over_large_gaps() -> None:
    window = ReplayWindow.start(session=5, seq=10)
    window.commit(5, 10 + 1000)  # a jump beyond the window clears the bitmap
    window.check(5, 10 + 1000 - 63)
    with pytest.raises(OutsideWindowError):
        window.check(5, 10 + 1000 - 64)
    with pytest.raises(DuplicateError):
        window.check(5, 1010)
    with pytest.raises(StaleSessionError):
        window.check(4, 2000)
    window.commit(6, 0)
    assert (window.session, window.highest, window.seen) == (6, 0, 1)


def test_reflected_token_is_refused(bob_key: PrivateKey, alice: PublicKey, bob: PublicKey) -> None:
    """A token signed by our own key (e.g. an envelope reflected back) is ReflectedError."""
    own = Sender(bob_key, alice).end_of_candidates()
    with pytest.raises(ReflectedError):
        Receiver(bob, [alice, bob]).receive(own)


def test_new_session_resets_seq_and_older_session_is_rejected(
    alice_to_bob: Sender, bob_receiver: Receiver, clock: FakeClock
) -> None:
    old = [alice_to_bob.end_of_candidates() for _ in range(3)]
    bob_receiver.receive(old[0])
    clock.advance(1)
    session = alice_to_bob.restart()
    assert session > 1000
    restarted = alice_to_bob.credentials(Credentials.generate())
    message = bob_receiver.receive(restarted)
    assert (message.session, message.seq) == (session, 0)
    with pytest.raises(StaleSessionError):
        bob_receiver.receive(old[1])  # newer seq, but of the abandoned session


def test_restart_is_monotonic_even_if_the_clock_goes_back(
    alice_key: PrivateKey, bob: PublicKey, clock: FakeClock
) -> None:
    sender = Sender(alice_key, bob, clock=clock)
    first = sender.session
    assert first == NOW_MS
    clock.advance(-3600)
    assert sender.restart() == first + 1
    clock.advance(7200)
    assert sender.restart() == int(clock.now * 1000)


@pytest.mark.parametrize(
    ("skew_seconds", "accepted"),
    [
        (-120, True),
        (120, True),
        (-120.001, False),
        (120.001, False),
        (-3600, False),
        (86400, False),
    ],
)
def test_timestamp_window(
    skew_seconds: float,
    accepted: bool,
    alice_key: PrivateKey,
    bob: PublicKey,
    bob_receiver: Receiver,
) -> None:
    sender_clock = FakeClock(T0 + skew_seconds)
    token = Sender(alice_key, bob, clock=sender_clock, session=1).end_of_candidates()
    if accepted:
        bob_receiver.receive(token)
    else:
        with pytest.raises(ExpiredError):
            bob_receiver.receive(token)


def test_configurable_window(alice_key: PrivateKey, alice: PublicKey, bob: PublicKey) -> None:
    receiver_clock = FakeClock()
    receiver = Receiver(bob, [alice], clock=receiver_clock, window_seconds=5)
    token = Sender(alice_key, bob, clock=FakeClock(T0 - 6)).end_of_candidates()
    with pytest.raises(ExpiredError):
        receiver.receive(token)
    receiver_clock.advance(-2)
    assert receiver.receive(token).seq == 0  # the same bytes, fresh for a clock 2 s earlier


def test_rejected_messages_do_not_touch_the_state(
    alice_key: PrivateKey,
    alice: PublicKey,
    bob: PublicKey,
    carol: PublicKey,
    bob_receiver: Receiver,
) -> None:
    # Validly signed but stale, with a high seq and a newer session: must not advance the state.
    stale = signed(
        alice_key,
        header_for(alice),
        dumps(payload_obj(alice, bob, session=5000, seq=99, ts=NOW_MS - 10 * 60_000)),
    )
    with pytest.raises(ExpiredError):
        bob_receiver.receive(stale)
    misaddressed = signed(
        alice_key,
        header_for(alice),
        dumps(payload_obj(alice, carol, session=5000, seq=99, ts=NOW_MS)),
    )
    with pytest.raises(WrongRecipientError):
        bob_receiver.receive(misaddressed)
    fresh = signed(
        alice_key, header_for(alice), dumps(payload_obj(alice, bob, session=1, seq=0, ts=NOW_MS))
    )
    assert bob_receiver.receive(fresh).session == 1


def test_state_is_bounded_without_eviction(
    alice_key: PrivateKey,
    carol_key: PrivateKey,
    alice: PublicKey,
    bob: PublicKey,
    carol: PublicKey,
    clock: FakeClock,
) -> None:
    receiver = Receiver(bob, [alice, carol], clock=clock, max_states=1)
    from_alice = Sender(alice_key, bob, clock=clock)
    from_carol = Sender(carol_key, bob, clock=clock)
    receiver.receive(from_alice.end_of_candidates())
    with pytest.raises(ReplayStateFullError):
        receiver.receive(from_carol.end_of_candidates())
    # alice keeps working, also across a restart (the old session's state is replaced).
    receiver.receive(from_alice.end_of_candidates())
    clock.advance(1)
    from_alice.restart()
    receiver.receive(from_alice.end_of_candidates())
    with pytest.raises(ReplayStateFullError):
        receiver.receive(from_carol.end_of_candidates())


def test_receiver_arguments(bob: PublicKey, alice: PublicKey) -> None:
    with pytest.raises(TypeError):
        Receiver(bob.to_wireguard(), [alice])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Receiver(bob, [alice.to_wireguard()])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        Receiver(bob, [alice], max_states=0)
    assert Receiver(bob, [alice, alice]).trusted == frozenset({alice})


def test_is_controlling_matches_big_endian_order(
    alice: PublicKey, bob: PublicKey, carol: PublicKey
) -> None:
    for x, y in ((alice, bob), (bob, carol), (alice, carol)):
        assert is_controlling(x, y) != is_controlling(y, x)
        assert is_controlling(x, y) == (x.public_bytes() < y.public_bytes())
    with pytest.raises(MisaddressedError):
        is_controlling(alice, alice)


def test_end_of_candidates_body(alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    assert bob_receiver.receive(alice_to_bob.end_of_candidates()).body == EndOfCandidates()


def test_a_mixed_order_key_imported_without_subgroup_check_is_not_trusted() -> None:
    """Found in review; this test failed before the fix."""
    from xeddsa import InvalidKey, PublicKey
    from xeddsa.curve import EdwardsPoint, edwards_to_u
    from xeddsa.curve.montgomery import u_to_y

    order8_u = 325606250916557431795983626356110631294008115727848805560023387167927233504
    torsion = EdwardsPoint.from_y_and_sign(u_to_y(order8_u), 0)
    assert torsion is not None
    u = edwards_to_u(EdwardsPoint.base_mul(99) + torsion).to_bytes(32, "little")
    mixed = PublicKey.from_public_bytes(u, check_subgroup=False)
    with pytest.raises(InvalidKey, match="subgroup"):
        Receiver(PrivateKey.generate().public_key(), [mixed])


def test_sender_argument_types(alice_key: PrivateKey, bob: PublicKey, clock: FakeClock) -> None:
    with pytest.raises(TypeError, match=r"Sender\(PrivateKey, PublicKey\)"):
        Sender(alice_key.public_key(), bob, clock=clock)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Sender\(PrivateKey, PublicKey\)"):
        Sender(alice_key, alice_key, clock=clock)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Sender\(PrivateKey, PublicKey\)"):
        Sender(WG_KEYS["alice"][0], bob, clock=clock)  # type: ignore[arg-type]


@pytest.mark.parametrize("session", [-1, 2**53, True, 1.0, "5"])
def test_sender_session_range(
    session: object, alice_key: PrivateKey, bob: PublicKey, clock: FakeClock
) -> None:
    with pytest.raises(ValueError, match="session must be an integer in 0"):
        Sender(alice_key, bob, clock=clock, session=session)  # type: ignore[arg-type]
    assert Sender(alice_key, bob, clock=clock, session=2**53 - 1).session == 2**53 - 1
    assert Sender(alice_key, bob, clock=clock, session=0).session == 0


def test_sender_clock_before_the_epoch_is_refused(alice_key: PrivateKey, bob: PublicKey) -> None:
    with pytest.raises(ValueError, match="session must be an integer in 0"):
        Sender(alice_key, bob, clock=lambda: -1.0)


def test_sender_public_key_is_the_token_kid(
    alice_to_bob: Sender, alice_key: PrivateKey, alice: PublicKey
) -> None:
    assert alice_to_bob.public_key == alice == alice_key.public_key()
    parsed = split_token(alice_to_bob.end_of_candidates())
    assert parsed.kid == alice_to_bob.public_key.public_bytes()
