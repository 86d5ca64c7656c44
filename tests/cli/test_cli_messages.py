"""The command line's own words where the wizard's would mislead (issue 19 item 9): the
certificate advice names --ca-file / --trust-fingerprint, and a sender "mismatch" with the login
itself never names one address twice. ``smtp-wizard test`` as a subprocess, real servers."""

from __future__ import annotations

import json

from tests.support.cli import cli_with_password as cli
from tests.support.cli import settings
from tests.support.servers import RECIPIENT, USER


def test_untrusted_certificate_advice_names_the_command_lines_options(smtp_server, pki):
    """Issue 19 item 9: --ca-file / --trust-fingerprint, not the wizard's buttons."""
    from tests.support.servers import der_sha256

    server = smtp_server("ssl", cert=pki.untrusted)
    for lang, buttons in (("zh_CN", ("选择公司", "选择信任")), ("en", ("choose the company", "trust this"))):
        args = ("test", "--to", RECIPIENT, *settings(server.port, "ssl"), "--timeout", "5", "--lang", lang)
        result = cli(*args)
        assert result.returncode == 1, result.stderr
        assert "--ca-file" in result.stdout and "--trust-fingerprint" in result.stdout, result.stdout
        assert not any(words in result.stdout for words in buttons), result.stdout
        assert der_sha256(pki.untrusted) in result.stdout  # the fingerprint the advice points to
        document = json.loads(cli(*args, "--json").stdout)
        assert document["code"] == "tls_untrusted" and "--trust-fingerprint" in document["message"]
    pinned = cli("test", "--to", RECIPIENT, *settings(server.port, "ssl"), "--trust-fingerprint", "AB" * 32)
    assert pinned.returncode == 1 and "--trust-fingerprint" in pinned.stdout, pinned.stdout
    assert "重新信任" not in pinned.stdout


def test_sender_mismatch_with_the_login_itself_does_not_name_it_twice(smtp_server, pki):
    """Issue 19 item 9: "X differs from X" is never printed; what differs, or the server's words."""
    server = smtp_server("ssl")
    server.handler.mail_reply = "553 5.7.1 Sender address rejected: not owned by user " + USER
    result = cli("test", "--to", RECIPIENT, *settings(server.port, "ssl", "--ca-file", pki.ca_file))
    assert result.returncode == 1, result.stderr
    message = next(line for line in result.stdout.splitlines() if line.startswith("测试失败"))
    assert message.count(USER) == 1 and "不一致" not in message, message
    assert "服务器回复" in result.stdout and "not owned by user" in result.stdout  # what the server said
    assert "建议修改" not in result.stdout  # no fix that would change nothing

    shouting = USER.replace("zhangsan", "ZhangSan")
    args = [*settings(server.port, "ssl", "--ca-file", pki.ca_file)]
    args[args.index("--sender") + 1] = shouting
    result = cli("test", "--to", RECIPIENT, *args, "--lang", "en")
    message = next(line for line in result.stdout.splitlines() if line.startswith("Test failed"))
    assert "only in upper and lower case" in message, message
    assert f"sender={USER}" in result.stdout  # the fix writes the sender exactly as the login


def test_a_silent_ssl_port_points_to_the_probe_command_not_the_button(silent_port):
    result = cli("test", "--to", RECIPIENT, *settings(silent_port, "ssl"), "--timeout", "3", "--lang", "en")
    assert result.returncode == 1, result.stderr
    failed = next(line for line in result.stdout.splitlines() if line.startswith("Test failed"))
    assert "smtp-wizard probe --host localhost" in failed and "Detect ports" not in result.stdout, failed
