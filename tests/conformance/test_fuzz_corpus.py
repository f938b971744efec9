"""Replay the committed fuzz corpora and crash reproducers in-process (no atheris needed).

Every file in ``fuzz/corpus/<target>/`` goes through the same target function the fuzzer runs
(``fuzz/targets.py``), so an input that once passed and now raises an undocumented exception, hangs
or trips an oracle fails the normal test run. The seeds are also checked to still be what they
claim (valid signatures verify), so the corpus keeps reaching the deep paths.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Final

import pytest
from joserfc import jws

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # pragma: no cover - pytest's pythonpath already has it
    sys.path.insert(0, str(REPO_ROOT))

import wice_candidates  # noqa: E402
import xeddsa  # noqa: E402
import xeddsa.jose  # noqa: E402
from fuzz import make_corpus, upstream  # noqa: E402
from fuzz import targets as fuzz_targets  # noqa: E402
from wice_candidates.message import payload_parts  # noqa: E402
from xeddsa import hazmat  # noqa: E402

FUZZ_DIR: Final = REPO_ROOT / "fuzz"
CORPUS: Final = FUZZ_DIR / "corpus"
CRASHES: Final = FUZZ_DIR / "crashes"
#: A hang guard, not a speed check (the CI fuzz run's -timeout=30): a loaded machine must not
#: change the verdict. The tight 1 s per-input limit belongs to ``fuzz/run.py --explore``.
PER_INPUT_SECONDS: Final = 30.0


def _seed(target: str, name: str) -> bytes:
    return (CORPUS / target / name).read_bytes()


def test_every_target_has_a_corpus() -> None:
    assert set(fuzz_targets.TARGETS) == {p.name for p in CORPUS.iterdir() if p.is_dir()}
    for target in fuzz_targets.TARGETS:
        assert len(list((CORPUS / target).iterdir())) >= 2, target


def test_corpus_is_reproducible() -> None:
    """The committed seeds are exactly what ``fuzz/make_corpus.py`` generates."""
    assert make_corpus.main(["--check"]) == 0


@pytest.mark.parametrize("target", sorted(fuzz_targets.TARGETS))
def test_replay_corpus(target: str) -> None:
    function = fuzz_targets.TARGETS[target]
    slow = []
    for path in sorted((CORPUS / target).iterdir()):
        start = time.perf_counter()
        function(path.read_bytes())  # raises on an undocumented exception or an oracle mismatch
        elapsed = time.perf_counter() - start
        if elapsed > PER_INPUT_SECONDS:
            slow.append((path.name, round(elapsed, 2)))
    assert slow == []


def test_seed_signatures_are_valid() -> None:
    """The valid seeds verify, so fuzzing starts from inputs that reach the equation."""
    fx = fuzz_targets.fixtures()
    u = fx.public.public_bytes()
    for policy_byte, name in enumerate(("valid_strict", "valid_spec", "valid_libsignal")):
        data = _seed("xeddsa_verify", name)
        assert data[0] == policy_byte and data[1:33] == u
        assert hazmat.xeddsa_verify(u, data[97:], data[33:97], policy="strict")
    spec_only = _seed("xeddsa_verify", "s_plus_q_spec")
    assert hazmat.xeddsa_verify(u, spec_only[97:], spec_only[33:97], policy="spec")
    assert not hazmat.xeddsa_verify(u, spec_only[97:], spec_only[33:97], policy="strict")
    vx = _seed("vxeddsa_verify", "valid_strict")
    assert hazmat.vxeddsa_verify(u, vx[129:], vx[33:129]) is not None
    token = _seed("jws_compact", "vxed25519").decode()
    assert xeddsa.jose.verify_vxed25519(token, fx.public).payload == b"hello"
    flattened = _seed("jws_json", "flattened_v").decode()
    assert xeddsa.jose.verify_vxed25519(flattened, fx.public).payload == b"hello"
    xed = _seed("jws_compact", "xed25519")
    assert jws.deserialize_compact(xed, fx.okp_public, registry=fx.registry).payload == b"hello"
    assert xeddsa.jose.public_key_from_jwk(_seed("jwk", "public")) == fx.public
    assert xeddsa.jose.private_key_from_jwk(_seed("jwk", "private")) == fx.signer
    for name in ("credentials", "candidate", "end"):
        message = fuzz_targets._receiver().receive(_seed("signed_message", name))
        assert message.sender == fx.public
    with pytest.raises(wice_candidates.UnknownSenderError):
        fuzz_targets._receiver().receive(_seed("signed_message", "wrong_kid"))
    assert wice_candidates.Candidate.from_sdp(_seed("candidate_line", "host").decode())
    assert wice_candidates.parse_wireguard_config(_seed("wg_config", "minimal").decode())


def test_targets_report_undocumented_exceptions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness can fail: a builtin escaping an API propagates out of the target."""

    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("simulated escape")

    monkeypatch.setattr(wice_candidates.Candidate, "from_sdp", broken)
    with pytest.raises(IndexError):
        fuzz_targets.candidate_line(_seed("candidate_line", "host"))


