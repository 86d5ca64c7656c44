"""``smtp-wizard test`` and ``probe`` as subprocesses against local servers."""

from __future__ import annotations

import base64
import json

import pytest

from tests.support.cli import cli_with_password as cli
from tests.support.cli import settings
from tests.support.servers import PASSWORD, RECIPIENT, USER

DOCUMENT_KEYS = {
    "ok",
    "code",
    "field",
    "message",
    "hint",
    "fix",
    "server_reply",
    "stages",
    "transcript",
    "message_id",
    "tls",
}


def no_secret(output: str, password: str = PASSWORD) -> None:
    for form in (
        password,
        base64.b64encode(password.encode()).decode(),
        base64.b64encode(b"\0" + USER.encode() + b"\0" + password.encode()).decode(),
    ):
        assert form not in output


def test_test_passes_with_json(smtp_server, pki):
    server = smtp_server("ssl")
    result = cli(
        "test",
        "--to",
        RECIPIENT,
        *settings(server.port, "ssl", "--ca-file", pki.ca_file),
        "--json",
        "--timeout",
        "5",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert DOCUMENT_KEYS <= document.keys()
    assert document["ok"] is True and document["code"] == "ok" and document["message_id"]
    assert {"version", "cipher", "subject", "issuer", "expiry", "sha256"} <= document["tls"].keys()
    assert {"stage", "ok", "ms", "detail"} <= document["stages"][0].keys()
    assert server.handler.logins == [(USER.encode(), PASSWORD.encode())]  # --password-env worked
    no_secret(result.stdout + result.stderr)


def test_test_failure_is_exit_1_with_a_readable_report(smtp_server, pki):
    server = smtp_server("ssl")
    server.handler.login_reply = "535 Login Fail. Please enter your authorization code to login."
    result = cli(
        "test",
        "--to",
        RECIPIENT,
        *settings(server.port, "ssl", "--ca-file", pki.ca_file),
        "--lang",
        "zh_CN",
        "--transcript",
        env={"SMTP_PW": "web-password-123"},
    )
    assert result.returncode == 1
    assert "✓" in result.stdout and "✗" in result.stdout and "授权码" in result.stdout
    assert "\033[" not in result.stdout  # not a TTY: no colour
    assert "AUTH PLAIN ****" in result.stdout
    no_secret(result.stdout + result.stderr, "web-password-123")


def test_test_failure_json(closed_port):
    result = cli(
        "test",
        "--to",
        RECIPIENT,
        "--json",
        "--host",
        "127.0.0.1",
        "--port",
        str(closed_port),
        "--security",
        "ssl",
        "--sender",
        USER,
        "--no-auth",
    )
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert (document["code"], document["field"], document["tls"]) == ("connection_refused", "port", None)


def test_bad_recipient_is_exit_2(smtp_server):
    result = cli("test", "--to", "not an address", *settings(1, "ssl"), "--json")
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["code"] == "invalid_input" and document["issues"][0]["field"] == "recipient"


def test_bad_timeout_is_exit_2():
    for value in ("0", "-1", "abc", "nan", "100000"):
        result = cli("test", "--to", RECIPIENT, *settings(465, "ssl"), "--timeout", value, "--json")
        assert result.returncode == 2, value
        assert json.loads(result.stdout)["issues"][0]["field"] == "timeout"


def test_probe_json(smtp_server, pki, closed_port):
    server = smtp_server("starttls")
    result = cli(
        "probe",
        "--host",
        "localhost",
        "--candidates",
        f"{closed_port}:ssl,{server.port}:starttls",
        "--ca-file",
        pki.ca_file,
        "--timeout",
        "2",
        "--username",
        USER,
        "--password-env",
        "SMTP_PW",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["recommended"] == {"port": server.port, "security": "starttls"}
    assert [r["code"] for r in document["results"]] == ["connection_refused", "ok"]
    assert document["login"]["ok"] is True
    no_secret(result.stdout + result.stderr)


def test_probe_text_and_bad_candidates(smtp_server, pki):
    server = smtp_server("ssl")
    text = cli(
        "probe",
        "--host",
        "localhost",
        "--port-list",
        f"{server.port}:ssl",
        "--ca-file",
        pki.ca_file,
        "--lang",
        "en",
    )
    assert text.returncode == 0 and f"Recommended: {server.port}:ssl" in text.stdout
    bad = cli("probe", "--host", "localhost", "--candidates", "465:tls", "--json")
    assert bad.returncode == 2 and json.loads(bad.stdout)["issues"][0]["field"] == "candidates"


def test_probe_without_the_ca_still_recommends_tls_and_says_why(smtp_server):
    """STARTTLS fails only on trust, plain EHLO works: TLS is still recommended, never none."""
    server = smtp_server("starttls")
    candidates = f"{server.port}:none,{server.port}:starttls"
    document = json.loads(cli("probe", "--host", "localhost", "--candidates", candidates, "--json").stdout)
    assert [r["code"] for r in document["results"]] == ["ok", "tls_untrusted"]
    assert document["recommended"] == {"port": server.port, "security": "starttls"}
    assert (document["trust_problem"], document["insecure"]) == ("tls_untrusted", False)
    assert document["results"][1]["tls"]["sha256"]  # the certificate to decide on
    text = cli("probe", "--host", "localhost", "--candidates", candidates, "--lang", "en")
    assert f"Recommended: {server.port}:starttls" in text.stdout and "--trust-fingerprint" in text.stdout


def test_probe_marks_a_clear_text_only_recommendation_insecure(smtp_server):
    server = smtp_server("plain")
    candidates = f"{server.port}:none,{server.port}:starttls"
    document = json.loads(cli("probe", "--host", "localhost", "--candidates", candidates, "--json").stdout)
    assert document["recommended"] == {"port": server.port, "security": "none"}
    assert (document["trust_problem"], document["insecure"]) == (None, True)


def without_password(port: int, *extra: str) -> list[str]:
    """The settings of a server that takes mail without a login, and no password given."""
    return ["--host", "localhost", "--port", str(port), "--security", "ssl", "--sender", USER, *extra]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_CN", ["错误 [password]", "测试需要「密码」", "--no-auth"]),
        ("en", ["[password]", "needs the Password"]),
    ],
)
def test_test_without_a_password_is_refused_before_connecting(smtp_server, pki, lang, words):
    """Issue 19: such a pass proves nothing about the account the admin backend logs in with."""
    server = smtp_server("ssl")
    ca = ["--ca-file", str(pki.ca_file)]
    result = cli("test", "--to", RECIPIENT, *without_password(server.port, *ca), "--lang", lang)
    assert result.returncode == 2, result.stdout + result.stderr
    assert all(word in result.stderr for word in words), result.stderr
    assert "no password" not in result.stdout + result.stderr
    assert server.commands == [] and not server.handler.envelopes  # nothing was sent, not even EHLO

    document = json.loads(
        cli("test", "--to", RECIPIENT, *without_password(server.port, *ca), "--json", "--lang", lang).stdout
    )
    assert (document["code"], document["issues"][0]["field"]) == ("invalid_input", "password")
    assert server.commands == []


@pytest.mark.parametrize(
    "no_login", [["--no-auth"], ["--provider", "custom", "--username", ""]], ids=["no-auth", "custom"]
)
def test_test_without_a_password_runs_when_the_user_says_no_login_is_needed(smtp_server, pki, no_login):
    server = smtp_server("ssl")
    options = without_password(server.port, "--ca-file", str(pki.ca_file), *no_login)
    result = cli("test", "--to", RECIPIENT, *options, "--lang", "zh_CN")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "跳过:没有密码,不登录" in result.stdout  # the login stage, in the user's language
    assert "AUTH" not in server.commands and len(server.handler.envelopes) == 1


def test_no_auth_with_a_password_is_a_contradiction(smtp_server, pki):
    server = smtp_server("ssl")
    options = [*settings(server.port, "ssl"), "--ca-file", str(pki.ca_file), "--no-auth", "--lang", "en"]
    result = cli("test", "--to", RECIPIENT, *options)
    assert result.returncode == 2
    assert "--no-auth means no login" in result.stderr and server.commands == []
