"""The IMAP password: redacted in every escaped form the project produces, and the SMTP secret sent
only to the IMAP host the catalog names for the sender's own provider."""

from __future__ import annotations

import json
from urllib.parse import quote

from tests.hostile.imap_peer import answering
from tests.hostile.test_imap import request
from tests.support.cli import cli
from wizard.core.delivery import confirm_delivery
from wizard.core.engine.transcript import Redactor

SECRET = 'Pa"ss\\w0rd-imap-2026'  # a quote and a backslash: sent as an IMAP quoted string


def echo_login(tls, tag, line):
    tls.sendall(tag + b" NO [AUTHENTICATIONFAILED] you sent: " + line.strip() + b"\r\n")


def test_an_echoed_imap_quoted_password_is_redacted(hostile, pki):
    server = hostile(answering(pki, login=echo_login))
    delivery = confirm_delivery(request(server.port, pki, password=SECRET))
    assert delivery.code == "auth_failed"
    quoted = SECRET.replace("\\", "\\\\").replace('"', '\\"')
    for form in (SECRET, quoted, "Pa", "w0rd-imap"):
        assert form not in delivery.detail
    assert "****" in delivery.detail


def test_percent_encoded_and_json_escaped_forms_are_redacted():
    redact = Redactor(SECRET)
    for form in (quote(SECRET, safe=""), json.dumps(SECRET)[1:-1], json.dumps("秘密" + SECRET)[1:-1]):
        assert "w0rd-imap" not in redact(f"url=https://x/?p={form} json={form}")


def test_the_smtp_secret_is_not_sent_to_a_typed_imap_host(hostile, pki):
    server = hostile(answering(pki))
    result = cli(
        "test",
        *["--provider", "qq", "--sender", "zhangsan@qq.com", "--password-env", "SMTP_PW"],
        *["--to", "zhangsan@qq.com", "--confirm-imap", "--imap-host", "127.0.0.1"],
        *["--imap-port", str(server.port), "--lang", "en"],
        env={"SMTP_PW": "qq-authorization-code"},
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "IMAP password" in result.stdout + result.stderr
    assert server.connections == 0  # nothing went to the typed host, the SMTP test did not start


def test_the_smtp_secret_is_reused_for_the_providers_own_imap_host():
    from wizard.core.catalog import load_catalog
    from wizard.core.delivery import guess_mailbox, may_reuse_smtp_secret
    from wizard.core.settings import MailSettings, SmtpSettings

    smtp = SmtpSettings(provider="qq", sender="zhangsan@qq.com", username="zhangsan@qq.com", password="x")
    guess = guess_mailbox(MailSettings(smtp=smtp), "zhangsan@qq.com", load_catalog())
    assert may_reuse_smtp_secret(guess, "imap.qq.com", 993)
    assert not may_reuse_smtp_secret(guess, "imap.evil.example", 993)
    relay = SmtpSettings(provider="sendcloud", sender="zhangsan@qq.com", username="zhangsan@qq.com")
    assert not guess_mailbox(MailSettings(smtp=relay), "zhangsan@qq.com", load_catalog()).reuse_smtp_secret
