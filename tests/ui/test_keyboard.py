"""Keyboard use: no page has two controls with the same Alt+letter (the wizard's own buttons
included), every input field can be reached with one, and each page starts in the first
field that still needs typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QWizard,
)

from wizard.ui.app import load_translations
from wizard.ui.pages.ids import PageId

WIZARD_BUTTONS = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CancelButton,
    QWizard.WizardButton.FinishButton,
)


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def input_fields(page):
    for widget in [w for kind in (QLineEdit, QSpinBox, QComboBox) for w in page.findChildren(kind)]:
        if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # the line edit inside a spin box or combo box
        yield widget


def scope(widget, page) -> tuple:
    """Where a control can be seen: the tab it is on (each tab of a QTabWidget is shown alone)
    and whether it is shown only with a passed test ("pass") or never with one ("noPass")."""
    tabs, shown_with = [], ""
    child = widget
    while child is not None and child is not page:
        shown_with = shown_with or (child.property("shownWith") or "")
        parent = child.parentWidget()
        stack = parent.parentWidget() if parent is not None else None
        if isinstance(stack, QTabWidget) and stack.indexOf(child) >= 0:
            tabs.append((id(stack), stack.indexOf(child)))
        child = parent
    return shown_with, tuple(tabs)


def seen_together(a: tuple, b: tuple) -> bool:
    if {a[0], b[0]} == {"pass", "noPass"}:
        return False  # Qt fires a mnemonic only for a visible control
    tabs_a, tabs_b = dict(a[1]), dict(b[1])
    return all(tabs_a[t] == tabs_b[t] for t in tabs_a.keys() & tabs_b.keys())


def mnemonic_owners(wizard):
    """(letter, text, scope) of every control on the page that has an Alt+letter."""
    page = wizard.currentPage()
    owners = [(b, b.text()) for b in page.findChildren(QAbstractButton) if b.text()]
    owners += [(label, label.text()) for label in page.findChildren(QLabel) if label.buddy() is not None]
    owners += [
        (wizard.button(w), wizard.button(w).text()) for w in WIZARD_BUTTONS if wizard.button(w).isVisible()
    ]
    for tabs in page.findChildren(QTabWidget):
        owners += [(tabs, tabs.tabText(i)) for i in range(tabs.count())]
    for widget, text in owners:
        if mnemonic(text):
            yield mnemonic(text), text, scope(widget, page)


def problems_on(wizard) -> list[str]:
    owners = list(mnemonic_owners(wizard))
    problems = [
        f"page {wizard.currentId()}: '{a[0]}' used by {a[1]!r} and {b[1]!r}"
        for i, a in enumerate(owners)
        for b in owners[i + 1 :]
        if a[0] == b[0] and seen_together(a[2], b[2])
    ]
    page = wizard.currentPage()
    buddies = {label.buddy(): label.text() for label in page.findChildren(QLabel) if label.buddy()}
    for field in input_fields(page):
        if not mnemonic(buddies.get(field, "")):
            problems.append(f"page {wizard.currentId()}: {field.objectName()} has no Alt+letter")
    return problems


def walk(wizard, visit) -> list[PageId]:
    """Both paths through the wizard (platform, then QQ with its help page), visiting each page."""
    seen = []
    mode = wizard.page_of(PageId.MODE)
    for smtp in (False, True):
        wizard.restart()
        mode.smtp_radio.setChecked(smtp)
        mode.platform_name.setText("" if smtp else "通知中心")
        while True:
            current = wizard.currentId()
            if current == PageId.PROVIDER:
                wizard.currentPage().select("qq")
            if current == PageId.SETTINGS:
                page = wizard.currentPage()
                page.sender.setText("zhangsan@qq.com")
                page.password.setText("abcdefghijklmnop")
            if current == PageId.TEST:
                wizard.state.unverified_confirmed = True
            visit(wizard)
            seen.append(PageId(current))
            if current == PageId.DONE:
                break
            wizard.next()
            assert wizard.currentId() != current, f"stuck on page {current}"
    return seen


@pytest.fixture(params=["zh_CN", "en"])
def lang_wizard(request, qapp, make_wizard):
    lang = request.param
    if lang == "zh_CN":
        load_translations(qapp, lang)
    yield make_wizard(lang)
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()


def test_no_page_repeats_a_mnemonic_and_every_field_has_one(lang_wizard):
    problems: list[str] = []
    seen = walk(lang_wizard, lambda wizard: problems.extend(problems_on(wizard)))
    assert set(seen) == set(PageId)
    assert problems == [], "\n".join(problems)


def test_each_page_starts_in_the_first_field_to_fill(make_wizard, qtbot, qapp):
    from tests.ui.test_flow import run_test, to_settings
    from wizard.core.demo import DEMO_USER

    wizard = make_wizard("en")
    mode = wizard.page_of(PageId.MODE)
    assert wizard.focusWidget() is mode.platform_name  # platform is the default: its one field
    to_settings(qtbot, wizard, search="qq", provider_id="qq")
    # the provider page was passed without an address: the settings page starts at the sender
    settings = wizard.page_of(PageId.SETTINGS)
    assert wizard.focusWidget() is settings.sender
    wizard.back()
    wizard.back()  # back to the provider page, whose address is still empty
    assert wizard.focusWidget() is wizard.page_of(PageId.PROVIDER).address
    wizard.page_of(PageId.PROVIDER).address.setText("zhangsan@qq.com")
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PageId.SETTINGS
    assert wizard.focusWidget() is settings.password  # sender and account are prefilled

    # after a wrong code (535), going back lands in the password again, not the sender
    wizard = make_wizard("en")
    settings = wizard.page_of(PageId.SETTINGS)
    to_settings(qtbot, wizard)
    settings.sender.setText(DEMO_USER)
    settings.password.setText("my-web-password")
    wizard.next()
    run_test(qtbot, wizard)
    assert wizard.page_of(PageId.TEST).failed_field == "password"
    wizard.back()
    assert wizard.focusWidget() is settings.password


def test_the_test_page_controls_have_an_alt_letter_in_chinese(qapp, make_wizard):
    """Issue 24: 演示收件箱, 保存报告…, 查看会话记录, 信任此证书, 取消 and the tabs 发件域名检查 and
    确认收到 had none (English keeps the letters its words contain; no page repeats one)."""
    load_translations(qapp, "zh_CN")
    try:
        wizard = make_wizard("zh_CN")
        seen = {}

        def visit(wizard):
            if wizard.currentId() == PageId.TEST:
                seen.update({text: letter for letter, text, _scope in mnemonic_owners(wizard)})

        walk(wizard, visit)
    finally:
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()
    texts = "".join(seen)
    for name in (
        "演示收件箱",
        "保存报告",
        "查看会话记录",
        "信任此证书",
        "取消(",
        "发件域名检查",
        "确认收到(",
    ):
        assert name in texts, f"{name} has no Alt+letter: {sorted(seen)}"
