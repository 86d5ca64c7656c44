"""Slow and endless servers: the overall --timeout and Cancel hold at every read, memory stays small."""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
import threading
import time

from tests.support.cli import cli
from tests.support.hostile import EHLO, command, converse, drip, target
from tests.support.servers import PASSWORD, USER, make_request, server_context
from wizard.core.engine.api import CancelToken
from wizard.core.engine.bounds import CUT_MARK, MAX_FIELD, MAX_REPLY_LINES
from wizard.core.engine.fallback import run_test_with_fallback
from wizard.core.engine.probe import probe
from wizard.core.engine.session import run_test
from wizard.core.settings import Endpoint, Security

SLACK = 1.0  # nothing may outlive the budget by more than this


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def test_greeting_dripped_byte_by_byte_ends_with_the_connect_limit(hostile):
    server = hostile(lambda conn, n: drip(conn, b"220 " + b"x" * 9000, 0.05))
    request = make_request(server.port, "none", password="", connect_timeout=1.0, timeout=30)
    result, elapsed = timed(lambda: run_test(request))
    assert result.diagnosis.code == "greeting_timeout"
    assert elapsed < 1.0 + SLACK


def test_dripped_greeting_cannot_outlive_the_overall_budget(hostile):
    server = hostile(lambda conn, n: drip(conn, b"220 " + b"x" * 9000, 0.05))
    request = make_request(server.port, "none", password="", connect_timeout=10.0, timeout=2.0)
    result, elapsed = timed(lambda: run_test(request))
    assert result.diagnosis.code in ("greeting_timeout", "timeout")
    assert elapsed < 2.0 + SLACK


def test_dripped_ehlo_reply_ends_with_the_budget(hostile):
    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        command(conn)
        drip(conn, b"250-hostile.test\r\n", 0.05, forever=True)

    server = hostile(talk)
    request = make_request(server.port, "none", password="", timeout=2.0)
    result, elapsed = timed(lambda: run_test(request))
    assert result.diagnosis.code == "timeout"
    assert elapsed < 2.0 + SLACK


def test_dripped_reply_after_the_final_dot_ends_with_the_budget_and_may_have_sent(hostile):
    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        replies = {b"EHLO": EHLO, b"MAIL": b"250 OK\r\n", b"RCPT": b"250 OK\r\n", b"DATA": b"354 go\r\n"}
        if converse(conn, replies) == b".":
            drip(conn, b"250 " + b"q" * 9000, 0.05)

    server = hostile(talk)
    request = make_request(server.port, "none", password="", timeout=2.5)
    result, elapsed = timed(lambda: run_test(request))
    assert result.diagnosis.code == "timeout"
    assert result.diagnosis.may_have_sent is True
    assert elapsed < 2.5 + SLACK


def test_cancel_after_the_final_dot_says_the_mail_may_have_been_sent(hostile):
    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        replies = {b"EHLO": EHLO, b"MAIL": b"250 OK\r\n", b"RCPT": b"250 OK\r\n", b"DATA": b"354 go\r\n"}
        if converse(conn, replies) == b".":
            command(conn)  # the server has the whole message and keeps quiet

    server = hostile(talk)
    cancel = CancelToken()
    threading.Timer(1.0, cancel.cancel).start()
    request = make_request(server.port, "none", password="", timeout=20)
    result, elapsed = timed(lambda: run_test(request, cancel=cancel))
    assert result.diagnosis.code == "cancelled"
    assert result.diagnosis.may_have_sent is True
    assert "may have been delivered" in result.diagnosis.message("en")
    assert elapsed < 1.0 + SLACK


def test_tls_handshake_dripped_ends_with_the_budget(hostile):
    # A TLS record header announcing 80 bytes, then the bytes one by one: each recv returns quickly.
    server = hostile(lambda conn, n: drip(conn, b"\x16\x03\x03\x00\x50" + b"\x02" * 80, 0.1))
    request = make_request(server.port, "ssl", password="", connect_timeout=10.0, timeout=2.0)
    result, elapsed = timed(lambda: run_test(request))
    # A stalled handshake is a TLS problem (the server did answer the connect), never a pass.
    assert result.diagnosis.code in ("timeout", "tls_failed")
    assert elapsed < 2.0 + SLACK


def _untrusted_then_silent(pki):
    """First connection: implicit TLS with a certificate from an unknown CA. Then: silence."""

    def talk(conn, n):
        if n == 0:
            try:
                server_context(pki.untrusted).wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                pass  # the client refuses the certificate, as it should
            return
        while conn.recv(4096):  # the certificate peek connects and hears nothing
            pass

    return talk


