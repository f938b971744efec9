"""Backend selection (docs/design/decisions.rst, D5).

Precedence: ``use_backend`` > ``XEDDSA_BACKEND`` (read once, at import) > ``"sodium"``. The choice
lives in a ContextVar, so threads and asyncio tasks do not leak it into each other. Without PyNaCl
and without an explicit choice, verification runs on ``"pure"`` and signing raises
BackendUnavailable; an explicit ``"pure"`` is the opt-in for pure signing. Environment and
missing-PyNaCl behaviour are tested in subprocesses, so this process's state is untouched.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import subprocess
import sys
import textwrap
import threading

import pytest

import xeddsa
from tests.vectors import REPO_ROOT, require_backend
from xeddsa.backend import BackendName, get_backend, get_signing_backend

ENV_DEFAULT = os.environ.get("XEDDSA_BACKEND", "").strip() or None


@pytest.fixture(autouse=True)
def _sodium_and_clean_env() -> None:
    require_backend("sodium")
    if ENV_DEFAULT is not None:  # pragma: no cover - depends on the caller's environment
        pytest.fail("run this module without XEDDSA_BACKEND set; it tests the default itself")


def names() -> tuple[str, str]:
    return get_backend().name, get_signing_backend().name


def test_default_is_sodium() -> None:
    assert names() == ("sodium", "sodium")


def test_context_manager_sets_and_restores() -> None:
    with xeddsa.use_backend("pure") as chosen:
        assert isinstance(chosen, xeddsa.use_backend)
        assert names() == ("pure", "pure")
        with xeddsa.use_backend("sodium"):
            assert names() == ("sodium", "sodium")
        assert names() == ("pure", "pure")
    assert names() == ("sodium", "sodium")


def test_context_manager_restores_on_exception() -> None:
    with pytest.raises(KeyError), xeddsa.use_backend("pure"):
        raise KeyError("boom")
    assert names() == ("sodium", "sodium")


def test_plain_call_sets_for_the_current_context() -> None:
    """Called plainly it sets the choice; run in a copied context so it cannot leak out."""

    def body() -> tuple[str, str]:
        xeddsa.use_backend("pure")
        return names()

    assert contextvars.copy_context().run(body) == ("pure", "pure")
    assert names() == ("sodium", "sodium")


@pytest.mark.parametrize("name", ["", "PURE", "Sodium", "openssl", "pure ", None, 1])
def test_unknown_name(name: object) -> None:
    with pytest.raises(xeddsa.BackendUnavailable) as info:
        xeddsa.use_backend(name)  # type: ignore[arg-type]
    assert isinstance(info.value, RuntimeError)
    assert names() == ("sodium", "sodium")  # nothing changed


def test_threads_do_not_share_the_choice() -> None:
    seen: dict[str, tuple[str, str]] = {}
    barrier = threading.Barrier(2)

    def worker(label: str, choice: BackendName | None) -> None:
        if choice is not None:
            xeddsa.use_backend(choice)
        barrier.wait()  # both threads have made (or not made) their choice
        seen[label] = names()

    with xeddsa.use_backend("pure"):
        threads = [
            threading.Thread(target=worker, args=("chooses pure", "pure")),
            threading.Thread(target=worker, args=("no choice", None)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert names() == ("pure", "pure")
    # A new thread starts from an empty context: the main thread's "pure" does not reach it.
    assert seen == {"chooses pure": ("pure", "pure"), "no choice": ("sodium", "sodium")}
    assert names() == ("sodium", "sodium")


def test_asyncio_tasks_do_not_leak() -> None:
    async def choose(
        name: BackendName, started: asyncio.Event, go: asyncio.Event
    ) -> tuple[str, str]:
        xeddsa.use_backend(name)
        started.set()
        await go.wait()
        return names()

    async def observe(started: asyncio.Event, go: asyncio.Event) -> tuple[str, str]:
        await started.wait()
        result = names()
        go.set()
        return result

    async def main() -> tuple[tuple[str, str], tuple[str, str], tuple[str, str]]:
        started, go = asyncio.Event(), asyncio.Event()
        chooser = asyncio.create_task(choose("pure", started, go))
        observer = asyncio.create_task(observe(started, go))
        return await chooser, await observer, names()

    chooser, observer, parent = asyncio.run(main())
    assert chooser == ("pure", "pure")
    assert observer == ("sodium", "sodium")
    assert parent == ("sodium", "sodium")


def test_tasks_inherit_the_choice_at_creation() -> None:
    async def main() -> tuple[str, str]:
        with xeddsa.use_backend("pure"):
            task = asyncio.create_task(asyncio.sleep(0, result=None))
            await task

            async def inner() -> tuple[str, str]:
                return names()

            inherited = asyncio.create_task(inner())
        return await inherited

    assert asyncio.run(main()) == ("pure", "pure")


# -- subprocesses: environment variable and missing PyNaCl -----------------------------------------

BLOCK_NACL = """
import sys, importlib.abc
class _BlockNacl(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "nacl" or name.startswith("nacl."):
            raise ImportError(f"{name} blocked by the test")
        return None
for _m in [m for m in sys.modules if m == "nacl" or m.startswith("nacl.")]:
    del sys.modules[_m]
sys.meta_path.insert(0, _BlockNacl())
sys.modules["nacl"] = None
"""

PROBE = """
import json, xeddsa
from xeddsa.backend import get_backend, get_signing_backend

def attempt(fn):
    try:
        return ["ok", fn()]
    except Exception as exc:
        return ["raised", type(exc).__name__, str(exc)]

key_bytes = bytes(range(32))
vector_u = bytes.fromhex("5995f464e9d34d5ca56b9905b9a3cc37c456b2d8d313edbcf584b705b5c04955")
vector_sig = bytes.fromhex(
    "11c7f3e6c4df9e8a5150e1db3b30f92de3a3b3aa438656545fa7390f4bcc7bb2"
    "6c431d9e90643e4f0eaa0e9c557766fa69ada576d63dcaf2ac326c11d0b97702")
out = {
    "verify_backend": attempt(lambda: get_backend().name),
    "sign_backend": attempt(lambda: get_signing_backend().name),
    "verify": attempt(lambda: xeddsa.PublicKey.from_public_bytes(vector_u).verify(
        vector_sig, bytes(200))),
    "sign": attempt(lambda: len(xeddsa.PrivateKey.from_private_bytes(key_bytes).sign(b"m"))),
    "public_key": attempt(lambda: len(
        xeddsa.PrivateKey.from_private_bytes(key_bytes).public_key().public_bytes())),
    "hazmat_sign": attempt(lambda: len(xeddsa.hazmat.xeddsa_sign(key_bytes, b"m", bytes(64)))),
    "use_sodium": attempt(lambda: xeddsa.use_backend("sodium") and "chosen"),
    "nacl_imported": attempt(lambda: __import__("sys").modules.get("nacl") is not None),
}
with xeddsa.use_backend("pure"):
    out["pure_sign"] = attempt(lambda: len(
        xeddsa.PrivateKey.from_private_bytes(key_bytes).sign(b"m")))
    out["pure_names"] = attempt(lambda: [get_backend().name, get_signing_backend().name])
print(json.dumps(out))
"""


def run_probe(env_backend: str | None, block_nacl: bool, extra: str = "") -> dict[str, list]:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k != "XEDDSA_BACKEND"}
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if env_backend is not None:
        env["XEDDSA_BACKEND"] = env_backend
    code = (BLOCK_NACL if block_nacl else "") + extra + PROBE
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, list] = json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[type-arg]
    return result


def test_subprocess_default() -> None:
    out = run_probe(None, block_nacl=False)
    assert out["verify_backend"] == ["ok", "sodium"]
    assert out["sign_backend"] == ["ok", "sodium"]
    assert out["verify"] == ["ok", None]
    assert out["sign"] == ["ok", 64]
    assert out["pure_names"] == ["ok", ["pure", "pure"]]


@pytest.mark.parametrize("value", ["pure", " pure\n"])
def test_env_selects_pure_and_opts_in_to_signing(value: str) -> None:
    out = run_probe(value, block_nacl=False)
    assert out["verify_backend"] == ["ok", "pure"]
    assert out["sign_backend"] == ["ok", "pure"]
    assert out["sign"] == ["ok", 64]


def test_env_sodium() -> None:
    out = run_probe("sodium", block_nacl=False)
    assert out["verify_backend"] == ["ok", "sodium"]
    assert out["sign"] == ["ok", 64]


def test_use_backend_beats_env() -> None:
    out = run_probe("sodium", block_nacl=False)
    assert out["pure_names"] == ["ok", ["pure", "pure"]]
    out = run_probe("pure", block_nacl=False, extra="import xeddsa\nxeddsa.use_backend('sodium')\n")
    assert out["verify_backend"] == ["ok", "sodium"]
    assert out["sign_backend"] == ["ok", "sodium"]


def test_env_unknown_name_never_falls_back() -> None:
    out = run_probe("openssl", block_nacl=False)
    for field in ("verify_backend", "sign_backend", "verify", "sign"):
        assert out[field][:2] == ["raised", "BackendUnavailable"], field


def test_env_is_read_once_at_import() -> None:
    late = "import os, xeddsa\nos.environ['XEDDSA_BACKEND'] = 'pure'\n"
    out = run_probe(None, block_nacl=False, extra=late)
    assert out["verify_backend"] == ["ok", "sodium"]


def test_without_pynacl_verify_on_pure_sign_refused() -> None:
    out = run_probe(None, block_nacl=True)
    assert out["nacl_imported"] == ["ok", False]
    assert out["verify_backend"] == ["ok", "pure"]
    assert out["verify"] == ["ok", None]  # the upstream KAT verifies on pure
    for field in ("sign_backend", "sign", "hazmat_sign", "public_key"):
        assert out[field][0:2] == ["raised", "BackendUnavailable"], field
    assert "opt-in" in out["sign"][2] or "use_backend('pure')" in out["sign"][2]
    assert out["use_sodium"][:2] == ["raised", "BackendUnavailable"]
    # The explicit opt-in allows pure signing.
    assert out["pure_sign"] == ["ok", 64]
    assert out["pure_names"] == ["ok", ["pure", "pure"]]


def test_without_pynacl_env_pure_opts_in() -> None:
    out = run_probe("pure", block_nacl=True)
    assert out["sign"] == ["ok", 64]
    assert out["hazmat_sign"] == ["ok", 64]


def test_without_pynacl_env_sodium_refuses() -> None:
    out = run_probe("sodium", block_nacl=True)
    for field in ("verify_backend", "sign_backend", "verify", "sign"):
        assert out[field][:2] == ["raised", "BackendUnavailable"], field


def test_default_signer_is_sodium_even_after_pure_verification() -> None:
    """Verifying on pure never switches signing to pure (no silent fallback)."""
    with xeddsa.use_backend("pure"):
        pass
    assert get_signing_backend().name == "sodium"


def test_backend_table_names_every_backend_once() -> None:
    """The name -> module table is the one list of backends: the BackendName literal, the error
    message for an unknown name and the loader all follow it."""
    from typing import get_args

    from xeddsa.backend import BACKENDS, BackendName

    assert tuple(BACKENDS) == get_args(BackendName)
    with pytest.raises(xeddsa.BackendUnavailable, match="expected 'pure' or 'sodium'"):
        xeddsa.use_backend("openssl")  # type: ignore[arg-type]


def test_a_new_backend_is_one_table_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table row pointing at a module and class is all the loader needs."""
    from xeddsa import backend
    from xeddsa.backend.pure import PureBackend

    monkeypatch.setitem(  # type: ignore[misc]
        backend.BACKENDS,
        "second",
        backend.BackendEntry("xeddsa.backend.pure", "PureBackend", "nothing"),
    )
    monkeypatch.setattr(backend, "_instances", {})
    with xeddsa.use_backend("second"):  # type: ignore[arg-type]
        assert isinstance(backend.get_backend(), PureBackend)


def test_primitive_error_is_internal() -> None:
    """PrimitiveError is not part of the public hierarchy: an ``except XEdDSAError`` in user code
    must never be the thing that hides it, and xeddsa does not export it."""
    from xeddsa.backend import PrimitiveError

    assert not issubclass(PrimitiveError, xeddsa.XEdDSAError)
    assert "PrimitiveError" not in xeddsa.__all__
