"""Locate the Node bridge to ``@signalapp/libsignal-client`` for the interop tests.

The bridge needs ``node`` on ``PATH`` and the pinned npm packages installed next to it::

    npm ci --prefix tests/interop/node --no-audit --no-fund

When either is missing, the tests **fail** under CI (the ``CI`` environment variable is set to
anything but ``""``, ``0`` or ``false``) and are skipped with the reason everywhere else.

Two environment variables exist for testing this file itself and for unusual set-ups:
``XEDDSA_INTEROP_NODE`` (the node executable; default: ``node`` from ``PATH``) and
``XEDDSA_INTEROP_NODE_DIR`` (the directory holding ``bridge.mjs`` and ``node_modules``; default:
``tests/interop/node``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.ci import running_in_ci

NODE_DIR_DEFAULT = Path(__file__).resolve().parent / "node"
PINNED_PACKAGE = "@signalapp/libsignal-client"
INSTALL_HINT = "npm ci --prefix tests/interop/node --no-audit --no-fund"


def _find_bridge() -> tuple[list[str], str | None]:
    """Return the bridge command line, and why it cannot run (None when it can)."""
    node_dir = Path(os.environ.get("XEDDSA_INTEROP_NODE_DIR", str(NODE_DIR_DEFAULT)))
    bridge = node_dir / "bridge.mjs"
    node_name = os.environ.get("XEDDSA_INTEROP_NODE", "node")
    node = shutil.which(node_name)
    argv = [node or node_name, str(bridge)]
    if node is None:
        return argv, f"Node.js executable {node_name!r} not found"
    if not bridge.is_file():
        return argv, f"bridge script {bridge} is missing"
    package_json = node_dir / "node_modules" / PINNED_PACKAGE / "package.json"
    if not package_json.is_file():
        return argv, f"{PINNED_PACKAGE} is not installed in {node_dir}; run: {INSTALL_HINT}"
    return argv, None


@pytest.fixture(scope="session")
def libsignal_bridge_argv() -> list[str]:
    """The command that runs the batch bridge; fails under CI, skips elsewhere, if unusable."""
    argv, problem = _find_bridge()
    if problem is not None:
        if running_in_ci():
            pytest.fail(f"interop peer unavailable in CI: {problem}", pytrace=False)
        pytest.skip(f"interop peer unavailable: {problem}")
    return argv