def test_certificate_peek_obeys_cancel(hostile, pki):
    server = hostile(_untrusted_then_silent(pki))
    cancel = CancelToken()
    threading.Timer(1.0, cancel.cancel).start()
    request = make_request(server.port, "ssl", password="", connect_timeout=10.0, timeout=30)
    result, elapsed = timed(lambda: run_test(request, cancel=cancel))
    assert result.diagnosis.code == "tls_untrusted"
    assert server.connections == 2  # the peek did run
    assert elapsed < 1.0 + SLACK


def test_certificate_peek_obeys_the_budget(hostile, pki):
    server = hostile(_untrusted_then_silent(pki))
    request = make_request(server.port, "ssl", password="", connect_timeout=10.0, timeout=2.0)
    result, elapsed = timed(lambda: run_test(request))
    assert result.diagnosis.code == "tls_untrusted"
    assert elapsed < 2.0 + SLACK


def test_probe_login_connection_dripped_is_bounded(hostile):
    def talk(conn, n):
        if n == 0:  # the candidate: a working plain server
            conn.sendall(b"220 hostile.test\r\n")
            converse(conn, {b"EHLO": EHLO, b"QUIT": b"221 bye\r\n"})
            return
        drip(conn, b"220 " + b"x" * 9000, 0.05)  # the login connection crawls

    server = hostile(talk)
    report, elapsed = timed(
        lambda: probe(
            "127.0.0.1",
            [Endpoint(server.port, Security.NONE)],
            timeout=1.5,
            credentials=(USER, PASSWORD),
        )
    )
    # The candidate phase and the login connection each get one timeout.
    assert elapsed < 2 * 1.5 + SLACK
    assert report.login is not None and not report.login.ok


def test_endless_continuation_reply_is_cut_off(hostile):
    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        command(conn)
        while True:
            conn.sendall(b"250-" + b"A" * 200 + b"\r\n")

    server = hostile(talk)
    result, elapsed = timed(lambda: run_test(make_request(server.port, "none", password="", timeout=4)))
    assert result.diagnosis.code == "connection_lost"
    assert f"more than {MAX_REPLY_LINES} lines" in result.diagnosis.params["detail"]
    assert len(result.transcript) < MAX_REPLY_LINES + 20
    assert elapsed < 2.0


def test_a_line_without_end_is_cut_off(hostile):
    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        command(conn)
        while True:
            conn.sendall(b"B" * 4096)

    server = hostile(talk)
    result = run_test(make_request(server.port, "none", password="", timeout=4))
    assert result.diagnosis.code == "connection_lost"
    assert "longer than" in result.diagnosis.params["detail"]


def test_huge_replies_are_cut_in_every_field_and_the_result_says_so(hostile):
    def long_reply(code: bytes, last: bytes) -> bytes:
        lines = [code + b"-X-LONG " + b"L" * 3900 + b"\r\n" for _ in range(MAX_REPLY_LINES - 2)]
        return code + b"-hostile.test\r\n" + b"".join(lines) + code + b" " + last + b"\r\n"

    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        converse(conn, {b"EHLO": long_reply(b"250", b"AUTH PLAIN"), b"AUTH": long_reply(b"535", b"no")})

    server = hostile(talk)
    args = [*target(server.port, "none"), "--login-only", "--allow-plaintext-auth", "--password-env", "P"]
    done = cli("test", *args, "--json", env={"P": PASSWORD})
    document = json.loads(done.stdout)
    assert document["code"] == "auth_failed"
    assert document["cut"] is True
    assert len(document["server_reply"]) <= MAX_FIELD + 20 and CUT_MARK in document["server_reply"]
    assert CUT_MARK in document["transcript"][-1]
    assert len(done.stdout) < 1_000_000
    text = cli("test", *args, env={"P": PASSWORD})
    assert "已截断" in text.stdout


MEASURE = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "wizard", *sys.argv[1:]], capture_output=True)
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(peak_kib, len(done.stdout), done.returncode)
"""


def test_endless_reply_keeps_memory_and_output_small(hostile):
    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        command(conn)
        while True:
            conn.sendall(b"250-" + b"Z" * 1000 + b"\r\n")

    server = hostile(talk)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE,
            "test",
            *target(server.port, "none"),
            "--login-only",
            "--no-auth",  # no password: the hostile reply comes before any login
            "--timeout",
            "4",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    peak_kib, output_bytes, code = map(int, done.stdout.split())
    assert code == 1
    assert peak_kib < 200 * 1024
    assert output_bytes < 1_000_000


def test_probe_on_failure_shares_the_test_budget(hostile, silent_port):
    # The test waits for a greeting that never comes; the probe that follows may only use what
    # is left of --timeout, not another connect timeout.
    request = make_request(silent_port, "starttls", connect_timeout=2.0, timeout=2.5)
    result, elapsed = timed(lambda: run_test_with_fallback(request, probe_on_failure=True))
    assert result.diagnosis.code == "greeting_timeout"
    assert elapsed < 2.5 + SLACK
