"""``test`` (live test send) and ``probe`` (which port + encryption works) on the command line.

Exit codes: 0 passed, 1 failed (the diagnosis is printed), 2 invalid input. ``--json`` prints
one document on stdout. The password only ever arrives via --password-env/--password-stdin and
never appears in the output (the engine redacts it).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import Any

from wizard.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    InputRejected,
    display_width,
    emit_json,
    language,
    pad,
    print_issues,
    read_password,
    validated,
)
from wizard.core.addresses import InputError, normalize_address, normalize_host
from wizard.core.catalog import load_catalog
from wizard.core.engine.api import Diagnosis, ProbeReport, StageEvent, StageStatus, TestRequest, TestResult
from wizard.core.engine.autofix import run_test_with_probe
from wizard.core.engine.messages import stage_label
from wizard.core.engine.probe import probe
from wizard.core.engine.session import run_test
from wizard.core.engine.tls import normalize_fingerprint
from wizard.core.i18n import tr
from wizard.core.settings import Endpoint, Mode
from wizard.core.validation import Issue

MAX_SECONDS = 600


# -- option parsing -----------------------------------------------------------------------------
def _seconds(value: str | None, default: float, issues: list[Issue]) -> float:
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_SECONDS):
        issues.append(Issue("timeout_invalid", "timeout", params={"max": MAX_SECONDS}))
        return default
    return seconds


def _common_tls(args: argparse.Namespace, issues: list[Issue]) -> tuple[str | None, str | None]:
    pin = None
    if args.trust_fingerprint:
        pin = normalize_fingerprint(args.trust_fingerprint)
        if pin is None:
            issues.append(Issue("fingerprint_invalid", "fingerprint"))
    if args.ca_file and not Path(args.ca_file).is_file():
        issues.append(Issue("ca_file_missing", "ca_file", params={"path": args.ca_file}))
    return args.ca_file, pin


def _candidates(text: str | None, issues: list[Issue]) -> list[Endpoint] | None:
    if not text:
        return None
    try:
        return [Endpoint.parse(item) for item in text.split(",")]
    except ValueError:
        issues.append(Issue("candidates_invalid", "candidates"))
        return None


# -- output helpers -----------------------------------------------------------------------------
def _colored(text: str, color: str) -> str:
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        return text
    codes = {"green": "32", "red": "31", "grey": "90", "yellow": "33"}
    return f"\033[{codes[color]}m{text}\033[0m"


_MARKS = {
    StageStatus.OK: ("✓", "green"),
    StageStatus.FAILED: ("✗", "red"),
    StageStatus.SKIPPED: ("-", "grey"),
}


def _stage_line(event: StageEvent, lang: str) -> str:
    mark, color = _MARKS.get(event.status, (" ", "grey"))
    label = stage_label(event.stage.value, lang)
    ms = f"{event.ms} ms" if event.status is not StageStatus.SKIPPED else ""
    return f"  {_colored(mark, color)} {pad(label, 30)}{ms:>8}  {event.detail}".rstrip()


def diagnosis_dict(diag: Diagnosis, lang: str) -> dict[str, Any]:
    return {
        "ok": diag.ok,
        "code": diag.code,
        "field": diag.field,
        "message": diag.message(lang),
        "hint": diag.hint(lang),
        "fix": diag.fix,
        "server_reply": diag.server_reply,
        "may_have_sent": diag.may_have_sent,
        "detail": diag.params.get("detail") or None,
    }


def result_document(result: TestResult, lang: str) -> dict[str, Any]:
    return {
        **diagnosis_dict(result.diagnosis, lang),
        "stages": [event.to_dict() for event in result.stages],
        "transcript": list(result.transcript),
        "message_id": result.message_id,
        "tls": result.tls.to_dict() if result.tls else None,
        "verified": vars(result.verified) if result.verified else None,
    }


def _print_diagnosis(diag: Diagnosis, lang: str) -> None:
    title = tr("cli.test.passed" if diag.ok else "cli.test.failed", lang)
    message = diag.message(lang)
    # Messages of passed tests already open with "测试通过"/"Test passed"; don't say it twice.
    for prefix in (f"{title}:", f"{title}："):
        message = message.removeprefix(prefix).lstrip()
    print(_colored(f"{title}: ", "green" if diag.ok else "red") + message)
    rows = [
        ("cli.test.hint", diag.hint(lang)),
        ("cli.test.reply", diag.server_reply),
        ("cli.test.detail", None if diag.ok or diag.server_reply else diag.params.get("detail")),
        ("cli.test.fix", ", ".join(f"{k}={v}" for k, v in diag.fix.items()) if diag.fix else None),
    ]
    for key, value in rows:
        if value:
            print(f"  {tr(key, lang)}: {value}")


# -- test -----------------------------------------------------------------------------------------
def cmd_test(args: argparse.Namespace) -> int:
    lang = language(args)
    issues: list[Issue] = []
    recipient = ""
    if args.to is not None:
        try:
            recipient = normalize_address(args.to)
        except InputError as error:
            issues.append(Issue(error.code, "recipient"))
    elif not args.login_only:
        issues.append(Issue("required", "recipient"))
    timeout = _seconds(args.timeout, 60.0, issues)
    connect_timeout = _seconds(args.connect_timeout, min(10.0, timeout), issues)
    ca_file, pin = _common_tls(args, issues)
    if issues:
        raise InputRejected(issues)
    validation, _ = validated(args)
    settings = validation.settings
    if settings.mode is not Mode.SMTP:
        raise InputRejected([Issue("required", "host")])
    if validation.warnings and not args.json:
        print_issues(validation.warnings, lang)
    request = TestRequest(
        settings=settings,
        recipient=recipient or settings.smtp.sender,
        login_only=args.login_only,
        connect_timeout=min(connect_timeout, timeout),
        timeout=timeout,
        ca_file=ca_file,
        pinned_sha256=pin,
        allow_plaintext_auth=args.allow_plaintext_auth,
        lang=lang,
    )

    def show(event: StageEvent) -> None:  # the checklist grows while the test runs
        if not args.json and event.status is not StageStatus.RUNNING:
            print(_stage_line(event, lang), flush=True)

    runner = run_test_with_probe if args.probe_on_failure else run_test
    result = runner(request, on_event=show)
    if args.json:
        emit_json(result_document(result, lang))
    else:
        _print_diagnosis(result.diagnosis, lang)
        if result.tls:
            tls = result.tls
            facts = ", ".join((tls.version, tls.subject, tls.not_after, f"SHA-256 {tls.sha256}"))
            print(f"  {tr('cli.test.tls', lang)}: {facts}")
        if result.message_id:
            print(f"  {tr('cli.test.message_id', lang)}: {result.message_id}")
        if args.transcript:
            print(f"\n{tr('cli.test.transcript', lang)}:")
            print("\n".join(result.transcript))
    return EXIT_OK if result.ok else EXIT_FAILED


# -- probe ----------------------------------------------------------------------------------------
def probe_document(report: ProbeReport, lang: str) -> dict[str, Any]:
    return {
        "ok": report.recommended is not None and (report.login is None or report.login.ok),
        "host": report.host,
        "recommended": {"port": report.recommended.port, "security": report.recommended.security.value}
        if report.recommended
        else None,
        "results": [
            {
                "port": r.candidate.port,
                "security": r.candidate.security.value,
                "reachable": r.reachable,
                "code": r.code,
                "ms": r.ms,
                "tls": r.tls.to_dict() if r.tls else None,
                "auth_mechanisms": list(r.auth_mechanisms),
                "size_limit": r.size_limit,
                "banner": r.banner,
                "login_ok": r.login_ok,
            }
            for r in report.results
        ],
        "login": diagnosis_dict(report.login, lang) if report.login else None,
    }


def cmd_probe(args: argparse.Namespace) -> int:
    lang = language(args)
    issues: list[Issue] = []
    try:
        host = normalize_host(args.host)
    except InputError as error:
        issues.append(Issue(error.code, "host"))
    timeout = _seconds(args.timeout, 5.0, issues)
    ca_file, pin = _common_tls(args, issues)
    candidates = _candidates(args.candidates, issues)
    provider = load_catalog().find((args.provider or "").strip().lower()) if args.provider else None
    if args.provider and provider is None:
        issues.append(Issue("provider_unknown", "provider", params={"value": args.provider}))
    password = read_password(args)
    if issues:
        raise InputRejected(issues)
    credentials = None
    if password:
        if not args.username:
            raise InputRejected([Issue("required", "username")])
        credentials = (args.username.strip(), password.strip())
    report = probe(
        host,
        candidates,
        timeout=timeout,
        ca_file=ca_file,
        pinned_sha256=pin,
        credentials=credentials,
        provider=provider,
    )
    document = probe_document(report, lang)
    if args.json:
        emit_json(document)
        return EXIT_OK if document["ok"] else EXIT_FAILED
    print(tr("cli.probe.title", lang, host=report.host))
    for r in report.results:
        mark, color = ("✓", "green") if r.code == "ok" else ("✗", "red")
        facts = [r.tls.version if r.tls else ""]
        if r.auth_mechanisms:
            facts.append(f"{tr('cli.probe.auth', lang)} {' '.join(r.auth_mechanisms)}")
        if r.size_limit:
            facts.append(f"{tr('cli.probe.size', lang)} {r.size_limit // 1_000_000} MB")
        text = ", ".join(f for f in facts if f) if r.code == "ok" else r.code
        name = str(r.candidate)
        print(f"  {_colored(mark, color)} {name}{' ' * max(1, 16 - display_width(name))}{r.ms:>6} ms  {text}")
    if report.recommended:
        print(_colored(tr("cli.probe.recommended", lang, candidate=str(report.recommended)), "green"))
    else:
        print(_colored(tr("cli.probe.none", lang), "red"))
    if report.login is not None:
        if report.login.ok:
            print(tr("cli.probe.login_ok", lang))
        else:
            print(tr("cli.probe.login_failed", lang))
            _print_diagnosis(report.login, lang)
    return EXIT_OK if document["ok"] else EXIT_FAILED
