"""Port probing in parallel, and fixing a failed test by probing."""

from __future__ import annotations

import time

from tests.support.servers import PASSWORD, USER, make_request
from wizard.core.engine.fallback import run_test_with_fallback
from wizard.core.engine.probe import probe
from wizard.core.settings import Endpoint, Security


def test_four_candidates_two_blackholed(smtp_server, pki, blackhole_port, silent_port):
    ssl_server = smtp_server("ssl")
    starttls_server = smtp_server("starttls")
    candidates = [
        Endpoint(blackhole_port, Security.SSL),
        Endpoint(starttls_server.port, Security.STARTTLS),
        Endpoint(silent_port, Security.STARTTLS),
        Endpoint(ssl_server.port, Security.SSL),
    ]
    timeout = 1.0
    start = time.monotonic()
    report = probe("localhost", candidates, timeout=timeout, ca_file=pki.ca_file)
    elapsed = time.monotonic() - start
    assert elapsed < 1.5 * timeout
    codes = {r.candidate: r.code for r in report.results}
    assert codes[candidates[0]] == "connect_timeout"
    assert codes[candidates[1]] == "ok"
    assert codes[candidates[2]] == "greeting_timeout"
    assert codes[candidates[3]] == "ok"
    assert report.recommended == candidates[3]  # SSL/TLS beats STARTTLS
    by = {r.candidate: r for r in report.results}
    assert by[candidates[3]].tls.version.startswith("TLSv1") and "PLAIN" in by[candidates[3]].auth_mechanisms
    assert by[candidates[1]].size_limit == 33554432 and by[candidates[1]].reachable
    assert not by[candidates[0]].reachable and by[candidates[2]].reachable
    assert report.login is None and "AUTH" not in ssl_server.commands


def test_probe_with_credentials_logs_in_on_the_recommended_pair(smtp_server, pki):
    server = smtp_server("starttls")
    report = probe(
        "localhost",
        [Endpoint(server.port, Security.STARTTLS)],
        timeout=2,
        ca_file=pki.ca_file,
        credentials=(USER, PASSWORD),
    )
    assert report.login is not None and report.login.ok
    assert report.results[0].login_ok is True
    assert "MAIL" not in server.commands


def test_probe_login_failure_is_diagnosed(smtp_server, pki):
    server = smtp_server("ssl")
    report = probe(
        "localhost",
        [Endpoint(server.port, Security.SSL)],
        timeout=2,
        ca_file=pki.ca_file,
        credentials=(USER, "wrong"),
    )
    assert report.login.code == "auth_failed" and report.results[0].login_ok is False


def test_nothing_works(closed_port):
    report = probe("127.0.0.1", [Endpoint(closed_port, Security.SSL)], timeout=1)
    assert report.recommended is None and report.results[0].code == "connection_refused"


def test_greeting_timeout_is_fixed_by_probing(smtp_server, pki):
    server = smtp_server("ssl")
    request = make_request(server.port, "starttls", ca_file=pki.ca_file, connect_timeout=0.5)
    result = run_test_with_fallback(request, probe_on_failure=True)
    assert result.diagnosis.code == "greeting_timeout"
    assert result.diagnosis.fix == {"security": "ssl"}
    assert result.diagnosis.params["probed"] == f"{server.port}:ssl"


def test_tls_on_plain_port_is_fixed_by_probing(smtp_server, pki):
    server = smtp_server("starttls")
    result = run_test_with_fallback(
        make_request(server.port, "ssl", ca_file=pki.ca_file), probe_on_failure=True
    )
    assert (result.diagnosis.code, result.diagnosis.fix) == ("tls_on_plain_port", {"security": "starttls"})
