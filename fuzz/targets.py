"""Fuzz targets for xeddsa and wice_candidates: one function per target, ``bytes -> None``.

Each target feeds the input to a public API and swallows exactly the exceptions that API
documents (docs/design/decisions.rst, D8; wice_candidates/errors.py; xeddsa/jose/__init__.py).
Anything else propagates: atheris reports it as a crash, and
``tests/conformance/test_fuzz_corpus.py``
replays the committed corpora through these same functions without atheris.

A target also raises :class:`OracleMismatch` when two paths that must agree disagree (the
``pure`` and ``sodium`` backends, hazmat vs :class:`xeddsa.PublicKey`), so the fuzzers look for
wrong verdicts as well as uncaught exceptions.

Targets: ``public_key``, ``xeddsa_verify``, ``vxeddsa_verify``, ``jws_compact``, ``jws_json``,
``jwk``, ``candidate_line``, ``signed_message`` (every parser of untrusted input) plus
``wice_payload`` (the payload schema behind a valid signature, and the receiver's canonical-form
recognizer against it) and ``wg_config``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from typing import Any, Final

from joserfc import jws
from joserfc.errors import JoseError

import wice_candidates
import xeddsa
import xeddsa.jose
import xeddsa.vxeddsa
from fuzz.upstream import record_upstream
from wice_candidates._canonical import canonical_payload_parts
from wice_candidates.message import parse_payload
from xeddsa import hazmat

__all__ = ["TARGETS", "OracleMismatch", "fixtures"]

#: The fixed time of every signed-message seed and of the receiver's clock (Unix ms).
FIXED_TS_MS: Final = 1_700_000_000_000
POLICIES: Final = ("strict", "spec", "libsignal")


class OracleMismatch(AssertionError):
    """Two code paths that must agree gave different answers for one input."""


def _key(label: str) -> xeddsa.PrivateKey:
    return xeddsa.PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())


class _Fixtures:
    """Keys, registry and receiver inputs shared by the targets (built once, lazily)."""

    def __init__(self) -> None:
        self.signer = _key("xeddsa fuzz signer")
        self.public = self.signer.public_key()
        self.recipient = _key("xeddsa fuzz recipient")
        self.registry = xeddsa.jose.isolated_registry()
        self.okp_public = xeddsa.jose.okp_key(self.public)


_FIXTURES: _Fixtures | None = None


def fixtures() -> _Fixtures:
    """Return the shared fixtures."""
    global _FIXTURES
    if _FIXTURES is None:
        _FIXTURES = _Fixtures()
    return _FIXTURES


def _text(data: bytes) -> str:
    """Decode fuzz bytes to ``str`` without losing any byte (lone surrogates included)."""
    return data.decode("utf-8", "surrogateescape")


# -- xeddsa --------------------------------------------------------------------------------------


def public_key(data: bytes) -> None:
    """PublicKey import from raw bytes and WireGuard text; only InvalidKey may escape.

    Oracle: both backends agree, and a key imported with the subgroup check also imports without.
    """
    verdicts = []
    for backend in ("pure", "sodium"):
        with xeddsa.use_backend(backend):
            xeddsa.keys._import_public.cache_clear()
            row = []
            for check_subgroup in (True, False):
                try:
                    key = xeddsa.PublicKey.from_public_bytes(data, check_subgroup=check_subgroup)
                except xeddsa.InvalidKey:
                    row.append(False)
                else:
                    row.append(True)
                    if key.public_bytes() != data or len(key.ed25519_public_bytes()) != 32:
                        raise OracleMismatch("imported key does not round-trip")
            verdicts.append(tuple(row))
    xeddsa.keys._import_public.cache_clear()
    if verdicts[0] != verdicts[1]:
        raise OracleMismatch(f"backends disagree on import: {verdicts}")
    if verdicts[0][0] and not verdicts[0][1]:
        raise OracleMismatch("subgroup import accepted what the weaker import refused")
    for text in (_text(data), data):
        with contextlib.suppress(xeddsa.InvalidKey):
            xeddsa.PublicKey.from_wireguard(text)


def _split_sig(data: bytes, size: int) -> tuple[str, bytes, bytes, bytes]:
    policy = POLICIES[data[0] % 3] if data else "strict"
    rest = data[1:]
    return policy, rest[:32], rest[32 : 32 + size], rest[32 + size :]


def xeddsa_verify(data: bytes) -> None:
    """hazmat.xeddsa_verify (must return a bool, never raise) and PublicKey.verify.

    Layout: policy selector byte || u (32) || signature (64) || message. Oracles: both backends
    agree; PublicKey.verify (key imported without the subgroup check) agrees with hazmat.
    """
    policy, u, signature, message = _split_sig(data, 64)
    results = []
    for backend in ("pure", "sodium"):
        with xeddsa.use_backend(backend):
            results.append(hazmat.xeddsa_verify(u, message, signature, policy=policy))  # type: ignore[arg-type]
    if results[0] is not results[1] or not isinstance(results[0], bool):
        raise OracleMismatch(f"backends disagree: {results}")
    try:
        key = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)
    except xeddsa.InvalidKey:
        return
    try:
        key.verify(signature, message, policy=policy)  # type: ignore[arg-type]
    except xeddsa.InvalidSignature:
        accepted = False
    else:
        accepted = True
    if accepted != results[0] and len(signature) == 64:
        raise OracleMismatch(f"PublicKey.verify {accepted} != hazmat {results[0]} ({policy})")


def vxeddsa_verify(data: bytes) -> None:
    """hazmat.vxeddsa_verify (bytes or None, never raises) and xeddsa.vxeddsa.verify.

    Layout: policy selector byte || u (32) || signature (96) || message; ``libsignal`` is not a
    VXEdDSA policy, so the selector maps to strict/spec. Oracles as for :func:`xeddsa_verify`,
    plus: the same output from both paths.
    """
    policy = ("strict", "spec")[data[0] % 2] if data else "strict"
    _, u, signature, message = _split_sig(data, 96)
    results = []
    for backend in ("pure", "sodium"):
        with xeddsa.use_backend(backend):
            results.append(hazmat.vxeddsa_verify(u, message, signature, policy=policy))  # type: ignore[arg-type]
    if results[0] != results[1]:
        raise OracleMismatch(f"backends disagree: {results}")
    if results[0] is not None and len(results[0]) != 32:
        raise OracleMismatch("VRF output is not 32 bytes")
    try:
        key = xeddsa.PublicKey.from_public_bytes(u, check_subgroup=False)
    except xeddsa.InvalidKey:
        return
    try:
        output: bytes | None = xeddsa.vxeddsa.verify(key, signature, message, policy=policy)  # type: ignore[arg-type]
    except xeddsa.InvalidSignature:
        output = None
    if output != results[0] and len(signature) == 96:
        raise OracleMismatch(f"vxeddsa.verify {output!r} != hazmat {results[0]!r}")


# -- JOSE ----------------------------------------------------------------------------------------


def _strict_rejects(value: str | bytes | dict[str, Any]) -> bool:
    """Run the project's strict JWS parser (behind verify_vxed25519); True if it refused ``value``.

    Only ``InvalidSignature`` may escape verify_vxed25519; anything else propagates (a crash).
    """
    try:
        xeddsa.jose.verify_vxed25519(value, fixtures().public)
    except xeddsa.InvalidSignature:
        return True
    return False


def jws_compact(data: bytes) -> None:
    """A compact JWS: verify_vxed25519 (only InvalidSignature) and joserfc with our models.

    joserfc's ``deserialize_compact`` documents ``JoseError``; our models may also let
    :class:`xeddsa.XEdDSAError` reach it. A builtin exception from joserfc itself on a token our
    strict parser refused is an upstream defect (:mod:`fuzz.upstream`): counted, not a crash.
    """
    fx = fixtures()
    _strict_rejects(_text(data))
    strict_rejected = _strict_rejects(data)
    try:
        jws.deserialize_compact(
            data, fx.okp_public, algorithms=["XEd25519", "VXEd25519"], registry=fx.registry
        )
    except (JoseError, xeddsa.XEdDSAError):
        pass
    except Exception as exc:
        if not record_upstream(exc, strict_rejected=strict_rejected):
            raise


def jws_json(data: bytes) -> None:
    """A JWS JSON serialization: verify_vxed25519 on the text and on the parsed object, and
    joserfc's ``deserialize_json`` on the parsed object.

    joserfc (<= 1.8.0) lets ``binascii.Error``, ``ValueError``, ``KeyError``, ``AttributeError``
    and ``TypeError`` escape ``deserialize_json`` for malformed members (fuzz/crashes/README.md):
    upstream defects, counted by :mod:`fuzz.upstream` when joserfc raised them on an object our
    strict parser refused. The same classes raised from our models are crashes.
    """
    fx = fixtures()
    _strict_rejects(_text(data))
    try:  # the stdlib parse is the caller's step, not an API under test
        obj: Any = json.loads(data)
    except (ValueError, RecursionError):
        return
    if not isinstance(obj, dict):
        return
    strict_rejected = _strict_rejects(obj)
    try:
        jws.deserialize_json(  # type: ignore[call-overload]
            obj, fx.okp_public, algorithms=["XEd25519", "VXEd25519"], registry=fx.registry
        )
    except (JoseError, xeddsa.XEdDSAError):
        pass
    except Exception as exc:
        if not record_upstream(exc, strict_rejected=strict_rejected):
            raise


def jwk(data: bytes) -> None:
    """JWK import (public and private) from text and bytes; only InvalidKey may escape."""
    for value in (data, _text(data)):
        with contextlib.suppress(xeddsa.InvalidKey):
            xeddsa.jose.public_key_from_jwk(value)
        with contextlib.suppress(xeddsa.InvalidKey):
            xeddsa.jose.private_key_from_jwk(value)


# -- wice_candidates -----------------------------------------------------------------------------


def candidate_line(data: bytes) -> None:
    """Candidate.from_sdp; only WiceError (MalformedCandidateError, InputTooLargeError).

    Oracle: an accepted line prints (to_sdp) to a line that parses back to the same candidate.
    """
    try:
        candidate = wice_candidates.Candidate.from_sdp(_text(data))
    except wice_candidates.WiceError:
        return
    again = wice_candidates.Candidate.from_sdp(candidate.to_sdp())
    if again != candidate:
        raise OracleMismatch("to_sdp/from_sdp round trip changed the candidate")
    if wice_candidates.Candidate.from_json(candidate.to_json()) != candidate:
        raise OracleMismatch("to_json/from_json round trip changed the candidate")


def _receiver() -> wice_candidates.Receiver:
    fx = fixtures()
    return wice_candidates.Receiver(
        fx.recipient.public_key(), [fx.public], clock=lambda: FIXED_TS_MS / 1000
    )


def signed_message(data: bytes) -> None:
    """Receiver.receive on str and bytes; only WiceError may escape (fresh receiver per call)."""
    for value in (data, _text(data)):
        with contextlib.suppress(wice_candidates.WiceError):
            _receiver().receive(value)


def wice_payload(data: bytes) -> None:
    """The payload schema as if the signature had verified; only WiceError may escape.

    Oracle: the receiver's canonical-form recognizer returns None or exactly the general
    parser's result (equal and with the same repr), never a result for bytes it refuses.
    """
    fast = canonical_payload_parts(data)
    try:
        payload = parse_payload(data)
    except wice_candidates.WiceError as exc:
        if fast is not None:
            raise OracleMismatch("the canonical recognizer took a refused payload") from exc
        return
    general = (payload.sender, payload.recipient, payload.session, payload.seq, payload.ts,
               payload.body)  # fmt: skip
    if fast is not None and (fast != general or repr(fast) != repr(general)):
        raise OracleMismatch("the canonical recognizer and the parser disagree")


def wg_config(data: bytes) -> None:
    """parse_wireguard_config; only WiceError (WireGuardConfigError, InputTooLargeError)."""
    with contextlib.suppress(wice_candidates.WiceError):
        wice_candidates.parse_wireguard_config(_text(data))


TARGETS: Final[dict[str, Callable[[bytes], None]]] = {
    "public_key": public_key,
    "xeddsa_verify": xeddsa_verify,
    "vxeddsa_verify": vxeddsa_verify,
    "jws_compact": jws_compact,
    "jws_json": jws_json,
    "jwk": jwk,
    "candidate_line": candidate_line,
    "signed_message": signed_message,
    "wice_payload": wice_payload,
    "wg_config": wg_config,
}
