"""A question whose Yes does something risky (trust a certificate, copy the password): No is the
default and Esc answers No, so Enter or a reflex never says yes."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_risky(parent: QWidget, object_name: str, title: str, text: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName(object_name)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    box.exec()
    return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
