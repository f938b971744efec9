"""The fuzz targets' classifier of joserfc's builtin exceptions (``fuzz/upstream.py``).

An exception is tolerated as an upstream defect only if its type is listed, every frame between
the target and the raise is joserfc or standard library with joserfc innermost, and the project's
strict parser refused the input. These tests check each condition can fail on its own.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path
from typing import Any, Final

import pytest
from joserfc import jws

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # pragma: no cover - pytest's pythonpath already has it
    sys.path.insert(0, str(REPO_ROOT))

import xeddsa  # noqa: E402
import xeddsa.jose  # noqa: E402
from fuzz import run as fuzz_run  # noqa: E402
from fuzz import targets as fuzz_targets  # noqa: E402
from fuzz import upstream  # noqa: E402

CORPUS: Final = REPO_ROOT / "fuzz" / "corpus"
ALGS: Final = ["XEd25519", "VXEd25519"]


def _seed(target: str, name: str) -> bytes:
    return (CORPUS / target / name).read_bytes()


def _joserfc_exception(target: str, data: bytes) -> BaseException:
    """Call joserfc as the target does and return the builtin exception it raises."""
    fx = fuzz_targets.fixtures()
    try:
        if target == "jws_compact":
            jws.deserialize_compact(data, fx.okp_public, algorithms=ALGS, registry=fx.registry)
        else:
            obj: Any = json.loads(data)
            jws.deserialize_json(obj, fx.okp_public, algorithms=ALGS, registry=fx.registry)
    except Exception as exc:
        return exc
    raise AssertionError("joserfc accepted the input")


#: (target, regression seed, type, raising joserfc function) as joserfc 1.8.0 behaves.
LEAKS: Final = [
    ("jws_compact", "regress_header_list", TypeError, "registry.py:check_registry_header"),
    ("jws_compact", "regress_crit_int", TypeError, "registry.py:check_crit_header"),
    ("jws_compact", "regress_crit_int_list", TypeError, "registry.py:check_crit_header"),
    ("jws_compact", "regress_crit_1264", TypeError, "registry.py:check_crit_header"),
    ("jws_compact", "regress_crit_1264_and_b64", TypeError, "registry.py:check_crit_header"),
    ("jws_json", "regress_header_list", ValueError, "_rfc7515/model.py:headers"),
    ("jws_json", "regress_crit_int", TypeError, "registry.py:check_crit_header"),
    ("jws_json", "regress_crit_int_list", TypeError, "registry.py:check_crit_header"),
    ("jws_json", "regress_crit_1264", TypeError, "registry.py:check_crit_header"),
    ("jws_json", "regress_crit_1264_b64", TypeError, "registry.py:check_crit_header"),
    ("jws_json", "regress_crit_1264_and_b64", TypeError, "registry.py:check_crit_header"),
]


@pytest.mark.parametrize(
    ("target", "seed", "kind", "where"), LEAKS, ids=[f"{t}-{s}" for t, s, *_ in LEAKS]
)
def test_known_leak_is_classified_upstream(target: str, seed: str, kind: type, where: str) -> None:
    data = (CORPUS / target / seed).read_bytes()
    exc = _joserfc_exception(target, data)
    assert type(exc) is kind
    assert upstream.classify(exc, strict_rejected=True) == f"{kind.__name__} at joserfc/{where}"
    with pytest.raises(xeddsa.InvalidSignature):  # our strict parser refuses it first
        xeddsa.jose.verify_vxed25519(data, fuzz_targets.fixtures().public)


@pytest.mark.parametrize(("target", "seed"), sorted({(t, s) for t, s, *_ in LEAKS}))
def test_target_counts_known_leak(target: str, seed: str) -> None:
    before = sum(upstream.COUNTS.values())
    fuzz_targets.TARGETS[target]((CORPUS / target / seed).read_bytes())  # does not raise
    assert sum(upstream.COUNTS.values()) == before + 1


def test_issue_token_via_compact_is_a_jose_error() -> None:
    """``crit: [1264]`` with ``b64: false`` and no "b64" in crit: deserialize_compact answers
    with MissingCritHeaderError (a JoseError), deserialize_json with TypeError."""
    data = (CORPUS / "jws_compact" / "regress_crit_1264_b64").read_bytes()
    exc = _joserfc_exception("jws_compact", data)
    assert type(exc).__name__ == "MissingCritHeaderError"


def test_not_upstream_when_strict_parser_accepted() -> None:
    exc = _joserfc_exception("jws_compact", _seed("jws_compact", "regress_crit_int"))
    assert upstream.classify(exc, strict_rejected=False) is None


def test_not_upstream_for_an_unlisted_type() -> None:
    exc = _joserfc_exception("jws_compact", _seed("jws_compact", "regress_crit_int"))
    other = ZeroDivisionError("same frames, other type").with_traceback(exc.__traceback__)
    assert upstream.classify(other, strict_rejected=True) is None


def test_not_upstream_when_raised_in_a_project_frame() -> None:
    """A TypeError from this project's code, with no joserfc frame at all."""
    try:
        xeddsa.PublicKey.from_public_bytes("not bytes")  # type: ignore[arg-type]
    except TypeError as exc:
        assert upstream.joserfc_frame(exc.__traceback__) is None
        assert upstream.classify(exc, strict_rejected=True) is None
    else:  # pragma: no cover
        raise AssertionError("expected TypeError")


