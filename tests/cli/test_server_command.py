"""The "Verify from the server" command: it parses back to exactly the wizard's settings, never
carries the secret, and really runs (against a loopback server, the password on stdin)."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import select
import shlex
import signal
import subprocess
import sys
import time

import pytest

from tests.support.servers import PASSWORD, RECIPIENT, USER
from wizard.cli.parsers import build_parser
from wizard.cli.settings_input import collect_draft
from wizard.core.draft import Draft
from wizard.core.engine.transcript import secret_forms
from wizard.core.server_command import server_test_command
from wizard.core.settings import MailSettings, Mode

SECRET = "abcd efgh-授权码'$(rm -rf ~)"


def _draft(provider: str, **values: str) -> Draft:
    draft = Draft()
    draft.choose_provider(provider)
    for name in ("display_name", "host", "security", "port", "sender", "username"):  # as the CLI does
        if name in values:
            draft.set(name, values[name])
    draft.set("password", SECRET)
    return draft


DRAFTS = {
    "qq preset": lambda: _draft("qq", sender="zhangsan@qq.com", display_name="通知中心"),
    "custom IDN host, quotes": lambda: _draft(
        "custom",
        host="smtp.例子.公司",
        port="2525",
        security="starttls",
        sender="ops@例子.公司",
        username="relay-user",
        display_name='O\'Brien "ops" $HOME `id`',
    ),
    "fixed login (SendGrid)": lambda: _draft("sendgrid", sender="noreply@acme.cn"),
    "plain relay": lambda: _draft("custom", host="10.0.0.5", port="25", security="none", sender="a@b.cn"),
}


@pytest.mark.parametrize("name", DRAFTS)
def test_command_parses_back_to_the_same_settings(name, monkeypatch):
    draft = DRAFTS[name]()
    settings = draft.settings
    assert settings is not None, draft.validation().issues
    command = server_test_command(settings, RECIPIENT)
    argv = shlex.split(command)
    assert argv[:2] == ["./smtp-wizard-cli", "test"]
    args = build_parser().parse_args(argv[1:])
    monkeypatch.setattr(sys, "stdin", io.StringIO(SECRET + "\n"))
    parsed = collect_draft(args).settings
    assert parsed == settings  # every field, the password from stdin included
    assert args.to == RECIPIENT and args.password_stdin
    for form in secret_forms(SECRET, settings.smtp.username):
        assert form not in command
    assert "授权码" not in command  # not even a piece of it


def test_platform_mode_has_no_server_command():
    with pytest.raises(ValueError):
        server_test_command(MailSettings(mode=Mode.PLATFORM, display_name="通知中心"), RECIPIENT)


def test_the_command_runs_with_the_password_on_stdin(smtp_server, pki):
    server = smtp_server("ssl")
    draft = _draft("custom", host="localhost", port=str(server.port), security="ssl", sender=USER)
    argv = shlex.split(server_test_command(draft.settings, RECIPIENT))
    argv = [sys.executable, "-m", "wizard", *argv[1:], "--ca-file", pki.ca_file, "--json"]
    env = {**os.environ, "LANG": "C.UTF-8"}
    result = subprocess.run(argv, input=PASSWORD + "\n", capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert server.handler.logins == [(USER.encode(), PASSWORD.encode())]


def _read_until(fd: int, marker: bytes, seconds: float) -> bytes:
    output, deadline = b"", time.monotonic() + seconds
    while marker not in output and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
    return output


def test_a_password_typed_at_a_terminal_is_not_echoed(tmp_path):
    """--password-stdin at a terminal reads with echo off (the command is meant to be typed at)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI with the pty as its controlling terminal
        args = ["validate", "--provider", "qq", "--sender", "zhangsan@qq.com", "--password-stdin", "--json"]
        os.execve(sys.executable, [sys.executable, "-m", "wizard", *args], {**os.environ, "LANG": "C.UTF-8"})
    try:
        output = _read_until(fd, b":", seconds=10)  # the prompt (a plain readline would print none)
        os.write(fd, b"typed-secret-123\n")
        output += _read_until(fd, b"}\r\n", seconds=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # only if it is still waiting
        os.waitpid(pid, 0)
        os.close(fd)
    assert b'"ok": true' in output, output
    assert "密码(授权码".encode() in output  # the prompt, in the server's language
    assert b"typed-secret-123" not in output


def test_the_command_carries_every_non_default_test_option():
    """Issue 19: what the wizard's test relied on besides the settings goes into the command, or
    the server tests (and fails on) something else: the pinned certificate, the CA file (by name:
    it is copied beside the program), the EHLO name, timeouts, clear-text AUTH on security none."""
    from wizard.core.server_command import CommandOptions

    draft = DRAFTS["plain relay"]()
    pin = ":".join(["AB"] * 32)
    options = CommandOptions(
        ehlo="client.example.net",
        pinned_sha256=pin,
        ca_file="/home/installer/下载/acme ca.pem",
        connect_timeout=5.0,
        timeout=30.0,
        allow_plaintext_auth=True,
    )
    argv = shlex.split(server_test_command(draft.settings, RECIPIENT, options=options))
    args = build_parser().parse_args(argv[1:])
    assert (args.trust_fingerprint, args.ca_file, args.ehlo) == (pin, "acme ca.pem", "client.example.net")
    assert (args.connect_timeout, args.timeout, args.allow_plaintext_auth) == ("5", "30", True)
    assert argv[-1] == "--password-stdin"

    plain = shlex.split(server_test_command(draft.settings, RECIPIENT))
    for name in ("--trust-fingerprint", "--ca-file", "--ehlo", "--timeout", "--connect-timeout"):
        assert name not in plain  # the defaults stay out: the command says only what differs


def test_the_scheduled_check_keeps_the_trust_the_test_relied_on():
    """The hourly check (在服务器上定期检查) connects like the test: a pass through a pinned
    certificate or a CA file would turn into a CRITICAL every hour without them."""
    from wizard.core.server_command import CommandOptions, server_check_command

    draft = DRAFTS["qq preset"]()
    pin = ":".join(["CD"] * 32)
    options = CommandOptions(pinned_sha256=pin, ca_file="/tmp/relay-ca.pem")
    argv = shlex.split(server_check_command(draft.settings, options=options))
    args = build_parser().parse_args(argv[1:])
    assert argv[1] == "check" and args.install_timer
    assert (args.trust_fingerprint, args.ca_file) == (pin, "relay-ca.pem")
