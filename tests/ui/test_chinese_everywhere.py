"""Walk the whole wizard in zh_CN against the demo server and a loopback DNS: every page, the
detection steps, a failed and a passed test, the probe table, the sender-domain check, 确认收到,
the support report and the dialogs. Every text a user can see must be Chinese, apart from the
words a Chinese user also reads in Latin letters (below); a command-line option, an outcome code
(no_network, greeting_timeout) or an English sentence fails the test and is named.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from tests.chinese_text import violations
from tests.core.dns_server import LocalDns
from tests.support.ui import next_button
from tests.ui.test_flow import WAIT_MS, choose_smtp, fill, find, pick_provider, run_test
from wizard.core.catalog import load_catalog
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId

# Latin words a Chinese user reads as they are, beyond acronyms (SMTP, DNS, QQ: any all-capital
# word) and anything with a digit, dot, @, = or slash (hosts, addresses, ports, versions, records,
# paths): brand and product names, and what the user types or looks for letter by letter.
PROPER_NAMES = {
    "Python",  # the support report's environment
    "Linux",  # the server build's platform
    "Markdown",  # a report format
    "Wi-Fi",
    "Message-ID",  # the header the user searches the mailbox for
    "nslookup",  # the command the DNS hint asks the user to run
    "smtp-wizard-cli",  # the one-file program the server command names
    "smtp-wizard",  # the program's name in the report
    "include",  # the SPF mechanism the user writes into DNS
    "ms",  # milliseconds beside a stage
    "localhost",  # the demo server's host name (a host, without a dot)
    "all",  # SPF's -all, typed into DNS with the record
}
# Text that is quoted, not written by the wizard: a server's reply (235 2.7.0 Authentication
# successful), DNS records ("v=spf1 ...") and the certificate's subject and issuer as the CA wrote them.
QUOTED = (
    re.compile(r"(?:^|\| |服务器回复: ?|ms {2})[2-5]\d\d[ -][^|\n]*", re.M),
    re.compile(r"「[2-5]\d\d[ -][^」]*」"),  # a provider's reply the catalog quotes so it is recognized
    re.compile(r"诊断代码\W*:[^\n]*"),  # the report's code row: the README's table and support look it up
    re.compile(r'"[^"\n]*"'),
    re.compile(r"(?:证书主体|颁发者)\W*:[^\n]*"),
)
# Shown as they are: the transcript, a received mail, the command to type on the server.
VERBATIM = ("dialogText", "inboxBody", "serverCommandText")
MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")


def catalog_names() -> set[str]:
    """The Latin words of the providers' Chinese names (Gmail, SendCloud, Outlook)."""
    names = set()
    for provider in load_catalog():
        names |= set(re.findall(r"[A-Z][A-Za-z0-9-]*", provider.name.get("zh_CN")))
    return names


ALLOWED = PROPER_NAMES | catalog_names()


def foreign_words(text: str) -> list[str]:
    text = MNEMONIC.sub("", text)
    for quoted in QUOTED:
        text = quoted.sub(" ", text)
    bad = []
    for chunk in re.split(r"[\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef,;()「」、。…—→✓×\[\]|*#]+", text):
        if re.search(r"[\d@./=]", chunk):
            continue
        chunk = chunk.strip(".:!?'`-")
        if not chunk or chunk in ALLOWED:
            continue
        if "_" in chunk:  # an outcome or field code: no_network, greeting_timeout
            bad.append(chunk)
            continue
        bad += [
            w for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", chunk) if not w.isupper() and w not in ALLOWED
        ]
    return bad


def plain(text: str) -> str:
    if re.search(r"<[a-zA-Z/][^>]*>|&[a-z]+;", text):  # rich text: what is shown is its plain text
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for what is on screen under ``root``; what the user typed is not ours."""
    found = [(f"{type(root).__name__} title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        where = widget.objectName() or type(widget).__name__
        texts: list[str] = []
        if isinstance(widget, QLabel):
            texts = [plain(widget.text())]
        elif isinstance(widget, QAbstractButton):
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            texts = [widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            texts = [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            headers = [widget.horizontalHeaderItem(c) for c in range(widget.columnCount())]
            texts = [h.text() for h in headers if h]
            texts += [
                widget.item(r, c).text()
                for r in range(widget.rowCount())
                for c in range(widget.columnCount())
                if widget.item(r, c)
            ]
        elif isinstance(widget, QTreeWidget):
            texts = [widget.headerItem().text(0)]
        elif isinstance(widget, QTextEdit | QPlainTextEdit) and where not in VERBATIM:
            texts = [widget.toPlainText()]
        found += [(where, text) for text in texts if text]
    return found


class Seen:
    """Every text met on the walk, with where it was."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def add(self, context: str, root: QWidget) -> None:
        for where, text in visible_texts(root):
            self.texts.setdefault(text, f"{context}/{where}")

    def problems(self) -> list[str]:
        found = []
        for text, where in self.texts.items():
            words = foreign_words(text)
            if words:
                found.append(f"{where}: {words} in {text[:160]!r}")
            found += [f"{where}: {problem}" for problem in violations(text)]
        return found


@pytest.fixture
def chinese(qapp):
    from wizard.ui.app import load_translations

    load_translations(qapp, "zh_CN")
    yield
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()


def settle(qtbot) -> None:
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=WAIT_MS)
    qtbot.wait(20)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def through_dialog(qtbot, seen: Seen, context: str, button: QPushButton) -> None:
    """Click a button that opens a modal dialog; read the dialog, then close it as a user would."""
    opened: list[str] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            seen.add(context, dialog)
            opened.append(dialog.windowTitle())
            dialog.reject()
        else:
            QTimer.singleShot(30, read_and_close)

    QTimer.singleShot(30, read_and_close)
    click(qtbot, button)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)


