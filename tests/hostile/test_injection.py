"""Hostile values: encoded words in the display name, poisoned imports, terminal escapes."""

from __future__ import annotations

import email
import json
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage

import pytest
import trustme

from tests.support.cli import cli
from tests.support.hostile import EHLO, converse, target
from tests.support.servers import PASSWORD, USER, make_request, server_context
from wizard.core import config_file, env_file
from wizard.core.engine.message import message_bytes
from wizard.core.engine.session import run_test
from wizard.core.settings import MailSettings, Mode, SmtpSettings, Verification

Q_INJECTION = "=?utf-8?q?Ops=0D=0ABcc:_x@evil.test?="
B_INJECTION = "=?utf-8?b?T3BzDQpSZXBseS1UbzogeEBldmlsLnRlc3Q=?="  # "Ops\r\nReply-To: x@evil.test"
SMTP = SmtpSettings(host="smtp.example.com", sender=USER, username=USER)
SETTINGS = ["--host", "smtp.example.com", "--port", "465", "--security", "ssl", "--sender", USER]


# -- RFC 2047 encoded words in the display name ---------------------------------------------------
@pytest.mark.parametrize("name", [Q_INJECTION, B_INJECTION, "Ops =?gb2312?B?1cXI/Q==?="])
def test_validation_refuses_an_encoded_word_in_the_display_name(name):
    done = cli("validate", *SETTINGS, "--display-name", name, "--json", "--lang", "en")
    assert done.returncode == 2
    issue = json.loads(done.stdout)["issues"][0]
    assert (issue["code"], issue["field"]) == ("encoded_word", "display_name")
    assert "=?…?=" in issue["message"]


def test_import_refuses_an_encoded_word_in_the_display_name(tmp_path):
    document = config_file.to_document(MailSettings(Mode.PLATFORM, "Ops"))
    document["display_name"] = Q_INJECTION
    path = tmp_path / "mail.json"
    path.write_text(json.dumps(document))
    done = cli("validate", "--config", str(path), "--json")
    assert done.returncode == 2
    assert [(i["code"], i["field"]) for i in json.loads(done.stdout)["issues"]] == [
        ("encoded_word", "display_name")
    ]


@pytest.mark.parametrize("name", [Q_INJECTION, B_INJECTION])
def test_engine_refuses_an_encoded_word_before_connecting(smtp_server, name):
    server = smtp_server("plain")
    result = run_test(make_request(server.port, "none", password="", display_name=name))
    assert (result.diagnosis.code, result.diagnosis.field) == ("invalid_input", "display_name")
    assert server.commands == []  # nothing reached the server


def _message(display_name: str) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address(display_name=display_name, username="ops", domain="example.com")
    message["To"] = Address(username="lisi", domain="example.org")
    message["Subject"] = "test"
    return message


@pytest.mark.parametrize("name", [Q_INJECTION, B_INJECTION])
def test_serialized_headers_must_read_back_as_meant(name):
    # The last line of defence, independent of validation: what the email package writes must
    # parse back to exactly these headers (Python 3.11/3.12 decode the word and write CR LF raw).
    with pytest.raises(ValueError):
        message_bytes(_message(name))
    parsed = email.message_from_bytes(message_bytes(_message("张三 Zhāng")), policy=policy.default)
    assert parsed["From"].addresses[0].display_name == "张三 Zhāng"


# -- imported files: every value checked like user input, per the schema ---------------------------
def _document(**changes):
    settings = MailSettings(
        Mode.SMTP, "通知", SmtpSettings(host="smtp.example.com", sender=USER, username=USER)
    )
    verified = Verification("2026-11-24T03:00:00Z", "ops@example.org", "<1.2@example.com>")
    document = config_file.to_document(settings, verified=verified)
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for parent in parents:
            target = target[parent]
        target[last] = value
    return document


def test_poisoned_verified_recipient_cannot_turn_into_env_lines(tmp_path):
    evil = "ops@example.org'\nSMTP_HOST=mail.evil.example\nSMTP_SECURITY=none"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_document(verified__recipient=evil)))
    out = tmp_path / "out.env"
    done = cli("export", "--config", str(source), "--out", str(out), "--json", "--lang", "en")
    assert done.returncode == 2
    issues = json.loads(done.stdout)["issues"]
    assert [(i["code"], i["field"]) for i in issues] == [("config_bad_value", "verified")]
    assert "verified.recipient" in issues[0]["message"]
    assert not out.exists()


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"version": 0}, "config_bad_version", "version"),
        ({"version": -3}, "config_bad_version", "version"),
        ({"mode": "SMTP"}, "config_not_allowed", "mode"),
        ({"smtp__port": "465"}, "config_wrong_type", "port"),
        ({"smtp__port": 465.0}, "wrong_type", "port"),
        ({"smtp__port": True}, "wrong_type", "port"),
        ({"smtp__port": 70000}, "port_range", "port"),
        ({"display_name": 5}, "config_wrong_type", "display_name"),
        ({"smtp__username": "u" * 300}, "too_long", "username"),
        ({"smtp__colour": "red"}, "config_unknown_key", "file"),
        ({"verified__time": "yesterday"}, "config_bad_value", "verified"),
        ({"verified__message_id": "<a@b>\r\nBcc: x@evil.test"}, "config_bad_value", "verified"),
        ({"verified__recipient": 7}, "config_wrong_type", "verified"),
    ],
)
def test_import_refuses_what_the_schema_forbids(tmp_path, change, code, field):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(_document(**change)))
    done = cli("validate", "--config", str(path), "--json", "--lang", "en")
    assert done.returncode == 2, done.stdout
    issues = json.loads(done.stdout)["issues"]
    assert (code, field) in [(i["code"], i["field"]) for i in issues]
    assert all(i["message"] for i in issues)


