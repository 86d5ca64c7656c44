"""``test`` (live test send) and ``probe`` (which port + encryption works) on the command line.

Exit codes: 0 passed, 1 failed (the diagnosis is printed), 2 invalid input. ``--json`` prints
one document on stdout. The password only ever arrives via --password-env/--password-stdin and
never appears in the output (the engine redacts it).

Both commands share the option parsing (timeouts, CA file, pin, candidates) and the output
helpers above them, which is why they stay in one module of a little over 300 lines.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from dataclasses import replace
from typing import Any

from wizard.cli.delivery_options import DEFAULT_CONFIRM_TIMEOUT, imap_request
from wizard.cli.exit_codes import EXIT_FAILED, EXIT_OK
from wizard.cli.nameserver_option import nameserver_issues
from wizard.cli.output import InputRejected, display_width, emit_json, language, pad, print_issues, visible
from wizard.cli.report_file import check_report_path, write_report_file
from wizard.cli.settings_input import collect_draft, read_password
from wizard.core.addresses import (
    FIELD_MAX,
    InputError,
    normalize_address,
    normalize_ehlo,
    normalize_host,
    text_issue,
)
from wizard.core.catalog import load_catalog
from wizard.core.engine.alternatives import alternatives_of
from wizard.core.engine.api import Diagnosis, ProbeReport, StageEvent, StageStatus, TestRequest, TestResult
from wizard.core.engine.bounds import is_cut
from wizard.core.engine.fallback import run_test_with_fallback
from wizard.core.engine.messages import stage_label
from wizard.core.engine.probe import probe
from wizard.core.engine.tls import ca_file_problem, normalize_fingerprint
from wizard.core.i18n import tr
from wizard.core.settings import Endpoint, MailSettings, Mode
from wizard.core.validation import Issue, Validation, unknown_provider

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
    problem = ca_file_problem(args.ca_file) if args.ca_file else None
    if problem is not None:
        issues.append(Issue(problem, "ca_file", params={"path": args.ca_file, "max": "1024 KiB"}))
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
    return f"  {_colored(mark, color)} {pad(label, 30)}{ms:>8}  {visible(event.detail)}".rstrip()


def diagnosis_dict(diag: Diagnosis, lang: str) -> dict[str, Any]:
    return {
        "ok": diag.ok,
        "code": diag.code,
        "field": diag.field,
        "message": diag.message(lang, "cli"),
        "hint": diag.hint(lang, "cli"),
        "fix": diag.fix,
        "server_reply": diag.server_reply,
        "may_have_sent": diag.may_have_sent,
        "detail": diag.params.get("detail") or None,
        "basis": diag.basis,
        "alternatives": alternatives_of(diag, lang),
    }


def was_cut(result: TestResult) -> bool:
    """Whether a hostile or chatty server made us shorten anything in the result."""
    diag, tls = result.diagnosis, result.tls
    texts = [diag.server_reply, str(diag.params.get("detail") or ""), *result.transcript[-1:]]
    texts += [event.detail for event in result.stages] + ([tls.subject, tls.issuer] if tls else [])
    return any(is_cut(text) for text in texts)


def result_document(result: TestResult, lang: str) -> dict[str, Any]:
    return {
        **diagnosis_dict(result.diagnosis, lang),
        "cut": was_cut(result),
        "stages": [event.to_dict() for event in result.stages],
        "transcript": list(result.transcript),
        "message_id": result.message_id,
        "tls": result.tls.to_dict() if result.tls else None,
        "verified": vars(result.verified) if result.verified else None,
    }


def _print_diagnosis(diag: Diagnosis, lang: str) -> None:
    title = tr("cli.test.passed" if diag.ok else "cli.test.failed", lang)
    message = diag.message(lang, "cli")
    # Messages of passed tests already open with "测试通过"/"Test passed"; don't say it twice.
    for prefix in (f"{title}:", f"{title}："):
        message = message.removeprefix(prefix).lstrip()
    # A guess's message has lines (the server's words, then two causes): each is made safe alone.
    message = "\n  ".join(visible(line) for line in message.splitlines())
    print(_colored(f"{title}: ", "green" if diag.ok else "red") + message)
    rows = [
        ("cli.test.hint", diag.hint(lang, "cli")),
        ("cli.test.reply", None if diag.uncertain else diag.server_reply),  # a guess quotes it
        ("cli.test.detail", None if diag.ok or diag.server_reply else diag.params.get("detail")),
        ("cli.test.fix", ", ".join(f"{k}={v}" for k, v in diag.fix.items()) if diag.fix else None),
    ]
    for key, value in rows:
        if value:
            print(f"  {tr(key, lang)}: {visible(value)}")


# -- test -----------------------------------------------------------------------------------------
def _settings_for_test(args: argparse.Namespace) -> tuple[MailSettings, Validation]:
    """The settings to test, refused before connecting when the test could not prove them: no
    password, unless the user says the server needs no login (``--no-auth``, or the custom
    preset with an empty ``--username``). A pass without a login proves nothing about the
    account the admin backend will log in with."""
    draft = collect_draft(args)
    no_login = draft.provider.is_custom and args.username is not None and not args.username.strip()
    no_auth = args.no_auth or no_login
    if no_login and draft.get("sender"):
        draft.set("username", draft.get("sender"))  # never used: no login is made without a password
    validation = draft.validation()
    if not validation.ok:
        raise InputRejected(validation.issues)
    settings = validation.settings
    assert settings is not None
    if settings.mode is not Mode.SMTP:
        raise InputRejected([Issue("required", "host")])
    if no_auth and settings.smtp.password:
        raise InputRejected([Issue("no_auth_with_password", "password")])
    if not no_auth and not settings.smtp.password:
        raise InputRejected([Issue("password_needed_for_test", "password")])
    return settings, validation


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
    ehlo = None
    if args.ehlo is not None:
        try:
            ehlo = normalize_ehlo(args.ehlo)
        except InputError as error:
            issues.append(Issue(error.code, "ehlo"))
    confirm_timeout = _seconds(args.confirm_timeout, DEFAULT_CONFIRM_TIMEOUT, issues)
    issues += nameserver_issues(args)  # the test's lookup of the server asks it too
    check_report_path(args, issues)
    if issues:
        raise InputRejected(issues)
    settings, validation = _settings_for_test(args)
    imap = imap_request(args, settings, recipient or settings.smtp.sender, ca_file, confirm_timeout, issues)
    if issues:
        raise InputRejected(issues)
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
        ehlo=ehlo,
    )

    def show(event: StageEvent) -> None:  # the checklist grows while the test runs
        if not args.json and event.status is not StageStatus.RUNNING:
            print(_stage_line(event, lang), flush=True)

    # A connect silent for 2 s starts probing the other endpoints (engine/fallback.py).
    probed: list[ProbeReport] = []
    result = run_test_with_fallback(
        request, on_event=show, probe_on_failure=args.probe_on_failure, on_probe=probed.append
    )
    domain = None
    if args.check_domain and result.ok:  # imported only here: keeps `test` quick to start
        from wizard.cli.domain_commands import domain_report_after_test

        domain = domain_report_after_test(args, result, settings, request.recipient)
    delivery = None
    if imap is not None and result.ok and result.message_id:
        if not args.json:
            print(tr("delivery.waiting", lang, host=imap.host, seconds=int(imap.timeout)), flush=True)
        from wizard.core.delivery import confirm_delivery

        delivery = confirm_delivery(replace(imap, message_id=result.message_id))
    if args.json:
        document = result_document(result, lang)
        if args.check_domain:
            document["domain_check"] = domain.to_dict(lang) if domain else None
        if args.confirm_imap:
            document["delivery"] = delivery.to_dict(lang) if delivery else None
        emit_json(document)
    else:
        _print_diagnosis(result.diagnosis, lang)
        if result.tls:
            tls = result.tls
            facts = ", ".join((tls.version, tls.subject, tls.not_after, f"SHA-256 {tls.sha256}"))
            print(f"  {tr('cli.test.tls', lang)}: {visible(facts)}")
        if result.message_id:
            print(f"  {tr('cli.test.message_id', lang)}: {result.message_id}")
        if was_cut(result):
            print(f"  {tr('cli.test.cut', lang)}")
        if args.transcript:
            print(f"\n{tr('cli.test.transcript', lang)}:")
            print("\n".join(visible(line) for line in result.transcript))
        if domain is not None:
            from wizard.cli.domain_commands import print_domain_report

            print()
            print_domain_report(domain, lang)
        if delivery is not None:
            print(f"{tr('delivery.title', lang)}: {delivery.message(lang)}")
            if delivery.detail:
                print(f"  {tr('cli.test.reply', lang)}: {visible(delivery.detail)}")
    report_ok = (
        write_report_file(args, result, settings, lang, probed, domain, delivery) if args.report else True
    )
    return EXIT_OK if result.ok and report_ok else EXIT_FAILED


# -- probe ----------------------------------------------------------------------------------------
def probe_document(report: ProbeReport, lang: str) -> dict[str, Any]:
    return {
        "ok": report.recommended is not None and (report.login is None or report.login.ok),
        "host": report.host,
        "recommended": {"port": report.recommended.port, "security": report.recommended.security.value}
        if report.recommended
        else None,
        "trust_problem": report.trust_problem,
        "insecure": report.insecure,
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
    catalog = load_catalog()
    provider = catalog.find((args.provider or "").strip().lower()) if args.provider else None
    if args.provider and provider is None:
        issues.append(unknown_provider(args.provider, catalog))
    password = read_password(args)
    if issues:
        raise InputRejected(issues)
    credentials = None
    if password:
        if not args.username:
            raise InputRejected([Issue("required", "username")])
        problem = text_issue("username", args.username.strip())
        if problem is not None:
            raise InputRejected([Issue(problem, "username", params={"max": FIELD_MAX["username"]})])
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
        text = visible(", ".join(f for f in facts if f) if r.code == "ok" else r.code)
        name = str(r.candidate)
        print(f"  {_colored(mark, color)} {name}{' ' * max(1, 16 - display_width(name))}{r.ms:>6} ms  {text}")
    if report.recommended:
        color = "red" if report.insecure else "green"
        print(_colored(tr("cli.probe.recommended", lang, candidate=str(report.recommended)), color))
        if report.trust_problem:
            print(tr("cli.probe.trust_problem", lang, code=report.trust_problem))
        if report.insecure:
            print(_colored(tr("cli.probe.insecure", lang), "red"))
    else:
        print(_colored(tr("cli.probe.none", lang), "red"))
    if report.login is not None:
        if report.login.ok:
            print(tr("cli.probe.login_ok", lang))
        else:
            print(tr("cli.probe.login_failed", lang))
            _print_diagnosis(report.login, lang)
    return EXIT_OK if document["ok"] else EXIT_FAILED
