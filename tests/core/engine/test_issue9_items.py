"""Items 2, 6, 8 and 9 of issue 9 against scripted and aiosmtpd servers on loopback (the real
Postfix versions are in tests/realservers)."""

from __future__ import annotations

import contextlib
import socket
import threading

import trustme

from tests.support.servers import make_request
from wizard.core.engine.session import run_test


def test_503_to_auth_never_passes_a_password_that_was_not_checked(scripted):
    """Item 9: "503 authentication not enabled" is not a login; the test must not pass or verify."""
    server = scripted({"AUTH": b"503 5.5.1 Error: authentication not enabled"})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert (result.diagnosis.code, result.diagnosis.field) == ("auth_unsupported", "username")
    assert result.verified is None and "MAIL" not in server.commands


def test_503_already_authenticated_counts_only_after_a_235(scripted):
    server = scripted({"AUTH": b"503 5.5.1 Error: already authenticated"})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert not result.ok and result.verified is None


def test_starttls_offered_auth_not_yet_means_encrypt_first(scripted):
    """Item 2: EHLO lists STARTTLS but no AUTH (smtpd_tls_auth_only): encryption, not "no login"."""
    server = scripted({"EHLO": b"250-scripted.example\r\n250-STARTTLS\r\n250 SIZE 1000000"})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert (result.diagnosis.code, result.diagnosis.field) == ("encryption_required", "security")
    assert result.diagnosis.fix == {"security": "starttls"}
    assert "AUTH" not in server.commands


def _silent_after_starttls() -> socket.socket:
    """Says 220 to STARTTLS, then reads whatever comes and never answers the handshake."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                stream = conn.makefile("rb")
                conn.sendall(b"220 silent.example ESMTP\r\n")
                stream.readline()  # EHLO
                conn.sendall(b"250-silent.example\r\n250 STARTTLS\r\n")
                stream.readline()  # STARTTLS
                conn.sendall(b"220 Ready to start TLS\r\n")
                while conn.recv(4096):  # the ClientHello, then nothing until the client gives up
                    pass

    threading.Thread(target=serve, daemon=True).start()
    return listener


def test_starttls_handshake_timeout_is_a_tls_failure_without_an_ssl_fix():
    """Item 8: the server says 220 to STARTTLS and then never completes the handshake."""
    listener = _silent_after_starttls()
    try:
        port = listener.getsockname()[1]
        result = run_test(make_request(port, "starttls", host="127.0.0.1", timeout=3.0, connect_timeout=1.0))
    finally:
        listener.close()
    assert (result.diagnosis.code, result.diagnosis.field) == ("tls_failed", "security")
    assert result.diagnosis.params["variant"] == "timeout" and result.diagnosis.fix is None


def test_mismatch_names_the_certificate_names_and_offers_the_catalog_host(smtp_server, tmp_path):
    """Item 6: a certificate for smtp.exmail.qq.com reached as "localhost": show its names, the name
    asked for, and offer the catalog host it covers as the one-click fix."""
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = smtp_server("ssl", cert=ca.issue_cert("smtp.exmail.qq.com", "*.exmail.qq.com"))
    result = run_test(make_request(server.port, "ssl", ca_file=str(ca_file)))
    diagnosis = result.diagnosis
    assert (diagnosis.code, diagnosis.field) == ("tls_hostname_mismatch", "host")
    assert diagnosis.fix == {"host": "smtp.exmail.qq.com"}
    message = diagnosis.message("en")
    assert "smtp.exmail.qq.com, *.exmail.qq.com" in message and '"localhost"' in message
    assert result.tls is not None and result.tls.names == ("smtp.exmail.qq.com", "*.exmail.qq.com")


def test_mismatch_on_an_ip_address_lists_the_names_without_a_fix(smtp_server, tmp_path):
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = smtp_server("ssl", cert=ca.issue_cert("relay.corp.example"))
    result = run_test(make_request(server.port, "ssl", host="127.0.0.1", ca_file=str(ca_file)))
    assert result.diagnosis.code == "tls_hostname_mismatch" and result.diagnosis.fix is None
    assert result.diagnosis.params["variant"] == "ip"
    assert "relay.corp.example" in result.diagnosis.message("zh_CN")
