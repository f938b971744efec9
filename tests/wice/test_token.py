"""The signed container: exact wire format, strict parsing order and every typed rejection."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.wice.strategies import EXAMPLES, budget, candidates, credentials
from tests.wice.support import T0, FakeClock
from tests.wice.tokens import (
    b64,
    dumps,
    header_for,
    join,
    payload_obj,
    segments,
    signed,
    unb64,
)
from wice_candidates import (
    MAX_TOKEN_SIZE,
    BadSignatureError,
    Candidate,
    Credentials,
    EndOfCandidates,
    InputTooLargeError,
    MalformedCandidateError,
    MalformedCredentialsError,
    MalformedPayloadError,
    MalformedTokenError,
    Message,
    Receiver,
    Sender,
    SenderMismatchError,
    UnknownSenderError,
    UnsupportedHeaderError,
    WiceError,
    WrongRecipientError,
    sign_message,
)
from wice_candidates.message import split_token
from xeddsa import InvalidSignature, PrivateKey, PublicKey, XEdDSAError

NOW_MS = int(T0 * 1000)
#: Signs a token from alice to bob at NOW_MS: ``header`` (None: the honest one) and the payload
#: fields changed as given (``_DROP`` removes one).
TokenMaker = Callable[..., str]


@pytest.fixture
def alice_token(alice_key: PrivateKey, alice: PublicKey, bob: PublicKey) -> TokenMaker:
    def make(header: bytes | None, **changes: object) -> str:
        payload = _with(payload_obj(alice, bob, ts=NOW_MS), **changes)
        return signed(alice_key, header_for(alice) if header is None else header, dumps(payload))

    return make


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
CANDIDATE = Candidate.from_sdp(
    "candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998"
)


# -- honest messages and the exact wire format ---------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [Credentials("abcd", "a" * 22, True), CANDIDATE, EndOfCandidates()],
    ids=["credentials", "candidate", "end_of_candidates"],
)
def test_round_trip(
    body: Credentials | Candidate | EndOfCandidates,
    alice_to_bob: Sender,
    bob_receiver: Receiver,
    alice: PublicKey,
    bob: PublicKey,
) -> None:
    message = bob_receiver.receive(alice_to_bob.sign(body))
    assert message.message == Message(
        sender=alice, recipient=bob, session=1000, seq=0, ts=NOW_MS, body=body
    )


def test_exact_header_and_payload_bytes(
    alice_to_bob: Sender, alice: PublicKey, bob: PublicKey
) -> None:
    header, payload, signature = segments(alice_to_bob.credentials(Credentials("abcd", "b" * 22)))
    assert header == (
        b'{"alg":"XEd25519","kid":"' + alice.to_wireguard().encode() + b'",'
        b'"typ":"wice-candidates+json"}'
    )
    assert payload == (
        b'{"proto":"wice-candidates","v":1,"sender":"' + alice.to_wireguard().encode() + b'",'
        b'"recipient":"' + bob.to_wireguard().encode() + b'","session":1000,"seq":0,'
        b'"ts":'
        + str(NOW_MS).encode()
        + b',"credentials":{"ufrag":"abcd","pwd":"'
        + b"b" * 22
        + b'","need_creds":false}}'
    )
    assert len(signature) == 64
    # The signature is a plain XEdDSA signature over the ASCII signing input (RFC 7515 §5.1).
    token = alice_to_bob.end_of_candidates()
    signing_input, _, sig = token.rpartition(".")
    alice.verify(unb64(sig), signing_input.encode())


def test_bytes_tokens_are_accepted(alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    token = alice_to_bob.end_of_candidates()
    assert bob_receiver.receive(token.encode()).seq == 0
    assert bob_receiver.receive(bytearray(alice_to_bob.end_of_candidates().encode())).seq == 1


def test_errors_share_the_library_base(alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    assert issubclass(WiceError, XEdDSAError)
    assert issubclass(BadSignatureError, InvalidSignature)
    assert issubclass(MalformedTokenError, ValueError)


# -- size and structure ---------------------------------------------------------------------------


def test_size_limit_comes_first(bob_receiver: Receiver) -> None:
    for junk in ("\x00" * (MAX_TOKEN_SIZE + 1), b"." * (MAX_TOKEN_SIZE + 1)):
        with pytest.raises(InputTooLargeError):
            bob_receiver.receive(junk)


def test_custom_size_limit(alice_to_bob: Sender, bob: PublicKey, alice: PublicKey) -> None:
    token = alice_to_bob.end_of_candidates()
    with pytest.raises(InputTooLargeError):
        Receiver(bob, [alice], max_token_size=len(token) - 1).receive(token)


def test_sender_refuses_to_produce_oversized_tokens(
    alice_key: PrivateKey, alice: PublicKey, bob: PublicKey
) -> None:
    big = Credentials("u" * 256, "p" * 256)
    message = Message(alice, bob, 1, 0, NOW_MS, big)
    with pytest.raises(InputTooLargeError):
        sign_message(alice_key, message, max_size=200)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t.rpartition(".")[0],  # two segments
        lambda t: t + ".",  # four segments
        lambda t: t + ".AAAA",
        lambda t: t.rpartition(".")[0] + ".",  # empty signature segment
        lambda t: "." + t.partition(".")[2],  # empty header
        lambda t: t.replace(".", "..", 1),  # empty payload
        lambda t: t.replace(".", "=.", 1),  # padding
        lambda t: t + "=",
        lambda t: t.replace("-", "+").replace("_", "/") if ("-" in t or "_" in t) else t + "+",
        lambda t: t[:10] + " " + t[10:],
        lambda t: t[:10] + "\n" + t[10:],
        lambda t: t[:10] + "é" + t[10:],
        lambda t: t[:-2],  # signature of 62/63 bytes (or impossible base64 length)
        lambda t: t + "A",
        lambda t: t[:-1] + _B64[_B64.index(t[-1]) ^ 1],  # non-zero trailing bits
    ],
)
def test_malformed_structure(mangle: object, alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    token = mangle(alice_to_bob.end_of_candidates())  # type: ignore[operator]
    with pytest.raises(MalformedTokenError):
        bob_receiver.receive(token)


def test_wrong_token_type(bob_receiver: Receiver) -> None:
    with pytest.raises(TypeError):
        bob_receiver.receive(12)  # type: ignore[arg-type]


# -- protected header -----------------------------------------------------------------------------

KID = "UrsX/6UbY32a1rlKG9QlWj6Xh8Idc9cC+GgQ688BAlM="  # alice


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (b'{"alg":"XEd25519","kid":"' + KID.encode() + b'"}', UnsupportedHeaderError),
        (b'{"alg":"XEd25519","typ":"wice-candidates+json"}', UnsupportedHeaderError),
        (
            b'{"alg":"XEd25519","kid":"' + KID.encode() + b'","typ":"wice-candidates+json",'
            b'"crit":["b64"],"b64":false}',
            UnsupportedHeaderError,
        ),
        (
            b'{"alg":"XEd25519","kid":"' + KID.encode() + b'","typ":"wice-candidates+json",'
            b'"jwk":{"kty":"OKP","crv":"X25519","x":"AA"}}',
            UnsupportedHeaderError,
        ),
        (
            b'{"alg":"XEd25519","kid":"' + KID.encode() + b'","typ":"wice-candidates+json",'
            b'"jku":"https://example.invalid/"}',
            UnsupportedHeaderError,
        ),
        *[
            (
                b'{"alg":' + alg + b',"kid":"' + KID.encode() + b'","typ":"wice-candidates+json"}',
                UnsupportedHeaderError,
            )
            for alg in (b'"none"', b'"HS256"', b'"EdDSA"', b'"Ed25519"', b'"VXEd25519"', b"1")
        ],
        (b'{"alg":"XEd25519","kid":"' + KID.encode() + b'","typ":"JWT"}', UnsupportedHeaderError),
        (b'{"alg":"XEd25519","kid":"' + KID.encode() + b'","typ":null}', UnsupportedHeaderError),
        # Duplicate member: the stdlib would silently keep the last one (RFC 7515 §5.2).
        (
            b'{"alg":"none","alg":"XEd25519","kid":"' + KID.encode() + b'",'
            b'"typ":"wice-candidates+json"}',
            MalformedTokenError,
        ),
        (b'["XEd25519"]', MalformedTokenError),
        (b"null", MalformedTokenError),
        (b'{"alg":"XEd25519","kid":NaN,"typ":"wice-candidates+json"}', MalformedTokenError),
        (b'\xef\xbb\xbf{"alg":"XEd25519"}', MalformedTokenError),
        (
            b'{"alg":"XEd25519","kid":"' + KID[:-1].encode() + b'","typ":"wice-candidates+json"}',
            MalformedTokenError,
        ),
        (
            b'{"alg":"XEd25519","kid":"' + KID.encode() + b'\\n","typ":"wice-candidates+json"}',
            MalformedTokenError,
        ),
        (
            b'{"alg":"XEd25519","kid":["' + KID.encode() + b'"],"typ":"wice-candidates+json"}',
            MalformedTokenError,
        ),
        (b"{" * 50 + b"}" * 50, MalformedTokenError),
    ],
)
def test_header_rejections(
    header: bytes, error: type[Exception], alice_token: TokenMaker, bob_receiver: Receiver
) -> None:
    # Correctly signed by alice: the header alone must cause the rejection.
    with pytest.raises(error):
        bob_receiver.receive(alice_token(header))


# -- trust and signatures --------------------------------------------------------------------------


def test_unknown_sender_before_any_crypto(bob: PublicKey, bob_receiver: Receiver) -> None:
    dave = PrivateKey.generate()
    token = Sender(dave, bob, clock=FakeClock()).end_of_candidates()
    with pytest.raises(UnknownSenderError):
        bob_receiver.receive(token)
    # Even a garbage signature is reported as UnknownSender: the key lookup comes first.
    header, payload, _ = segments(token)
    with pytest.raises(UnknownSenderError):
        bob_receiver.receive(join(header, payload, bytes(64)))


def test_every_signature_bit_flip_is_rejected(alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    header, payload, signature = segments(alice_to_bob.end_of_candidates())
    for index in range(64):
        for bit in (0, 7):
            flipped = bytearray(signature)
            flipped[index] ^= 1 << bit
            with pytest.raises(BadSignatureError):
                bob_receiver.receive(join(header, payload, bytes(flipped)))


def test_every_payload_byte_flip_is_rejected(alice_to_bob: Sender, bob_receiver: Receiver) -> None:
    header, payload, signature = segments(alice_to_bob.candidate(CANDIDATE))
    for index in range(len(payload)):
        flipped = bytearray(payload)
        flipped[index] ^= 0x01
        with pytest.raises(BadSignatureError):
            bob_receiver.receive(join(header, bytes(flipped), signature))


def test_header_edits_are_rejected(
    alice_to_bob: Sender, bob_receiver: Receiver, carol: PublicKey
) -> None:
    header, payload, signature = segments(alice_to_bob.end_of_candidates())
    # Swap kid to another *trusted* key: the signature no longer matches.
    swapped = header.replace(json.loads(header)["kid"].encode(), carol.to_wireguard().encode())
    with pytest.raises(BadSignatureError):
        bob_receiver.receive(join(swapped, payload, signature))
    # Same JSON value, different bytes (whitespace, member order): never re-serialized.
    for variant in (
        header.replace(b",", b", "),
        b'{"typ":"wice-candidates+json",'
        + header[1:].replace(b',"typ":"wice-candidates+json"', b""),
    ):
        assert json.loads(variant) == json.loads(header)
        with pytest.raises(BadSignatureError):
            bob_receiver.receive(join(variant, payload, signature))
    for index in range(len(header)):
        flipped = bytearray(header)
        flipped[index] ^= 0x01
        with pytest.raises(WiceError):
            bob_receiver.receive(join(bytes(flipped), payload, signature))


def test_libsignal_style_signature_is_rejected(
    alice_to_bob: Sender, bob_receiver: Receiver
) -> None:
    header, payload, signature = segments(alice_to_bob.end_of_candidates())
    legacy = signature[:63] + bytes([signature[63] | 0x80])
    with pytest.raises(BadSignatureError):
        bob_receiver.receive(join(header, payload, legacy))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_token_mutations_raise_only_typed_errors(data: st.DataObject) -> None:
    alice_key = PrivateKey.from_wireguard("IBWz3RuOaNUK1b/OhNKfFnjtBhK1Ct0INWR+se20D34=")
    bob_key = PrivateKey.from_wireguard("ULzioZvBBu9fCC91EhtfwFZnVVgENfG2ZmAX/r3A8ks=")
    clock = FakeClock()
    token = Sender(alice_key, bob_key.public_key(), clock=clock).candidate(data.draw(candidates()))
    receiver = Receiver(bob_key.public_key(), [alice_key.public_key()], clock=clock)
    index = data.draw(st.integers(0, len(token) - 1))
    char = data.draw(st.characters(codec="ascii"))
    mutated = token[:index] + char + token[index + 1 :]
    try:
        receiver.receive(mutated)
    except WiceError:
        return
    assert mutated == token or char == token[index]


# -- payload schema (checked only after the signature verified) -----------------------------------


def _with(obj: dict[str, object], **changes: object) -> dict[str, object]:
    out = dict(obj)
    for name, value in changes.items():
        if value is _DROP:
            del out[name]
        else:
            out[name] = value
    return out


_DROP = object()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"proto": "wice"}, MalformedPayloadError),
        ({"proto": "xeddsa-other-protocol"}, MalformedPayloadError),
        ({"v": 2}, MalformedPayloadError),
        ({"v": True}, MalformedPayloadError),
        ({"v": "1"}, MalformedPayloadError),
        ({"session": -1}, MalformedPayloadError),
        ({"session": False}, MalformedPayloadError),
        ({"seq": "0"}, MalformedPayloadError),
        ({"seq": None}, MalformedPayloadError),
        ({"ts": [NOW_MS]}, MalformedPayloadError),
        ({"seq": _DROP}, MalformedPayloadError),
        ({"recipient": _DROP}, MalformedPayloadError),
        ({"end_of_candidates": _DROP}, MalformedPayloadError),  # no body
        ({"end_of_candidates": False}, MalformedPayloadError),
        ({"end_of_candidates": 1}, MalformedPayloadError),
        ({"candidate": {}}, MalformedPayloadError),  # two bodies
        ({"extra": 1}, MalformedPayloadError),
        ({"signature": ""}, MalformedPayloadError),  # era A1's unused member
        ({"sender": 1}, MalformedPayloadError),
        ({"recipient": "SwY+u/Dr8tItssZvrkA+yMvJ6ZQCztd7qCtawE3qqy8"}, MalformedPayloadError),
        ({"recipient": "SwY-u_Dr8tItssZvrkA-yMvJ6ZQCztd7qCtawE3qqy8="}, MalformedPayloadError),
        (
            {
                "end_of_candidates": _DROP,
                "credentials": {"ufrag": "abc", "pwd": "a" * 22, "need_creds": False},
            },
            MalformedCredentialsError,
        ),
        (
            {"end_of_candidates": _DROP, "credentials": {"ufrag": "abcd", "pwd": "a" * 22}},
            MalformedCredentialsError,
        ),
        (
            {
                "end_of_candidates": _DROP,
                "credentials": {"ufrag": "abcd", "pwd": "a" * 22, "need_creds": 0},
            },
            MalformedCredentialsError,
        ),
        (
            {"end_of_candidates": _DROP, "candidate": {**CANDIDATE.to_json(), "port": 70000}},
            MalformedCandidateError,
        ),
        (
            {
                "end_of_candidates": _DROP,
                "candidate": {**CANDIDATE.to_json(), "address": "a.local"},
            },
            MalformedCandidateError,
        ),
    ],
)
def test_payload_schema_rejections(
    changes: dict[str, object],
    error: type[Exception],
    alice_token: TokenMaker,
    bob_receiver: Receiver,
) -> None:
    with pytest.raises(error):
        bob_receiver.receive(alice_token(None, **changes))


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[]",
        b'"text"',
        b'{"proto":"wice-candidates","proto":"wice-candidates"}',
        b'{"ts":NaN}',
        b'{"ts":1.5}',
        b'{"seq":9007199254740992}',
        b"\xef\xbb\xbf{}",
        b"\xff\xfe{}",
        b"[" * 1000,
    ],
)
def test_payload_json_rejections(
    payload: bytes, alice_key: PrivateKey, alice: PublicKey, bob_receiver: Receiver
) -> None:
    with pytest.raises(MalformedPayloadError):
        bob_receiver.receive(signed(alice_key, header_for(alice), payload))


def test_payload_numbers_at_the_edges(
    alice_key: PrivateKey, alice: PublicKey, bob: PublicKey, bob_receiver: Receiver
) -> None:
    top = 2**53 - 1
    token = signed(
        alice_key,
        header_for(alice),
        dumps(payload_obj(alice, bob, session=top, seq=top, ts=NOW_MS)),
    )
    message = bob_receiver.receive(token)
    assert (message.session, message.seq) == (top, top)


# -- binding of sender and recipient --------------------------------------------------------------


def test_trusted_key_claiming_another_sender(
    carol_key: PrivateKey,
    alice: PublicKey,
    bob: PublicKey,
    carol: PublicKey,
    bob_receiver: Receiver,
) -> None:
    # carol (trusted) signs under her own kid but claims to be alice in the payload.
    token = signed(carol_key, header_for(carol), dumps(payload_obj(alice, bob, ts=NOW_MS)))
    with pytest.raises(SenderMismatchError):
        bob_receiver.receive(token)


def test_message_for_another_recipient(
    alice_key: PrivateKey, carol: PublicKey, bob_receiver: Receiver, clock: FakeClock
) -> None:
    token = Sender(alice_key, carol, clock=clock).end_of_candidates()
    with pytest.raises(WrongRecipientError):
        bob_receiver.receive(token)


def test_sign_message_checks_the_key(
    alice_key: PrivateKey, bob: PublicKey, carol: PublicKey
) -> None:
    with pytest.raises(SenderMismatchError):
        sign_message(alice_key, Message(carol, bob, 1, 0, NOW_MS, EndOfCandidates()))
    with pytest.raises(TypeError):
        sign_message("key", Message(carol, bob, 1, 0, NOW_MS, EndOfCandidates()))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "change",
    [{"session": -1}, {"seq": 2**53}, {"ts": True}, {"seq": 1.0}],
)
def test_message_constructor_validates(
    change: dict[str, Any], alice: PublicKey, bob: PublicKey
) -> None:
    message = Message(alice, bob, 1, 0, NOW_MS, EndOfCandidates())
    with pytest.raises(MalformedPayloadError):
        dataclasses.replace(message, **change)
    with pytest.raises(TypeError):
        dataclasses.replace(message, body="eoc")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dataclasses.replace(message, sender=alice.to_wireguard())  # type: ignore[arg-type]


@budget
@given(credentials)
def test_credentials_round_trip_through_tokens(creds: Credentials) -> None:
    alice_key = PrivateKey.from_wireguard("IBWz3RuOaNUK1b/OhNKfFnjtBhK1Ct0INWR+se20D34=")
    bob = PublicKey.from_wireguard("SwY+u/Dr8tItssZvrkA+yMvJ6ZQCztd7qCtawE3qqy8=")
    clock = FakeClock()
    token = Sender(alice_key, bob, clock=clock).credentials(creds)
    assert Receiver(bob, [alice_key.public_key()], clock=clock).receive(token).body == creds


@budget
@given(candidates())
def test_candidates_round_trip_through_tokens(candidate: Candidate) -> None:
    alice_key = PrivateKey.from_wireguard("IBWz3RuOaNUK1b/OhNKfFnjtBhK1Ct0INWR+se20D34=")
    bob = PublicKey.from_wireguard("SwY+u/Dr8tItssZvrkA+yMvJ6ZQCztd7qCtawE3qqy8=")
    clock = FakeClock()
    token = Sender(alice_key, bob, clock=clock).candidate(candidate)
    assert len(token) < MAX_TOKEN_SIZE
    assert Receiver(bob, [alice_key.public_key()], clock=clock).receive(token).body == candidate


def test_payload_b64_is_exactly_what_was_signed(alice_to_bob: Sender) -> None:
    token = alice_to_bob.end_of_candidates()
    _, payload_b64, _ = token.split(".")
    assert b64(unb64(payload_b64)) == payload_b64


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_non_ascii_byte_token_is_malformed(
    kind: type, alice_to_bob: Sender, bob_receiver: Receiver
) -> None:
    token = alice_to_bob.end_of_candidates().encode("ascii")
    # A Latin-1 byte in the signature segment (the rest is intact): refused before base64url.
    broken = kind(token[:-1] + b"\xe9")
    with pytest.raises(MalformedTokenError, match="token must be ASCII"):
        split_token(broken)
    with pytest.raises(MalformedTokenError, match="token must be ASCII"):
        bob_receiver.receive(broken)
    # The intact token, as the same buffer type, is accepted.
    assert bob_receiver.receive(kind(token)).sender == alice_to_bob.public_key
