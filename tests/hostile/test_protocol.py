"""Odd protocol turns and hostile input values: CRAM-MD5 junk, plaintext after STARTTLS 220,
field lengths, bidi and zero-width characters."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import cli
from tests.support.hostile import command, converse
from tests.support.servers import PASSWORD, USER, make_request
from wizard.core.engine.session import run_test

SETTINGS = ["--host", "smtp.example.com", "--port", "465", "--security", "ssl"]


def test_junk_cram_md5_challenge_is_an_auth_problem_not_a_lost_connection(hostile):
    seen: list[bytes] = []

    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        ehlo = b"250-hostile.test\r\n250 AUTH CRAM-MD5\r\n"
        seen.append(converse(conn, {b"EHLO": ehlo, b"AUTH": b"334 !!not*base64!!\r\n"}))  # what came next
        conn.sendall(b"501 cancelled\r\n")
        converse(conn, {b"QUIT": b"221 bye\r\n"})

    server = hostile(talk)
    request = make_request(server.port, "none", allow_plaintext_auth=True, login_only=True)
    result = run_test(request)
    assert (result.diagnosis.code, result.diagnosis.field) == ("auth_unsupported", "username")
    assert seen == [b"*\r\n"]  # the exchange was cancelled as RFC 4954 says


@pytest.mark.parametrize("together", [True, False])
def test_plaintext_after_starttls_220_is_a_tls_failure_without_a_starttls_fix(hostile, together):
    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        converse(conn, {b"EHLO": b"250-hostile.test\r\n250 STARTTLS\r\n"})
        # Answers STARTTLS, then keeps talking in plaintext (in the same packet, or a moment later).
        if together:
            conn.sendall(b"220 go ahead\r\n250 AUTH PLAIN\r\n")
        else:
            conn.sendall(b"220 go ahead\r\n")
            conn.recv(1024)  # the ClientHello
            conn.sendall(b"250 AUTH PLAIN whatever\r\n")
        command(conn)

    server = hostile(talk)
    result = run_test(make_request(server.port, "starttls", password=PASSWORD))
    diagnosis = result.diagnosis
    assert (diagnosis.code, diagnosis.field) == ("tls_failed", "security")
    assert diagnosis.fix is None  # never "use starttls" while on STARTTLS already
    assert not any("AUTH" in line and "C:" in line for line in result.transcript)


@pytest.mark.parametrize(
    "option, value, code",
    [
        ("--sender", "a" * 65 + "@example.com", "address_local_too_long"),
        ("--sender", "a@" + ".".join(["b" * 63] * 4) + ".com", "too_long"),
        ("--sender", "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com", None),
        ("--username", "u" * 257, "too_long"),
        ("--display-name", "名" * 65, "display_name_too_long"),
    ],
)
def test_field_lengths_are_bounded(option, value, code):
    done = cli("validate", *SETTINGS, "--sender", USER, option, value, "--json", "--lang", "en")
    assert done.returncode == 2
    issues = json.loads(done.stdout)["issues"]
    field = {"--sender": "sender", "--username": "username", "--display-name": "display_name"}[option]
    assert issues[0]["field"] == field  # (the account follows the sender, so it may be too long too)
    if code:
        assert issues[0]["code"] == code


def test_a_huge_username_never_reaches_the_server(smtp_server):
    server = smtp_server("plain")
    result = run_test(make_request(server.port, "none", username="u" * 100_000, allow_plaintext_auth=True))
    assert (result.diagnosis.code, result.diagnosis.field) == ("invalid_input", "username")
    assert server.commands == []


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u200d", "\u2066", "\ufeff", "\u200f"])
@pytest.mark.parametrize("option, field", [("--display-name", "display_name"), ("--username", "username")])
def test_bidi_and_zero_width_characters_are_refused_naming_the_field(char, option, field):
    done = cli("validate", *SETTINGS, "--sender", USER, option, f"ops{char}team", "--json", "--lang", "en")
    assert done.returncode == 2
    issues = json.loads(done.stdout)["issues"]
    assert [(i["code"], i["field"]) for i in issues] == [("invisible_chars", field)]
    assert "Display name" in issues[0]["message"] or "Account" in issues[0]["message"]


def test_probe_refuses_a_huge_or_invisible_username():
    for username, code in (("u" * 100_000, "too_long"), ("ops\u202eadmin", "invisible_chars")):
        done = cli(
            "probe", "--host", "127.0.0.1", "--candidates", "1:none", "--username", username,
            "--password-env", "P", "--json", env={"P": PASSWORD},
        )  # fmt: skip
        assert done.returncode == 2
        assert [(i["code"], i["field"]) for i in json.loads(done.stdout)["issues"]] == [(code, "username")]
