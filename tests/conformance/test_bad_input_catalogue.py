"""The bad-input catalogue (docs/design/decisions.rst, D8): where each entry is tested, and the
missing ones.

Every entry has a test asserting the exact error class. Entries already tested by the other suites
are listed with their location and not repeated; the tests in this file cover the rest (marked
**here**).

Keys and signatures
  - wrong length u / private key 32, signature 64, VXEdDSA 96: tests/test_bad_input.py
    (test_key_lengths, test_signature_lengths_public_api,
    test_hazmat_verify_wrong_lengths_return_false), tests/test_keys.py
    (test_private_wrong_length, test_public_wrong_length), tests/vxeddsa/test_api.py
  - wrong type (str, memoryview, None): tests/test_bad_input.py (test_non_bytes_is_type_error,
    test_buffer_types_accepted), tests/test_keys.py (test_private_wrong_type,
    test_public_wrong_type)
  - u >= p (p, p+1, p+9, 2^255-1) and bit 255 set; twist u; small-order u: tests/test_bad_input.py
    (test_bad_public_keys), tests/test_keys.py (test_import_rejects_u_ge_p,
    test_import_rejects_top_bit_of_honest_key, test_import_rejects_twist,
    test_import_rejects_small_order); all 493 Wycheproof X25519 keys:
    tests/conformance/test_upstream_conformance.py
  - mixed-order u at import: tests/test_keys.py (test_import_mixed_order), tests/test_policies.py
  - s >= L (strict): tests/test_policies.py (s_plus_q, s_plus_2q); s >= 2^253 (spec) with an
    equation-valid s (s + 2q, s + 4q, s + 8q): **here** (test_spec_rejects_s_at_or_above_2_253)
  - all-zero / special R and s (0, 1, L, p, 2^255-1): tests/test_bad_input.py (test_special_R_and_s)
  - non-canonical R (y >= p; x = 0 with sign 1): tests/test_canonicality.py, speccheck 8/9 and
    Wycheproof tc151 in tests/conformance/test_upstream_conformance.py
  - small-order R: tests/test_policies.py (test_small_order_R_under_admitted_mixed_key), CCTV
  - unclamped private key (decision: clamp, as libsignal and X25519): tests/test_keys.py
    (test_clamping_on_load)
  - libsignal sign bit in strict mode, message names the policy: tests/test_policies.py
    (test_legacy_format_strict_error_names_libsignal)

JOSE
  - not three segments, empty signature segment, ``b64: false`` (refused by verify_vxed25519;
    supported with ``crit`` by the joserfc path, refused without it), ``crit``: verify_vxed25519 in
    tests/jose/test_vrf.py (test_bad_compact_tokens); through joserfc with our models
    (DecodeError / BadSignatureError / UnsupportedHeaderError): **here**
    (test_joserfc_compact_structure_errors)
  - base64url leniency (+, /, newline, padding, trailing bits): tests/jose/test_strict.py
    (TestB64url), tests/wice/test_strict.py
  - header JSON: duplicates, NaN/Infinity, non-object, non-UTF-8, BOM:
    tests/jose/test_strict.py, tests/jose/test_vrf.py, tests/jose/test_joserfc.py
    (test_header_duplicates_and_nan_rejected_although_validly_signed); deep nesting and integers
    over 4300 digits at the parser: tests/jose/test_strict.py; through the public entry points
    (verify_vxed25519 compact and JSON, JWK text) inside the size caps: **here**
    (test_deep_nesting_and_huge_integers_through_public_apis)
  - alg missing / non-string / none / HMAC / EdDSA / Ed25519: tests/jose/test_vrf.py,
    tests/jose/test_joserfc.py (test_alg_confusion_rejected); kty/crv mismatch:
    tests/jose/test_joserfc.py (test_wrong_curve_and_type_keys), tests/jose/test_jwk.py
  - JWK: missing x, x not 43 characters, d in a public context, use/key_ops:
    tests/jose/test_jwk.py (test_bad_public_jwks, test_bad_private_jwks)
  - size limits before decoding (header 8 KiB, token 64 KiB; wice 16 KiB):
    tests/jose/test_vrf.py ("oversize", "oversize header"), tests/jose/test_strict.py,
    tests/wice/test_token.py (test_size_limit_comes_first)

Candidates (all in tests/wice/test_candidate.py: MALFORMED, test_line_over_one_kib_...)
  - field count, non-numeric / out-of-range component, priority, port, unknown transport/type,
    raddr/rport missing or on host, tcptype on UDP, non-ASCII, control characters, CR/LF injection,
    lines over 1 KiB, zone ids, FQDNs

Replay and binding (tests/wice/test_receiver.py, tests/wice/test_token.py)
  - repeated / lower seq, older session, timestamp outside +-120 s, replay state full,
    sender != kid (test_trusted_key_claiming_another_sender), recipient != us
    (test_message_for_another_recipient), proto/version (test_payload_schema_rejections)
"""

from __future__ import annotations

import base64
import hashlib
from typing import Final

import pytest
from joserfc import jws
from joserfc.errors import (
    BadSignatureError,
    DecodeError,
    MissingCritHeaderError,
    UnsupportedHeaderError,
)

import xeddsa
import xeddsa.jose
from tests.strategies import policy_names
from xeddsa import hazmat
from xeddsa.backend import BackendName

Q: Final = 2**252 + 27742317777372353535851937790883648493
K: Final = hashlib.sha256(b"catalogue key").digest()
Z: Final = bytes(64)


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@pytest.fixture(scope="module")
def key() -> xeddsa.PrivateKey:
    return xeddsa.PrivateKey.from_private_bytes(K)


