"""Successful live tests over implicit TLS and STARTTLS, judged by the message that arrived."""

from __future__ import annotations

import email
from email import policy

import pytest

from tests.support.servers import PASSWORD, RECIPIENT, USER, make_request
from wizard.core.engine.api import Stage, StageStatus
from wizard.core.engine.message import SEED_SENTENCE
from wizard.core.engine.session import run_test


@pytest.mark.parametrize("kind", ["ssl", "starttls"])
def test_success_delivers_a_real_looking_mail(smtp_server, pki, kind):
    server = smtp_server(kind)
    events = []
    result = run_test(make_request(server.port, server.security, ca_file=pki.ca_file), on_event=events.append)

    assert result.ok, result.diagnosis
    assert result.tls is not None and result.tls.version in ("TLSv1.2", "TLSv1.3")
    assert result.tls.sha256.count(":") == 31 and "localhost" not in result.tls.issuer
    assert result.verified is not None and result.verified.recipient == RECIPIENT
    assert result.message_id == result.verified.message_id
    expected = [
        Stage.RESOLVE,
        Stage.CONNECT,
        Stage.TLS,
        Stage.EHLO,
        Stage.LOGIN,
        Stage.SENDER,
        Stage.RECIPIENT,
        Stage.MESSAGE,
    ]
    if kind == "starttls":
        expected = [Stage.RESOLVE, Stage.CONNECT, Stage.EHLO, Stage.TLS, Stage.EHLO, *expected[4:]]
    assert [e.stage for e in result.stages] == expected
    assert all(e.status is StageStatus.OK for e in result.stages)
    assert [e.status for e in events].count(StageStatus.RUNNING) == len(expected)
    assert any("--- TLS established: TLSv1" in line for line in result.transcript)

    (envelope,) = server.handler.envelopes
    assert envelope.mail_from == USER and envelope.rcpt_tos == [RECIPIENT]
    raw = envelope.original_content
    assert PASSWORD.encode() not in raw
    headers = raw.split(b"\r\n\r\n")[0].decode("ascii")  # headers are pure ASCII (RFC 2047)
    assert "From: =?utf-8?" in headers and "<zhangsan@example.com>" in headers
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["From"].addresses[0].display_name == "张三 Zhāng"
    assert message["To"] == RECIPIENT
    assert message["Subject"] == "邮件服务配置成功 / Mail service configured"
    assert message["Date"] and message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"] == result.message_id and result.message_id.endswith("@example.com>")
    body = message.get_content()
    assert SEED_SENTENCE == "恭喜!您的邮件服务已经配置成功" and SEED_SENTENCE in body
    assert "Congratulations" in body and str(server.port) in body and USER in body
    assert PASSWORD not in body


def test_non_ascii_password_reaches_the_server_as_utf8(smtp_server, pki):
    server = smtp_server("ssl")
    result = run_test(make_request(server.port, "ssl", ca_file=pki.ca_file, password="密码Pässwörd"))
    assert result.diagnosis.code == "auth_failed"  # the server expects another password ...
    assert server.handler.logins == [(USER.encode(), "密码Pässwörd".encode())]  # ... but got exact UTF-8


def test_login_only_sends_nothing(smtp_server, pki):
    server = smtp_server("starttls")
    result = run_test(make_request(server.port, "starttls", ca_file=pki.ca_file, login_only=True))
    assert result.ok and result.diagnosis.params["variant"] == "login_only"
    assert "MAIL" not in server.commands and not server.handler.envelopes
    assert result.verified is None and result.message_id is None
    assert "登录成功" in result.diagnosis.message("zh_CN")


def test_no_password_skips_login_and_still_sends(smtp_server, pki):
    server = smtp_server("ssl")
    result = run_test(make_request(server.port, "ssl", ca_file=pki.ca_file, password=""))
    assert result.ok
    login = next(e for e in result.stages if e.stage is Stage.LOGIN)
    assert login.status is StageStatus.SKIPPED and "AUTH" not in server.commands


def test_ip_literal_host_is_verified_against_the_ip_san(smtp_server, pki):
    server = smtp_server("ssl")
    assert run_test(make_request(server.port, "ssl", host="127.0.0.1", ca_file=pki.ca_file)).ok
