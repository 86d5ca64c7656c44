"""``test --report FILE``: the support report of this run, Markdown or HTML by the file's extension."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wizard.cli.output import print_issues
from wizard.core.atomic import odd_target
from wizard.core.engine.api import TestResult
from wizard.core.i18n import tr
from wizard.core.settings import MailSettings
from wizard.core.validation import Issue

STDOUT = "-"  # `--report -`: the report on standard output


def check_report_path(args: argparse.Namespace, issues: list[Issue]) -> None:
    """Refuse a report name we could not write before the test runs, not after."""
    if not args.report:
        return
    if args.report == STDOUT:
        if args.json:
            issues.append(Issue("stdout_with_json", "report"))
        return
    from wizard.core.report.render import report_format  # only when asked: start-up time

    path = Path(args.report)
    if report_format(path) is None:
        issues.append(Issue("report_format", "report", params={"path": args.report}))
    elif path.is_dir():
        issues.append(Issue("file_is_directory", "report", params={"path": args.report}))
    elif odd_target(path):
        issues.append(Issue("file_target_not_regular", "report", params={"path": args.report}))


def write_report_file(
    args: argparse.Namespace,
    result: TestResult,
    settings: MailSettings,
    lang: str,
    probed: list,
    domain=None,
    delivery=None,
) -> bool:
    """Write the report (never the password: the settings' own password is what gets redacted)."""
    from wizard.core.config_file import file_issue
    from wizard.core.report import facts
    from wizard.core.report.render import write_report
    from wizard.core.report.sections import build_sections, server_address

    environment = facts.collect(server_address(result))
    probe = probed[-1] if probed else None
    sections = build_sections(
        result, settings, environment, probe=probe, domain=domain, delivery=delivery, lang=lang
    )
    if args.report == STDOUT:  # Markdown: the readable form on a terminal, after the result
        from wizard.core.report.render import render

        sys.stdout.write(render(sections, "markdown", lang))
        return True
    path = Path(args.report)
    try:
        write_report(path, sections, lang)
    except OSError as error:
        print_issues([file_issue(error, path)], lang)
        return False
    if not args.json:
        print(tr("cli.test.report_written", lang, path=path), file=sys.stderr)
    return True
