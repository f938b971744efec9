"""verify_vxed25519: strict VXEd25519 JWS verification returning payload, headers and VRF output."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc import jws
from joserfc.jwk import KeySet, OctKey, OKPKey
from joserfc.jws import JWSRegistry

import xeddsa.vxeddsa
from tests.jose.support import b64u, private_okp_with_low_order_x, signing_input, unb64u
from xeddsa import InvalidKey, InvalidSignature, PrivateKey, PublicKey, vxeddsa
from xeddsa.jose import (
    VXEd25519Result,
    isolated_registry,
    okp_key,
    verify_vxed25519,
)
from xeddsa.jose._strict import MAX_TOKEN_SIZE

ALG = "VXEd25519"




def handmade(header_json: str, payload: bytes, key: PrivateKey) -> str:
    """A compact VXEd25519 JWS over exact header bytes, signed with the core VXEdDSA API."""
    signing_input = f"{b64u(header_json.encode())}.{b64u(payload)}"
    return f"{signing_input}.{b64u(xeddsa.vxeddsa.sign(key, signing_input.encode()))}"


@pytest.fixture(scope="module")
def token(signer: OKPKey, registry: JWSRegistry) -> str:
    return jws.serialize_compact({"alg": ALG}, b"vrf input", signer, registry=registry)


def test_compact_result_matches_core(token: str, public_key: PublicKey, verifier: OKPKey) -> None:
    result = verify_vxed25519(token, public_key)
    assert isinstance(result, VXEd25519Result)
    assert result.payload == b"vrf input"
    assert result.protected == {"alg": ALG}
    assert result.header is None
    signing_input, sig = token.rsplit(".", 1)
    expected = xeddsa.vxeddsa.verify(public_key, unb64u(sig), signing_input.encode("ascii"))
    assert result.vrf_output == expected
    assert len(result.vrf_output) == 32
    # The same through every accepted input form.
    assert verify_vxed25519(token.encode(), public_key).vrf_output == expected
    assert verify_vxed25519(token, verifier).vrf_output == expected
    assert verify_vxed25519(token, KeySet([verifier])).vrf_output == expected


def test_vrf_output_stable_across_resigning(signer: OKPKey, registry: JWSRegistry) -> None:
    outputs = set()
    signatures = set()
    for _ in range(4):
        t = jws.serialize_compact({"alg": ALG}, b"same", signer, registry=registry)
        signatures.add(t.rsplit(".", 1)[1])
        outputs.add(verify_vxed25519(t, signer).vrf_output)
    assert len(signatures) == 4  # h and s are randomized
    assert len(outputs) == 1  # v is not


def test_vrf_output_depends_on_exact_header_bytes(
    private_key: PrivateKey, public_key: PublicKey
) -> None:
    # The uniqueness caveat: same payload, different protected-header bytes, different v.
    a = verify_vxed25519(handmade('{"alg":"VXEd25519"}', b"m", private_key), public_key)
    b = verify_vxed25519(handmade('{"alg":"VXEd25519","kid":"k"}', b"m", private_key), public_key)
    c = verify_vxed25519(handmade('{"alg": "VXEd25519"}', b"m", private_key), public_key)
    d = verify_vxed25519(handmade('{"alg":"VXEd25519"}', b"m", private_key), public_key)
    assert a.payload == b.payload == c.payload == b"m"
    assert len({a.vrf_output, b.vrf_output, c.vrf_output}) == 3
    assert a.vrf_output == d.vrf_output


def test_different_keys_give_different_outputs(
    private_key: PrivateKey, other_private_key: PrivateKey
) -> None:
    header = '{"alg":"VXEd25519"}'
    a = verify_vxed25519(handmade(header, b"m", private_key), private_key.public_key())
    b = verify_vxed25519(handmade(header, b"m", other_private_key), other_private_key.public_key())
    assert a.vrf_output != b.vrf_output


def test_flattened_and_general_json(
    signer: OKPKey, public_key: PublicKey, registry: JWSRegistry
) -> None:
    flat = jws.serialize_json(
        {"protected": {"alg": ALG}, "header": {"kid": "k1"}}, b"json", signer, registry=registry
    )
    result = verify_vxed25519(flat, public_key)
    assert result.payload == b"json" and result.header == {"kid": "k1"}
    signing_input = f"{flat['protected']}.{flat['payload']}".encode()
    expected = xeddsa.vxeddsa.verify(public_key, unb64u(flat["signature"]), signing_input)
    assert result.vrf_output == expected
    assert verify_vxed25519(json.dumps(flat), public_key).vrf_output == expected
    entry = {
        "protected": flat["protected"],
        "header": flat["header"],
        "signature": flat["signature"],
    }
    general = {"payload": flat["payload"], "signatures": [entry]}
    assert verify_vxed25519(general, public_key).vrf_output == expected
    # joserfc agrees that both are valid.
    assert jws.deserialize_json(flat, signer, registry=registry).payload == b"json"


def test_key_set_selection(
    private_key: PrivateKey, other_private_key: PrivateKey, registry: JWSRegistry
) -> None:
    keys = KeySet(
        [
            okp_key(private_key.public_key(), kid="a"),
            okp_key(other_private_key.public_key(), kid="b"),
        ]
    )
    t = handmade('{"alg":"VXEd25519","kid":"b"}', b"ks", other_private_key)
    assert verify_vxed25519(t, keys).payload == b"ks"
    with pytest.raises(InvalidSignature):  # kid names the wrong key
        verify_vxed25519(handmade('{"alg":"VXEd25519","kid":"a"}', b"ks", other_private_key), keys)
    with pytest.raises(InvalidSignature):  # unknown kid
        verify_vxed25519(handmade('{"alg":"VXEd25519","kid":"z"}', b"ks", private_key), keys)
    with pytest.raises(InvalidSignature):  # no kid, several keys
        verify_vxed25519(handmade('{"alg":"VXEd25519"}', b"ks", private_key), keys)
    with pytest.raises(InvalidSignature):  # kid not a string
        verify_vxed25519(handmade('{"alg":"VXEd25519","kid":1}', b"ks", private_key), keys)
    ed = OKPKey.generate_key("Ed25519", parameters={"kid": "ed"})
    with pytest.raises(InvalidSignature):  # kid selects an Ed25519 key: alg confusion
        verify_vxed25519(
            handmade('{"alg":"VXEd25519","kid":"ed"}', b"ks", private_key), KeySet([ed])
        )


def test_caller_key_problems_are_invalid_key(token: str, private_key: PrivateKey) -> None:
    public_jwk = okp_key(private_key.public_key()).as_dict()
    for bad in (
        OKPKey.import_key({**public_jwk, "use": "enc"}),
        OKPKey.import_key({**public_jwk, "key_ops": ["deriveKey"]}),
        OKPKey.import_key({**public_jwk, "alg": "XEd25519"}),
        OKPKey.generate_key("Ed25519"),
        OKPKey.import_key({"kty": "OKP", "crv": "X25519", "x": b64u(bytes(32))}),
    ):
        with pytest.raises(InvalidKey):
            verify_vxed25519(token, bad)
    with pytest.raises(TypeError):
        verify_vxed25519(token, private_key.public_key().public_bytes())  # type: ignore[arg-type]


def test_registry_argument(token: str, public_key: PublicKey) -> None:
    assert verify_vxed25519(token, public_key, registry=isolated_registry()).payload
    with pytest.raises(InvalidSignature):
        verify_vxed25519(token, public_key, registry=isolated_registry(("XEd25519",)))
    with pytest.raises(InvalidSignature):  # VXEd25519 unknown to this registry
        verify_vxed25519(token, public_key, registry=JWSRegistry(algorithms=["Ed25519"]))


def _bad_tokens(token: str, private_key: PrivateKey) -> list[tuple[str, Any]]:
    h, p, s = token.split(".")
    raw = unb64u(s)
    cases: list[tuple[str, Any]] = [
        ("two segments", f"{h}.{p}"),
        ("four segments", f"{h}.{p}.{s}.{s}"),
        ("empty signature", f"{h}.{p}."),
        ("padded signature", f"{h}.{p}.{s}=="),
        ("padded header", f"{h}=.{p}.{s}"),
        ("std alphabet", f"{h}.{p}.{s[:-1]}+"),
        ("newline", f"{h}.{p}.{s[:64]}\n{s[64:]}"),
        ("trailing bits", f"{h}.{p[:-1]}{chr(ord(p[-1]) + 1)}.{s}"),
        ("short signature", f"{h}.{p}.{b64u(raw[:-1])}"),
        ("long signature", f"{h}.{p}.{b64u(raw + bytes(1))}"),
        ("flipped V", f"{h}.{p}.{b64u(bytes([raw[0] ^ 1]) + raw[1:])}"),
        ("flipped h", f"{h}.{p}.{b64u(raw[:40] + bytes([raw[40] ^ 1]) + raw[41:])}"),
        ("flipped s", f"{h}.{p}.{b64u(raw[:80] + bytes([raw[80] ^ 1]) + raw[81:])}"),
        ("other payload", f"{h}.{b64u(b'other')}.{s}"),
        ("other header", b64u(b'{"alg":"VXEd25519","typ":"x"}') + f".{p}.{s}"),
        ("alg XEd25519", handmade('{"alg":"XEd25519"}', b"m", private_key)),
        ("alg none", handmade('{"alg":"none"}', b"m", private_key)),
        ("alg HS256", handmade('{"alg":"HS256"}', b"m", private_key)),
        ("alg EdDSA", handmade('{"alg":"EdDSA"}', b"m", private_key)),
        ("alg Ed25519", handmade('{"alg":"Ed25519"}', b"m", private_key)),
        ("alg lowercase", handmade('{"alg":"vxed25519"}', b"m", private_key)),
        ("alg missing", handmade('{"typ":"JWT"}', b"m", private_key)),
        ("alg not a string", handmade('{"alg":["VXEd25519"]}', b"m", private_key)),
        ("duplicate alg", handmade('{"alg":"VXEd25519","alg":"VXEd25519"}', b"m", private_key)),
        ("NaN", handmade('{"alg":"VXEd25519","n":NaN}', b"m", private_key)),
        ("crit", handmade('{"alg":"VXEd25519","crit":["b64"],"b64":false}', b"m", private_key)),
        ("b64", handmade('{"alg":"VXEd25519","b64":true}', b"m", private_key)),
        ("header array", handmade('["VXEd25519"]', b"m", private_key)),
        ("BOM", handmade('\ufeff{"alg":"VXEd25519"}', b"m", private_key)),
        ("oversize", "A" * 70_000),
        ("oversize header", f"{'A' * 9000}.{p}.{s}"),
        ("not UTF-8", b"\xff" + token.encode()),
        ("None", None),
        ("int", 5),
        ("top-level array", "[]"),
        ("empty JSON object", "{}"),
        ("JSON broken", '{"payload":'),
    ]
    return cases


def test_bad_compact_tokens(token: str, private_key: PrivateKey, public_key: PublicKey) -> None:
    for label, bad in _bad_tokens(token, private_key):
        with pytest.raises(InvalidSignature):
            verify_vxed25519(bad, public_key)
            pytest.fail(label)


def test_bad_json_serializations(
    signer: OKPKey, public_key: PublicKey, registry: JWSRegistry
) -> None:
    flat: dict[str, Any] = dict(
        jws.serialize_json({"protected": {"alg": ALG}}, b"j", signer, registry=registry)
    )
    entry = {k: flat[k] for k in ("protected", "signature")}
    cases: list[tuple[str, Any]] = [
        ("no payload", {k: v for k, v in flat.items() if k != "payload"}),
        ("payload not string", {**flat, "payload": 1}),
        ("no protected", {k: v for k, v in flat.items() if k != "protected"}),
        ("unknown member", {**flat, "extra": 1}),
        ("header not object", {**flat, "header": "x"}),
        ("header repeats alg", {**flat, "header": {"alg": ALG}}),
        ("crit unprotected", {**flat, "header": {"crit": ["x"]}}),
        ("general and flat", {**flat, "signatures": [entry]}),
        ("two signatures", {"payload": flat["payload"], "signatures": [entry, entry]}),
        ("zero signatures", {"payload": flat["payload"], "signatures": []}),
        ("signatures not list", {"payload": flat["payload"], "signatures": entry}),
        ("entry not object", {"payload": flat["payload"], "signatures": ["x"]}),
        ("entry extra member", {"payload": flat["payload"], "signatures": [{**entry, "x": 1}]}),
        ("duplicate in JSON text", json.dumps(flat)[:-1] + ', "payload": "' + b64u(b"k") + '"}'),
        ("payload swapped", {**flat, "payload": b64u(b"k")}),
    ]
    for label, bad in cases:
        with pytest.raises(InvalidSignature):
            verify_vxed25519(bad, public_key)
            pytest.fail(label)
    assert verify_vxed25519(flat, public_key).payload == b"j"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_tokens_only_raise_invalid_signature(
    data: st.DataObject, token: str, public_key: PublicKey
) -> None:
    chars = list(token)
    for _ in range(data.draw(st.integers(1, 3))):
        op = data.draw(st.sampled_from(["replace", "delete", "insert"]))
        i = data.draw(st.integers(0, len(chars) - 1))
        c = data.draw(st.characters(codec="utf-8", max_codepoint=0x7F) | st.sampled_from("=.+/ é"))
        if op == "replace":
            chars[i] = c
        elif op == "delete":
            del chars[i]
        else:
            chars.insert(i, c)
    mutated = "".join(chars)
    if mutated == token:
        return
    with pytest.raises(InvalidSignature):
        verify_vxed25519(mutated, public_key)


@pytest.mark.parametrize(
    "unprotected",
    [{"b64": False}, {"b64": True}, {"crit": ["x"], "x": 1}],
    ids=["b64_false", "b64_true", "crit"],
)
def test_b64_and_crit_refused_in_the_unprotected_header(
    private_key: PrivateKey, public_key: PublicKey, unprotected: dict[str, Any]
) -> None:
    """Extensions that change how the JWS is read must be integrity protected (b64 and crit in
    an unprotected header were accepted before this test)."""
    protected, payload, signature = handmade('{"alg":"VXEd25519"}', b"p", private_key).split(".")
    flattened = {
        "payload": payload,
        "protected": protected,
        "header": unprotected,
        "signature": signature,
    }
    plain = {key: value for key, value in flattened.items() if key != "header"}
    assert verify_vxed25519(plain, public_key).payload == b"p"  # the signature itself is valid
    with pytest.raises(InvalidSignature, match="protected header"):
        verify_vxed25519(flattened, public_key)
def test_vrf_result_exposes_the_exact_protected_header_octets() -> None:
    """Found in review; this test failed before the fix."""
    key = PrivateKey.generate()
    registry = isolated_registry(algorithms=["VXEd25519"])
    outputs = {}
    for header in (b'{"alg":"VXEd25519"}', b'{"alg": "VXEd25519"}'):
        # Build the JWS by hand so the protected header keeps these exact octets.
        signing_input = f"{b64u(header)}.{b64u(b'payload')}".encode()
        signature = vxeddsa.sign(key, signing_input)
        token = f"{signing_input.decode()}.{b64u(signature)}"
        result = verify_vxed25519(token, key.public_key(), registry=registry)
        assert result.protected_raw == header
        assert result.protected == {"alg": "VXEd25519"}
        outputs[header] = result.vrf_output
    # Equal parsed headers, different octets: different outputs. Hence protected_raw.
    assert len(set(outputs.values())) == 2


def test_verify_vxed25519_refuses_oversized_bytes_before_decoding(public_key: PublicKey) -> None:
    with pytest.raises(InvalidSignature, match=f"larger than {MAX_TOKEN_SIZE} bytes"):
        verify_vxed25519(b"\xff" * (MAX_TOKEN_SIZE + 1), public_key)
    # One byte less is parsed (and then refused for what it is: not UTF-8).
    with pytest.raises(InvalidSignature, match="not UTF-8"):
        verify_vxed25519(b"\xff" * MAX_TOKEN_SIZE, public_key)


def test_verify_vxed25519_private_okpkey_with_small_order_x_is_invalid_key(
    private_key: PrivateKey, registry: JWSRegistry
) -> None:
    token = jws.serialize_compact(
        {"alg": "VXEd25519"}, b"hi", okp_key(private_key), registry=registry
    )
    bad = private_okp_with_low_order_x(private_key)
    with pytest.raises(InvalidKey, match="small order"):
        verify_vxed25519(token, bad)
    # Reported as the caller's key, before the token is even parsed.
    with pytest.raises(InvalidKey, match="small order"):
        verify_vxed25519("not a jws", bad)


def _vx_token(private_key: PrivateKey, kid: str) -> str:
    msg = signing_input(f'{{"alg":"VXEd25519","kid":"{kid}"}}', b"hi")
    return f"{msg.decode()}.{b64u(xeddsa.vxeddsa.sign(private_key, msg))}"


def test_verify_vxed25519_key_set_entry_that_is_not_okp(private_key: PrivateKey) -> None:
    token = _vx_token(private_key, "k1")
    oct_key = OctKey.import_key(b"0123456789abcdef0123456789abcdef", {"kid": "k1"})
    keys = KeySet([oct_key, okp_key(private_key.public_key(), kid="k2")])
    with pytest.raises(InvalidSignature, match="key 'k1' is not an OKP key"):
        verify_vxed25519(token, keys)
    # The same token verifies once its kid names the OKP key.
    good = KeySet([okp_key(private_key.public_key(), kid="k1")])
    assert verify_vxed25519(token, good).payload == b"hi"


def test_verify_vxed25519_key_set_private_key_with_small_order_x(private_key: PrivateKey) -> None:
    token = _vx_token(private_key, "k1")
    keys = KeySet([private_okp_with_low_order_x(private_key, kid="k1")])
    with pytest.raises(InvalidSignature, match="small order") as info:
        verify_vxed25519(token, keys)
    assert isinstance(info.value.__cause__, InvalidKey)
