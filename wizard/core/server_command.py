"""The command that repeats the wizard's test from the customer's server.

A pass on the installer's laptop proves little about the server that will send the mail
(port 25/465 blocked, a proxy, another DNS). This builds the exact `smtp-wizard-cli test`
line for the current settings, to copy onto the server. The secret is never part of it: the
command reads it from standard input (hidden when typed at a terminal).
"""

from __future__ import annotations

import shlex

from wizard.core.settings import MailSettings, Mode

SERVER_PROGRAM = "./smtp-wizard-cli"  # the one-file Linux build (scripts/build_server_cli.sh)


def server_test_argv(settings: MailSettings, recipient: str, *, program: str = SERVER_PROGRAM) -> list[str]:
    """Every setting explicit, so the preset's later changes cannot make the server test another one."""
    if settings.mode is not Mode.SMTP:
        raise ValueError("only SMTP settings can be tested from a server")
    smtp = settings.smtp
    argv = [program, "test", "--provider", smtp.provider, "--mode", settings.mode.value]
    argv += ["--host", smtp.host, "--port", str(smtp.port), "--security", smtp.security.value]
    argv += ["--username", smtp.username, "--sender", smtp.sender]
    if settings.display_name:
        argv += ["--display-name", settings.display_name]
    argv += ["--to", recipient or smtp.sender, "--password-stdin"]
    return argv


def server_test_command(settings: MailSettings, recipient: str, *, program: str = SERVER_PROGRAM) -> str:
    """The command line for a POSIX shell (the server build is for Linux), quoted safely."""
    return shlex.join(server_test_argv(settings, recipient, program=program))


def server_check_argv(settings: MailSettings, *, program: str = SERVER_PROGRAM) -> list[str]:
    """`check --install-timer --write` for these settings: the hourly check, installed on the server."""
    argv = server_test_argv(settings, "", program=program)
    argv[1] = "check"
    cut = argv.index("--to")
    return [*argv[:cut], "--state", "smtp-wizard-check.state.json", "--install-timer", "--write"]


def server_check_command(settings: MailSettings, *, program: str = SERVER_PROGRAM) -> str:
    return shlex.join(server_check_argv(settings, program=program))
