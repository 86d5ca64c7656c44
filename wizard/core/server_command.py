"""The command that repeats the wizard's test from the customer's server.

A pass on the installer's laptop proves little about the server that will send the mail
(port 25/465 blocked, a proxy, another DNS). This builds the exact `smtp-wizard-cli test`
line for the current settings and the test options the wizard's test used (a pinned
certificate, a CA file, the EHLO name, timeouts), to copy onto the server. The secret is never
part of it: the command reads it from standard input (hidden when typed at a terminal).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import PurePath
from typing import Final

from wizard.core.settings import MailSettings, Mode, Security

SERVER_PROGRAM = "./smtp-wizard-cli"  # the one-file Linux build (scripts/build_server_cli.sh)
DEFAULT_TIMEOUT: Final = 60.0  # the CLI's defaults (wizard/cli/send_commands.py), left out of the command
DEFAULT_CONNECT_TIMEOUT: Final = 10.0


@dataclass(frozen=True)
class CommandOptions:
    """The test options besides the settings that a pass relied on; each one that differs from
    the command line's default goes into the command, or the server tests something else."""

    ehlo: str | None = None
    pinned_sha256: str | None = None
    ca_file: str | None = None  # a path here; the command names the file only (copied beside it)
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    timeout: float = DEFAULT_TIMEOUT
    allow_plaintext_auth: bool = False


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def server_test_argv(
    settings: MailSettings,
    recipient: str,
    *,
    options: CommandOptions = CommandOptions(),  # frozen: one shared default is harmless
    program: str = SERVER_PROGRAM,
) -> list[str]:
    """Every setting explicit, so the preset's later changes cannot make the server test another one."""
    if settings.mode is not Mode.SMTP:
        raise ValueError("only SMTP settings can be tested from a server")
    smtp = settings.smtp
    argv = [program, "test", "--provider", smtp.provider, "--mode", settings.mode.value]
    argv += ["--host", smtp.host, "--port", str(smtp.port), "--security", smtp.security.value]
    argv += ["--username", smtp.username, "--sender", smtp.sender]
    if settings.display_name:
        argv += ["--display-name", settings.display_name]
    # The trust first: every command that connects (test, and a check built from this) needs it.
    if options.ca_file:
        argv += ["--ca-file", PurePath(options.ca_file).name]
    if options.pinned_sha256:
        argv += ["--trust-fingerprint", options.pinned_sha256]
    argv += ["--to", recipient or smtp.sender]
    if options.ehlo:
        argv += ["--ehlo", options.ehlo]
    if options.timeout != DEFAULT_TIMEOUT:
        argv += ["--timeout", _seconds(options.timeout)]
    if options.connect_timeout != min(DEFAULT_CONNECT_TIMEOUT, options.timeout):
        argv += ["--connect-timeout", _seconds(options.connect_timeout)]
    if options.allow_plaintext_auth and smtp.security is Security.NONE:
        argv += ["--allow-plaintext-auth"]
    return [*argv, "--password-stdin"]


def server_test_command(
    settings: MailSettings,
    recipient: str,
    *,
    options: CommandOptions = CommandOptions(),
    program: str = SERVER_PROGRAM,
) -> str:
    """The command line for a POSIX shell (the server build is for Linux), quoted safely."""
    return shlex.join(server_test_argv(settings, recipient, options=options, program=program))


def server_check_argv(
    settings: MailSettings, *, options: CommandOptions = CommandOptions(), program: str = SERVER_PROGRAM
) -> list[str]:
    """`check --install-timer --write` for these settings: the hourly check, installed on the server.
    Built from the test command cut at --to, so it keeps the trust options that come before it."""
    argv = server_test_argv(settings, "", options=options, program=program)
    argv[1] = "check"
    cut = argv.index("--to")
    return [*argv[:cut], "--state", "smtp-wizard-check.state.json", "--install-timer", "--write"]


def server_check_command(
    settings: MailSettings, *, options: CommandOptions = CommandOptions(), program: str = SERVER_PROGRAM
) -> str:
    return shlex.join(server_check_argv(settings, options=options, program=program))
