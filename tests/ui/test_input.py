"""Input as typed: spaces stay in passwords that may hold them, full-width ＠ ． are shown as
they will be used, and an impossible port from a file is reported on the port field."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from tests.ui.test_flow import fill, find, to_settings
from wizard.ui.pages.ids import PageId


def test_a_custom_servers_password_keeps_its_spaces(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="custom", provider_id="custom")
    fill(qtbot, wizard, passwordEdit="correct horse battery")
    assert wizard.page_of(PageId.SETTINGS).password.text() == "correct horse battery"
    assert wizard.state.draft.get("password") == "correct horse battery"
    assert "removed" not in find(wizard, QLabel, "passwordIssue").text()


def test_an_authorization_code_loses_pasted_spaces_with_a_notice(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="qq", provider_id="qq")
    password = wizard.page_of(PageId.SETTINGS).password
    password.setFocus()
    password.insert("abcd efgh ijkl mnop")  # what pasting does
    assert password.text() == "abcdefghijklmnop"
    assert "removed" in find(wizard, QLabel, "passwordIssue").text()


def test_full_width_address_is_shown_as_it_will_be_used(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="qq", provider_id="qq")
    sender = wizard.page_of(PageId.SETTINGS).sender
    sender.insert("zhangsan＠qq．com")  # a Chinese input method in full-width mode
    sender.editingFinished.emit()  # leaving the field
    assert sender.text() == "zhangsan@qq.com"
    assert wizard.state.draft.get("sender") == "zhangsan@qq.com"
    assert wizard.page_of(PageId.SETTINGS).username.text() == "zhangsan@qq.com"


def test_port_zero_in_an_opened_file_is_reported_on_the_port_field(qtbot, make_wizard, tmp_path, monkeypatch):
    """The file is refused with the port named (imports are held to the schema); nothing is
    applied, so no 465 silently takes the place of the 0."""
    path = tmp_path / "port0.json"
    smtp = {"provider": "qq", "host": "smtp.qq.com", "port": 0, "security": "ssl"}
    smtp |= {"username": "zhangsan@qq.com", "sender": "zhangsan@qq.com"}
    document = {
        "format": "smtp-wizard-config",
        "version": 1,
        "mode": "smtp",
        "display_name": "通知",
        "smtp": smtp,
    }
    path.write_text(json.dumps(document))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    wizard = make_wizard("en")
    assert wizard.page_of(PageId.MODE).load_config(path) is False
    assert len(shown) == 1 and "Port" in shown[0] and "65535" in shown[0]
    assert wizard.currentId() == PageId.MODE
    assert wizard.state.draft.get("port") != 465 and wizard.state.draft.get("sender") != "zhangsan@qq.com"


def test_another_dns_server_can_be_chosen_when_detection_cannot_ask(qtbot, make_wizard, monkeypatch):
    from PySide6.QtWidgets import QLineEdit

    from tests.core.dns_server import LocalDns
    from tests.ui.test_flow import choose_smtp

    with (
        LocalDns({}, nxdomain={"acme.cn", "qq.com"}) as broken,
        LocalDns({"acme.cn": [(5, "mxbiz1.qq.com")]}) as good,
    ):
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", broken.address)
        wizard = make_wizard("en")
        choose_smtp(qtbot, wizard)
        dns_edit = find(wizard, QLineEdit, "dnsServerEdit")
        assert not dns_edit.isVisible()  # offered only when DNS cannot be asked
        status = find(wizard, QLabel, "detectStatus")
        wizard.page_of(PageId.PROVIDER).address.setText("hr@acme.cn")
        qtbot.waitUntil(lambda: dns_edit.isVisible(), timeout=12000)
        assert "does not exist" not in status.text()
        assert dns_edit.isVisible()
        dns_edit.setText(good.address)
        dns_edit.editingFinished.emit()
        qtbot.waitUntil(lambda: "MX" in status.text(), timeout=8000)
        assert "Tencent Exmail" in status.text()


def test_advanced_fields_line_up_with_the_form_above(qtbot, make_wizard):
    from PySide6.QtCore import QPoint

    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="custom", provider_id="custom")  # advanced is open
    page = wizard.page_of(PageId.SETTINGS)
    qtbot.wait(50)  # let the layouts settle
    lefts = {w.mapTo(page, QPoint(0, 0)).x() for w in (page.sender, page.host, page.port, page.security)}
    assert len(lefts) == 1, lefts


def test_codes_in_steps_never_break_at_a_hyphen():
    from wizard.ui.texts import numbered

    html = numbered(["Use the code demo-code-2026 & the host smtp.exmail.qq.com"])
    assert "<span style='white-space:nowrap'>demo-code-2026</span>" in html
    assert "&amp;" in html


def test_demo_inbox_items_wrap_with_the_whole_subject_in_a_tooltip(qtbot, make_wizard, demo_server):
    from tests.ui.test_flow import passed_wizard
    from wizard.ui.dialogs import InboxDialog

    passed_wizard(qtbot, make_wizard)
    dialog = InboxDialog(demo_server, "en")
    qtbot.addWidget(dialog)
    item = dialog.list.item(dialog.list.count() - 1)
    assert dialog.list.wordWrap()
    assert "\n" in item.text() and item.toolTip() == item.text()


@pytest.mark.parametrize(("lang", "show", "hide"), [("zh_CN", "显示", "隐藏"), ("en", "Show", "Hide")])
def test_password_show_button_is_visible_and_named(qtbot, ui_language, lang, show, hide):
    """「点密码框右边的「显示」」 can be followed: the control has words, sits inside the field's
    right end, the typed text stops before it, and a click shows then hides the secret."""
    from wizard.ui.widgets.inputs import SecretEdit

    ui_language(lang)
    secret = SecretEdit("passwordEdit")
    qtbot.addWidget(secret)
    secret.resize(300, secret.sizeHint().height())
    secret.show()
    qtbot.waitExposed(secret)
    button = secret.reveal_button
    assert button.isVisible() and button.text() == show
    assert secret.rect().contains(button.geometry()) and button.geometry().right() > secret.width() * 0.8
    assert secret.textMargins().right() >= button.width()
    secret.setText("abcdefghijklmnop")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert secret.echoMode() == QLineEdit.EchoMode.Normal and button.text() == hide
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert secret.echoMode() == QLineEdit.EchoMode.Password and button.text() == show
