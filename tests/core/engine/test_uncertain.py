"""Honest uncertainty: a diagnosis decided by the stage or the code class alone says so, names two
likely causes with their fixes, blames no field and offers no one-click fix; one decided by the
reply's words blames its field. Through the real CLI against a scripted server on loopback."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import cli_with_password as cli
from tests.support.servers import RECIPIENT, USER


def _test(server, *extra: str):
    return cli(
        "test",
        "--to",
        RECIPIENT,
        "--host",
        "127.0.0.1",
        "--port",
        str(server.port),
        "--security",
        "none",
        "--allow-plaintext-auth",
        "--sender",
        USER,
        "--username",
        USER,
        "--password-env",
        "SMTP_PW",
        "--timeout",
        "10",
        *extra,
    )


def test_a_refusal_that_gives_no_reason_is_reported_as_a_guess(scripted):
    server = scripted({"RCPT": b"550 5.7.1 Access denied"})
    result = _test(server, "--json", "--lang", "zh_CN")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["basis"] == "stage_only"
    assert document["field"] is None and document["fix"] is None  # no field blamed, no one-click fix
    assert [alt["code"] for alt in document["alternatives"]] == ["recipient_rejected", "server_rejected"]
    assert [alt["field"] for alt in document["alternatives"]] == ["recipient", "host"]
    assert document["message"].startswith(
        "服务器在「收件人(RCPT TO)」阶段拒绝了,原因未能确定,以下是它的原话:"
    )
    assert "550 5.7.1 Access denied" in document["message"]
    for alt in document["alternatives"]:
        assert alt["cause"] in document["message"]


def test_a_stated_reason_is_certain_whatever_object_it_is_attached_to(scripted):
    server = scripted(
        {"RCPT": b"550 5.7.1 Recipient address rejected: daily sending quota exceeded for this sender"}
    )
    document = json.loads(_test(server, "--json", "--lang", "en").stdout)
    assert (document["code"], document["basis"], document["alternatives"]) == (
        "temporary_failure",
        "reason_words",
        [],
    )
    assert "not certain" not in document["message"]


def test_a_certain_diagnosis_blames_its_field(scripted):
    server = scripted({"RCPT": b"550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"})
    document = json.loads(_test(server, "--json").stdout)
    assert (document["code"], document["field"], document["basis"]) == (
        "recipient_rejected",
        "recipient",
        "reason_words",
    )


@pytest.mark.parametrize(
    ("suffix", "lang", "words"), [("md", "en", "not certain"), ("html", "zh_CN", "未确定")]
)
def test_the_support_report_carries_the_basis_and_the_alternatives(scripted, tmp_path, suffix, lang, words):
    server = scripted({"MAIL": b"554 Transaction failed"})
    path = tmp_path / f"support.{suffix}"
    result = _test(server, "--report", str(path), "--lang", lang)
    assert result.returncode == 1, result.stderr
    report = path.read_text(encoding="utf-8")
    assert "(stage_only)" in report and words in report
    assert "(sender_mismatch)" in report and "(sender_rejected)" in report


def test_a_gbk_reply_on_the_wire_is_read_by_its_chinese_words(scripted):
    server = scripted({"AUTH": "550 用户无权登陆".encode("gbk")})
    document = json.loads(_test(server, "--json", "--lang", "zh_CN").stdout)
    assert (document["code"], document["field"], document["basis"]) == (
        "smtp_disabled",
        "username",
        "reason_words",
    )
    assert "用户无权登陆" in document["server_reply"]


def test_the_terminal_shows_a_guess_line_by_line(scripted):
    server = scripted({"RCPT": b"550 5.7.1 Access denied"})
    result = _test(server, "--lang", "en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    first = next(n for n, line in enumerate(lines) if "did not say why" in line)
    assert lines[first + 2].strip().startswith("1. ") and lines[first + 3].strip().startswith("2. ")
    assert "\\x0a" not in result.stdout
