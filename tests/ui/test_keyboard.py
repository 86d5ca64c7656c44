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


def problems_on(wizard) -> list[str]:
    page = wizard.currentPage()
    owners: dict[str, list[str]] = {}
    texts = [b.text() for b in page.findChildren(QAbstractButton) if b.text()]
    texts += [label.text() for label in page.findChildren(QLabel) if label.buddy() is not None]
    texts += [wizard.button(w).text() for w in WIZARD_BUTTONS if wizard.button(w).isVisible()]
    for text in texts:
        letter = mnemonic(text)
        if letter:
            owners.setdefault(letter, []).append(text)
    problems = [f"page {wizard.currentId()}: '{k}' used by {v}" for k, v in owners.items() if len(v) > 1]
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