def test_targets_report_oracle_mismatches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The backend-differential oracle fires when the two backends disagree."""
    from xeddsa.backend.pure import PureBackend

    monkeypatch.setattr(PureBackend, "ed25519_verify", lambda self, A, R, s, M: False)
    with pytest.raises(fuzz_targets.OracleMismatch):
        fuzz_targets.xeddsa_verify(_seed("xeddsa_verify", "valid_strict"))


def test_wice_payload_reports_a_recognizer_that_disagrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """The canonical-recognizer oracle fires on a wrong result and on a refused payload taken."""
    seed = _seed("wice_payload", "candidate")
    parts = payload_parts(seed, False)
    monkeypatch.setattr(fuzz_targets, "canonical_payload_parts", lambda data: (*parts[:-1], None))
    with pytest.raises(fuzz_targets.OracleMismatch):
        fuzz_targets.wice_payload(seed)
    monkeypatch.setattr(fuzz_targets, "canonical_payload_parts", lambda data: parts)
    fuzz_targets.wice_payload(seed)  # agreeing: no mismatch
    with pytest.raises(fuzz_targets.OracleMismatch):
        fuzz_targets.wice_payload(seed.replace(b'"v":1', b'"v":2'))


def test_joserfc_escape_tolerance_excludes_our_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyError raised inside xeddsa.jose during deserialize_json is still a crash."""

    def broken(self: object, msg: bytes, sig: bytes, key: object) -> bool:
        raise KeyError("simulated escape from our model")

    monkeypatch.setattr(xeddsa.jose.XEd25519, "verify", broken)
    with pytest.raises(KeyError):
        fuzz_targets.jws_json(_seed("jws_json", "flattened_x"))


# -- committed reproducers (fuzz/crashes/) ------------------------------------------------------

REPRODUCERS: Final = sorted(p.name for p in CRASHES.glob("*.json"))


def test_reproducers_exist() -> None:
    assert REPRODUCERS, "fuzz/crashes/ should hold the joserfc reproducers"


@pytest.mark.parametrize("name", REPRODUCERS)
def test_reproducer_still_escapes_joserfc(name: str) -> None:
    """Known joserfc defect: still present (so this test notices the upstream fix) and still
    raised inside joserfc, while our own strict parser refuses the input with InvalidSignature."""
    import json

    fx = fuzz_targets.fixtures()
    data = (CRASHES / name).read_bytes()
    expected = KeyError if "keyerror" in name else AttributeError
    with pytest.raises(expected) as info:
        jws.deserialize_json(json.loads(data), fx.okp_public, registry=fx.registry)
    assert upstream.joserfc_frame(info.value.__traceback__) is not None
    with pytest.raises(xeddsa.InvalidSignature):
        xeddsa.jose.verify_vxed25519(data, fx.public)
    fuzz_targets.jws_json(data)  # tolerated by the target (counted as a known upstream escape)
