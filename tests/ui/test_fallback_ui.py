"""The wizard on a blackholed port: the connect hangs, the provider's other endpoints are tried
in parallel, and the failure arrives with a one-click fix that was seen to work; applying it
passes. Against the real demo server (its two ports are the provider's endpoints)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox, QToolButton

from tests.support.ui import next_button
from tests.ui.test_flow import WAIT_MS, fill, find, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.core.draft import Draft
from wizard.ui.pages.ids import PageId

CONNECT_TIMEOUT = 4.0


@pytest.fixture
def blackhole_port():
    from benchmarks._servers import blackholed_port

    with blackholed_port() as port:
        yield port


def test_blackholed_port_offers_the_endpoint_that_answered(
    qtbot, make_wizard, demo_server, blackhole_port, monkeypatch
):
    original = Draft.test_request
    monkeypatch.setattr(
        Draft,
        "test_request",
        lambda self, **options: original(self, connect_timeout=CONNECT_TIMEOUT, **options),
    )
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    find(wizard, QToolButton, "advancedToggle").setChecked(True)
    security = find(wizard, QComboBox, "securityCombo")
    security.setCurrentIndex(security.findData("ssl"))
    find(wizard, QSpinBox, "portSpin").setValue(blackhole_port)  # SYNs dropped: connect hangs
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    page = wizard.page_of(PageId.TEST)
    qtbot.mouseClick(find(wizard, QPushButton, "sendTestButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.property("diagnosisCode") == "connect_timeout" and not page.tasks.busy, timeout=WAIT_MS
    )
    fix = find(wizard, QPushButton, "applyFixButton")
    assert fix.isVisible()
    assert str(demo_server.ssl_port) in fix.text()  # the demo's implicit-TLS port: it answered
    page.setProperty("diagnosisCode", "")
    qtbot.mouseClick(fix, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.property("diagnosisCode") == "ok" and not page.tasks.busy, timeout=WAIT_MS)
    assert wizard.state.draft.settings.smtp.port == demo_server.ssl_port
