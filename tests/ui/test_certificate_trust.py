"""Issue 19: a pass through a manually trusted certificate, or a CA file the user chose, is
carried forward: every export format says what the admin backend will need, the command for
the server trusts the same, and the trust question never trusts on Enter. Clicked in the wizard
against the real demo server, whose CA this computer does not know unless the test says so."""

from __future__ import annotations

import json
import re
import shlex

import pytest
import trustme
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
)

from tests.support.cli import cli
from tests.support.ui import next_button
from tests.ui.test_flow import WAIT_MS, fill, find, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def when_modal(name: str, act) -> dict:
    """Run ``act(dialog, seen)`` on the modal dialog called ``name`` as soon as it shows."""
    seen: dict = {}

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name or not dialog.isVisible():
            QTimer.singleShot(20, check)
            return
        act(dialog, seen)
        seen["done"] = True

    QTimer.singleShot(0, check)
    return seen


def untrusted_wizard(qtbot, make_wizard, lang: str, *, ehlo: str = ""):
    """On the test page after a test that failed on the demo's certificate (CA unknown here)."""
    wizard = make_wizard(lang)
    wizard.state.ca_file = None  # this computer does not know the demo's CA
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    if ehlo:
        if not find(wizard, QLineEdit, "ehloEdit").isVisible():
            click(qtbot, find(wizard, QToolButton, "advancedToggle"))
        fill(qtbot, wizard, ehloEdit=ehlo)
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == PageId.TEST
    assert run_and_wait(qtbot, wizard, lambda: click(qtbot, find(wizard, QPushButton, "sendTestButton"))) == (
        "tls_untrusted"
    )
    return wizard


def run_and_wait(qtbot, wizard, start) -> str:
    page = wizard.page_of(PageId.TEST)
    page.setProperty("diagnosisCode", "")
    start()
    qtbot.waitUntil(
        lambda: page.property("diagnosisCode") not in ("", None) and not page.tasks.busy, timeout=WAIT_MS
    )
    return page.property("diagnosisCode")


def export_text(qtbot, wizard, fmt: str) -> str:
    combo = find(wizard, QComboBox, "exportFormatCombo")
    combo.setCurrentIndex(combo.findData(fmt))
    return find(wizard, QPlainTextEdit, "exportPreview").toPlainText()


def server_command(qtbot, wizard, page_id: PageId) -> tuple[list[str], str]:
    def read(dialog, seen):
        seen["argv"] = shlex.split(dialog.findChild(QPlainTextEdit, "serverCommandText").toPlainText())
        note = dialog.findChild(QLabel, "serverCommandTrust")
        seen["note"] = note.text() if note.isVisible() else ""
        dialog.reject()

    seen = when_modal("serverCommandDialog", read)
    click(qtbot, wizard.page_of(page_id).findChild(QPushButton, "serverCommandButton"))
    qtbot.waitUntil(lambda: "done" in seen, timeout=WAIT_MS)
    return seen["argv"], seen["note"]


def option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_trust_question_defaults_to_no_and_names_the_fingerprint(qtbot, make_wizard, ui_language, lang):
    ui_language(lang)
    wizard = untrusted_wizard(qtbot, make_wizard, lang)
    page = wizard.page_of(PageId.TEST)
    sha256 = page.view.result.tls.sha256

    def press_enter(box, seen):
        seen["default"] = box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        seen["text"] = box.text()
        qtbot.keyClick(box, Qt.Key.Key_Return)

    seen = when_modal("trustCertificateBox", press_enter)
    click(qtbot, find(wizard, QPushButton, "trustCertButton"))
    qtbot.waitUntil(lambda: "done" in seen, timeout=WAIT_MS)
    assert seen["default"]
    assert f"SHA-256: {sha256}" in seen["text"]
    assert ("电话" if lang == "zh_CN" else "by phone") in seen["text"]
    assert wizard.state.draft.pinned_sha256 is None  # Enter said No
    assert not page.tasks.busy and page.property("diagnosisCode") == "tls_untrusted"


def test_a_pass_through_a_pinned_certificate_is_carried_into_every_export_and_the_server_command(
    qtbot, make_wizard, ui_language
):
    pinned_pass(qtbot, make_wizard, ui_language)


