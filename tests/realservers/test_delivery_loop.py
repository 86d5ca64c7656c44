"""``smtp-wizard test --confirm-imap`` end to end with real servers only: a private Postfix takes the
test mail (STARTTLS + AUTH), delivers it over LMTP to a private Dovecot whose Sieve rule files it
(INBOX, or Junk when the From carries the trigger), and the CLI finds it there over IMAPS."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator

import pytest

from tests.realservers import delivery_loop, mailhost
from tests.realservers.dovecot_imap import JUNK_TRIGGER
from tests.realservers.instance import private_instance
from tests.realservers.mailhost import ALICE, BOB, PASSWORDS
from tests.support.cli import cli


@pytest.fixture(scope="module")
def loop() -> Iterator[mailhost.MailHost]:
    yield from private_instance(
        delivery_loop.missing_requirements, delivery_loop.start, mailhost.stop, "smtp-wizard-loop-"
    )


def send_and_confirm(loop, display_name: str, *extra: str):
    return cli(
        "test",
        *("--host", "127.0.0.1", "--port", str(loop.port("submission")), "--security", "starttls"),
        *("--sender", ALICE, "--username", ALICE, "--password-env", "SMTP_PW"),
        *("--display-name", display_name, "--to", BOB, "--ca-file", loop.ca_file),
        *("--confirm-imap", "--imap-host", "127.0.0.1", "--imap-port", str(loop.port("imaps"))),
        *("--imap-password-env", "IMAP_PW", "--confirm-timeout", "30"),
        *extra,
        env={"SMTP_PW": PASSWORDS[ALICE], "IMAP_PW": PASSWORDS[BOB]},
    )


def stored(loop, folder: str) -> dict[str, email.message.EmailMessage]:
    """Message-ID -> message, as Dovecot stored them in ``folder`` of Bob's Maildir (``.Junk`` is Junk)."""
    path = loop.maildirs / BOB / folder
    messages = (
        email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
        for sub in ("new", "cur")
        for file in (path / sub).iterdir()
    )
    return {message["Message-ID"]: message for message in messages}


def delivered_by_postfix_over_lmtp(message) -> None:
    received = " ".join(str(value) for value in message.get_all("Received"))
    assert "(Postfix)" in received and "with LMTP" in received, received


def test_a_normal_test_mail_is_found_in_the_inbox(loop):
    result = send_and_confirm(loop, "张三", "--json", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)
    assert document["ok"] is True
    delivery = document["delivery"]
    assert (delivery["code"], delivery["where"], delivery["folder"]) == ("inbox", "inbox", "INBOX")
    assert 0 <= delivery["seconds"] < 30
    assert "The test mail arrived in the inbox (INBOX)" in delivery["message"]
    delivered_by_postfix_over_lmtp(stored(loop, "")[document["message_id"]])
    assert PASSWORDS[BOB] not in result.stdout + result.stderr


def test_a_test_mail_that_trips_the_sieve_rule_is_found_in_junk(loop):
    result = send_and_confirm(loop, f"{JUNK_TRIGGER} 通知", "--json", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)
    delivery = document["delivery"]
    assert (delivery["code"], delivery["where"], delivery["folder"]) == ("junk", "junk", "Junk")
    assert delivery["message"].startswith('The test mail arrived in the junk folder "Junk"')
    message = stored(loop, ".Junk")[document["message_id"]]
    delivered_by_postfix_over_lmtp(message)
    # On the wire the display name is an RFC 2047 word: Sieve matched the decoded text.
    assert JUNK_TRIGGER not in dict(message.raw_items())["From"]
    assert JUNK_TRIGGER in str(message["From"])
    assert document["message_id"] not in stored(loop, "")  # not in INBOX as well


def test_junk_is_reported_in_chinese(loop):
    result = send_and_confirm(loop, f"{JUNK_TRIGGER} 通知", "--lang", "zh_CN")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "确认收到: 测试邮件" in result.stdout and "垃圾邮件文件夹「Junk」" in result.stdout
