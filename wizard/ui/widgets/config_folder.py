"""The user's config folder (QStandardPaths.AppConfigLocation): the unfinished draft and the
remembered file-dialog folders live there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def draft_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation))
