"""The core and the CLI must run on servers without Qt: importing them loads no PySide6."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import wizard.cli
import wizard.core


def _modules(package) -> list[str]:
    names = [package.__name__]
    names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


def test_core_and_cli_import_no_qt():
    modules = _modules(wizard.core) + _modules(wizard.cli) + ["wizard.__main__"]
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
    assert len(modules) >= 10  # the walk found the real package, not an empty stub


def test_cli_command_runs_without_qt():
    script = (
        "import sys, runpy\n"
        "sys.argv = ['smtp-wizard', 'providers', '--json']\n"
        "import io, contextlib\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    try:\n"
        "        runpy.run_module('wizard', run_name='__main__')\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
