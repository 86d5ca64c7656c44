"""A package attribute that shadows one of its submodules makes ``package.name`` mean two things
(the wizard once called a module instead of the function ``probe``): none may exist."""

from __future__ import annotations

import importlib
import pkgutil
import types

import wizard


def test_no_package_name_shadows_a_submodule():
    clashes = []
    for info in pkgutil.walk_packages(wizard.__path__, "wizard."):
        if info.name.startswith("wizard.ui") or info.name == "wizard.__main__":
            continue  # Qt is not needed to check the core and the CLI
        importlib.import_module(info.name)
    for info in pkgutil.walk_packages(wizard.__path__, "wizard."):
        parent_name, _, child = info.name.rpartition(".")
        parent = importlib.import_module(parent_name)
        value = getattr(parent, child, None)
        if value is not None and not isinstance(value, types.ModuleType):
            clashes.append(f"{info.name} is shadowed by {value!r}")
        if child in getattr(parent, "__all__", ()):
            clashes.append(f"{parent_name} exports a name equal to its submodule {child}")
    assert clashes == []
