"""``check-domain``: the sender-domain findings (SPF, DMARC, DKIM, recipient MX); also printed at
the end of ``test --check-domain``."""

from __future__ import annotations

import argparse
from typing import Any

from wizard.cli.common import EXIT_FAILED, EXIT_OK, emit_json, language, reject
from wizard.core.addresses import InputError
from wizard.core.catalog import load_catalog
from wizard.core.domain_check import PROBLEM, DomainReport, check_domain
from wizard.core.i18n import tr
from wizard.core.validation import Issue


def domain_document(report: DomainReport, lang: str) -> dict[str, Any]:
    return report.to_dict(lang)


def print_domain_report(report: DomainReport, lang: str) -> None:
    relay = report.relay or "?"
    print(tr("domain.title", lang, domain=report.domain, relay=relay))
    for finding in report.findings:
        status = tr(f"domain.status.{finding.status}", lang)
        print(f"  [{status}] {tr(f'domain.check.{finding.check}', lang)}: {finding.message(lang)}")
        for line in finding.evidence:
            print(f"      {line}")
        fix = finding.fix(lang)
        if fix and finding.status != "pass":
            print(f"      → {fix}")


def cmd_check_domain(args: argparse.Namespace) -> int:
    lang = language(args)
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
