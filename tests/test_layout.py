"""The test tree's layout: fixtures live in conftest files, plain helpers in tests/support/.

A module that imports from a conftest runs that conftest twice (once as a plugin, once as a module)
and drags its fixtures, autouse ones included, into a namespace pytest did not give them to.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def conftest_imports(path: Path) -> list[str]:
    """Every ``import …conftest`` / ``from …conftest import …`` in ``path``, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        if any("conftest" in module.split(".") for module in modules):
            found.append(f"{path.relative_to(TESTS.parent)}:{node.lineno}")
    return found


def test_no_test_module_imports_from_a_conftest():
    """Conftests included: a fixture several packages need goes up into tests/conftest.py."""
    offenders = [hit for path in sorted(TESTS.rglob("*.py")) for hit in conftest_imports(path)]
    assert offenders == [], "move the helper to tests/support/ or the fixture to a shared conftest"


def test_command_line_tests_live_in_tests_cli():
    """A test module named for the command line belongs in tests/cli/, next to the other CLI tests."""
    misplaced = [
        str(path.relative_to(TESTS.parent))
        for path in sorted(TESTS.rglob("test_*cli*.py"))
        if path.parent != TESTS / "cli"
    ]
    assert misplaced == []
