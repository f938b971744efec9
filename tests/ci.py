"""Whether this is a CI run: the one definition the conftest files and test helpers share.

CI sets ``CI=true``; there every optional peer (PyNaCl, joserfc, Node.js, ``wg``) must be present,
so a test that would skip locally fails instead, and property tests use their CI budgets.
"""

from __future__ import annotations

import os


def running_in_ci() -> bool:
    """Return True when ``CI`` is set to a true value (anything but "", "0", "false", "no")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
