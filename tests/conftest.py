"""Shared test setup: no test touches the developer's real state, keyring or locale; under
CI=true a test that needs a real server, keyring or window manager fails instead of skipping."""

from __future__ import annotations

import pytest

from tests import ci_skips


def pytest_configure(config):
    for kind, needs in ci_skips.KINDS.items():
        config.addinivalue_line("markers", f"{kind}: {needs}; under CI=true a skip fails (tests/ci_skips.py)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    return ci_skips.enforce(item, call, report)


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
