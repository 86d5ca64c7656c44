"""File dialogs: they start in the folder used last, and Qt's own dialog shows whole columns.

Kept in the user's config folder (ui.ini beside the unfinished-setup draft), so the next run
starts there too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QHeaderView, QTreeView

from wizard.ui.widgets.config_folder import draft_folder

_KEY = "files/last_folder"


def _settings() -> QSettings:
    return QSettings(str(draft_folder() / "ui.ini"), QSettings.Format.IniFormat)


def last_folder() -> Path:
    remembered = Path(str(_settings().value(_KEY, "") or ""))
    return remembered if str(remembered) not in ("", ".") and remembered.is_dir() else Path.home()


def remember_folder(chosen_file: Path) -> None:
    _settings().setValue(_KEY, str(chosen_file.parent))


def fit_next_file_dialog() -> None:
    """Call right before QFileDialog.getOpenFileName/getSaveFileName: once Qt's own dialog
    (used where the desktop offers none) is open, its size, type and date columns fit their
    contents instead of cutting the date off. A native dialog is left alone."""

    def fit() -> None:
        dialog = QApplication.activeModalWidget()
        view = dialog.findChild(QTreeView, "treeView") if isinstance(dialog, QFileDialog) else None
        if view is None:
            return
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        screen = dialog.screen().availableGeometry().size()
        dialog.resize(QSize(760, 460).boundedTo(screen).expandedTo(dialog.size()))

    QTimer.singleShot(0, fit)
