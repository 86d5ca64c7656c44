"""What DNS says about an address's domain: ``detect`` (which provider serves it, and how that
was found) and ``check-domain`` (the sender-domain findings: SPF, DMARC, DKIM, recipient MX; also
printed at the end of ``test --check-domain``)."""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from wizard.cli.exit_codes import EXIT_FAILED, EXIT_OK
from wizard.cli.nameserver_option import nameserver_issues
from wizard.cli.output import emit_json, language, reject, visible
from wizard.cli.provider_commands import provider_summary
from wizard.core.addresses import InputError
from wizard.core.catalog import load_catalog
from wizard.core.detect import detect
from wizard.core.detect.autoconfig import server_notes
from wizard.core.domain_check import PROBLEM, DomainReport, check_domain
from wizard.core.i18n import tr, tr_on
from wizard.core.validation import Issue

MAX_DNS_SECONDS = 600  # as test's time options: a finite, positive number of seconds


def _timeout_issues(args: argparse.Namespace) -> list[Issue]:
    """``--timeout`` as ``test`` checks its time options: ``inf``, ``nan``, 0 and negatives are refused."""
    if math.isfinite(args.timeout) and 0 < args.timeout <= MAX_DNS_SECONDS:
        return []
    return [Issue("timeout_invalid", "timeout", params={"max": MAX_DNS_SECONDS})]


def cmd_detect(args: argparse.Namespace) -> int:
    lang = language(args)
    if issues := _timeout_issues(args) + nameserver_issues(args):
        return reject(args, issues)
    try:
        result = detect(
            args.address, nameserver=args.nameserver, timeout=args.timeout, guess=not args.no_guess
        )
    except InputError as error:
        return reject(args, [Issue(error.code, "sender")])
    provider = result.provider
    if args.json:
        emit_json(
            {
                "address": result.address,
                "domain": result.domain,
                "method": result.method,
                "mx_hosts": list(result.mx_hosts),
                "provider": provider_summary(provider) if provider else None,
                "server": result.server.to_dict() if result.server else None,
                "steps": [step.to_dict() for step in result.steps],
                "error": result.error,
                "error_message": tr_on("cli", f"detect.{result.error}", lang, domain=result.domain)
                if result.error
                else None,
            }
        )
    elif provider is not None:
        endpoint = provider.default_endpoint
        how = tr(f"detect.by_{result.method}", lang, mx=", ".join(result.mx_hosts[:2]))
        host = provider.host_for(result.domain)
        print(
            visible(f"{result.domain}: {provider.name.get(lang)} ({provider.id}) — {host} {endpoint} [{how}]")
        )
    elif result.server is not None:
        server = result.server
        how = tr(f"detect.by_{result.method}", lang, mx="")
        security = tr(f"security.{server.security.value}", lang)
        found = tr(
            "detect.server_found",
            lang,
            domain=result.domain,
            host=server.host,
            port=server.port,
            security=security,
        )
        print(visible(f"{found} [{how}]"))
        for note in server_notes(server, result.domain, lang):
            print(visible(f"  {note}"))
    else:
        print(visible(tr("detect.none", lang, domain=result.domain)))
    for step in result.steps:
        if step.status == "unverified" and step.server is not None:  # shown in words, never used
            for note in server_notes(step.server, result.domain, lang):
                print(visible(f"  {note}"))
    if result.error:
        print(visible(tr_on("cli", f"detect.{result.error}", lang, domain=result.domain)), file=sys.stderr)
    # 0 only when there is something to configure: a preset or a server (README: exit codes)
    return EXIT_OK if provider is not None or result.server is not None else EXIT_FAILED


def domain_document(report: DomainReport, lang: str) -> dict[str, Any]:
    return report.to_dict(lang)


def print_domain_report(report: DomainReport, lang: str) -> None:
    """Every line through :func:`visible`, as server replies are: DNS text, the SPF library's
    messages and the user's own --relay / --dkim-selector may hold control characters."""
    relay = report.relay or "?"
    print(visible(tr("domain.title", lang, domain=report.domain, relay=relay)))
    for finding in report.findings:
        status = tr(f"domain.status.{finding.status}", lang)
        print(visible(f"  [{status}] {tr(f'domain.check.{finding.check}', lang)}: {finding.message(lang)}"))
        for line in finding.evidence:
            print(visible(f"      {line}"))
        fix = finding.fix(lang, "cli")
        if fix and finding.status != "pass":
            print(visible(f"      → {fix}"))


def cmd_check_domain(args: argparse.Namespace) -> int:
    lang = language(args)
    if issues := _timeout_issues(args) + nameserver_issues(args):
        return reject(args, issues)
    try:
        report = check_domain(
            args.address,
            relay=args.relay or "",
            recipient=args.to,
            dkim_selector=args.dkim_selector,
            nameserver=args.nameserver,
            timeout=args.timeout,
        )
    except InputError as error:
        return reject(args, [Issue(error.code, "sender")])
    if args.json:
        emit_json(domain_document(report, lang))
    else:
        print_domain_report(report, lang)
    return EXIT_FAILED if report.status == PROBLEM else EXIT_OK


def domain_report_after_test(args: argparse.Namespace, result, settings, recipient: str) -> DomainReport:
    """After a pass: the relay is known, and for a custom server so is the address it answered on.

    A domain problem does not fail the test itself (the relay did accept the mail).
    """
    smtp = settings.smtp
    return check_domain(
        smtp.sender,
        relay=smtp.host,
        provider=load_catalog().find(smtp.provider),
        relay_address=result.peer_address,
        recipient=recipient,
        dkim_selector=args.dkim_selector,
        nameserver=args.nameserver,
    )
