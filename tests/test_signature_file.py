"""xeddsa.signature_file: the version 1 signature file format, allowed signers, streamed hashing."""

from __future__ import annotations

import base64
import hashlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

import xeddsa
from xeddsa import signature_file as sf
from xeddsa.errors import InvalidAllowedSigners, InvalidSignature

KEY = xeddsa.PrivateKey.from_private_bytes(bytes(range(32)))
OTHER = xeddsa.PrivateKey.from_private_bytes(bytes(range(1, 33)))
DATA = b"release 1.2.0\n" * 1000


def signed(comment: str | None = "v1.2.0", namespace: str = "file") -> sf.FileSignature:
    return sf.sign_stream(KEY, io.BytesIO(DATA), namespace=namespace, comment=comment)


def verify(signature: sf.FileSignature, data: bytes = DATA, namespace: str = "file") -> None:
    sf.verify_stream(signature, io.BytesIO(data), public_key=KEY.public_key(), namespace=namespace)


# --- signed data -------------------------------------------------------------------------------


def test_signed_data_layout_is_the_documented_one() -> None:
    digest = bytes(range(64))
    expected = (
        b"\xffXEDDSA-FILE-SIGNATURE\x00"
        + b"\x01"
        + b"\x00\x04file"
        + b"\x00\x06sha512"
        + b"\x00\x40"
        + digest
        + b"\x00\x02hi"
    )
    assert sf.signed_data("file", digest, "hi") == expected
    assert sf.signed_data("file", digest) == expected[:-4] + b"\x00\x00"


def test_signed_data_with_a_non_ascii_comment_counts_bytes() -> None:
    data = sf.signed_data("file", bytes(64), "déjà vu")
    assert data.endswith(b"\x00\x09" + "déjà vu".encode())


@pytest.mark.parametrize("chunk", [1, 7, 64, 1000, 1 << 20])
def test_hash_stream_is_sha512_whatever_the_chunk_size(chunk: int) -> None:
    assert sf.hash_stream(io.BytesIO(DATA), chunk) == hashlib.sha512(DATA).digest()


def test_hash_stream_without_readinto() -> None:
    class Reader:
        def __init__(self) -> None:
            self.inner = io.BytesIO(DATA)

        def read(self, n: int) -> bytes:
            return self.inner.read(n)

    assert sf.hash_stream(Reader(), 100) == hashlib.sha512(DATA).digest()  # type: ignore[arg-type]


def test_key_id_is_the_documented_hash() -> None:
    u = KEY.public_key().public_bytes()
    assert (
        sf.key_id(KEY.public_key()) == hashlib.sha512(b"xeddsa key id\x00" + u).digest()[:8].hex()
    )


# --- round trips and verification failures -----------------------------------------------------


@pytest.mark.parametrize("comment", [None, "v1.2.0", "déjà vu: ünïcode ✓", "x" * 1024])
def test_round_trip_through_text(comment: str | None) -> None:
    signature = signed(comment)
    parsed = sf.FileSignature.from_text(signature.to_text())
    assert parsed == signature
    assert parsed.key_id == sf.key_id(KEY.public_key())
    verify(parsed)
    assert sf.FileSignature.from_text(signature.to_text().encode()) == signature


def test_text_layout() -> None:
    signature = signed("v1")
    lines = signature.to_text().splitlines()
    assert lines[0] == "-----BEGIN XEDDSA FILE SIGNATURE-----"
    assert [line.split(": ")[0] for line in lines[1:-1]] == [
        "Version",
        "Public-Key",
        "Key-Id",
        "Namespace",
        "Hash",
        "Comment",
        "Signature",
    ]
    assert lines[2] == f"Public-Key: {KEY.public_key().to_wireguard()}"
    assert lines[-1] == "-----END XEDDSA FILE SIGNATURE-----"
    assert signature.to_text().endswith("-----\n")


def test_sign_digest_equals_sign_stream() -> None:
    digest = hashlib.sha512(DATA).digest()
    by_digest = sf.sign_digest(KEY, digest, namespace="file")
    sf.verify_digest(by_digest, digest, public_key=KEY.public_key(), namespace="file")
    verify(by_digest)


