"""``check``: the scheduled check (connect, TLS, login, sender domain, provider notices), its
memory (the state file) and its outputs (text, --json, --nagios, --prometheus FILE), and
``check --install-timer`` (a systemd service + timer).

Exit codes: with ``--nagios`` the plugin convention (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN,
invalid input included); otherwise 0 OK, 1 a problem was found, 2 invalid input, 128+signal
when stopped. The password comes from --password-env, --password-stdin, --password-file (refused
when others can read it) or --password-keyring, and is redacted from every output by the engine.
"""

from __future__ import annotations

import argparse
import os
import signal
import stat
import sys
from pathlib import Path

from wizard.cli.exit_codes import EXIT_FAILED, EXIT_OK
from wizard.cli.output import InputRejected, emit_json, language, visible
from wizard.cli.settings_input import MAX_SECRET, collect_draft
from wizard.core.health.model import Status, Thresholds
from wizard.core.i18n import tr
from wizard.core.validation import Issue


# -- the secret -------------------------------------------------------------------------------
def read_password_file(path: str) -> str:
    """The file's first line; refused when group or others may read it (like ssh's key files)."""
    try:
        with open(path, "rb") as stream:
            mode = stat.S_IMODE(os.fstat(stream.fileno()).st_mode)
            if os.name == "posix" and mode & 0o077:
                params = {"path": path, "mode": f"{mode:04o}"}
                raise InputRejected([Issue("password_file_open", "password", params=params)])
            data = stream.read(MAX_SECRET * 4 + 2)
    except OSError:
        raise InputRejected([Issue("password_file_unreadable", "password", params={"path": path})]) from None
    text = data.decode("utf-8", errors="replace").split("\n", 1)[0].rstrip("\r")
    if len(text) > MAX_SECRET:
        raise InputRejected([Issue("too_long", "password", params={"max": MAX_SECRET})])
    return text


def _settings(args: argparse.Namespace):
    sources = [
        bool(args.password_env),
        bool(args.password_stdin),
        bool(args.password_file),
        args.password_keyring,
    ]
    if sum(sources) > 1:
        raise InputRejected([Issue("password_sources", "password")])
    draft = collect_draft(args)
    if args.password_file:
        draft.set("password", read_password_file(args.password_file))
    if args.password_keyring:
        validation = draft.validation()
        if not validation.ok:
            raise InputRejected(validation.issues)
        smtp = validation.settings.smtp
        from wizard.core.credentials import load

        password, outcome = load(smtp.host, smtp.port, smtp.username)
        if password is None:
            params = {
                "host": smtp.host,
                "port": smtp.port,
                "username": smtp.username,
                "reason": outcome.message(language(args)),
            }
            raise InputRejected([Issue("keyring_missing", "password", params=params)])
        draft.set("password", password)
    validation = draft.validation(require_password=not args.install_timer)
    if not validation.ok:
        raise InputRejected(validation.issues)
    return validation


def _from_keyring(smtp, lang: str) -> tuple[str | None, str]:
    try:  # the one-file server build leaves the keyring out (build-cli.spec)
        from wizard.core.credentials import load
    except ImportError:
        return None, tr("keyring.unavailable", lang)
    password, outcome = load(smtp.host, smtp.port, smtp.username)
    return password, outcome.message(lang)


def _thresholds(args: argparse.Namespace) -> Thresholds:
    limits = Thresholds(args.cert_warn_days, args.cert_crit_days, args.latency_warn_ms, args.latency_crit_ms)
    values = (limits.cert_warn_days, limits.cert_crit_days, limits.latency_warn_ms, limits.latency_crit_ms)
    if (
        min(values) <= 0
        or limits.cert_crit_days > limits.cert_warn_days
        or limits.latency_crit_ms < limits.latency_warn_ms
    ):
        raise InputRejected([Issue("threshold_invalid", "threshold")])
    return limits


def _state_path(args: argparse.Namespace) -> Path | None:
    if args.state:
        return Path(args.state)
    if args.config:
        from wizard.core.health.state import default_state_path

        return default_state_path(args.config)
    return None


# -- the command --------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    lang = language(args)
    try:
        if args.install_timer:
            from wizard.cli.check_timer import install_timer

            return install_timer(args, _settings(args), _state_path(args), lang)
        return _check(args, lang)
    except InputRejected as rejected:
        if not args.nagios:
            raise
        text = "; ".join(issue.message(lang, "cli") for issue in rejected.issues)
        print(visible(f"SMTP UNKNOWN - {text}"))
        return int(Status.UNKNOWN)


