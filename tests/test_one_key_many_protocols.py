"""One WireGuard key, several protocols: no signature made in one context verifies in another.

The contexts (docs/security.rst, "One key for several protocols"):

- ``jws``: an XEd25519 JWS signs the ASCII JWS Signing Input ``B64URL(header).B64URL(payload)``;
- ``wice``: a wice_candidates token is such a JWS, with a fixed header (alg, kid, typ);
- ``file``: a signature file signs ``signature_file.signed_data``, which starts with the byte 0xFF;
- ``raw``: ``xeddsa sign --raw`` signs any bytes; it is the one context that *can* collide, and
  the last test shows that it does, so the warning in its help text is true.

Each property signs in one context with a real key and hands the signature to every other
context's real verifier, which must refuse it; and each context's parser refuses the other
contexts' signed bytes. Hypothesis runs under the project's fixed profile (tests/conftest.py).
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import xeddsa
from xeddsa import signature_file as sf
from xeddsa.errors import InvalidSignature

pytest.importorskip("joserfc")

from joserfc import jws
from joserfc.errors import JoseError

from xeddsa.jose import isolated_registry, okp_key
from xeddsa.jose._strict import b64url_decode, b64url_encode

KEY = xeddsa.PrivateKey.from_private_bytes(bytes(range(100, 132)))
PUBLIC = KEY.public_key()
PEER = xeddsa.PrivateKey.from_private_bytes(bytes(range(200, 232))).public_key()
_REGISTRY = isolated_registry(["XEd25519"])
WICE_EPOCH = 1_700_000_000.0
_JWS_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")

namespaces = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,20}", fullmatch=True)
comments = st.none() | st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")), max_size=20
).filter(bool)
headers = st.fixed_dictionaries(
    {"alg": st.just("XEd25519")}, optional={"kid": st.text(max_size=10), "typ": st.text(max_size=8)}
)


# --- signing in each context -------------------------------------------------------------------


def jws_token(header: dict[str, str], payload: bytes) -> str:
    token: str = jws.serialize_compact(
        header, payload, okp_key(KEY), algorithms=["XEd25519"], registry=_REGISTRY
    )
    return token


def wice_token(seq: int) -> str:
    from wice_candidates import Sender
    from wice_candidates.credentials import Credentials

    sender = Sender(KEY, PEER, clock=lambda: WICE_EPOCH + seq)
    token: str = sender.credentials(Credentials.generate())
    return token


def file_signature(namespace: str, comment: str | None, data: bytes) -> sf.FileSignature:
    return sf.sign_stream(KEY, io.BytesIO(data), namespace=namespace, comment=comment)


# --- verifying in each context -----------------------------------------------------------------


def jws_accepts(signing_input: str, signature: bytes) -> bool:
    token = f"{signing_input}.{b64url_encode(signature)}"
    try:
        jws.deserialize_compact(token, okp_key(PUBLIC), algorithms=["XEd25519"], registry=_REGISTRY)
    except (JoseError, ValueError, TypeError, KeyError):
        return False
    return True


def file_accepts(signature: bytes, namespace: str, comment: str | None, data: bytes) -> bool:
    candidate = sf.FileSignature(PUBLIC, namespace, comment, signature)
    try:
        sf.verify_stream(candidate, io.BytesIO(data), public_key=PUBLIC, namespace=namespace)
    except InvalidSignature:
        return False
    return True


def wice_accepts(signing_input: str, signature: bytes, seq: int) -> bool:
    """Whether a fresh wice receiver (same clock as :func:`wice_token`) accepts the token."""
    from wice_candidates import Receiver
    from wice_candidates.errors import WiceError

    token = f"{signing_input}.{b64url_encode(signature)}"
    receiver = Receiver(PEER, [PUBLIC], clock=lambda: WICE_EPOCH + seq)
    try:
        receiver.receive(token)
    except WiceError:
        return False
    return True


def signing_input_of(token: str) -> str:
    return token.rsplit(".", 1)[0]


def signature_of(token: str) -> bytes:
    return b64url_decode(token.rsplit(".", 1)[1], what="signature", error=InvalidSignature)


# --- the properties ----------------------------------------------------------------------------


@given(namespace=namespaces, comment=comments, data=st.binary(max_size=64), header=headers)
def test_a_file_signature_verifies_in_no_other_context(
    namespace: str, comment: str | None, data: bytes, header: dict[str, str]
) -> None:
    signature = file_signature(namespace, comment, data).signature
    assert file_accepts(signature, namespace, comment, data)  # the property can fail
    signed = sf.signed_data(namespace, sf.hash_stream(io.BytesIO(data)), comment)
    assert signed[0] not in _JWS_CHARS  # no JWS signing input starts like this
    # As a JWS with any header over the file, and over the signed data itself (as bytes a JWS
    # could carry as payload):
    for payload in (data, signed):
        token = jws_token(header, payload)
        assert not jws_accepts(signing_input_of(token), signature)
    # In place of a wice token's signature:
    assert not wice_accepts(signing_input_of(wice_token(len(data))), signature, len(data))


@given(header=headers, payload=st.binary(max_size=64), namespace=namespaces, comment=comments)
def test_a_jws_signature_verifies_in_no_other_context(
    header: dict[str, str], payload: bytes, namespace: str, comment: str | None
) -> None:
    token = jws_token(header, payload)
    signing_input = signing_input_of(token)
    signature = signature_of(token)
    assert jws_accepts(signing_input, signature)  # the property can fail
    assert not signing_input.encode().startswith(sf.MAGIC)
    # As a file signature over the signing input, the payload or the whole token:
    for data in (signing_input.encode(), payload, token.encode()):
        assert not file_accepts(signature, namespace, comment, data)
    assert not wice_accepts(signing_input_of(wice_token(len(payload))), signature, len(payload))


@given(seq=st.integers(min_value=0, max_value=10**6), namespace=namespaces, comment=comments)
def test_a_wice_token_signature_verifies_in_no_other_context(
    seq: int, namespace: str, comment: str | None
) -> None:
    token = wice_token(seq)
    signing_input = signing_input_of(token)
    signature = signature_of(token)
    header = json.loads(
        b64url_decode(signing_input.split(".")[0], what="h", error=InvalidSignature)
    )
    assert header["typ"] == "wice-candidates+json"
    assert wice_accepts(signing_input, signature, seq)  # the property can fail
    assert not signing_input.encode().startswith(sf.MAGIC)
    for data in (signing_input.encode(), token.encode()):
        assert not file_accepts(signature, namespace, comment, data)


@given(namespace=namespaces, comment=comments, data=st.binary(max_size=64), header=headers)
def test_raw_mode_is_the_one_context_that_collides(
    namespace: str, comment: str | None, data: bytes, header: dict[str, str]
) -> None:
    """A raw signature of bytes that are another context's signed input is valid there."""
    signing_input = signing_input_of(jws_token(header, data))
    raw_over_jws_input = KEY.sign(signing_input.encode())
    assert jws_accepts(signing_input, raw_over_jws_input)
    digest = sf.hash_stream(io.BytesIO(data))
    raw_over_file_data = KEY.sign(sf.signed_data(namespace, digest, comment))
    assert file_accepts(raw_over_file_data, namespace, comment, data)
