"""Refused, unresolvable, blackholed and silent servers; the overall deadline; Cancel at every stage."""

from __future__ import annotations

import threading
import time

import pytest

from tests.support.servers import make_request
from wizard.core.engine.api import CancelToken, Stage, StageStatus
from wizard.core.engine.session import run_test


def test_refused(closed_port):
    result = run_test(make_request(closed_port, "ssl", host="127.0.0.1"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("connection_refused", "port")
    connect = next(e for e in result.stages if e.stage is Stage.CONNECT)
    assert connect.status is StageStatus.FAILED


def test_unresolvable_host():
    result = run_test(make_request(465, "ssl", host="no-such-host.invalid"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("dns_failure", "host")
    assert "no-such-host.invalid" in result.diagnosis.message("zh_CN")


def test_blackholed_connect_times_out_on_time(blackhole_port):
    start = time.monotonic()
    result = run_test(make_request(blackhole_port, "ssl", host="127.0.0.1", connect_timeout=1.0))
    elapsed = time.monotonic() - start
    assert result.diagnosis.code == "connect_timeout" and 0.9 < elapsed < 1.6


def test_connect_timeout_on_port_25_suggests_465(blackhole_port):
    # The fix depends on the configured port; the engine cannot know the blackhole is not on 25.
    from wizard.core.engine.fixes import suggest_fix
    from wizard.core.settings import Security, SmtpSettings

    assert suggest_fix("connect_timeout", SmtpSettings(port=25, security=Security.NONE)) == {
        "port": 465,
        "security": "ssl",
    }


def test_silent_server_is_a_greeting_timeout(silent_port):
    start = time.monotonic()
    result = run_test(make_request(silent_port, "starttls", host="127.0.0.1", connect_timeout=1.0))
    assert result.diagnosis.code == "greeting_timeout"
    assert time.monotonic() - start < 1.6


def test_overall_budget_caps_every_operation(scripted):
    server = scripted({"MAIL": b""})  # b"": never answer MAIL FROM
    start = time.monotonic()
    result = run_test(
        make_request(
            server.port, "none", host="127.0.0.1", allow_plaintext_auth=True, connect_timeout=1.0, timeout=1.5
        )
    )
    assert result.diagnosis.code == "timeout" and result.diagnosis.params["stage"] == "sender"
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize("stage", ["connect", "tls", "ehlo", "login", "sender", "recipient", "message"])
def test_cancel_returns_within_half_a_second(stage, blackhole_port, silent_port, scripted):
    hang = {"login": "AUTH", "sender": "MAIL", "recipient": "RCPT", "message": "."}
    if stage == "connect":
        request = make_request(blackhole_port, "ssl", host="127.0.0.1", connect_timeout=5, timeout=10)
    elif stage in ("tls", "ehlo"):
        request = make_request(
            silent_port,
            "ssl" if stage == "tls" else "none",
            host="127.0.0.1",
            connect_timeout=5,
            timeout=10,
            password="",
        )
    else:
        server = scripted({hang[stage]: b""})
        request = make_request(
            server.port, "none", host="127.0.0.1", allow_plaintext_auth=True, connect_timeout=5, timeout=10
        )
    cancel = CancelToken()
    running = threading.Event()

    def on_event(event):
        if event.stage.value == stage and event.status is StageStatus.RUNNING:
            running.set()

    outcome = {}

    def work():
        outcome["result"] = run_test(request, on_event=on_event, cancel=cancel)
        outcome["end"] = time.monotonic()

    thread = threading.Thread(target=work)
    thread.start()
    assert running.wait(5)
    time.sleep(0.3)  # let it block inside the stage
    cancelled_at = time.monotonic()
    cancel.cancel()
    thread.join(5)
    assert not thread.is_alive()
    assert outcome["end"] - cancelled_at < 0.5
    result = outcome["result"]
    assert result.diagnosis.code == "cancelled"
    failed = [e for e in result.stages if e.status is StageStatus.FAILED]
    assert [e.stage.value for e in failed] == [stage]


def test_cancel_before_start_touches_nothing(closed_port):
    cancel = CancelToken()
    cancel.cancel()
    result = run_test(make_request(closed_port, "ssl", host="127.0.0.1"), cancel=cancel)
    assert result.diagnosis.code == "cancelled"
