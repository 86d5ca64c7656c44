"""探测端口 / Detect ports, clicked in the wizard against the real demo server."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSpinBox, QTableWidget

from tests.support.ui import next_button
from tests.ui.test_flow import WAIT_MS, fill, find, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(row, col).text() for col in range(table.columnCount())] for row in range(table.rowCount())
    ]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_detect_ports_shows_the_result_table(qtbot, make_wizard, demo_server, lang):
    wizard = make_wizard(lang)
    errors: list[str] = []
    wizard.show_error = errors.append  # the unexpected-error dialog
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.TEST
    page = wizard.page_of(PageId.TEST)

    qtbot.mouseClick(find(wizard, QPushButton, "probeButton"), Qt.MouseButton.LeftButton)
    table = find(wizard, QTableWidget, "probeTable")
    qtbot.waitUntil(lambda: errors or (not page.tasks.busy and table.rowCount() > 0), timeout=WAIT_MS)

    assert errors == []
    assert table.isVisible()
    rows = table_rows(table)
    working = {(row[0], row[1]) for row in rows if row[2].startswith("✓")}
    assert (str(demo_server.ssl_port), "SSL/TLS") in working  # the encryption as the settings page names it
    assert (str(demo_server.starttls_port), "STARTTLS") in working
    assert all(row[3].startswith("TLSv1.") for row in rows if row[2].startswith("✓"))
    assert {row[2] for row in rows if row[2].startswith("✓")} == {"✓ works" if lang == "en" else "✓ 可用"}
    failed = [row[2] for row in rows if not row[2].startswith("✓")]
    if lang == "zh_CN":  # a failure in words (连接被拒绝), never its code (connection_refused)
        assert failed and not any(re.search(r"[a-z]_[a-z]", cell) for cell in failed), failed
    cell = table.item(0, 2)  # a result to read and copy, not a field to type in
    table.setCurrentCell(0, 2)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(cell).center())
    qtbot.keyClicks(table, "xyz")
    assert table.item(0, 2).text() == cell.text() and table.state() != table.State.EditingState
    result = find(wizard, QLabel, "resultLabel").text()
    expected = f"port {demo_server.ssl_port}" if lang == "en" else str(demo_server.ssl_port)
    assert expected in result and "SSL/TLS" in result  # the most secure pair, named as the UI labels it


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_detect_ports_without_trust_still_recommends_tls(qtbot, make_wizard, demo_server, lang):
    """Never a downgrade: with the demo CA unknown, TLS fails only on trust and plain EHLO works;
    the wizard still recommends TLS, says why, and offers no switch to "no encryption"."""
    wizard = make_wizard(lang)
    wizard.state.ca_file = None  # this machine does not trust the server's CA
    errors: list[str] = []
    wizard.show_error = errors.append
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    find(wizard, QSpinBox, "portSpin").setValue(demo_server.starttls_port)  # the port a plain EHLO answers on
    security = find(wizard, QComboBox, "securityCombo")
    security.setCurrentIndex(security.findData("starttls"))
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    page = wizard.page_of(PageId.TEST)

    qtbot.mouseClick(find(wizard, QPushButton, "probeButton"), Qt.MouseButton.LeftButton)
    table = find(wizard, QTableWidget, "probeTable")
    qtbot.waitUntil(lambda: errors or (not page.tasks.busy and table.rowCount() > 0), timeout=WAIT_MS)

    assert errors == []
    rows = table_rows(table)
    clear = "None" if lang == "en" else "不加密"  # as the security choice names it
    assert any(row[1] == clear and row[2].startswith("✓") for row in rows)  # clear text "works" ...
    assert not any(row[1] != clear and row[2].startswith("✓") for row in rows)  # ... TLS only fails on trust
    result = find(wizard, QLabel, "resultLabel").text()
    assert str(demo_server.ssl_port) in result and "SSL/TLS" in result
    assert "not trusted" in result or "不受信任" in result  # the trust problem is explained
    fix_button = find(wizard, QPushButton, "applyFixButton")
    assert not fix_button.isVisible() or "none" not in fix_button.text().lower()
    assert "不加密" not in fix_button.text() and "no encryption" not in fix_button.text()
