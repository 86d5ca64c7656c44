"""What the frozen builds may contain: the modules of requirements/release.lock, nothing else.

The one .venv (scripts/_setup.sh) also holds the test, icon and release tools, and some locked
libraries import a module only if it is installed (jsonschema its format checkers, e.g.
rfc3987_syntax, whose grammar file PyInstaller then leaves behind). build.spec and build-cli.spec
exclude every top-level module no locked distribution provides, so a bundle is built from exactly
the set the SBOM lists, whatever else the environment has.
"""

from __future__ import annotations

import re
from importlib.metadata import packages_distributions
from pathlib import Path

LOCK = Path(__file__).resolve().parents[1] / "requirements" / "release.lock"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_distributions(lock: Path = LOCK) -> set[str]:
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)==", lock.read_text(), re.M)
    return {canonical(name) for name in pins}


def unlocked_modules(lock: Path = LOCK) -> list[str]:
    """Top-level modules installed here that only distributions outside the lock provide."""
    locked = locked_distributions(lock) | {"smtp-wizard"}
    return sorted(
        module
        for module, dists in packages_distributions().items()
        if module.isidentifier() and not any(canonical(dist) in locked for dist in dists)
    )


if __name__ == "__main__":
    print("\n".join(unlocked_modules()))
