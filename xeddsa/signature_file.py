"""Signature files: a namespaced XEdDSA signature of a file's SHA-512, in an armored text file.

The format (version 1) is specified in ``docs/design/signature-file-format.rst``. In short, the
signer's key signs, with XEdDSA, the *signed data*::

    MAGIC || version (1 byte) || string(namespace) || string("sha512") || string(SHA-512(file))
          || string(comment)

where ``string(x)`` is a 2-byte big-endian length then the bytes of ``x``. ``MAGIC`` starts with
the byte ``0xFF``, which never occurs in UTF-8 text: no JWS signing input (base64url characters
and ``.``), no wice token and no other text-based use of the key begins with it. The namespace
(``-n file``, ``-n release@example.org``) keeps a signature made for one application from being
accepted by another. The file is hashed in fixed-size chunks, so memory use does not grow with it.

The signature file carries the format version, the signer's public key (WireGuard base64) and key
id, the namespace, the hash algorithm, the optional trusted comment and the 64-byte signature.
Verification recomputes the signed data from the *expected* namespace and the file, so a file
whose namespace field was edited never verifies.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Final

from xeddsa._encoding import decode_wireguard
from xeddsa.errors import InvalidAllowedSigners, InvalidKey, InvalidSignature
from xeddsa.keys import PrivateKey, PublicKey
from xeddsa.sizes import SIGNATURE_SIZE, VXEDDSA_SIGNATURE_SIZE

__all__ = [
    "ANY_NAMESPACE",
    "ARMOR_BEGIN",
    "ARMOR_END",
    "CHUNK_SIZE",
    "DIGEST_SIZE",
    "FILE_SUFFIX",
    "FORMAT_VERSION",
    "HASH_ALGORITHM",
    "MAGIC",
    "MAX_COMMENT_SIZE",
    "MAX_NAMESPACE_SIZE",
    "MAX_SIGNATURE_FILE_SIZE",
    "AllowedSigner",
    "AllowedSigners",
    "FileSignature",
    "check_comment",
    "check_namespace",
    "hash_stream",
    "key_id",
    "sign_digest",
    "sign_stream",
    "signed_data",
    "verify_digest",
    "verify_stream",
]

#: The first bytes of every signed data. 0xFF is not valid anywhere in UTF-8 text, so no JWS
#: signing input, wice token or other text-based use of the key can start with it.
MAGIC: Final = b"\xffXEDDSA-FILE-SIGNATURE\x00"
#: The format version written in the signed data and in the file.
FORMAT_VERSION: Final = 1
#: The only hash algorithm of version 1 (its name as written in the signed data and the file).
HASH_ALGORITHM: Final = "sha512"
#: Length of the SHA-512 digest.
DIGEST_SIZE: Final = 64
#: Bytes read per step when hashing a file; the digest does not depend on it, memory use does.
CHUNK_SIZE: Final = 1 << 20
#: The default suffix of a signature file (``FILE`` -> ``FILE.xsig``).
FILE_SUFFIX: Final = ".xsig"
#: First and last line of the armored text.
ARMOR_BEGIN: Final = "-----BEGIN XEDDSA FILE SIGNATURE-----"
ARMOR_END: Final = "-----END XEDDSA FILE SIGNATURE-----"
#: Longest namespace (ASCII characters).
MAX_NAMESPACE_SIZE: Final = 64
#: Longest trusted comment (bytes of UTF-8).
MAX_COMMENT_SIZE: Final = 1024
#: Largest signature file read (bytes); a version 1 file with the longest comment is below 2 KiB.
MAX_SIGNATURE_FILE_SIZE: Final = 8192
#: In an allowed-signers file, the namespace list that permits every namespace.
ANY_NAMESPACE: Final = "*"

_NAMESPACE_RE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]*", re.ASCII)
_KEY_ID_SALT: Final = b"xeddsa key id\x00"
_KEY_ID_SIZE: Final = 8
_SIGNATURE_CHARS: Final = len(base64.b64encode(bytes(SIGNATURE_SIZE)))
_FIELDS: Final = ("Version", "Public-Key", "Key-Id", "Namespace", "Hash", "Comment", "Signature")
_OPTIONAL_FIELDS: Final = frozenset({"Comment"})


def check_namespace(namespace: str) -> str:
    """Return ``namespace`` if it is 1-64 ASCII letters, digits and ``._@+-`` starting with a
    letter or digit; raise ``ValueError`` otherwise (the caller chose it)."""
    if not isinstance(namespace, str):
        raise TypeError(f"namespace must be str, not {type(namespace).__name__}")
    if len(namespace) > MAX_NAMESPACE_SIZE or not _NAMESPACE_RE.fullmatch(namespace):
        raise ValueError(
            f"a namespace is 1 to {MAX_NAMESPACE_SIZE} ASCII letters, digits and '._@+-', "
            "starting with a letter or digit (for example 'file' or 'release@example.org')"
        )
    return namespace


def _comment_problem(comment: str) -> str | None:
    """Return why ``comment`` cannot be a trusted comment, or None if it can."""
    if not comment:
        return "is empty (omit it instead)"
    if len(comment.encode("utf-8", "surrogatepass")) > MAX_COMMENT_SIZE:
        return f"is longer than {MAX_COMMENT_SIZE} bytes of UTF-8"
    for ch in comment:
        category = unicodedata.category(ch)
        if category[0] == "C" or category in ("Zl", "Zp"):
            return f"holds the control or format character U+{ord(ch):04X}"
    return None


def check_comment(comment: str | None) -> str | None:
    """Return ``comment`` if it is None or one line of printable UTF-8 text of at most 1024 bytes;
    raise ``ValueError`` otherwise (control, format and line-separator characters are refused, so
    a comment shown to a user cannot rewrite the terminal)."""
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise TypeError(f"comment must be str or None, not {type(comment).__name__}")
    problem = _comment_problem(comment)
    if problem is not None:
        raise ValueError(f"the comment {problem}")
    return comment


def _string(data: bytes) -> bytes:
    """Encode one field of the signed data: 2-byte big-endian length, then the bytes."""
    return len(data).to_bytes(2, "big") + data


def signed_data(namespace: str, digest: bytes, comment: str | None = None) -> bytes:
    """Return the exact bytes that a version 1 signature file signs (see the module docstring)."""
    check_namespace(namespace)
    check_comment(comment)
    if not isinstance(digest, bytes) or len(digest) != DIGEST_SIZE:
        raise ValueError(f"digest must be {DIGEST_SIZE} bytes (SHA-512)")
    return b"".join(
        (
            MAGIC,
            bytes([FORMAT_VERSION]),
            _string(namespace.encode("ascii")),
            _string(HASH_ALGORITHM.encode("ascii")),
            _string(digest),
            _string((comment or "").encode("utf-8")),
        )
    )


def hash_stream(stream: BinaryIO, chunk_size: int = CHUNK_SIZE) -> bytes:
    """Return SHA-512 of everything ``stream`` yields, read in ``chunk_size`` steps into one
    reused buffer (memory use is one chunk, whatever the size of the file)."""
    hasher = hashlib.sha512()
    buffer = bytearray(chunk_size)
    view = memoryview(buffer)
    readinto = getattr(stream, "readinto", None)
    if readinto is not None:
        while True:
            count = readinto(view)
            if not count:
                break
            hasher.update(view[:count])
    else:
        while chunk := stream.read(chunk_size):
            hasher.update(chunk)
    view.release()
    return hasher.digest()


def key_id(public_key: PublicKey) -> str:
    """Return the key id of ``public_key``: the first 8 bytes of SHA-512("xeddsa key id" || 0x00
    || u), as 16 lowercase hexadecimal digits (a short name for messages, not a security check)."""
    return hashlib.sha512(_KEY_ID_SALT + public_key.public_bytes()).digest()[:_KEY_ID_SIZE].hex()


def _malformed(reason: str) -> InvalidSignature:
    return InvalidSignature(f"malformed signature file: {reason}")


@dataclass(frozen=True, slots=True)
class FileSignature:
    """One signature file: who signed (public key), for which namespace, the trusted comment and
    the 64-byte XEdDSA signature of :func:`signed_data`. Parsing does not verify it."""

    public_key: PublicKey
    namespace: str
    comment: str | None
    signature: bytes

    def __post_init__(self) -> None:
        """Refuse values that could not be written as a version 1 file (``ValueError``)."""
        if not isinstance(self.public_key, PublicKey):
            raise TypeError("public_key must be an xeddsa.PublicKey")
        check_namespace(self.namespace)
        check_comment(self.comment)
        if not isinstance(self.signature, bytes) or len(self.signature) != SIGNATURE_SIZE:
            raise ValueError(f"signature must be {SIGNATURE_SIZE} bytes")

    @property
    def key_id(self) -> str:
        """The signer's key id (see :func:`key_id`)."""
        return key_id(self.public_key)

    def to_text(self) -> str:
        """Return the armored text of this signature (LF line endings, a final newline)."""
        lines = [
            ARMOR_BEGIN,
            f"Version: {FORMAT_VERSION}",
            f"Public-Key: {self.public_key.to_wireguard()}",
            f"Key-Id: {self.key_id}",
            f"Namespace: {self.namespace}",
            f"Hash: {HASH_ALGORITHM}",
        ]
        if self.comment is not None:
            lines.append(f"Comment: {self.comment}")
        lines += [f"Signature: {base64.b64encode(self.signature).decode('ascii')}", ARMOR_END]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text: str | bytes) -> FileSignature:
        """Parse armored text strictly (exact lines and field order, LF endings, canonical base64).

        :raises InvalidSignature: the text is not a version 1 signature file; the message says
            which line is wrong and never repeats more than a field name.
        """
        if isinstance(text, bytes):
            if len(text) > MAX_SIGNATURE_FILE_SIZE:
                raise _malformed(f"larger than {MAX_SIGNATURE_FILE_SIZE} bytes")
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise _malformed("not UTF-8 text") from None
        if len(text) > MAX_SIGNATURE_FILE_SIZE:
            raise _malformed(f"larger than {MAX_SIGNATURE_FILE_SIZE} characters")
        if "\r" in text:
            raise _malformed("CR characters (convert CRLF line endings to LF)")
        if not text.endswith("\n"):
            raise _malformed("truncated (no final newline)")
        lines = text[:-1].split("\n")
        if lines[0] != ARMOR_BEGIN:
            raise _malformed(f"line 1 is not {ARMOR_BEGIN!r}{_bare_signature_hint(text)}")
        if lines[-1] != ARMOR_END:
            raise _malformed(f"the last line is not {ARMOR_END!r} (truncated?)")
        fields = dict(_fields(lines[1:-1]))
        if fields["Version"] != str(FORMAT_VERSION):
            raise _malformed(f"unsupported version (this reads version {FORMAT_VERSION})")
        if fields["Hash"] != HASH_ALGORITHM:
            raise _malformed(f"unsupported hash algorithm (version 1 uses {HASH_ALGORITHM})")
        try:
            public_key = PublicKey.from_public_bytes(
                decode_wireguard(fields["Public-Key"], "Public-Key")
            )
        except InvalidKey as exc:
            raise _malformed(f"signer key: {exc}") from None
        if fields["Key-Id"] != key_id(public_key):
            raise _malformed("Key-Id does not belong to Public-Key")
        try:
            namespace = check_namespace(fields["Namespace"])
            comment = check_comment(fields.get("Comment"))
        except ValueError as exc:
            raise _malformed(str(exc)) from None
        signature = _decode_signature(fields["Signature"])
        return cls(public_key=public_key, namespace=namespace, comment=comment, signature=signature)


