"""One resolver for the shipped data folder (``resources/``).

The folder sits at the top of a source checkout, inside the package as
``wizard/resources`` in an installed wheel, and next to the package in a
PyInstaller bundle (collected to ``resources``). All three are found the same way:
look beside and inside the package for the folder that holds the catalog.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_MARKER = "providers.json"
ENV_OVERRIDE = "SMTP_WIZARD_RESOURCES"


class ResourcesNotFound(RuntimeError):
    pass


def candidate_dirs() -> list[Path]:
    package_dir = Path(__file__).resolve().parent.parent
    candidates = [package_dir / "resources", package_dir.parent / "resources"]
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        candidates.insert(0, Path(override))
    return candidates


@cache
def resources_dir() -> Path:
    for candidate in candidate_dirs():
        if (candidate / _MARKER).is_file():
            return candidate
    searched = ", ".join(str(c) for c in candidate_dirs())
    raise ResourcesNotFound(f"resources folder with {_MARKER} not found (searched: {searched})")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
