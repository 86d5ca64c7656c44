"""The provider page says how the provider was found and hands the choice back; the auth-code page
shows what the mail administrator must switch on first (issue 12). Real DNS on loopback."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTreeWidget

from tests.core.dns_server import LocalDns
from tests.ui.conftest import next_button
from tests.ui.test_flow import choose_smtp, find, pick_provider
from wizard.ui.pages.ids import PageId


def current_id(wizard) -> str:
    return find(wizard, QTreeWidget, "providerList").currentItem().data(0, Qt.ItemDataRole.UserRole)


def test_provider_found_by_spf_shows_the_evidence_and_another_can_be_picked(qtbot, make_wizard, monkeypatch):
    zones = {"gw-corp.cn": [(10, "mx.spamgw.example")]}
    records = {("gw-corp.cn", "TXT"): ['"v=spf1 include:spf.mail.qq.com -all"']}
    with LocalDns(zones, records=records, nxdomain={"autoconfig.gw-corp.cn"}) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("en")
        choose_smtp(qtbot, wizard)
        qtbot.keyClicks(find(wizard, QLineEdit, "detectAddressEdit"), "hr@gw-corp.cn")
        status = find(wizard, QLabel, "detectStatus")
        qtbot.waitUntil(lambda: "SPF" in status.text(), timeout=10000)
    assert "Tencent Exmail" in status.text() and "by the SPF record" in status.text()
    assert current_id(wizard) == "exmail"
    steps = find(wizard, QLabel, "detectSteps")
    assert steps.isVisible()
    assert "MX records: nothing — 10 mx.spamgw.example" in steps.text()
    assert "SPF record: found — include:spf.mail.qq.com" in steps.text()

    search = find(wizard, QLineEdit, "providerSearch")
    search.setText("qq")
    qtbot.mouseClick(find(wizard, QPushButton, "chooseAnotherButton"), Qt.MouseButton.LeftButton)
    assert search.text() == "" and search.hasFocus()
    pick_provider(qtbot, wizard, "aliyun", "aliyun_qiye")
    assert wizard.state.draft.get("provider") == "aliyun_qiye"


def test_server_found_outside_the_presets_prefills_the_custom_server(qtbot, make_wizard, monkeypatch):
    # yahoo.com is in the bundled ISPDB table; its MX (on the loopback DNS) is not in the catalog
    with LocalDns({"yahoo.com": [(1, "mta.example")]}, nxdomain={"autoconfig.yahoo.com"}) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("en")
        choose_smtp(qtbot, wizard)
        qtbot.keyClicks(find(wizard, QLineEdit, "detectAddressEdit"), "hr@yahoo.com")
        status = find(wizard, QLabel, "detectStatus")
        qtbot.waitUntil(lambda: "ISPDB" in status.text(), timeout=10000)
    assert "smtp.mail.yahoo.com" in status.text()
    assert current_id(wizard) == "custom"
    draft = wizard.state.draft
    assert (draft.get("host"), draft.get("port"), draft.get("security")) == (
        "smtp.mail.yahoo.com",
        465,
        "ssl",
    )


def test_address_domain_needs_no_explanation_panel(qtbot, make_wizard):
    wizard = make_wizard("en")
    choose_smtp(qtbot, wizard)
    qtbot.keyClicks(find(wizard, QLineEdit, "detectAddressEdit"), "zhangsan@qq.com")
    assert "by address domain" in find(wizard, QLabel, "detectStatus").text()
    assert not find(wizard, QLabel, "detectSteps").isVisible()


def to_auth_help(qtbot, wizard, search, provider_id):
    choose_smtp(qtbot, wizard)
    pick_provider(qtbot, wizard, search, provider_id)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.AUTH_HELP


def test_auth_page_shows_the_admin_box_for_enterprise_mail(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_auth_help(qtbot, wizard, "exmail", "exmail")
    box = find(wizard, QLabel, "adminBox")
    assert box.isVisible()
    assert "Ask your mail administrator first" in box.text()
    assert "Collaboration › Security management › Client access restriction" in box.text()
    assert "Admin console: https://work.weixin.qq.com/wework_admin/" in box.text()
    assert "Settings &gt; Mailbox binding" in find(wizard, QLabel, "authSteps").text()


def test_admin_box_in_chinese_carries_the_console_menu_path(qtbot, make_wizard):
    wizard = make_wizard("zh_CN")
    to_auth_help(qtbot, wizard, "aliyun", "aliyun_qiye")
    box = find(wizard, QLabel, "adminBox")
    assert "安全管理 › 账户安全策略" in box.text() and "允许使用第三方客户端" in box.text()


def test_auth_page_has_no_admin_box_for_personal_mail(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_auth_help(qtbot, wizard, "qq", "qq")
    assert not find(wizard, QLabel, "adminBox").isVisible()


def test_typing_on_cancels_the_running_detection(qtbot, make_wizard, monkeypatch):
    with LocalDns({}, silent={"offline-corp.cn"}) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("en")
        choose_smtp(qtbot, wizard)
        page = wizard.page_of(PageId.PROVIDER)
        edit = find(wizard, QLineEdit, "detectAddressEdit")
        qtbot.keyClicks(edit, "hr@offline-corp.cn")
        qtbot.waitUntil(lambda: page.tasks.busy, timeout=3000)  # DNS never answers: 8 s budget
        started = time.monotonic()
        with qtbot.waitSignal(page.tasks.idle, timeout=3000):
            edit.setText("zhangsan@qq.com")
        assert time.monotonic() - started < 2.5
    assert current_id(wizard) == "qq"


def test_no_network_is_not_reported_as_a_missing_domain(qtbot, make_wizard, monkeypatch):
    monkeypatch.setattr("wizard.ui.pages.provider.DETECT_SECONDS", 1.0)
    with LocalDns({}, silent={"offline-corp.cn"}, nxdomain={"gone-corp.cn"}) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("en")
        choose_smtp(qtbot, wizard)
        status = find(wizard, QLabel, "detectStatus")
        edit = find(wizard, QLineEdit, "detectAddressEdit")
        qtbot.keyClicks(edit, "hr@offline-corp.cn")
        qtbot.waitUntil(lambda: "DNS" in status.text(), timeout=5000)
        assert "did not answer (no network, or DNS is filtered)" in status.text()
        assert "MX records: DNS did not answer (no network?)" in find(wizard, QLabel, "detectSteps").text()
        edit.setText("hr@gone-corp.cn")
        qtbot.waitUntil(lambda: "gone-corp.cn" in status.text() and "DNS" in status.text(), timeout=5000)
        assert "says the domain gone-corp.cn does not exist" in status.text()
        assert "MX records: domain does not exist" in find(wizard, QLabel, "detectSteps").text()


@pytest.mark.parametrize(
    "search, provider_id", [("钉钉", "aliyun_qiye"), ("WeCom", "exmail"), ("Lark", "feishu")]
)
def test_search_finds_a_provider_by_its_other_name(qtbot, make_wizard, search, provider_id):
    wizard = make_wizard("en")
    choose_smtp(qtbot, wizard)
    find(wizard, QLineEdit, "providerSearch").setText(search)  # keyClicks cannot type Chinese
    tree = find(wizard, QTreeWidget, "providerList")
    shown = [
        tree.topLevelItem(i).child(j).data(0, Qt.ItemDataRole.UserRole)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
        if not tree.topLevelItem(i).child(j).isHidden()
    ]
    assert shown == [provider_id]
