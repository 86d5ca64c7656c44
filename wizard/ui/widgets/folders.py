"""The folder file dialogs start in: the last one a file was opened from or saved to.

Kept in the user's config folder (ui.ini beside the unfinished-setup draft), so the next run
starts there too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from wizard.ui.unfinished import draft_folder

_KEY = "files/last_folder"


def _settings() -> QSettings:
    return QSettings(str(draft_folder() / "ui.ini"), QSettings.Format.IniFormat)


def last_folder() -> Path:
    remembered = Path(str(_settings().value(_KEY, "") or ""))
    return remembered if str(remembered) not in ("", ".") and remembered.is_dir() else Path.home()


def remember_folder(chosen_file: Path) -> None:
    _settings().setValue(_KEY, str(chosen_file.parent))
