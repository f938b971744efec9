"""xeddsa.jose.deserialize_compact / deserialize_json / parse_*: hostile tokens give JoseError only.

joserfc's own ``jws.deserialize_compact`` and ``jws.deserialize_json`` raise
builtins (``TypeError``, ``ValueError``, ``KeyError``, ``AttributeError``) on these tokens.  The
``*_leaks`` tests pin that upstream behaviour (the list in docs/guides/jose.rst); the other tests
require the safe wrappers to raise :class:`joserfc.errors.JoseError` subclasses only.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Final

import pytest
from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jws import JWSRegistry

import xeddsa
from xeddsa import InvalidSignature, PrivateKey, PublicKey
from xeddsa.jose import (
    MalformedJWSError,
    deserialize_compact,
    deserialize_json,
    okp_key,
    parse_compact,
    parse_json,
)
from xeddsa.jose._safe import raised_in_joserfc

CRASHES: Final = Path(__file__).resolve().parents[2] / "fuzz" / "crashes"
SIG64: Final = "A" * 86  # 64 zero bytes


def b64(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def compact(header: str, payload: str = "e30", signature: str = SIG64) -> str:
    return f"{b64(header)}.{payload}.{signature}"


def flattened(header: str) -> dict[str, Any]:
    return {"payload": "e30", "protected": b64(header), "signature": SIG64}


#: Protected headers (JSON text) on which joserfc 1.8.0 raises a builtin exception.
HOSTILE_HEADERS: Final = {
    "header_is_array": '["alg"]',
    "crit_is_int": '{"alg":"XEd25519","crit":5}',
    "crit_holds_int": '{"alg":"XEd25519","crit":[5]}',
    "crit_holds_array": '{"alg":"XEd25519","crit":[[1]]}',
    "crit_int_b64_false": '{"alg":"VXEd25519","crit":[1264],"b64":false}',
    "header_is_string": '"x"',
    "header_is_number": "5",
}
PROTECTED: Final = b64('{"alg":"XEd25519"}')
#: Every builtin leak measured with joserfc 1.8.0 (docs/guides/jose.rst lists the same table).
COMPACT_LEAKS: Final[dict[str, tuple[str, type[Exception]]]] = {
    "header_is_array": ("WyJhbGciXQ.e30.AAAA", TypeError),
    "crit_is_int": (compact(HOSTILE_HEADERS["crit_is_int"]), TypeError),
    "crit_holds_int": (compact(HOSTILE_HEADERS["crit_holds_int"]), TypeError),
    "crit_holds_array": (compact(HOSTILE_HEADERS["crit_holds_array"]), TypeError),
}
JSON_LEAKS: Final[dict[str, tuple[Any, type[Exception]]]] = {
    **{
        name: (flattened(HOSTILE_HEADERS[name]), error)
        for name, error in (
            ("header_is_array", ValueError),
            ("header_is_string", ValueError),
            ("header_is_number", TypeError),
            ("crit_is_int", TypeError),
            ("crit_holds_int", TypeError),
            ("crit_int_b64_false", TypeError),
        )
    },
    "no_payload": ({"protected": PROTECTED, "signature": SIG64}, KeyError),
    "payload_not_string": (
        {"payload": 1, "signatures": [{"protected": PROTECTED, "signature": SIG64}]},
        AttributeError,
    ),
    "no_signature": ({"payload": "e30", "signatures": [{"protected": PROTECTED}]}, KeyError),
    "signature_not_base64url": (
        {"payload": "e30", "protected": PROTECTED, "signature": "!!!!!"},
        ValueError,  # binascii.Error
    ),
    "signature_not_string": (
        {"payload": "e30", "protected": PROTECTED, "signature": 5},
        ValueError,  # binascii.Error
    ),
    "protected_not_base64url": (
        {"payload": "e30", "protected": "!!!!", "signature": SIG64},
        ValueError,  # binascii.Error
    ),
    "unprotected_header_is_number": (
        {"payload": "e30", "protected": PROTECTED, "header": 5, "signature": SIG64},
        TypeError,
    ),
    "unprotected_header_is_list": (
        {"payload": "e30", "protected": PROTECTED, "header": [1], "signature": SIG64},
        TypeError,
    ),
    "signatures_is_number": ({"payload": "e30", "signatures": 5}, TypeError),
    "signature_entry_is_number": ({"payload": "e30", "signatures": [5]}, TypeError),
    "value_is_list": ([1], AttributeError),
}
CRASH_FILES: Final = sorted(CRASHES.glob("*.json"))


@pytest.fixture(scope="module")
def key() -> PrivateKey:
    return PrivateKey.from_private_bytes(bytes(range(32)))


@pytest.mark.parametrize("name", sorted(COMPACT_LEAKS))
def test_plain_joserfc_compact_leaks(registry: JWSRegistry, key: PrivateKey, name: str) -> None:
    """The upstream defect the safe wrappers exist for (update the docs when this changes)."""
    token, error = COMPACT_LEAKS[name]
    with pytest.raises(error) as info:
        jws.deserialize_compact(token, okp_key(key.public_key()), registry=registry)
    assert not isinstance(info.value, JoseError)
    assert raised_in_joserfc(info.value)


@pytest.mark.parametrize("name", sorted(JSON_LEAKS))
def test_plain_joserfc_json_leaks(registry: JWSRegistry, key: PrivateKey, name: str) -> None:
    value, error = JSON_LEAKS[name]
    with pytest.raises(error) as info:
        jws.deserialize_json(value, okp_key(key.public_key()), registry=registry)
    assert not isinstance(info.value, JoseError)
    assert raised_in_joserfc(info.value)


@pytest.mark.parametrize("name", sorted(COMPACT_LEAKS))
def test_safe_compact_on_every_leak(registry: JWSRegistry, key: PrivateKey, name: str) -> None:
    token, _ = COMPACT_LEAKS[name]
    with pytest.raises(MalformedJWSError):
        deserialize_compact(token, key.public_key(), registry=registry)


@pytest.mark.parametrize("name", sorted(JSON_LEAKS))
def test_safe_json_on_every_leak(registry: JWSRegistry, key: PrivateKey, name: str) -> None:
    value, _ = JSON_LEAKS[name]
    with pytest.raises(MalformedJWSError):
        deserialize_json(value, key.public_key(), registry=registry)
    with pytest.raises(MalformedJWSError):
        deserialize_json(json.dumps(value), key.public_key(), registry=registry)


@pytest.mark.parametrize("path", CRASH_FILES, ids=[p.name for p in CRASH_FILES])
def test_plain_joserfc_leaks_on_fuzz_crashes(
    registry: JWSRegistry, key: PrivateKey, path: Path
) -> None:
    with pytest.raises((KeyError, AttributeError)) as info:
        jws.deserialize_json(
            json.loads(path.read_text()), okp_key(key.public_key()), registry=registry
        )
    assert raised_in_joserfc(info.value)


@pytest.mark.parametrize("name", sorted(HOSTILE_HEADERS))
def test_safe_compact_raises_jose_error(registry: JWSRegistry, key: PrivateKey, name: str) -> None:
    token = compact(HOSTILE_HEADERS[name])
    with pytest.raises(MalformedJWSError) as info:
        deserialize_compact(token, okp_key(key.public_key()), registry=registry)
    assert isinstance(info.value, JoseError) and isinstance(info.value, InvalidSignature)
    assert "\n" not in str(info.value)
    assert info.value.__cause__ is None  # refused by our parser, joserfc never ran


@pytest.mark.parametrize("name", sorted(HOSTILE_HEADERS))
def test_safe_json_raises_jose_error(registry: JWSRegistry, key: PrivateKey, name: str) -> None:
    obj = flattened(HOSTILE_HEADERS[name])
    for value in (obj, json.dumps(obj), json.dumps(obj).encode()):
        with pytest.raises(MalformedJWSError):
            deserialize_json(value, okp_key(key.public_key()), registry=registry)


@pytest.mark.parametrize("path", CRASH_FILES, ids=[p.name for p in CRASH_FILES])
def test_safe_json_on_fuzz_crashes(registry: JWSRegistry, key: PrivateKey, path: Path) -> None:
    with pytest.raises(MalformedJWSError):
        deserialize_json(path.read_text(), okp_key(key.public_key()), registry=registry)


def test_the_issue_token_verbatim(registry: JWSRegistry, key: PrivateKey) -> None:
    with pytest.raises(TypeError):
        jws.deserialize_compact("WyJhbGciXQ.e30.AAAA", okp_key(key.public_key()), registry=registry)
    with pytest.raises(MalformedJWSError, match="JSON top level must be an object"):
        deserialize_compact("WyJhbGciXQ.e30.AAAA", key.public_key(), registry=registry)
    with pytest.raises(MalformedJWSError):
        parse_compact("WyJhbGciXQ.e30.AAAA")


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ('{"alg":"XEd25519","crit":[]}', "non-empty array"),
        ('{"alg":"XEd25519","crit":null}', "non-empty array"),
        ('{"alg":"XEd25519","crit":["x","x"],"x":1}', "twice"),
        ('{"alg":"XEd25519","crit":["kid"],"kid":"a"}', "RFC 7515 defines"),
        ('{"alg":"XEd25519","crit":["exp"]}', "lacks"),
        ('{"alg":"XEd25519","crit":[["b64"]]}', "strings only"),
        ('{"alg":"XEd25519","b64":false}', "listed in 'crit'"),
        ('{"alg":"XEd25519","b64":0,"crit":["b64"]}', "true or false"),
        ('{"alg":5}', "'alg' missing or not a string"),
        ("{}", "'alg' missing"),
        ('{"alg":"XEd25519","alg":"XEd25519"}', "duplicate"),
    ],
)
def test_header_rules(header: str, fragment: str) -> None:
    with pytest.raises(MalformedJWSError, match=fragment):
        parse_compact(compact(header))
    with pytest.raises(MalformedJWSError, match=fragment):
        parse_json(flattened(header))


@pytest.mark.parametrize(
    ("token", "fragment"),
    [
        ("a.b", "three"),
        ("a.b.c.d", "three"),
        (compact('{"alg":"XEd25519"}', payload="e30="), "payload"),
        (compact('{"alg":"XEd25519"}', signature=SIG64 + "="), "signature"),
        (compact('{"alg":"XEd25519"}', signature="AB"), "signature"),
        (b"\xff.e30." + SIG64.encode(), "UTF-8"),
        (5, "str or bytes"),
    ],
)
def test_compact_structure_rules(token: Any, fragment: str) -> None:
    with pytest.raises(MalformedJWSError, match=fragment):
        parse_compact(token)


def test_compact_size_cap() -> None:
    token = compact('{"alg":"XEd25519"}')
    with pytest.raises(MalformedJWSError, match="longer than"):
        parse_compact(token, max_size=len(token) - 1)
    with pytest.raises(MalformedJWSError, match="larger than"):
        parse_compact(token.encode(), max_size=len(token) - 1)
    assert parse_compact(token, max_size=len(token)).payload == b"{}"


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        ({"protected": b64('{"alg":"XEd25519"}'), "signature": SIG64}, "'payload'"),
        ({"payload": 1, "protected": b64('{"alg":"XEd25519"}'), "signature": SIG64}, "'payload'"),
        ({"payload": "e30", "protected": b64('{"alg":"XEd25519"}')}, "'signature'"),
        ({"payload": "e30", "signature": SIG64}, "neither"),
        ({"payload": "e30", "header": [], "signature": SIG64}, "'header'"),
        ({"payload": "e30", "protected": 5, "signature": SIG64}, "'protected'"),
        ({**flattened('{"alg":"XEd25519"}'), "extra": 1}, "unexpected"),
        ({"payload": "e30", "signatures": []}, "non-empty array"),
        ({"payload": "e30", "signatures": {}}, "non-empty array"),
        ({"payload": "e30", "signatures": [5]}, "JSON object"),
        ({"payload": "e30", "signatures": [flattened('{"alg":"XEd25519"}')]}, "unexpected"),
        ({"payload": "e30", "signatures": [], "x": 1}, "unexpected"),
        (
            {
                "payload": "e30",
                "protected": b64('{"alg":"XEd25519"}'),
                "header": {"crit": ["x"], "x": 1},
                "signature": SIG64,
            },
            "protected header",
        ),
        (
            {
                "payload": "e30",
                "protected": b64('{"alg":"XEd25519"}'),
                "header": {"b64": False},
                "signature": SIG64,
            },
            "protected header",
        ),
        (
            {
                "payload": "e30",
                "protected": b64('{"alg":"XEd25519"}'),
                "header": {"alg": "XEd25519"},
                "signature": SIG64,
            },
            "both headers",
        ),
        ({1: "x"}, "names must be strings"),
    ],
)
def test_json_structure_rules(obj: Any, fragment: str) -> None:
    with pytest.raises(MalformedJWSError, match=fragment):
        parse_json(obj)


def test_json_text_rules() -> None:
    obj = flattened('{"alg":"XEd25519"}')
    text = json.dumps(obj)
    assert parse_json(text).payload == b"{}"
    with pytest.raises(MalformedJWSError, match="duplicate"):
        parse_json(text[:-1] + ', "payload": "e30"}')
    with pytest.raises(MalformedJWSError, match="longer than"):
        parse_json(text, max_size=10)
    with pytest.raises(MalformedJWSError, match="larger than"):
        parse_json(text.encode(), max_size=10)
    with pytest.raises(MalformedJWSError, match="top level"):
        parse_json("[]")


def test_b64_must_agree_between_signatures() -> None:
    plain = {"protected": b64('{"alg":"XEd25519"}'), "signature": SIG64}
    unencoded = {
        "protected": b64('{"alg":"XEd25519","b64":false,"crit":["b64"]}'),
        "signature": SIG64,
    }
    with pytest.raises(MalformedJWSError, match="differs"):
        parse_json({"payload": "e30", "signatures": [plain, unencoded]})
    parsed = parse_json({"payload": "e30", "signatures": [unencoded]})
    assert parsed.payload == b"e30"


def test_parsed_fields(key: PrivateKey, registry: JWSRegistry) -> None:
    token = jws.serialize_compact(
        {"alg": "XEd25519", "kid": "k"}, b"hi", okp_key(key), registry=registry
    )
    parsed = parse_compact(token)
    assert parsed.payload == b"hi" and parsed.payload_segment == token.split(".")[1]
    (signature,) = parsed.signatures
    assert signature.alg == "XEd25519" and signature.protected == {"alg": "XEd25519", "kid": "k"}
    assert signature.header is None and len(signature.signature) == 64
    general = {
        "payload": "e30",
        "signatures": [{"header": {"alg": "XEd25519"}, "signature": SIG64}],
    }
    (entry,) = parse_json(general).signatures
    assert entry.alg == "XEd25519" and entry.protected == {} and entry.protected_segment == ""


def test_valid_tokens_verify(key: PrivateKey, registry: JWSRegistry) -> None:
    signer = okp_key(key)
    public = key.public_key()
    token = jws.serialize_compact({"alg": "XEd25519"}, b"hello", signer, registry=registry)
    assert deserialize_compact(token, public, registry=registry).payload == b"hello"
    assert (
        deserialize_compact(token.encode(), okp_key(public), registry=registry).payload == b"hello"
    )
    general = jws.serialize_json(
        [{"protected": {"alg": "VXEd25519"}}], b"hi", signer, registry=registry
    )
    assert deserialize_json(general, public, registry=registry).payload == b"hi"
    flat = jws.serialize_json({"protected": {"alg": "XEd25519"}}, b"hi", signer, registry=registry)
    assert deserialize_json(json.dumps(flat), public, registry=registry).payload == b"hi"
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BA")
    with pytest.raises(BadSignatureError):
        deserialize_compact(tampered, public, registry=registry)


def test_default_size_limit_follows_the_registry(key: PrivateKey, registry: JWSRegistry) -> None:
    token = jws.serialize_compact(
        {"alg": "XEd25519"}, b"x" * 90_000, okp_key(key), registry=registry
    )
    assert len(token) > 64 * 1024  # above parse_compact's own default
    assert deserialize_compact(token, key.public_key(), registry=registry).payload == b"x" * 90_000
    with pytest.raises(MalformedJWSError, match="longer than 100"):
        deserialize_compact(token, key.public_key(), registry=registry, max_size=100)
    with pytest.raises(MalformedJWSError, match="longer than 100"):
        text = json.dumps({"payload": "x" * 200})
        deserialize_json(text, key.public_key(), registry=registry, max_size=100)


def test_a_leak_from_joserfc_code_becomes_malformed(
    monkeypatch: pytest.MonkeyPatch, key: PrivateKey, registry: JWSRegistry
) -> None:
    """Defence in depth: a builtin raised inside joserfc after our parser passed the token."""
    from joserfc.registry import check_crit_header

    def leaky_check(self: JWSRegistry, header: dict[str, Any]) -> None:
        check_crit_header({}, {"crit": 5})  # joserfc's own code raises TypeError here

    monkeypatch.setattr(type(registry), "check_header", leaky_check)
    token = jws.serialize_compact({"alg": "XEd25519"}, b"x", okp_key(key), registry=isolated())
    with pytest.raises(MalformedJWSError, match="TypeError") as info:
        deserialize_compact(token, key.public_key(), registry=registry)
    assert isinstance(info.value.__cause__, TypeError)
    obj = jws.serialize_json(
        {"protected": {"alg": "XEd25519"}}, b"x", okp_key(key), registry=isolated()
    )
    with pytest.raises(MalformedJWSError, match="TypeError"):
        deserialize_json(obj, key.public_key(), registry=registry)


def test_a_builtin_from_our_code_is_not_masked(
    monkeypatch: pytest.MonkeyPatch, key: PrivateKey, registry: JWSRegistry
) -> None:
    def buggy_check(self: JWSRegistry, header: dict[str, Any]) -> None:
        raise TypeError("a bug outside joserfc")

    monkeypatch.setattr(type(registry), "check_header", buggy_check)
    token = jws.serialize_compact({"alg": "XEd25519"}, b"x", okp_key(key), registry=isolated())
    with pytest.raises(TypeError, match="a bug outside joserfc"):
        deserialize_compact(token, key.public_key(), registry=registry)
    obj = jws.serialize_json(
        {"protected": {"alg": "XEd25519"}}, b"x", okp_key(key), registry=isolated()
    )
    with pytest.raises(TypeError, match="a bug outside joserfc"):
        deserialize_json(obj, key.public_key(), registry=registry)
    assert not raised_in_joserfc(TypeError("never raised"))


def isolated() -> JWSRegistry:
    return xeddsa.jose.isolated_registry()


def test_torsioned_public_key_is_refused(registry: JWSRegistry) -> None:
    """An xeddsa.PublicKey imported without the subgroup check is re-checked."""
    from tests.strategies import mixed_order_key

    weak = PublicKey.from_public_bytes(mixed_order_key("safe")[0], check_subgroup=False)
    token = compact('{"alg":"XEd25519"}')
    with pytest.raises(JoseError):
        deserialize_compact(token, weak, registry=registry)


def test_unencoded_payload_rfc7797(key: PrivateKey, registry: JWSRegistry) -> None:
    """``b64: false`` passes the parser when listed in ``crit``; joserfc verifies it as usual."""
    header = {"alg": "XEd25519", "b64": False, "crit": ["b64"]}
    token = jws.serialize_compact(header, b"plain-text", okp_key(key), registry=registry)
    parsed = parse_compact(token)
    assert parsed.payload == b"plain-text" == parsed.payload_segment.encode()
    assert deserialize_compact(token, key.public_key(), registry=registry).payload == b"plain-text"
    protected = token.split(".")[0]
    with pytest.raises(MalformedJWSError, match="ASCII payload"):
        parse_compact(f"{protected}.caf\u00e9.{SIG64}")
