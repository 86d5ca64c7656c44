"""Certificate failures, pins, wrong encryption for the port, STARTTLS stripping, plaintext AUTH."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pytest

from tests.support.servers import der_sha256, make_request
from wizard.core.engine.api import Stage
from wizard.core.engine.session import run_test
from wizard.core.engine.tls import client_context, hashed_system_directory


@pytest.mark.parametrize("kind", ["ssl", "starttls"])
@pytest.mark.parametrize(
    ("cert", "code"),
    [("untrusted", "tls_untrusted"), ("wrong_name", "tls_hostname_mismatch"), ("expired", "tls_expired")],
)
def test_bad_certificates_stop_before_auth(smtp_server, pki, kind, cert, code):
    server = smtp_server(kind, cert=getattr(pki, cert))
    result = run_test(make_request(server.port, kind, ca_file=pki.ca_file))
    assert (result.diagnosis.code, result.diagnosis.field) == (code, "host")
    assert "AUTH" not in server.commands and not server.handler.logins
    assert result.stages[-1].stage is Stage.MESSAGE  # the rest is listed as skipped
    assert result.diagnosis.message("en") and result.diagnosis.message("zh_CN")


def test_system_trust_store_alone_does_not_trust_a_private_ca(smtp_server):
    server = smtp_server("ssl")
    assert run_test(make_request(server.port, "ssl")).diagnosis.code == "tls_untrusted"


@pytest.mark.parametrize("kind", ["ssl", "starttls"])
def test_pinned_fingerprint_replaces_ca_checks(smtp_server, pki, kind):
    server = smtp_server(kind, cert=pki.untrusted)
    pin = der_sha256(pki.untrusted)
    result = run_test(make_request(server.port, kind, pinned_sha256=pin.lower().replace(":", "")))
    assert result.ok, result.diagnosis
    assert result.tls.sha256 == pin
    assert result.tls.not_after.endswith("Z") and result.tls.issuer  # decoded from the DER without CA checks


def test_pin_mismatch_fails_even_with_a_trusted_certificate(smtp_server, pki):
    server = smtp_server("ssl")
    result = run_test(
        make_request(server.port, "ssl", ca_file=pki.ca_file, pinned_sha256=der_sha256(pki.untrusted))
    )
    assert (result.diagnosis.code, result.diagnosis.params.get("variant")) == ("tls_untrusted", "pin")
    assert not server.handler.logins
    assert "指纹" in result.diagnosis.message("zh_CN")


def test_ssl_client_on_a_starttls_port(smtp_server, pki):
    server = smtp_server("starttls")
    result = run_test(make_request(server.port, "ssl", ca_file=pki.ca_file))
    assert (result.diagnosis.code, result.diagnosis.field) == ("tls_on_plain_port", "security")
    assert result.diagnosis.fix == {"security": "starttls"}


@pytest.mark.parametrize("security", ["starttls", "none"])
def test_plain_client_on_an_implicit_tls_port(smtp_server, pki, security):
    server = smtp_server("ssl")
    result = run_test(make_request(server.port, security, ca_file=pki.ca_file, connect_timeout=0.5))
    assert (result.diagnosis.code, result.diagnosis.fix) == ("greeting_timeout", {"security": "ssl"})


def test_starttls_stripped_aborts_before_any_auth(smtp_server, pki):
    server = smtp_server("plain")  # advertises AUTH in plaintext, no STARTTLS
    result = run_test(make_request(server.port, "starttls", ca_file=pki.ca_file))
    assert (result.diagnosis.code, result.diagnosis.field) == ("starttls_unavailable", "security")
    assert server.commands == ["EHLO"] or server.commands == ["EHLO", "QUIT"]
    assert not any(line.split("C: ")[-1].startswith("AUTH") for line in result.transcript)


def test_no_encryption_with_credentials_is_blocked(smtp_server):
    server = smtp_server("plain")
    result = run_test(make_request(server.port, "none"))
    assert (result.diagnosis.code, result.diagnosis.fix) == (
        "plaintext_auth_blocked",
        {"security": "starttls"},
    )
    assert "AUTH" not in server.commands and not server.handler.logins


def test_no_encryption_with_explicit_consent_logs_in(smtp_server):
    server = smtp_server("plain")
    result = run_test(make_request(server.port, "none", allow_plaintext_auth=True))
    assert result.ok and len(server.handler.logins) == 1


def test_server_requiring_starttls_before_mail(smtp_server, pki):
    server = smtp_server("starttls")
    result = run_test(make_request(server.port, "none", password=""))
    assert (result.diagnosis.code, result.diagnosis.fix) == ("encryption_required", {"security": "starttls"})
    assert result.diagnosis.server_reply.startswith("530")


@pytest.mark.parametrize("kind", ["ssl", "starttls"])
@pytest.mark.parametrize("cert", ["untrusted", "wrong_name", "expired"])
def test_rejected_certificate_is_shown_and_can_be_trusted_explicitly(smtp_server, pki, kind, cert):
    server = smtp_server(kind, cert=getattr(pki, cert))
    refused = run_test(make_request(server.port, kind))
    assert refused.diagnosis.code in ("tls_untrusted", "tls_hostname_mismatch", "tls_expired")
    assert refused.tls is not None and refused.tls.sha256 == der_sha256(getattr(pki, cert))
    assert refused.tls.subject and refused.tls.issuer and refused.tls.not_after
    assert not server.handler.logins  # fetching the certificate sent no credentials
    trusted = run_test(make_request(server.port, kind, pinned_sha256=refused.tls.sha256))
    assert trusted.ok, trusted.diagnosis


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="SSL_CERT_FILE is how Linux names its trust store"
)
def test_the_system_trust_store_is_what_verifies(smtp_server, pki, monkeypatch):
    # Put the test CA in the "system" store: no --ca-file is needed any more.
    monkeypatch.setenv("SSL_CERT_FILE", pki.ca_file)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    server = smtp_server("ssl")
    result = run_test(make_request(server.port, "ssl"))
    assert result.ok, result.diagnosis


def _hashed_directory(tmp_path, ca_file: str):
    """A CA directory as Debian's update-ca-certificates leaves it: ``<subject hash>.0``."""
    name = subprocess.run(
        ["openssl", "x509", "-hash", "-noout", "-in", ca_file], capture_output=True, text=True, check=True
    ).stdout.strip()
    directory = tmp_path / "certs"
    directory.mkdir()
    shutil.copy(ca_file, directory / f"{name}.0")
    return directory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hashed CA directories are Linux's")