ZONE = {
    ("example.com", "TXT"): ['"v=spf1 ip4:198.51.100.0/24 -all"'],
    ("_dmarc.example.com", "TXT"): ['"v=DMARC1; p=reject"'],
    ("example.com", "MX"): ["10 mx.example.com."],
    ("gw-corp.cn", "TXT"): ['"v=spf1 include:spf.mail.qq.com -all"'],
}


def test_every_page_and_panel_speaks_chinese(qtbot, make_wizard, chinese, demo_server, monkeypatch):
    seen = Seen()
    with LocalDns(
        {"gw-corp.cn": [(10, "mx.spamgw.example")]},
        records=ZONE,
        nxdomain={"autoconfig.gw-corp.cn", "nowhere-corp.cn", "autoconfig.nowhere-corp.cn"},
    ) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("zh_CN")
        wizard.show_error = lambda details: pytest.fail(f"unexpected error: {details}")
        seen.add("mode", wizard)
        choose_smtp(qtbot, wizard)
        seen.add("provider", wizard)

        # Detection: found through SPF (every step shown), then a domain DNS says does not exist
        address = find(wizard, QLineEdit, "detectAddressEdit")
        status = find(wizard, QLabel, "detectStatus")
        qtbot.keyClicks(address, "hr@gw-corp.cn")
        qtbot.waitUntil(lambda: "SPF" in status.text(), timeout=10000)
        seen.add("provider/detected", wizard)
        address.clear()
        qtbot.keyClicks(address, "hr@nowhere-corp.cn")
        qtbot.waitUntil(lambda: "nowhere-corp.cn" in status.text(), timeout=10000)
        settle(qtbot)
        seen.add("provider/not found", wizard)
        address.clear()

        # The authorization-code page of a real preset, then the demo server
        pick_provider(qtbot, wizard, "qq", "qq")
        click(qtbot, next_button(wizard))
        assert wizard.currentId() == PageId.AUTH_HELP
        seen.add("auth help", wizard)
        wizard.back()
        find(wizard, QLineEdit, "providerSearch").clear()
        pick_provider(qtbot, wizard, "demo", "demo")
        while wizard.currentId() != PageId.SETTINGS:
            click(qtbot, next_button(wizard))
        click(qtbot, find(wizard, QWidget, "advancedToggle"))
        fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit="web-password", displayNameEdit="运维中心")
        seen.add("settings", wizard)

        # A failed test: the diagnosis, its hint, the stages; the port probe
        click(qtbot, next_button(wizard))
        page = wizard.page_of(PageId.TEST)
        assert run_test(qtbot, wizard) == "auth_code_required"
        seen.add("test/failed", wizard)
        through_dialog(qtbot, seen, "transcript dialog", find(wizard, QPushButton, "transcriptButton"))
        click(qtbot, find(wizard, QPushButton, "probeButton"))
        table = find(wizard, QTableWidget, "probeTable")
        qtbot.waitUntil(lambda: not page.tasks.busy and table.rowCount() > 0, timeout=WAIT_MS)
        seen.add("test/probe", wizard)

        # A pass: the sender-domain check, 确认收到, the report, the dialogs
        wizard.back()
        fill(qtbot, wizard, passwordEdit=DEMO_PASSWORD)
        click(qtbot, next_button(wizard))
        assert run_test(qtbot, wizard) == "ok"
        panel = page.after_pass
        qtbot.waitUntil(
            lambda: "DMARC" in panel.domain_label.toPlainText() and not panel.tasks.busy, timeout=WAIT_MS
        )
        seen.add("test/domain check", wizard)
    bar = panel.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    click(qtbot, find(wizard, QPushButton, "confirmDeliveryButton"))
    delivery = find(wizard, QLabel, "deliveryResult")
    qtbot.waitUntil(lambda: "收件箱" in delivery.text() and not panel.tasks.busy, timeout=WAIT_MS)
    seen.add("test/delivery", wizard)
    click(qtbot, find(wizard, QPushButton, "copyReportButton"))
    seen.add("test/report copied", wizard)
    report = QGuiApplication.clipboard().text()
    report = report.split("## SMTP 会话记录")[0]  # the transcript is quoted, as sent and received
    report = re.sub(r"<br>|&lt;|&gt;|\\", " ", report)  # Markdown's own markup
    seen.texts.setdefault(report, "support report")
    through_dialog(qtbot, seen, "demo inbox", find(wizard, QPushButton, "demoInboxButton"))
    through_dialog(qtbot, seen, "server command", find(wizard, QPushButton, "serverCommandButton"))

    click(qtbot, next_button(wizard))
    assert wizard.currentId() == PageId.EXPORT
    seen.add("export", wizard)
    click(qtbot, find(wizard, QWidget, "includePasswordCheck"))
    seen.add("export/with password", wizard)
    click(qtbot, next_button(wizard))
    seen.add("done", wizard)

    assert len(seen.texts) > 120  # the walk saw the wizard, not an empty window
    problems = seen.problems()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "text, words",
    [
        ("端口 465 — greeting_timeout", ["greeting_timeout"]),
        ("自动配置文件: DNS 无应答 — not a listed mail domain", ["not", "a", "listed", "mail", "domain"]),
        ("可以用 --nameserver 换一个 DNS 服务器", ["nameserver"]),
        ("加密方式: ssl", ["ssl"]),
        ("获取 QQ 邮箱的授权码(&G)", []),
        ("连接 smtp.qq.com:465, 账号 ops@acme.cn, SHA-256 AB:CD", []),
        ("服务器回复: 535 5.7.8 Error: authentication failed", []),
        ('TXT example.com: "v=spf1 -all"', []),
    ],
)
def test_the_word_check_itself(text, words):
    assert foreign_words(text) == words
