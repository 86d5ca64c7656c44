"""Never lose typed work: ask before quitting, keep a draft (never the password) for next time.

The draft lives in the user's config folder (QStandardPaths.AppConfigLocation); the file
format and the rule that the password stays out are in wizard.core.saved_draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from wizard.core import saved_draft
from wizard.ui.texts import fill
from wizard.ui.widgets.config_folder import draft_folder

if TYPE_CHECKING:
    from wizard.ui.wizard import SmtpWizard


def _demo_only(wizard: SmtpWizard) -> bool:
    """Settings for the demo server, which exists (on its port) only while this run lasts."""
    return wizard.state.demo is not None and wizard.state.draft.get("provider") == "demo"


def keep_draft(wizard: SmtpWizard) -> None:
    """Called on every page change, so even a crash or a killed process loses little.
    Not for the demo server (_demo_only)."""
    if _demo_only(wizard):
        return
    if saved_draft.has_typed_input(wizard.state.draft.values) and not wizard.exported:
        try:
            saved_draft.save(draft_folder(), wizard.state.draft.values)
        except OSError:
            pass  # a read-only home must not stop the setup; quitting still asks


def may_quit(wizard: SmtpWizard) -> bool:
    """Esc, Cancel and the window's close button: ask when typed work would be lost."""
    if wizard.exported or not saved_draft.has_typed_input(wizard.state.draft.values):
        saved_draft.discard(draft_folder())
        return True
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Unfinished", "Discard this setup?"),
        "",
        parent=wizard,
    )
    box.setObjectName("quitQuestion")
    demo = _demo_only(wizard)
    if demo:  # nothing could be kept: offering 保留草稿并退出 would write nothing and say it did
        box.setText(
            QCoreApplication.translate(
                "Unfinished",
                "These are the demo's settings: they are not kept, because the demo mail server exists "
                "only while the wizard runs. Quit the demo?",
            )
        )
    else:
        box.setText(
            QCoreApplication.translate(
                "Unfinished",
                "The settings you typed have not been exported yet. Keep them as a draft (without the "
                "password) to continue at the next start?\n\nAn authorization code is shown only once: "
                "if you discard it, a new one must be generated.",
            )
        )
    keep = None
    if not demo:
        keep = box.addButton(
            QCoreApplication.translate("Unfinished", "&Keep a draft and quit"),
            QMessageBox.ButtonRole.AcceptRole,
        )
    discard = box.addButton(
        QCoreApplication.translate("Unfinished", "&Discard and quit"), QMessageBox.ButtonRole.DestructiveRole
    )
    stay = box.addButton(
        QCoreApplication.translate("Unfinished", "Continue &setup"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    if keep is not None and box.clickedButton() is keep:
        keep_draft(wizard)
        return True
    if box.clickedButton() is discard:
        saved_draft.discard(draft_folder())
        return True
    return False


def offer_draft(wizard: SmtpWizard) -> bool:
    """At start: continue the setup left unfinished last time? True when it was taken up."""
    try:
        values = saved_draft.load(draft_folder())
    except saved_draft.DamagedDraft as damaged:
        QMessageBox.information(
            wizard,
            QCoreApplication.translate("Unfinished", "Unfinished setup not readable"),
            fill(
                QCoreApplication.translate(
                    "Unfinished",
                    "The setup left unfinished last time could not be read (the file is damaged). "
                    "It was set aside as %1; the setup starts afresh.",
                ),
                str(damaged.path or "—"),
            ),
        )
        return False
    if values is None:
        return False
    provider = wizard.state.catalog.find(values.get("provider"))
    what = ", ".join(
        part
        for part in (provider.name.get(wizard.state.lang) if provider else "", values.get("sender", ""))
        if part
    )
    answer = QMessageBox.question(
        wizard,
        QCoreApplication.translate("Unfinished", "Continue the unfinished setup?"),
        fill(
            QCoreApplication.translate(
                "Unfinished",
                "A setup was left unfinished last time (%1). Continue it? "
                "The password must be entered again.",
            ),
            what or "—",
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        saved_draft.discard(draft_folder())
        return False
    wizard.state.draft.restore(values)
    wizard.restart()
    if values.get("mode") == "smtp":
        wizard.jump_to_settings()
    return True


def finished(_wizard: SmtpWizard) -> None:
    saved_draft.discard(draft_folder())
