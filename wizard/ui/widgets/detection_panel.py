"""How the provider of the sender address was found: each detection step with its evidence, and
a button that hands the choice back to the user (the list below stays the authority)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wizard.core.evidence_words import evidence_text
from wizard.ui.texts import core

if TYPE_CHECKING:  # the detection package loads only when a detection runs
    from wizard.core.detect import Detection

_ANSWERED = ("found", "nothing", "unverified")
_MAX_EVIDENCE = 120  # characters of what a server answered; the rest is in `detect --json`


def step_lines(result: Detection, lang: str) -> list[str]:
    """One line per step that ran: name, outcome and what answered (plain text, never markup)."""
    lines = []
    for step in result.steps:
        if step.status == "skipped":
            continue
        name, status = core(f"detect.step.{step.name}", lang), core(f"detect.status.{step.status}", lang)
        line = core("detect.step_line", lang, step=name, status=status)
        # What answered, when something did; else what was asked (DNS's own error text is English)
        evidence = (step.answered or step.asked) if step.status in _ANSWERED else step.asked
        if evidence:
            # one line: a hostile TXT record cannot add lines
            evidence = evidence_text(" ".join(evidence.split()), lang)
            line += " — " + (evidence[:_MAX_EVIDENCE] + "…" if len(evidence) > _MAX_EVIDENCE else evidence)
        lines.append(line)
        if step.status == "unverified" and step.server is not None:  # shown, in words, never used
            from wizard.core.detect.autoconfig import server_notes

            lines += server_notes(step.server, result.domain, lang)
    return lines


class DetectionPanel(QWidget):
    choose_another = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = QLabel()
        self.steps.setObjectName("detectSteps")
        self.steps.setTextFormat(Qt.TextFormat.PlainText)
        self.steps.setWordWrap(True)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.other_button = QPushButton(self.tr("Choose an&other provider"))
        self.other_button.setObjectName("chooseAnotherButton")
        self.other_button.clicked.connect(self.choose_another)
        row = QHBoxLayout()
        row.addWidget(self.other_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.steps)
        layout.addLayout(row)
        self.clear()

    def clear(self) -> None:
        self.steps.setText("")
        self.setVisible(False)

    def show_result(self, result: Detection, lang: str) -> None:
        self.steps.setText("\n".join(step_lines(result, lang)))
        self.setVisible(len(result.steps) > 1)  # the address domain alone needs no explanation
