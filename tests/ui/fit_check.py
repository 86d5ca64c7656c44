"""Walk every page at the smallest window size and report controls outside the screen.

Run in a fresh process per scale factor (Qt reads QT_SCALE_FACTOR once per QApplication):

    QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen:configfile=screen.json \
        python -m tests.ui.fit_check zh_CN
    DISPLAY=:5 QT_QPA_PLATFORM=xcb python -m tests.ui.fit_check zh_CN --framed

Offscreen, each page is checked at the window's minimum size. With --framed (a real X display
with a window manager) each page is checked as the wizard placed itself: the whole frame, title
bar included, and the button row must lie inside the work area the window manager gives.
Both modes also report a page that scrolls sideways (its fields squeezed below their width).

Prints one JSON object: the available screen geometry and a list of problems (empty = fits).
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QRect, QThreadPool
from PySide6.QtWidgets import QApplication, QScrollArea, QWizard

from wizard.core.catalog import load_catalog
from wizard.ui.app import load_translations
from wizard.ui.pages.ids import PageId
from wizard.ui.state import WizardState
from wizard.ui.wizard import SmtpWizard

BUTTONS = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CancelButton,
    QWizard.WizardButton.FinishButton,
)


def global_rect(widget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def settle(app: QApplication, wizard: SmtpWizard, seconds: float) -> None:
    """Let the window manager answer (frame, placement): X is asynchronous."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    del wizard


def check_page(app: QApplication, wizard: SmtpWizard, available: QRect, framed: bool) -> list[str]:
    problems = []
    page = wizard.currentId()
    minimum = wizard.minimumSize().expandedTo(wizard.minimumSizeHint())
    if minimum.width() > available.width() or minimum.height() > available.height():
        sizes = f"{minimum.toTuple()} > available {available.size().toTuple()}"
        problems.append(f"page {page}: minimum size {sizes}")
    if framed:
        settle(app, wizard, 0.3)
        window = wizard.frameGeometry()
        if window.size() == wizard.geometry().size():
            problems.append(f"page {page}: no window-manager frame (is a window manager running?)")
    else:
        wizard.resize(minimum)
        wizard.move(available.topLeft())
        app.processEvents()
        window = global_rect(wizard)
    # At a fractional scale the work area is not a whole number of logical pixels (800 / 1.5),
    # and Qt may place the window one pixel off: that pixel is not a problem, more would be.
    if not available.adjusted(-1, -1, 1, 1).contains(window):
        problems.append(f"page {page}: window {window.getRect()} outside {available.getRect()}")
    for which in BUTTONS:
        button = wizard.button(which)
        if not button.isVisible():
            continue
        rect = global_rect(button)
        if not (available.contains(rect) and window.contains(rect)):
            problems.append(f"page {page}: {button.text()!r} at {rect.getRect()} not on screen")
    area = wizard.currentPage().findChild(QScrollArea, "pageScrollArea")
    if area is not None and area.horizontalScrollBar().maximum() > 0:
        problems.append(f"page {page}: scrolls sideways by {area.horizontalScrollBar().maximum()} px")
    return problems


def main(lang: str, framed: bool) -> int:
    app = QApplication(sys.argv[:1])
    load_translations(app, lang)
    state = WizardState(lang=lang, catalog=load_catalog())
    wizard = SmtpWizard(state)
    wizard.show()
    if framed:
        settle(app, wizard, 1.0)
    available = wizard.screen().availableGeometry()
    problems = []
    pages = []
    mode = wizard.page_of(PageId.MODE)
    for smtp in (False, True):  # the platform path first (mode page, then export and done)
        wizard.restart()
        mode.smtp_radio.setChecked(smtp)
        if not smtp:
            mode.platform_name.setText("通知中心")
        while True:
            app.processEvents()
            if wizard.currentId() == PageId.PROVIDER:
                wizard.page_of(PageId.PROVIDER).select("qq")
            if wizard.currentId() == PageId.SETTINGS:
                page = wizard.page_of(PageId.SETTINGS)
                page.sender.setText("zhangsan@qq.com")
                page.password.setText("abcdefghijklmnop")
                page.display_name.setText("通知中心")
                page.advanced_toggle.setChecked(True)  # the longest form
            if wizard.currentId() == PageId.TEST:
                state.unverified_confirmed = True
            problems += check_page(app, wizard, available, framed)
            pages.append(wizard.currentId())
            if wizard.currentId() == PageId.DONE:
                break
            before = wizard.currentId()
            wizard.next()
            if wizard.currentId() == before:
                problems.append(f"page {before}: could not go on")
                break
    print(json.dumps({"available": available.getRect(), "pages": sorted(set(pages)), "problems": problems}))
    QThreadPool.globalInstance().waitForDone(5000)  # the keyring check on the settings page
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    sys.exit(main(next((a for a in arguments if not a.startswith("-")), "en"), "--framed" in arguments))
