"""Shared test setup: no test touches the developer's real state, keyring or locale."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path_factory, monkeypatch):
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("SMTP_WIZARD_STATE_DIR", str(state))
    monkeypatch.setenv("NO_COLOR", "1")
    yield


@pytest.fixture
def beijing_time(monkeypatch):
    """Local time is UTC+8 (as on the customers' machines) for tests of displayed times."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