def test_platform_file_with_an_smtp_block_is_refused(tmp_path):
    document = _document(mode="platform")
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document))
    done = cli("validate", "--config", str(path), "--json")
    assert done.returncode == 2
    assert ("config_platform_with_smtp", "smtp") in [
        (i["code"], i["field"]) for i in json.loads(done.stdout)["issues"]
    ]


def test_duplicate_keys_are_refused(tmp_path):
    text = json.dumps(_document()).replace(
        '"host": "smtp.example.com"', '"host": "a.example", "host": "b.example"'
    )
    path = tmp_path / "in.json"
    path.write_text(text)
    done = cli("validate", "--config", str(path), "--json", "--lang", "en")
    assert done.returncode == 2
    issue = json.loads(done.stdout)["issues"][0]
    assert (issue["code"], issue["field"]) == ("config_duplicate_key", "host")
    assert '"host"' in issue["message"]


def test_env_verified_values_are_checked_too(tmp_path):
    path = tmp_path / "in.env"
    path.write_text(
        "MAIL_MODE=smtp\nSMTP_HOST=smtp.example.com\nSMTP_PORT=465\nSMTP_SECURITY=ssl\n"
        f"SMTP_SENDER={USER}\nMAIL_VERIFIED_AT=now\nMAIL_VERIFIED_RECIPIENT=x\nMAIL_VERIFIED_MESSAGE_ID=y\n"
    )
    done = cli("validate", "--config", str(path), "--json")
    assert done.returncode == 2
    assert {i["field"] for i in json.loads(done.stdout)["issues"]} == {"verified"}


def test_env_writer_refuses_a_value_it_cannot_round_trip():
    settings = MailSettings(
        Mode.SMTP, "通知", SmtpSettings(host="smtp.example.com", sender=USER, username=USER)
    )
    poisoned = Verification("2026-11-24T03:00:00Z", "a@example.org'\nSMTP_HOST=evil.example", "<1@x>")
    with pytest.raises(config_file.ConfigError) as raised:
        config_file.render_env(settings, verified=poisoned)
    assert [(i.code, i.field) for i in raised.value.issues] == [("env_not_round_trip", "verified")]
    assert env_file.parse_env(config_file.render_env(settings))["SMTP_HOST"] == "smtp.example.com"


# -- terminal escapes ------------------------------------------------------------------------------
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202e"
FAKE = ESCAPES + "\n测试通过: Test passed"


def _assert_terminal_safe(text: str) -> None:
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in text
    assert "\n测试通过" not in text and "\\x1b[2J" in text


def test_server_text_is_printed_with_visible_escapes(hostile):
    def talk_with_reply(conn, n):
        conn.sendall(f"220 hostile.test {ESCAPES}\r\n".encode())
        replies = {
            b"EHLO": EHLO,
            b"AUTH": f"535-{ESCAPES}\r\n535 {FAKE}\r\n".encode().replace(b"\n\xe6", b" \xe6"),
        }
        converse(conn, replies)

    server = hostile(talk_with_reply)
    done = cli(
        "test",
        *target(server.port, "none"),
        "--login-only",
        "--allow-plaintext-auth",
        "--password-env",
        "P",
        "--transcript",
        "--timeout",
        "5",
        env={"P": PASSWORD},
    )
    assert done.returncode == 1
    _assert_terminal_safe(done.stdout + done.stderr)


def test_certificate_subject_is_printed_with_visible_escapes(hostile, pki):
    evil = trustme.CA().issue_cert("localhost", "127.0.0.1", common_name=f"evil{ESCAPES}")

    def talk(conn, n):
        try:
            server_context(evil).wrap_socket(conn, server_side=True)
        except OSError:
            pass

    server = hostile(talk)
    done = cli(
        "test",
        *target(server.port, "ssl"),
        "--login-only",
        "--no-auth",
        "--timeout",
        "5",
    )
    assert done.returncode == 1 and "SHA-256" in done.stdout
    _assert_terminal_safe(done.stdout)


def test_probe_output_escapes_what_the_server_says(hostile):
    def talk(conn, n):
        conn.sendall(f"220 banner {ESCAPES}\r\n".encode())
        converse(
            conn,
            {b"EHLO": f"250-hostile.test\r\n250 AUTH PLAIN {ESCAPES}\r\n".encode(), b"QUIT": b"221 bye\r\n"},
        )

    server = hostile(talk)
    text = cli("probe", "--host", "127.0.0.1", "--candidates", f"{server.port}:none", "--timeout", "3")
    assert text.returncode == 0
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in text.stdout
    as_json = cli("probe", "--host", "127.0.0.1", "--candidates", f"{server.port}:none", "--json")
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in as_json.stdout
    assert ESCAPES in json.loads(as_json.stdout)["results"][0]["banner"]  # escaped, not lost
