"""``smtp-wizard test --confirm-imap``: aiosmtpd accepts the test mail and files it into a real
Dovecot's Maildir (INBOX, or Junk by the fixture's rule); the CLI then finds it over IMAP."""

from __future__ import annotations

import json
import types

from tests.realservers.dovecot_imap import JUNK_TRIGGER
from tests.support.cli import cli, settings
from tests.support.delivery import IMAP_PASSWORD, IMAP_USER
from tests.support.servers import PASSWORD


def same_ca(pki):
    """Both servers show certificates of the test CA, as a private relay and mailbox would."""
    return types.SimpleNamespace(issue_cert=lambda *names: pki.good)


def delivering(server, mailbox):
    async def handle_data(smtp, session, envelope):
        mailbox.deliver(envelope.content.replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n"))
        return "250 2.0.0 Ok: queued"

    server.handler.handle_DATA = handle_data


def run(server, mailbox, pki, *extra, display_name="张三", imap_password=IMAP_PASSWORD):
    return cli(
        "test",
        *settings(server.port, "ssl", "--host", "127.0.0.1", "--display-name", display_name),
        "--to",
        IMAP_USER,
        "--ca-file",
        pki.ca_file,
        "--confirm-imap",
        "--imap-host",
        "127.0.0.1",
        "--imap-port",
        str(mailbox.port),
        "--imap-password-env",
        "IMAP_PW",
        *extra,
        env={"SMTP_PW": PASSWORD, "IMAP_PW": imap_password},
    )


def test_confirm_imap_reports_the_inbox(smtp_server, start_dovecot, pki):
    server, mailbox = smtp_server("ssl"), start_dovecot(same_ca(pki))
    delivering(server, mailbox)
    result = run(server, mailbox, pki, "--json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["ok"] is True
    delivery = document["delivery"]
    assert (delivery["where"], delivery["folder"]) == ("inbox", "INBOX")
    assert 0 <= delivery["seconds"] < 10
    assert IMAP_PASSWORD not in result.stdout + result.stderr


def test_confirm_imap_reports_junk_in_chinese(smtp_server, start_dovecot, pki):
    server, mailbox = smtp_server("ssl"), start_dovecot(same_ca(pki))
    delivering(server, mailbox)
    result = run(server, mailbox, pki, "--lang", "zh_CN", display_name=f"{JUNK_TRIGGER} 通知")
    assert result.returncode == 0, result.stderr
    assert "确认收到: 测试邮件" in result.stdout and "垃圾邮件文件夹「Junk」" in result.stdout


def test_confirm_imap_not_found_within_the_limit(smtp_server, start_dovecot, pki):
    server, mailbox = smtp_server("ssl"), start_dovecot(same_ca(pki))  # accepted, never filed
    result = run(server, mailbox, pki, "--confirm-timeout", "2", "--json")
    delivery = json.loads(result.stdout)["delivery"]
    assert delivery["where"] == "not_found" and delivery["folder"] is None


def test_confirm_imap_wrong_password(smtp_server, start_dovecot, pki):
    server, mailbox = smtp_server("ssl"), start_dovecot(same_ca(pki))
    delivering(server, mailbox)
    result = run(server, mailbox, pki, "--json", imap_password="not-the-imap-secret")
    delivery = json.loads(result.stdout)["delivery"]
    assert delivery["code"] == "auth_failed" and delivery["where"] is None
    assert "not-the-imap-secret" not in result.stdout


def test_confirm_imap_needs_a_host_and_a_password_before_sending_anything(smtp_server):
    server = smtp_server("ssl")
    result = cli(
        "test",
        *settings(server.port, "ssl", "--host", "127.0.0.1"),
        "--to",
        "ops@acme.cn",
        "--confirm-imap",
        "--json",
        "--lang",
        "en",
        env={"SMTP_PW": PASSWORD},
    )
    assert result.returncode == 2
    fields = {issue["field"] for issue in json.loads(result.stdout)["issues"]}
    assert fields == {"imap_host", "imap_password"}
    assert server.commands == []  # nothing was sent
