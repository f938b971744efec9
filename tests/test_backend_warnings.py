"""Warnings about the ``pure`` backend.

* :class:`xeddsa.NonConstantTimeWarning`: the first private-key operation on ``pure`` in a process
  warns, once, however ``pure`` was chosen (tested in subprocesses, so "once per process" is real).
* :class:`xeddsa.UnscopedBackendWarning`: a plain ``use_backend("pure")`` inside a thread-pool job
  persists for the worker thread's later jobs; the first signature it affects warns.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest

import xeddsa
from tests.vectors import REPO_ROOT, require_backend
from xeddsa.backend import get_signing_backend

PROBE_HEAD = """\
import json, warnings
import xeddsa
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # count every emission, not the default once-per-location
"""
PROBE_TAIL = """\
print(json.dumps([type(w.message).__name__ for w in caught]))
"""


def probe_code(body: str) -> str:
    """Return a script that runs ``body`` while recording warnings and prints their classes."""
    return (
        PROBE_HEAD + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n" + PROBE_TAIL
    )


def probe(body: str, env: dict[str, str] | None = None) -> list[str]:
    """Run ``body`` (indented into PROBE) in a fresh interpreter; return the warning class names."""
    import json
    import os

    code = probe_code(body)
    environment = {k: v for k, v in os.environ.items() if k != "XEDDSA_BACKEND"}
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=environment,
        timeout=60,
        check=True,
    )
    result: list[str] = json.loads(done.stdout)
    return result


@pytest.fixture(autouse=True)
def _sodium_available() -> None:
    require_backend("sodium")


def test_pure_signing_warns_once_per_process() -> None:
    body = """
    key = xeddsa.PrivateKey.generate()
    with xeddsa.use_backend("pure"):
        key.sign(b"a")
        key.sign(b"b")
        xeddsa.vxeddsa.sign(key, b"c")
        xeddsa.PrivateKey.generate().public_key()
    """
    assert probe(body) == ["NonConstantTimeWarning"]


def test_pure_from_the_environment_warns_too() -> None:
    body = """
    xeddsa.PrivateKey.generate().sign(b"m")
    """
    assert probe(body, {"XEDDSA_BACKEND": "pure"}) == ["NonConstantTimeWarning"]


def test_sodium_signing_and_pure_verification_do_not_warn() -> None:
    body = """
    key = xeddsa.PrivateKey.generate()
    signature = key.sign(b"m")
    public = key.public_key()
    with xeddsa.use_backend("pure"):
        public.verify(signature, b"m")
        xeddsa.PublicKey.from_public_bytes(bytes(public))
    """
    assert probe(body) == []


def test_the_warning_can_be_made_an_error() -> None:
    body = """
    warnings.simplefilter("error", xeddsa.NonConstantTimeWarning)
    key = xeddsa.PrivateKey.generate()
    key.sign(b"m")  # sodium: fine
    for attempt in range(2):  # an "error" filter refuses every pure signature, not just the first
        try:
            with xeddsa.use_backend("pure"):
                key.sign(b"m")
        except xeddsa.NonConstantTimeWarning:
            print("refused", end=" ")
    """
    code = probe_code(body)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60
    )
    assert done.stdout.startswith("refused refused []"), done.stderr


def _sign_in_job(key: xeddsa.PrivateKey) -> tuple[str, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        key.sign(b"job")
        name = get_signing_backend().name
    return name, [
        type(w.message).__name__
        for w in caught
        if type(w.message).__name__ != "NonConstantTimeWarning"
    ]


def test_plain_call_in_a_pool_job_warns_when_a_later_job_signs() -> None:
    key = xeddsa.PrivateKey.generate()
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(xeddsa.use_backend, "pure").result()  # a job that opts in and returns
        backend, caught = pool.submit(_sign_in_job, key).result()
        assert backend == "pure"  # the ContextVar persisted: the documented hazard ...
        assert caught == ["UnscopedBackendWarning"]  # ... which is no longer silent
        _, again = pool.submit(_sign_in_job, key).result()
        assert again == []  # once per plain call
        pool.submit(xeddsa.use_backend, "sodium").result()  # put the worker back


def test_scoped_call_in_a_pool_job_neither_persists_nor_warns() -> None:
    key = xeddsa.PrivateKey.generate()

    def scoped_job() -> tuple[str, list[str]]:
        with xeddsa.use_backend("pure"):
            return _sign_in_job(key)

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(scoped_job).result() == ("pure", [])
        assert pool.submit(_sign_in_job, key).result() == ("sodium", [])


def test_plain_call_in_the_main_thread_does_not_warn_about_scope() -> None:
    body = """
    xeddsa.use_backend("pure")
    xeddsa.PrivateKey.generate().sign(b"m")
    """
    assert probe(body) == ["NonConstantTimeWarning"]
