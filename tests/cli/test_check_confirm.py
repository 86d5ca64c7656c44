"""`check --send-to ADDRESS --confirm-imap` (a daily run): the test mail is sent and found over IMAP
in a real Dovecot, as with `test --confirm-imap`."""

from __future__ import annotations

import json

from tests.cli.test_confirm_cli import delivering, same_ca
from tests.support.cli import cli, settings
from tests.support.delivery import IMAP_PASSWORD, IMAP_USER
from tests.support.servers import PASSWORD


def test_check_sends_and_confirms_the_mail_over_imap(smtp_server, start_dovecot, pki, tmp_path):
    server, mailbox = smtp_server("ssl"), start_dovecot(same_ca(pki))
    delivering(server, mailbox)
    result = cli(
        "check",
        *settings(server.port, "ssl", "--host", "127.0.0.1"),
        "--send-to",
        IMAP_USER,
        "--ca-file",
        pki.ca_file,
        "--no-domain-check",
        "--state",
        str(tmp_path / "state.json"),
        "--confirm-imap",
        "--imap-host",
        "127.0.0.1",
        "--imap-port",
        str(mailbox.port),
        "--imap-password-env",
        "IMAP_PW",
        "--json",
        env={"SMTP_PW": PASSWORD, "IMAP_PW": IMAP_PASSWORD},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)
    checks = {c["check"]: c for c in document["checks"]}
    assert checks["send"]["status"] == "OK" and checks["delivery"]["code"] == "inbox"
    assert document["delivery"]["folder"] == "INBOX"
    assert IMAP_PASSWORD not in result.stdout + result.stderr and PASSWORD not in result.stdout