def pinned_pass(qtbot, make_wizard, ui_language):
    """Trust the demo's certificate by hand, pass, and check what every export and command says."""
    ui_language("zh_CN")
    wizard = untrusted_wizard(qtbot, make_wizard, "zh_CN", ehlo="client.example.net")
    sha256 = wizard.page_of(PageId.TEST).view.result.tls.sha256

    def say_yes(box, seen):
        click(qtbot, box.button(QMessageBox.StandardButton.Yes))

    def trust():
        when_modal("trustCertificateBox", say_yes)
        click(qtbot, find(wizard, QPushButton, "trustCertButton"))

    assert run_and_wait(qtbot, wizard, trust) == "ok"
    argv, note = server_command(qtbot, wizard, PageId.TEST)
    assert option(argv, "--trust-fingerprint") == sha256
    assert option(argv, "--ehlo") == "client.example.net"
    assert "--ca-file" not in argv and "--connect-timeout" not in argv  # the defaults stay out
    assert sha256 in note

    click(qtbot, next_button(wizard))
    assert wizard.currentId() == PageId.EXPORT
    label = find(wizard, QLabel, "verifiedLabel").text()
    assert "证书已手动信任,SHA-256 " + sha256 in label and "管理后台" in label
    document = json.loads(export_text(qtbot, wizard, "json"))
    assert document["verified"]["pinned_sha256"] == sha256
    assert document["verified"]["ehlo"] == "client.example.net"
    env = export_text(qtbot, wizard, "env")
    assert f"MAIL_VERIFIED_PINNED_SHA256={sha256}" in env
    assert f"# 证书已手动信任,SHA-256 {sha256}" in env and "固定(pin)这个 SHA-256 指纹" in env
    sheet = export_text(qtbot, wizard, "sheet")
    assert f"证书已手动信任,SHA-256 {sha256}" in sheet and "导入签发它的 CA 证书" in sheet
    argv, _ = server_command(qtbot, wizard, PageId.EXPORT)
    assert option(argv, "--trust-fingerprint") == sha256
    export_text(qtbot, wizard, "json")
    click(qtbot, find(wizard, QPushButton, "copyButton"))
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == PageId.DONE  # the admin's checklist says it too
    assert f"证书已手动信任,SHA-256 {sha256}" in find(wizard, QLabel, "doneText").text()
    wizard.back()
    return wizard, sha256


def test_an_opened_pinned_claim_is_shown_and_carried_but_not_trusted_unasked(
    qtbot, make_wizard, ui_language, monkeypatch, tmp_path
):
    """Anyone can write a digest: a file may say what its test trusted, but only the user makes
    the wizard trust a certificate."""
    wizard, sha256 = pinned_pass(qtbot, make_wizard, ui_language)
    out = tmp_path / "pinned.json"
    export_text(qtbot, wizard, "json")
    assert wizard.page_of(PageId.EXPORT).save_to(out)

    again = make_wizard("zh_CN")
    again.state.ca_file = None
    refused = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: refused.append(a[2]))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, find(again, QPushButton, "openConfigButton"))
    assert refused == []
    assert again.currentId() == PageId.SETTINGS
    assert find(again, QLineEdit, "ehloEdit").text() == "client.example.net"  # the EHLO name came back
    click(qtbot, next_button(again))
    assert "另一次运行" in find(again, QLabel, "resultLabel").text()  # the claim holds ...
    argv, note = server_command(qtbot, again, PageId.TEST)
    assert option(argv, "--trust-fingerprint") == sha256 and sha256 in note  # ... and is carried
    send = lambda: click(qtbot, find(again, QPushButton, "sendTestButton"))  # noqa: E731
    assert run_and_wait(qtbot, again, send) == "tls_untrusted"  # ... but not trusted unasked
    assert again.state.draft.verified is None


@pytest.fixture
def certificates(tmp_path):
    """A CA file the wizard must refuse in each of the CLI's ways: a server's own certificate, a
    DER file, a file that is not there."""
    ca = trustme.CA()
    leaf = tmp_path / "server-cert.pem"
    leaf.write_bytes(ca.issue_cert("mail.example.net").cert_chain_pems[0].bytes())
    der = tmp_path / "ca.der"
    import ssl

    der.write_bytes(ssl.PEM_cert_to_DER_cert(ca.cert_pem.bytes().decode()))
    return {"leaf": leaf, "der": der, "missing": tmp_path / "nowhere.pem"}


