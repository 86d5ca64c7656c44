"""Everything about the package is in pyproject.toml; this file only adds one build step.

The .qm translation catalogs are compiled from the committed .ts files whenever the package
is built (wheel, sdist-to-wheel, editable install), so ``pip install .`` from a clean clone
gives a translated wizard. The build fails if they cannot be compiled: there is no
untranslated fallback. PySide6's lrelease comes from the build requirements.
"""

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        # An editable install reads resources/ from the checkout; a wheel carries its own copy.
        if getattr(self, "editable_mode", False):
            out = ROOT / "resources" / "i18n"
        else:
            out = Path(self.build_lib) / "wizard" / "resources" / "i18n"
        script = ROOT / "scripts" / "build_translations.py"
        subprocess.run([sys.executable, str(script), "--release", "--out", str(out)], check=True)


setup(cmdclass={"build_py": BuildPyWithTranslations})
