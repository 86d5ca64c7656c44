"""Helpers for the wizard tests (Qt)."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from wizard.ui.wizard import SmtpWizard


def next_button(wizard: SmtpWizard):
    return wizard.button(QWizard.WizardButton.NextButton)