def test_namespace_mismatch_is_refused() -> None:
    with pytest.raises(InvalidSignature, match="namespace 'file', not 'backup'"):
        verify(signed(), namespace="backup")


def test_edited_namespace_field_does_not_verify() -> None:
    text = signed().to_text().replace("Namespace: file", "Namespace: backup")
    with pytest.raises(InvalidSignature, match="verification failed"):
        verify(sf.FileSignature.from_text(text), namespace="backup")


def test_wrong_key_is_refused() -> None:
    signature = signed()
    with pytest.raises(InvalidSignature, match="not by the expected key id"):
        sf.verify_stream(
            signature, io.BytesIO(DATA), public_key=OTHER.public_key(), namespace="file"
        )


def test_signature_by_another_key_claiming_ours_does_not_verify() -> None:
    theirs = sf.sign_stream(OTHER, io.BytesIO(DATA), namespace="file")
    forged = sf.FileSignature(KEY.public_key(), "file", None, theirs.signature)
    with pytest.raises(InvalidSignature, match="verification failed"):
        verify(forged)


@pytest.mark.parametrize("position", [0, 1, len(DATA) // 2, len(DATA) - 1])
def test_tampered_file_does_not_verify(position: int) -> None:
    data = bytearray(DATA)
    data[position] ^= 0x01
    with pytest.raises(InvalidSignature, match="verification failed"):
        verify(signed(), bytes(data))


def test_appended_or_truncated_file_does_not_verify() -> None:
    for data in (DATA + b"\n", DATA[:-1], b""):
        with pytest.raises(InvalidSignature):
            verify(signed(), data)


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("Comment: v1.2.0", "Comment: v1.2.1"),
        lambda t: t.replace("Comment: v1.2.0\n", ""),
        lambda t: t.replace("Comment: v1.2.0", "Comment: v1.2.0 "),
    ],
    ids=["changed", "removed", "trailing-space"],
)
def test_tampered_comment_does_not_verify(edit: object) -> None:
    text = edit(signed().to_text())  # type: ignore[operator]
    with pytest.raises(InvalidSignature, match="verification failed"):
        verify(sf.FileSignature.from_text(text))


def test_added_comment_does_not_verify() -> None:
    text = signed(None).to_text().replace("Hash: sha512\n", "Hash: sha512\nComment: trusted\n")
    with pytest.raises(InvalidSignature, match="verification failed"):
        verify(sf.FileSignature.from_text(text))


@pytest.mark.parametrize("flip", [0, 31, 32, 63])
def test_flipped_signature_bit_does_not_verify(flip: int) -> None:
    signature = signed()
    raw = bytearray(signature.signature)
    raw[flip] ^= 0x01
    with pytest.raises(InvalidSignature):
        verify(sf.FileSignature(signature.public_key, "file", "v1.2.0", bytes(raw)))


# --- malformed signature files -----------------------------------------------------------------


def test_every_truncation_is_malformed() -> None:
    text = signed().to_text()
    for end in range(len(text)):
        with pytest.raises(InvalidSignature, match="malformed signature file"):
            sf.FileSignature.from_text(text[:end])


def _replace_line(text: str, name: str, value: str | None) -> str:
    lines = text.split("\n")
    out = [
        (f"{name}: {value}" if value is not None else None)
        if line.startswith(f"{name}: ")
        else line
        for line in lines
    ]
    return "\n".join(line for line in out if line is not None)


