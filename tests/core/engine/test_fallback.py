"""The parallel fallback: a connect that hangs (a blackholed port) starts the probe of the
provider's other endpoints, so the diagnosis arrives with a fix that was seen to work, within
about one connect timeout instead of one timeout for the test and another for the probe."""

from __future__ import annotations

import dataclasses
import threading
import time

from tests.support.servers import make_request
from wizard.core.catalog import load_catalog
from wizard.core.engine.api import CancelToken
from wizard.core.engine.fallback import run_test_with_fallback
from wizard.core.settings import Endpoint, Security

CONNECT_TIMEOUT = 3.0


def provider_with(*endpoints: Endpoint):
    """A catalog entry whose endpoints are the loopback servers of the test."""
    return dataclasses.replace(load_catalog().find("qq"), endpoints=endpoints)


def test_blackholed_port_comes_back_with_a_working_alternative(smtp_server, pki, blackhole_port):
    good = smtp_server("ssl")
    request = make_request(
        blackhole_port, "starttls", ca_file=pki.ca_file, connect_timeout=CONNECT_TIMEOUT, timeout=10.0
    )
    provider = provider_with(Endpoint(good.port, Security.SSL), Endpoint(blackhole_port, Security.STARTTLS))
    started = time.monotonic()
    result = run_test_with_fallback(request, provider=provider, head_start=0.5)
    elapsed = time.monotonic() - started
    assert (result.diagnosis.code, result.diagnosis.field) == ("connect_timeout", "port")
    assert result.diagnosis.fix == {"port": good.port, "security": "ssl"}
    assert f"{good.port}:ssl ok" in result.transcript[-1]
    # One connect timeout, not the sequential test-then-probe (two of them): wide margins,
    # the figure itself is measured in benchmarks/probe_blackhole.py.
    assert elapsed < 2 * CONNECT_TIMEOUT - 0.5


def test_a_server_that_answers_starts_no_probe(smtp_server, pki):
    server = smtp_server("ssl")
    request = make_request(server.port, "ssl", ca_file=pki.ca_file, connect_timeout=CONNECT_TIMEOUT)
    before = {t.name for t in threading.enumerate()}
    result = run_test_with_fallback(
        request, provider=provider_with(Endpoint(465, Security.SSL)), head_start=0.2
    )
    assert result.ok and result.diagnosis.fix is None
    assert not any("also tried" in line for line in result.transcript)
    assert not any(t.name.startswith("probe-") for t in threading.enumerate() if t.name not in before)


def test_a_refused_port_is_probed_only_when_asked(smtp_server, pki, closed_port):
    good = smtp_server("ssl")
    provider = provider_with(Endpoint(good.port, Security.SSL))
    request = make_request(closed_port, "ssl", ca_file=pki.ca_file, connect_timeout=CONNECT_TIMEOUT)
    plain = run_test_with_fallback(request, provider=provider)
    assert plain.diagnosis.code == "connection_refused" and plain.diagnosis.fix is None
    probed = run_test_with_fallback(request, provider=provider, probe_on_failure=True)
    assert probed.diagnosis.fix == {"port": good.port, "security": "ssl"}


def test_cancel_stops_the_test_and_the_probe(pki, blackhole_port, silent_port):
    request = make_request(blackhole_port, "ssl", ca_file=pki.ca_file, connect_timeout=8.0, timeout=10.0)
    provider = provider_with(Endpoint(silent_port, Security.SSL))
    cancel = CancelToken()
    threading.Timer(1.0, cancel.cancel).start()  # while the probe of the other endpoint runs
    started = time.monotonic()
    result = run_test_with_fallback(request, cancel=cancel, provider=provider, head_start=0.3)
    assert result.diagnosis.code == "cancelled"
    assert time.monotonic() - started < 3.0  # not the 8 s connect timeout


def test_probing_after_a_failure_shares_the_test_budget(silent_port):
    # The greeting never comes; with --probe-on-failure the probe may only use what is left of
    # --timeout, not another connect timeout.
    request = make_request(silent_port, "starttls", connect_timeout=2.0, timeout=2.5)
    started = time.monotonic()
    result = run_test_with_fallback(
        request, provider=provider_with(Endpoint(465, Security.SSL)), probe_on_failure=True
    )
    assert result.diagnosis.code == "greeting_timeout"
    assert time.monotonic() - started < 2.5 + 1.0


def test_the_parallel_probe_never_outlives_the_overall_timeout(blackhole_port, silent_port):
    request = make_request(blackhole_port, "ssl", connect_timeout=6.0, timeout=2.5)
    provider = provider_with(Endpoint(silent_port, Security.SSL))  # answers TCP, never greets
    started = time.monotonic()
    result = run_test_with_fallback(request, provider=provider, head_start=0.5)
    assert result.diagnosis.code in ("connect_timeout", "timeout")
    assert time.monotonic() - started < 2.5 + 1.0