def _bare_signature_hint(text: str) -> str:
    """Return a hint when ``text`` is a bare base64 signature (raw mode or VXEdDSA) instead."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return ""
    if len(raw) == SIGNATURE_SIZE:
        return "; it is a bare 64-byte signature, as raw mode writes (verify it with --raw)"
    if len(raw) == VXEDDSA_SIGNATURE_SIZE:
        return "; it is a bare 96-byte VXEdDSA signature (xeddsa vrf verify)"
    return ""


def _fields(lines: list[str]) -> Iterator[tuple[str, str]]:
    """Yield (name, value) for the armored body lines, in the fixed order, each at most once."""
    expected = iter(_FIELDS)
    for number, line in enumerate(lines, start=2):
        name, sep, value = line.partition(": ")
        if not sep or not value:
            raise _malformed(f"line {number} is not 'Name: value'")
        for wanted in expected:
            if name == wanted:
                yield name, value
                break
            if wanted not in _OPTIONAL_FIELDS:
                raise _malformed(f"line {number}: expected the {wanted} field")
        else:
            raise _malformed(f"line {number}: unexpected field or field out of order")
    missing = [name for name in expected if name not in _OPTIONAL_FIELDS]
    if missing:
        raise _malformed(f"missing the {missing[0]} field (truncated?)")


def _decode_signature(text: str) -> bytes:
    """Decode the Signature field: canonical padded standard base64 of exactly 64 bytes."""
    if len(text) != _SIGNATURE_CHARS:
        raise _malformed(f"Signature must be {_SIGNATURE_CHARS} base64 characters")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _malformed("Signature is not standard base64") from None
    if len(raw) != SIGNATURE_SIZE:
        raise _malformed(f"Signature must be {SIGNATURE_SIZE} bytes, got {len(raw)}")
    if base64.b64encode(raw).decode("ascii") != text:
        raise _malformed("Signature is not canonical base64")
    return raw


def sign_digest(
    private_key: PrivateKey, digest: bytes, *, namespace: str, comment: str | None = None
) -> FileSignature:
    """Sign the SHA-512 ``digest`` of a file for ``namespace`` with an optional trusted comment.

    :raises ValueError: invalid namespace, comment or digest length.
    """
    data = signed_data(namespace, digest, comment)
    return FileSignature(
        public_key=private_key.public_key(),
        namespace=namespace,
        comment=comment,
        signature=private_key.sign(data),
    )


def sign_stream(
    private_key: PrivateKey, stream: BinaryIO, *, namespace: str, comment: str | None = None
) -> FileSignature:
    """Hash ``stream`` in chunks (:func:`hash_stream`) and sign it as :func:`sign_digest` does."""
    check_namespace(namespace)
    check_comment(comment)
    return sign_digest(private_key, hash_stream(stream), namespace=namespace, comment=comment)


def _check_claims(signature: FileSignature, public_key: PublicKey, namespace: str) -> None:
    """Refuse a signature by another key or for another namespace before hashing anything."""
    check_namespace(namespace)
    if signature.namespace != namespace:
        raise InvalidSignature(
            f"the signature is for namespace {signature.namespace!r}, not {namespace!r}"
        )
    if signature.public_key != public_key:
        raise InvalidSignature(
            f"signed by key id {signature.key_id}, not by the expected key id {key_id(public_key)}"
        )


def verify_digest(
    signature: FileSignature, digest: bytes, *, public_key: PublicKey, namespace: str
) -> None:
    """Return None if ``signature`` is ``public_key``'s signature of ``digest`` for ``namespace``.

    The signed data is rebuilt from the expected namespace, the digest and the file's comment.

    :raises InvalidSignature: another key or namespace, or the signature does not verify.
    """
    _check_claims(signature, public_key, namespace)
    data = signed_data(namespace, digest, signature.comment)
    public_key.verify(signature.signature, data)


def verify_stream(
    signature: FileSignature, stream: BinaryIO, *, public_key: PublicKey, namespace: str
) -> None:
    """Check key and namespace, then hash ``stream`` in chunks and verify as :func:`verify_digest`.

    :raises InvalidSignature: another key or namespace, or the signature does not verify.
    """
    _check_claims(signature, public_key, namespace)
    verify_digest(signature, hash_stream(stream), public_key=public_key, namespace=namespace)


@dataclass(frozen=True, slots=True)
class AllowedSigner:
    """One line of an allowed-signers file: a name, a public key and the namespaces it may sign."""

    name: str
    public_key: PublicKey
    #: The permitted namespaces, or None for every namespace (``*`` in the file).
    namespaces: frozenset[str] | None

    def permits(self, namespace: str) -> bool:
        """Return whether this signer may sign for ``namespace``."""
        return self.namespaces is None or namespace in self.namespaces


@dataclass(frozen=True, slots=True)
class AllowedSigners:
    """The signers a verifier trusts, each for a list of namespaces (like ``ssh-keygen -Y``).

    File format: one signer per line, ``NAME PUBLIC-KEY NAMESPACES`` separated by spaces or tabs,
    where PUBLIC-KEY is WireGuard base64 (as ``wg pubkey`` prints it) and NAMESPACES is a
    comma-separated list or ``*`` for every namespace. Blank lines and lines starting with ``#``
    are ignored. A key may appear on one line only.
    """

    signers: tuple[AllowedSigner, ...]

    @classmethod
    def from_text(cls, text: str) -> AllowedSigners:
        """Parse an allowed-signers file.

        :raises InvalidAllowedSigners: a malformed line (named by number) or a repeated key.
        """
        signers: list[AllowedSigner] = []
        seen: dict[PublicKey, int] = {}
        for number, line in enumerate(text.split("\n"), start=1):
            stripped = line.strip(" \t\r")
            if not stripped or stripped.startswith("#"):
                continue
            parts = stripped.split()
            if len(parts) != 3:
                raise InvalidAllowedSigners(
                    f"line {number}: expected NAME PUBLIC-KEY NAMESPACES, got {len(parts)} fields"
                )
            name, key_text, namespace_list = parts
            if not name.isprintable():
                raise InvalidAllowedSigners(f"line {number}: the name has control characters")
            try:
                public_key = PublicKey.from_wireguard(key_text)
            except InvalidKey as exc:
                raise InvalidAllowedSigners(f"line {number}: {exc}") from None
            if public_key in seen:
                raise InvalidAllowedSigners(
                    f"line {number}: the key is already listed on line {seen[public_key]}"
                )
            seen[public_key] = number
            signers.append(AllowedSigner(name, public_key, _namespaces(namespace_list, number)))
        return cls(tuple(signers))

    def signer_for(self, signature: FileSignature, namespace: str) -> AllowedSigner:
        """Return the allowed signer of ``signature``'s key if it may sign for ``namespace``.

        :raises InvalidSignature: the key is not listed, or not for this namespace.
        """
        for signer in self.signers:
            if signer.public_key == signature.public_key:
                if not signer.permits(namespace):
                    raise InvalidSignature(
                        f"signer {signer.name!r} is not allowed to sign for namespace {namespace!r}"
                    )
                return signer
        raise InvalidSignature(f"key id {signature.key_id} is not an allowed signer")


def _namespaces(field: str, number: int) -> frozenset[str] | None:
    """Parse the NAMESPACES field of an allowed-signers line."""
    if field == ANY_NAMESPACE:
        return None
    names = field.split(",")
    try:
        return frozenset(check_namespace(name) for name in names)
    except ValueError as exc:
        raise InvalidAllowedSigners(f"line {number}: {exc}") from None