GOOD = signed().to_text()
SMALL_ORDER = base64.b64encode(bytes(32)).decode()
BARE = base64.b64encode(bytes(64)).decode() + "\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (GOOD.replace("\n", "\r\n"), "CRLF"),
        (GOOD.replace("-----BEGIN", "-----BEGAN"), "line 1"),
        (GOOD.replace("-----END", "-----FIN"), "last line"),
        (_replace_line(GOOD, "Version", "2"), "unsupported version"),
        (_replace_line(GOOD, "Hash", "sha256"), "unsupported hash"),
        (_replace_line(GOOD, "Key-Id", "0" * 16), "Key-Id does not belong"),
        (_replace_line(GOOD, "Public-Key", SMALL_ORDER), "signer key"),
        (_replace_line(GOOD, "Public-Key", "not a key"), "signer key"),
        (_replace_line(GOOD, "Namespace", "-bad"), "namespace"),
        (_replace_line(GOOD, "Comment", "a\x1b[2Kb"), "control or format character"),
        (_replace_line(GOOD, "Comment", "a\u202eb"), "control or format character"),
        (_replace_line(GOOD, "Comment", "x" * 1025), "longer than 1024"),
        (_replace_line(GOOD, "Signature", "A" * 88), "must be 64 bytes, got 66"),
        (_replace_line(GOOD, "Signature", "A" * 87 + "="), "must be 64 bytes, got 65"),
        (_replace_line(GOOD, "Signature", "A" * 85 + "B=="), "not canonical"),
        (_replace_line(GOOD, "Signature", "!" * 86 + "=="), "not standard base64"),
        (_replace_line(GOOD, "Signature", "AAAA"), "88 base64 characters"),
        (_replace_line(GOOD, "Signature", None), "missing the Signature"),
        (_replace_line(GOOD, "Hash", None), "expected the Hash field"),
        (GOOD.replace("Hash: sha512\n", "Hash: sha512\nHash: sha512\n"), "expected the Signature"),
        (GOOD.replace("Hash: sha512\n", "Hash: sha512\nExtra: 1\n"), "expected the Signature"),
        (GOOD.replace("-----END", "Extra: 1\n-----END"), "unexpected field"),
        (GOOD.replace("Hash: sha512\n", "Hash: sha512\nComment:\n"), "not 'Name: value'"),
        (GOOD.replace("Version: 1", "Version:1"), "not 'Name: value'"),
        (GOOD + "\n", "last line"),
        (GOOD.rstrip("\n"), "final newline"),
        ("", "final newline"),
        (BARE, "raw mode"),
        (base64.b64encode(bytes(96)).decode() + "\n", "VXEdDSA"),
        (base64.b64encode(bytes(32)).decode() + "\n", "line 1 is not"),
        ("x" * (sf.MAX_SIGNATURE_FILE_SIZE + 1), "larger than"),
    ],
)
def test_malformed_signature_file(text: str, reason: str) -> None:
    with pytest.raises(InvalidSignature, match="malformed signature file") as info:
        sf.FileSignature.from_text(text)
    assert reason in str(info.value)


def test_malformed_bytes() -> None:
    with pytest.raises(InvalidSignature, match="not UTF-8"):
        sf.FileSignature.from_text(GOOD.encode().replace(b"v1.2.0", b"\xff\xfe"))
    with pytest.raises(InvalidSignature, match="larger than"):
        sf.FileSignature.from_text(b"x" * (sf.MAX_SIGNATURE_FILE_SIZE + 1))


def test_error_messages_never_repeat_field_values() -> None:
    text = _replace_line(GOOD, "Comment", "SECRET\x07")
    with pytest.raises(InvalidSignature) as info:
        sf.FileSignature.from_text(text)
    assert "SECRET" not in str(info.value)


# --- caller input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "namespace", ["", "-n", ".x", "a b", "a/b", "é", "x" * 65, "a\nb", "file\x00"]
)
def test_invalid_namespaces(namespace: str) -> None:
    with pytest.raises(ValueError, match="namespace"):
        sf.check_namespace(namespace)
    with pytest.raises(ValueError):
        sf.sign_digest(KEY, bytes(64), namespace=namespace)


@pytest.mark.parametrize("namespace", ["file", "x", "release@example.org", "a.b-c_d+e", "x" * 64])
def test_valid_namespaces(namespace: str) -> None:
    assert sf.check_namespace(namespace) == namespace


@pytest.mark.parametrize("comment", ["", "a\nb", "a\tb", "\x7f", "\x85", "a\u2028b", "\ufeff"])
def test_invalid_comments(comment: str) -> None:
    with pytest.raises(ValueError, match="comment"):
        sf.check_comment(comment)