def test_not_upstream_when_only_stdlib_raised() -> None:
    try:
        json.loads("{")
    except ValueError as exc:
        assert upstream.classify(exc, strict_rejected=True) is None


def test_stdlib_frames_inside_joserfc_count_as_joserfc() -> None:
    """binascii.Error raised in base64 (stdlib) on joserfc's behalf is joserfc's."""
    data = (CORPUS / "jws_json" / "bad_signature_member").read_bytes()
    exc = _joserfc_exception("jws_json", data)
    label = upstream.classify(exc, strict_rejected=True)
    assert label == "binascii.Error at joserfc/util.py:urlsafe_b64decode"


def test_project_frame_between_joserfc_frames_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """joserfc -> our model -> raise: a project frame in the chain makes it our bug."""

    def broken(self: object, msg: bytes, sig: bytes, key: object) -> bool:
        raise TypeError("simulated escape from our model")

    monkeypatch.setattr(xeddsa.jose.XEd25519, "verify", broken)
    data = (CORPUS / "jws_compact" / "xed25519").read_bytes()
    exc = _joserfc_exception("jws_compact", data)
    assert upstream.classify(exc, strict_rejected=True) is None
    with pytest.raises(TypeError, match="simulated"):
        fuzz_targets.jws_compact(data)
    with pytest.raises(TypeError, match="simulated"):
        fuzz_targets.jws_json((CORPUS / "jws_json" / "flattened_x").read_bytes())


def test_counts_are_written_for_the_runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    counts = tmp_path / "upstream.json"
    monkeypatch.setenv(upstream.COUNTS_ENV, str(counts))
    monkeypatch.setattr(upstream, "COUNTS", collections.Counter())
    exc = _joserfc_exception("jws_json", _seed("jws_json", "regress_crit_int"))
    assert upstream.record_upstream(exc, strict_rejected=True)
    assert upstream.record_upstream(exc, strict_rejected=True)
    assert not upstream.record_upstream(exc, strict_rejected=False)
    label = "TypeError at joserfc/registry.py:check_crit_header"
    assert json.loads(counts.read_text()) == {label: 2}


# -- the runner's CI mode counts executions, never seconds ---------------------------------------


def test_ci_mode_refuses_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        fuzz_run.main(["--ci", "--seconds", "5"])
    assert "counts executions" in capsys.readouterr().err


def test_ci_command_is_fixed() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    lines = [line for line in ci.splitlines() if "fuzz/run.py" in line]
    assert lines and all("--seconds" not in line and "--explore" not in line for line in lines)
    mode = fuzz_run.Mode(ci=True, seconds=0, seed=fuzz_run.CI_SEED, rss_limit_mb=512, runs_scale=1)
    command = fuzz_run._command("jwk", mode, Path("/tmp/x"), "python")
    assert f"-seed={fuzz_run.CI_SEED}" in command
    assert f"-runs={fuzz_run.CI_RUNS['jwk']}" in command
    assert not any(arg.startswith("-max_total_time") for arg in command)
    seeds = next(arg for arg in command if arg.startswith("-seed_inputs="))
    names = [Path(p).name for p in seeds.split("=", 1)[1].split(",")]
    assert names == sorted(p.name for p in (CORPUS / "jwk").iterdir())


# -- the plain-joserfc reproducers of the upstream report (fuzz/crashes/README.md) ---------------


def _reproducers() -> Any:
    import importlib.util

    path = REPO_ROOT / "fuzz" / "crashes" / "joserfc_reproducers.py"
    spec = importlib.util.spec_from_file_location("joserfc_reproducers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REPRODUCERS: Final = _reproducers()


@pytest.mark.parametrize(
    ("name", "function", "value", "expected"),
    REPRODUCERS.CASES,
    ids=[f"{c[0]}-{c[1]}" for c in REPRODUCERS.CASES],
)
def test_upstream_report_reproducer(name: str, function: str, value: Any, expected: str) -> None:
    """Each reproducer of the report still behaves as written there (so an upstream fix shows)."""
    from joserfc.errors import JoseError

    exc = REPRODUCERS.run_case(function, value)
    assert type(exc).__name__ == expected
    if expected != "MissingCritHeaderError":
        assert not isinstance(exc, JoseError)
        assert upstream.joserfc_frame(exc.__traceback__) is not None
