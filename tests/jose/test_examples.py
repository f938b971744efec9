"""The documented examples run as written, with a key in `wg genkey` format, on both backends."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from joserfc import jws

import xeddsa
import xeddsa.jose
import xeddsa.jose.pyjwt
from xeddsa import PrivateKey
from xeddsa.backend import BackendName
from xeddsa.jose import isolated_registry, okp_key, verify_vxed25519


def _code_block(doc: str | None, after: str) -> str:
    """Return the first ``::`` literal block that follows the line containing ``after``."""
    assert doc is not None
    lines = doc.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line and line.endswith("::"))
    block: list[str] = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith(" "):
            break
        block.append(line)
    return textwrap.dedent("\n".join(block)).strip() + "\n"


def test_package_docstring_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wg_private: str
) -> None:
    code = _code_block(xeddsa.jose.__doc__, "wg genkey")
    assert len(code.strip().splitlines()) <= 10
    (tmp_path / "wg.key").write_text(wg_private)  # exactly what `wg genkey > wg.key` writes
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code, "xeddsa.jose example", "exec"), namespace)
    assert isinstance(namespace["token"], str)


def test_pyjwt_docstring_example() -> None:
    code = _code_block(xeddsa.jose.pyjwt.__doc__, "Usage")
    namespace: dict[str, object] = {}
    exec(compile(code, "xeddsa.jose.pyjwt example", "exec"), namespace)
    assert namespace["claims"] == {"sub": "alice"}


@pytest.mark.parametrize("backend", ["pure", "sodium"])
def test_both_algorithms_on_each_backend(backend: BackendName, private_key: PrivateKey) -> None:
    registry = isolated_registry()
    with xeddsa.use_backend(backend):
        signer, verifier = okp_key(private_key), okp_key(private_key.public_key())
        for alg in ("XEd25519", "VXEd25519"):
            token = jws.serialize_compact({"alg": alg}, b"b", signer, registry=registry)
            assert jws.deserialize_compact(token, verifier, registry=registry).payload == b"b"
        result = verify_vxed25519(token, verifier)
    with xeddsa.use_backend("sodium" if backend == "pure" else "pure"):
        assert verify_vxed25519(token, verifier).vrf_output == result.vrf_output