def _request_options(args: argparse.Namespace, issues: list[Issue]) -> dict:
    """The options `check` shares with `test`, parsed by the same functions as there."""
    from wizard.cli.delivery_options import DEFAULT_CONFIRM_TIMEOUT
    from wizard.cli.send_commands import _common_tls, _seconds
    from wizard.core.addresses import InputError, normalize_address, normalize_ehlo

    options: dict = {"recipient": None, "ehlo": None}
    if args.send_to is not None:
        try:
            options["recipient"] = normalize_address(args.send_to)
        except InputError as error:
            issues.append(Issue(error.code, "send_to"))
    timeout = _seconds(args.timeout, 60.0, issues)
    options["timeout"] = timeout
    options["connect_timeout"] = min(_seconds(args.connect_timeout, min(10.0, timeout), issues), timeout)
    options["confirm_timeout"] = _seconds(args.confirm_timeout, DEFAULT_CONFIRM_TIMEOUT, issues)
    options["ca_file"], options["pin"] = _common_tls(args, issues)
    if args.ehlo is not None:
        try:
            options["ehlo"] = normalize_ehlo(args.ehlo)
        except InputError as error:
            issues.append(Issue(error.code, "ehlo"))
    return options


def _check(args: argparse.Namespace, lang: str) -> int:
    issues: list[Issue] = []
    limits = _thresholds(args)
    options = _request_options(args, issues)
    if issues:
        raise InputRejected(issues)
    settings = _settings(args).settings
    imap = None
    if args.confirm_imap:
        from wizard.cli.delivery_options import imap_request

        imap = imap_request(
            args,
            settings,
            options["recipient"] or settings.smtp.sender,
            options["ca_file"],
            options["confirm_timeout"],
            issues,
        )
        if issues:
            raise InputRejected(issues)
    from wizard.core.engine.api import CancelToken
    from wizard.core.health.run import CheckRequest, run_check

    request = CheckRequest(
        settings=settings,
        send_to=options["recipient"],
        connect_timeout=options["connect_timeout"],
        timeout=options["timeout"],
        ca_file=options["ca_file"],
        pinned_sha256=options["pin"],
        allow_plaintext_auth=args.allow_plaintext_auth,
        ehlo=options["ehlo"],
        lang=lang,
        thresholds=limits,
        domain_check=not args.no_domain_check,
        nameserver=args.nameserver,
        dkim_selector=args.dkim_selector,
        imap=imap,
    )
    cancel, stopped = CancelToken(), []

    def stop(signum, frame) -> None:  # the engine closes its socket within 0.5 s
        stopped.append(signum)
        cancel.cancel()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        result = run_check(request, cancel)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stopped:  # Ctrl-C or the scheduler's stop: no result, nothing written
        print(tr("check.summary.cancelled", lang), file=sys.stderr)
        return int(Status.UNKNOWN) if args.nagios else 128 + stopped[0]
    return _report(args, result, limits, lang)


def _report(args, result, limits: Thresholds, lang: str) -> int:
    from wizard.core.health import outputs
    from wizard.core.health.state import compare, load_state, next_state, save_state

    path = _state_path(args)
    state, note = load_state(path) if path else ({}, None)
    comparison = compare(result, state, note)
    problems: list[str] = []
    if path is not None and not result.cancelled:
        try:
            save_state(path, next_state(result, comparison, state))
        except OSError as error:
            problems.append(tr("check.state_write_failed", lang, path=path, reason=error.strerror or error))
    if args.prometheus and not result.cancelled:
        from wizard.core.atomic import write_atomic

        try:  # node_exporter runs as another user: readable, never holds a secret
            write_atomic(
                Path(args.prometheus), outputs.prometheus_text(result, comparison).encode(), private=False
            )
        except OSError as error:
            problems.append(
                tr(
                    "check.prometheus_write_failed",
                    lang,
                    path=args.prometheus,
                    reason=error.strerror or error,
                )
            )
    if args.json:
        document = outputs.json_document(result, comparison, lang, str(path) if path else None)
        document["problems"] = problems
        emit_json(document)
    elif args.nagios:
        print(visible(outputs.nagios_line(result, comparison, limits, lang)))
    else:
        for line in outputs.text_report(result, comparison, lang):
            print(visible(line))
        if path is None:
            print(tr("check.state_disabled", lang))
    for problem in problems:
        print(visible(problem), file=sys.stderr)
    if args.nagios:
        return int(result.status)
    return EXIT_OK if result.status is Status.OK else EXIT_FAILED