def cli_ca_file_message(path, lang: str) -> str:
    """What `smtp-wizard test --ca-file PATH` says about the file."""
    result = cli(
        "test",
        *("--provider", "qq", "--sender", "a@qq.com", "--to", "a@qq.com", "--ca-file", str(path)),
        *("--lang", lang, "--json"),
    )
    assert result.returncode == 2
    issues = json.loads(result.stdout)["issues"]
    return next(issue["message"] for issue in issues if issue["field"] == "ca_file")


def same_problem(cli_message: str) -> str:
    """The CLI's finding without its advice: the wizard names its own button instead of
    --trust-fingerprint (the advice is the last sentence)."""
    return re.split(r"(?<=。)|(?<=\. )", cli_message)[0].strip()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_settings_page_chooses_a_ca_file_with_the_clis_checks(
    qtbot, make_wizard, demo_server, monkeypatch, certificates, ui_language, lang
):
    ui_language(lang)
    wizard = make_wizard(lang)
    wizard.state.ca_file = None
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    if not find(wizard, QLineEdit, "caFileEdit").isVisible():
        click(qtbot, find(wizard, QToolButton, "advancedToggle"))
    chosen = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen["path"], ""))
    issue = find(wizard, QLabel, "caFileIssue")
    for kind in ("leaf", "der", "missing"):
        chosen["path"] = str(certificates[kind])
        click(qtbot, find(wizard, QPushButton, "caFileChooseButton"))
        assert same_problem(cli_ca_file_message(certificates[kind], lang)) in issue.text(), kind
        assert not re.search(r"(?<![\w-])--[a-z]", issue.text())  # no CLI options
        assert wizard.state.draft.ca_file is None and find(wizard, QLineEdit, "caFileEdit").text() == ""

    chosen["path"] = demo_server.ca_file
    click(qtbot, find(wizard, QPushButton, "caFileChooseButton"))
    assert issue.text() == ""
    assert find(wizard, QLineEdit, "caFileEdit").text() == demo_server.ca_file
    assert wizard.state.draft.ca_file == demo_server.ca_file
    click(qtbot, next_button(wizard))
    assert (
        run_and_wait(qtbot, wizard, lambda: click(qtbot, find(wizard, QPushButton, "sendTestButton"))) == "ok"
    )
    argv, note = server_command(qtbot, wizard, PageId.TEST)
    name = demo_server.ca_file.rsplit("/", 1)[-1]
    assert option(argv, "--ca-file") == name and name in note
    click(qtbot, next_button(wizard))
    assert json.loads(export_text(qtbot, wizard, "json"))["verified"]["ca_file"] == name
    assert name in find(wizard, QLabel, "verifiedLabel").text()

    wizard.back()
    wizard.back()
    assert wizard.currentId() == PageId.SETTINGS
    click(qtbot, find(wizard, QPushButton, "caFileClearButton"))
    assert wizard.state.draft.ca_file is None and wizard.state.draft.verified is None


def test_the_test_page_offers_the_ca_file_beside_trust(
    qtbot, make_wizard, demo_server, monkeypatch, certificates
):
    wizard = untrusted_wizard(qtbot, make_wizard, "en")
    button = find(wizard, QPushButton, "chooseCaFileButton")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(certificates["leaf"]), ""))
    click(qtbot, button)
    shown = find(wizard, QLabel, "resultLabel").text()
    assert same_problem(cli_ca_file_message(certificates["leaf"], "en")) in shown
    assert "Trust this certificate" in shown and "--trust-fingerprint" not in shown
    assert wizard.state.draft.ca_file is None

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (demo_server.ca_file, ""))
    assert run_and_wait(qtbot, wizard, lambda: click(qtbot, button)) == "ok"
    assert wizard.state.draft.ca_file == demo_server.ca_file and wizard.state.draft.pinned_sha256 is None


def test_the_certificates_expiry_is_local_time_like_every_other_time(qtbot, make_wizard, beijing_time):
    wizard = untrusted_wizard(qtbot, make_wizard, "en")
    text = find(wizard, QLabel, "certificateLabel").text()
    expiry = wizard.page_of(PageId.TEST).view.result.tls.not_after  # the engine keeps UTC (…Z)
    assert expiry.endswith("Z") and expiry not in text
    assert re.search(r"Valid until: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0800", text), text