def test_file_signature_refuses_values_it_could_not_write() -> None:
    good = signed()
    with pytest.raises(TypeError):
        sf.FileSignature(b"key", "file", None, good.signature)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        sf.FileSignature(good.public_key, "no space", None, good.signature)
    with pytest.raises(ValueError):
        sf.FileSignature(good.public_key, "file", "a\nb", good.signature)
    with pytest.raises(ValueError):
        sf.FileSignature(good.public_key, "file", None, good.signature[:63])


def test_wrong_types_and_digest_length() -> None:
    with pytest.raises(TypeError):
        sf.check_namespace(b"file")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sf.check_comment(b"c")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="64 bytes"):
        sf.signed_data("file", bytes(32))


# --- allowed signers ---------------------------------------------------------------------------

ALLOWED = (
    "# name  key  namespaces\n"
    f"alice@example.org {KEY.public_key().to_wireguard()} file,backup\n"
    "\n"
    f"bob\t{OTHER.public_key().to_wireguard()}\t*\r\n"
)


def test_allowed_signers_lookup() -> None:
    allowed = sf.AllowedSigners.from_text(ALLOWED)
    alice = allowed.signer_for(signed(), "file")
    assert alice.name == "alice@example.org"
    assert alice.permits("backup") and not alice.permits("git")
    with pytest.raises(InvalidSignature, match="not allowed to sign for namespace 'git'"):
        allowed.signer_for(signed(namespace="git"), "git")
    bob_sig = sf.sign_stream(OTHER, io.BytesIO(DATA), namespace="anything")
    bob = allowed.signer_for(bob_sig, "anything")
    assert bob.name == "bob" and bob.namespaces is None


def test_unlisted_key_is_refused() -> None:
    allowed = sf.AllowedSigners.from_text(f"bob {OTHER.public_key().to_wireguard()} *\n")
    with pytest.raises(InvalidSignature, match="not an allowed signer"):
        allowed.signer_for(signed(), "file")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("alice\n", "line 1: expected NAME PUBLIC-KEY NAMESPACES, got 1 fields"),
        (f"a {KEY.public_key().to_wireguard()} file extra\n", "got 4 fields"),
        ("a notakey file\n", "line 1: WireGuard public key"),
        (f"a {SMALL_ORDER} file\n", "small order"),
        (f"a {KEY.public_key().to_wireguard()} file,,x\n", "namespace"),
        (
            f"a {KEY.public_key().to_wireguard()} file\nb {KEY.public_key().to_wireguard()} x\n",
            "line 2: the key is already listed on line 1",
        ),
        (f"a\x1b {KEY.public_key().to_wireguard()} file\n", "control characters"),
    ],
)
def test_malformed_allowed_signers(text: str, reason: str) -> None:
    with pytest.raises(InvalidAllowedSigners) as info:
        sf.AllowedSigners.from_text(text)
    assert reason in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, xeddsa.XEdDSAError)


# --- properties --------------------------------------------------------------------------------

namespaces = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}", fullmatch=True)
comments = st.none() | st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=40,
)


@given(namespace=namespaces, comment=comments, data=st.binary(max_size=300))
def test_round_trip_property(namespace: str, comment: str | None, data: bytes) -> None:
    signature = sf.sign_stream(KEY, io.BytesIO(data), namespace=namespace, comment=comment)
    parsed = sf.FileSignature.from_text(signature.to_text())
    sf.verify_stream(parsed, io.BytesIO(data), public_key=KEY.public_key(), namespace=namespace)


@given(namespace=namespaces, comment=comments, digest=st.binary(min_size=64, max_size=64))
def test_signed_data_is_injective_and_starts_with_the_magic(
    namespace: str, comment: str | None, digest: bytes
) -> None:
    data = sf.signed_data(namespace, digest, comment)
    assert data.startswith(sf.MAGIC) and data[0] == 0xFF
    # Parse the fields back by their lengths: the encoding has one reading only.
    rest = data[len(sf.MAGIC) + 1 :]
    fields = []
    while rest:
        size = int.from_bytes(rest[:2], "big")
        fields.append(rest[2 : 2 + size])
        rest = rest[2 + size :]
    assert fields == [
        namespace.encode(),
        b"sha512",
        digest,
        (comment or "").encode(),
    ]
