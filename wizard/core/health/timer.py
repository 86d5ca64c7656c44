"""A systemd service + timer that run the check hourly for the current user.

The password never appears on a command line: the service loads it with ``LoadCredential=``
from a file only its owner can read, and the check reads the copy systemd puts in
``$CREDENTIALS_DIRECTORY`` (https://systemd.io/CREDENTIALS/, systemd.exec(5) "Credentials").
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

UNIT_NAME = "smtp-wizard-check"
CREDENTIAL_ID = "smtp-password"
CREDENTIAL_ARG = "${CREDENTIALS_DIRECTORY}/" + CREDENTIAL_ID  # expanded by systemd as one word
_PLAIN = re.compile(r"^[A-Za-z0-9_./:@,+=-]+$")


def _word(arg: str) -> str:
    """One ExecStart= word (systemd.service(5) "Command lines"): '%' and '$' doubled so that
    systemd takes them literally, anything else unusual inside double quotes."""
    if arg == CREDENTIAL_ARG:
        return arg
    arg = arg.replace("%", "%%").replace("$", "$$")
    if _PLAIN.match(arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _description(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable()).replace("%", "%%")


def user_unit_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def default_credential_file() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "smtp-wizard" / CREDENTIAL_ID


def units(
    check_argv: list[str], *, target: str, credential_file: Path, name: str = UNIT_NAME
) -> dict[str, str]:
    """{file name: content}. ``check_argv`` is the full check command; the credential option is
    appended here so that it can only ever point into the credentials directory."""
    exec_start = " ".join(_word(arg) for arg in [*check_argv, "--password-file", CREDENTIAL_ARG])
    service = f"""[Unit]
Description=SMTP scheduled check of {_description(target)} (smtp-wizard)

[Service]
Type=oneshot
LoadCredential={CREDENTIAL_ID}:{credential_file}
ExecStart={exec_start}
NoNewPrivileges=yes
TimeoutStartSec=5min
"""
    timer = f"""[Unit]
Description=Run the SMTP scheduled check of {_description(target)} hourly

[Timer]
OnCalendar=hourly
RandomizedDelaySec=5min
Persistent=true

[Install]
WantedBy=timers.target
"""
    return {f"{name}.service": service, f"{name}.timer": timer}


def credential_command(credential_file: Path) -> str:
    """How to create the credential file: owner-only from the start, typed without echo."""
    folder, path = shlex.quote(str(credential_file.parent)), shlex.quote(str(credential_file))
    return (
        f"install -d -m 700 {folder} && (umask 077 && read -rs -p 'SMTP password: ' p && "
        f"printf '%s' \"$p\" > {path}); echo"
    )


def enable_command(name: str = UNIT_NAME) -> str:
    return f"systemctl --user daemon-reload && systemctl --user enable --now {name}.timer"
