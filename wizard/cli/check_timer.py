"""``check --install-timer``: print (``--write``: install for this user) the systemd service and
timer that run this same check hourly, the password loaded with ``LoadCredential=``."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

from wizard.cli.exit_codes import EXIT_OK
from wizard.cli.output import InputRejected
from wizard.core.atomic import write_atomic
from wizard.core.health import timer
from wizard.core.i18n import tr
from wizard.core.validation import Issue, Validation

# Options handed on to the scheduled run unchanged (paths made absolute: the unit runs elsewhere).
_PATH_OPTIONS = ("ca_file", "prometheus")
_VALUE_OPTIONS = (
    "trust_fingerprint",
    "nameserver",
    "dkim_selector",
    "send_to",
    "timeout",
    "connect_timeout",
    "ehlo",
    "lang",
    "cert_warn_days",
    "cert_crit_days",
    "latency_warn_ms",
    "latency_crit_ms",
)
_FLAGS = ("no_domain_check", "allow_plaintext_auth")


def program() -> list[str]:
    """How the scheduled run starts this program: the one-file build itself, the installed
    script, or this Python with ``-m wizard``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.argv[0])
    if script.name.startswith("smtp-wizard") and script.exists():
        return [str(script.absolute())]
    return [sys.executable, "-m", "wizard"]


def check_argv(args: argparse.Namespace, validation: Validation, state: Path) -> list[str]:
    smtp = validation.settings.smtp
    argv = [*(args.program.split() if args.program else program()), "check"]
    if args.config:
        argv += ["--config", str(Path(args.config).absolute())]
    else:  # every setting explicit, so a later catalog change cannot make it check another server
        argv += ["--provider", smtp.provider, "--host", smtp.host, "--port", str(smtp.port)]
        argv += ["--security", smtp.security.value, "--username", smtp.username, "--sender", smtp.sender]
    for name in ("provider", "host", "port", "security", "username", "sender") if args.config else ():
        if getattr(args, name, None) is not None:
            argv += [f"--{name}", str(getattr(args, name))]
    argv += ["--state", str(state.absolute())]
    for name in _PATH_OPTIONS:
        if getattr(args, name, None):
            argv += [f"--{name.replace('_', '-')}", str(Path(getattr(args, name)).absolute())]
    for name in _VALUE_OPTIONS:
        value = getattr(args, name, None)
        if value is not None and value != _DEFAULTS.get(name):
            argv += [f"--{name.replace('_', '-')}", str(value)]
    argv += [f"--{name.replace('_', '-')}" for name in _FLAGS if getattr(args, name, False)]
    return argv


_DEFAULTS = {"cert_warn_days": 30.0, "cert_crit_days": 7.0, "latency_warn_ms": 3000, "latency_crit_ms": 10000}


def install_timer(args: argparse.Namespace, validation: Validation, state: Path | None, lang: str) -> int:
    if state is None:
        raise InputRejected([Issue("timer_needs_state", "state_file")])
    credential = (
        Path(args.credential_file).absolute() if args.credential_file else timer.default_credential_file()
    )
    smtp = validation.settings.smtp
    target = f"{smtp.sender} via {smtp.host}:{smtp.port}"
    units = timer.units(
        check_argv(args, validation, state), target=target, credential_file=credential, name=args.unit_name
    )
    folder = timer.user_unit_dir()
    if not args.write:
        for name, text in units.items():
            print(f"# {folder / name}\n{text}")
    else:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in units.items():
            write_atomic(folder / name, text.encode(), private=False)
            print(tr("check.timer.written", lang, path=folder / name))
    if not _private_file(credential):
        print(tr("check.timer.credential", lang, command=timer.credential_command(credential)))
    print(tr("check.timer.next", lang, command=timer.enable_command(args.unit_name)))
    return EXIT_OK


def _private_file(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_IMODE(mode) & 0o077
