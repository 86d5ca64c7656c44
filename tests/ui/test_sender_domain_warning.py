"""A preset whose domains do not include the sender's (QQ with an @163.com sender): the settings
page shows the core's warning under the sender field, in the wizard's language (issue 24)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit

from tests.ui.test_flow import fill, find, to_settings


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("QQ Mail sends only from qq.com", "NetEase 163 Mail")),
        ("zh_CN", ("QQ 邮箱只能用", "网易 163 邮箱")),
    ],
)
def test_qq_preset_with_a_163_sender_is_warned_under_the_sender(qtbot, make_wizard, lang, words):
    wizard = make_wizard(lang)
    to_settings(qtbot, wizard, search="qq", provider_id="qq")
    issue = find(wizard, QLabel, "senderIssue")
    fill(qtbot, wizard, senderEdit="zhangsan@qq.com")
    assert not issue.isVisible() or not issue.text()
    fill(qtbot, wizard, senderEdit="zhangsan@163.com")
    assert find(wizard, QLineEdit, "senderEdit").text() == "zhangsan@163.com"
    assert issue.isVisible()
    for word in words:
        assert word in issue.text(), issue.text()
    assert issue.property("severity") == "warning"  # shown, never blocking
