"""Build hook: take ``wice_candidates`` from the repository root, or from an unpacked sdist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Force-include ``../../wice_candidates`` unless an unpacked sdist already carries it."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Add the repository's package to ``force_include`` when it is not next to this file."""
        root = Path(self.root)
        if (root / "wice_candidates" / "__init__.py").is_file():
            return  # unpacked sdist: selected normally through only-include
        repo_package = root.parent.parent / "wice_candidates"
        if not (repo_package / "__init__.py").is_file():
            raise FileNotFoundError("wice_candidates not found next to or two levels above")
        build_data["force_include"][str(repo_package)] = "wice_candidates"