@pytest.mark.parametrize("backend", ["pure", "sodium"])
@pytest.mark.parametrize("multiple", [2, 4, 8])
def test_spec_rejects_s_at_or_above_2_253(
    key: xeddsa.PrivateKey, backend: BackendName, multiple: int
) -> None:
    """(R, s + kq) satisfies the equation mod q but s + kq >= 2^253: every policy rejects."""
    with xeddsa.use_backend(backend):
        signature = hazmat.xeddsa_sign(K, b"m", Z)
        s = int.from_bytes(signature[32:], "little") + multiple * Q
        assert 2**253 <= s < 2**256
        malleated = signature[:32] + s.to_bytes(32, "little")
        public = key.public_key()
        for policy in policy_names("strict", "spec", "libsignal"):
            assert (
                hazmat.xeddsa_verify(public.public_bytes(), b"m", malleated, policy=policy) is False
            )
            with pytest.raises(xeddsa.InvalidSignature):
                public.verify(malleated, b"m", policy=policy)
        # Control: the unmodified signature and s + q (< 2^253) pass under spec.
        public.verify(signature, b"m", policy="spec")
        s_plus_q = signature[:32] + (s - (multiple - 1) * Q).to_bytes(32, "little")
        if int.from_bytes(s_plus_q[32:], "little") < 2**253:
            public.verify(s_plus_q, b"m", policy="spec")


def _compact(key: xeddsa.PrivateKey, header: bytes, payload: bytes = b"p") -> str:
    signing_input = f"{b64u(header)}.{b64u(payload)}"
    signature = hazmat.xeddsa_sign(key.private_bytes(), signing_input.encode(), Z)
    return f"{signing_input}.{b64u(signature)}"


def test_joserfc_compact_structure_errors(key: xeddsa.PrivateKey) -> None:
    """Through joserfc with our XEd25519 model: the exact joserfc error class per entry."""
    registry = xeddsa.jose.isolated_registry()
    verifier = xeddsa.jose.okp_key(key.public_key())
    token = _compact(key, b'{"alg":"XEd25519"}')
    assert jws.deserialize_compact(token, verifier, registry=registry).payload == b"p"
    h, p, s = token.split(".")
    cases: list[tuple[str, type[Exception]]] = [
        (f"{h}.{p}", DecodeError),  # two segments
        (f"{token}.{s}", DecodeError),  # four segments
        (f"{h}.{p}.", BadSignatureError),  # empty signature segment
        (f"{token}=", BadSignatureError),  # padded signature
        (f"{h}.{p}=.{s}", DecodeError),  # padded payload
        # RFC 7797 b64=false needs crit (with crit it is supported; see below)
        (_compact(key, b'{"alg":"XEd25519","b64":false}'), MissingCritHeaderError),
        (_compact(key, b'{"alg":"XEd25519","crit":["zzz"],"zzz":1}'), UnsupportedHeaderError),
        # validly signed, but the protected header has a duplicate member (our model re-reads it)
        (_compact(key, b'{"alg":"XEd25519","alg":"XEd25519"}'), BadSignatureError),
    ]
    for value, error in cases:
        with pytest.raises(error):
            jws.deserialize_compact(value, verifier, registry=registry)
            pytest.fail(value)
    # The joserfc path supports b64=false with crit (RFC 7797): the payload segment is literal.
    unencoded = _compact(key, b'{"alg":"XEd25519","crit":["b64"],"b64":false}')
    assert jws.deserialize_compact(unencoded, verifier, registry=registry).payload == b"cA"
    # verify_vxed25519 does not support it (test_vrf.py "crit"): InvalidSignature.


def test_deep_nesting_and_huge_integers_through_public_apis(key: xeddsa.PrivateKey) -> None:
    """Inputs inside the size caps that make the stdlib raise RecursionError / ValueError."""
    public = key.public_key()
    deep_header = b'{"alg":"VXEd25519","x":' + b"[" * 3000 + b"]" * 3000 + b"}"  # < 8 KiB
    huge_int_header = b'{"alg":"VXEd25519","x":' + b"9" * 5000 + b"}"
    assert len(b64u(deep_header)) <= 8 * 1024 and len(b64u(huge_int_header)) <= 8 * 1024
    for header in (deep_header, huge_int_header):
        token = f"{b64u(header)}.{b64u(b'p')}.{'A' * 128}"
        with pytest.raises(xeddsa.InvalidSignature):
            xeddsa.jose.verify_vxed25519(token, public)
    deep_json = '{"payload":"cA","protected":' + "[" * 50_000 + "]" * 50_000 + "}"
    huge_json = '{"payload":' + "1" * 5000 + "}"
    assert len(deep_json) <= 64 * 1024 * 2  # the cap is in characters of the whole document
    for text in (huge_json, deep_json[: 64 * 1024]):
        with pytest.raises(xeddsa.InvalidSignature):
            xeddsa.jose.verify_vxed25519(text, public)
    jwk_deep = '{"kty":"OKP","crv":"X25519","x":' + "[" * 3000 + "]" * 3000 + "}"
    jwk_int = '{"kty":"OKP","crv":"X25519","x":' + "7" * 5000 + "}"
    for text in (jwk_deep, jwk_int):
        with pytest.raises(xeddsa.InvalidKey):
            xeddsa.jose.public_key_from_jwk(text)
        with pytest.raises(xeddsa.InvalidKey):
            xeddsa.jose.private_key_from_jwk(text.encode())
    # The parsed-mapping path: a deeply nested unprotected header object is refused too.
    nested: object = {}
    for _ in range(2000):
        nested = {"a": nested}
    value = {
        "payload": "cA",
        "protected": b64u(b'{"alg":"VXEd25519"}'),
        "header": {"n": nested},
        "signature": "A" * 128,
    }
    with pytest.raises(xeddsa.InvalidSignature):
        xeddsa.jose.verify_vxed25519(value, public)
