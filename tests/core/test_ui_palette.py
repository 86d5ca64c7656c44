"""The UI paints with the named colours of wizard/ui/palette.py only: one orange for warnings,
and no colour literal anywhere else (read from the source, so this needs no display)."""

from __future__ import annotations

import re
from pathlib import Path

import wizard.ui

UI = Path(wizard.ui.__file__).parent
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_no_colour_literal_outside_the_palette():
    found = {
        f"{path.relative_to(UI)}:{number}: {line.strip()}"
        for path in UI.rglob("*.py")
        if path.name != "palette.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEX.search(line)
    }
    assert not found, "\n".join(sorted(found))


def test_one_orange_for_warnings():
    text = (UI / "palette.py").read_text(encoding="utf-8")
    colours = dict(re.findall(r"^([A-Z_]+) = \"(#[0-9a-fA-F]{6})\"", text, re.MULTILINE))
    assert len(set(colours.values())) == len(colours), "two names for one colour"
    assert "#ef6c00" not in text.split('"""', 2)[2]  # the second orange is gone