def test_a_hashed_system_directory_verifies_without_reading_every_ca(smtp_server, pki, monkeypatch, tmp_path):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("SSL_CERT_DIR", str(_hashed_directory(tmp_path, pki.ca_file)))
    # Nothing is read when a connection starts (the whole bundle was, ~40 ms each) ...
    context = client_context()
    left, right = socket.socketpair()
    with left, right, context.wrap_socket(left, server_hostname="localhost", do_handshake_on_connect=False):
        assert context.cert_store_stats()["x509_ca"] == 0
    # ... and the CA is found when the chain needs it.
    server = smtp_server("starttls")
    result = run_test(make_request(server.port, "starttls"))
    assert result.ok, result.diagnosis


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hashed CA directories are Linux's")
def test_a_named_ca_file_or_an_unhashed_directory_is_read_whole(pki, monkeypatch, tmp_path):
    monkeypatch.setenv("SSL_CERT_DIR", str(_hashed_directory(tmp_path, pki.ca_file)))
    monkeypatch.setenv("SSL_CERT_FILE", pki.ca_file)
    assert hashed_system_directory() is None  # the user named a file: OpenSSL reads exactly that
    monkeypatch.delenv("SSL_CERT_FILE")
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(pki.ca_file, plain / "ca-bundle.crt")  # Fedora/RHEL: a bundle, no hashed names
    monkeypatch.setenv("SSL_CERT_DIR", str(plain))
    assert hashed_system_directory() is None
