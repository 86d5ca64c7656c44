"""``validate`` and ``export``: the settings checked, shown and written, without the network."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from wizard.cli.exit_codes import EXIT_FAILED, EXIT_INVALID, EXIT_OK
from wizard.cli.output import InputRejected, emit_json, language, print_issues, reject, visible
from wizard.cli.settings_input import validated
from wizard.core import config_file
from wizard.core.atomic import odd_target
from wizard.core.i18n import tr
from wizard.core.settings import MailSettings, Mode
from wizard.core.validation import Issue

STDOUT = "-"  # `--out -`: the usual Unix name for standard output


def settings_document(settings: MailSettings) -> dict[str, Any]:
    document = config_file.to_document(settings)
    document.pop("generated_by", None)
    return document


def cmd_validate(args: argparse.Namespace) -> int:
    lang = language(args)
    try:
        validation, _ = validated(args, require_password=args.require_password)
    except InputRejected as rejected:
        return reject(args, rejected.issues)
    assert validation.settings is not None
    if args.json:
        emit_json(
            {
                "ok": True,
                "settings": settings_document(validation.settings),
                "issues": [i.to_dict(lang) for i in validation.issues],
            }
        )
    else:
        print_issues(validation.issues, lang)
        sheet = config_file.render_sheet(validation.settings, lang=lang)
        print("".join(visible(line) + "\n" for line in sheet.splitlines()), end="")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    lang = language(args)
    out = Path(args.out)
    to_stdout = args.out == STDOUT  # checked before any rule about existing files
    fmt = config_file.Format(args.format) if args.format else config_file.Format.for_path(out)
    # refused before anything is read or written: exit 2, like any bad option
    if not to_stdout and odd_target(out):
        return reject(args, [Issue("file_target_not_regular", "file", params={"path": str(out)})])
    try:
        if to_stdout and args.json:
            raise InputRejected([Issue("stdout_with_json", "out")])
        validation, draft = validated(args, require_password=args.include_password)
    except InputRejected as rejected:
        return reject(args, rejected.issues)
    settings = validation.settings
    assert settings is not None
    if args.include_password and settings.mode is Mode.PLATFORM:
        args.include_password = False
    verified = draft.verified
    if to_stdout:
        print_issues(validation.issues, lang)
        text = config_file.render(
            settings, fmt, include_password=args.include_password, verified=verified, lang=lang
        )
        sys.stdout.write(text)
        return EXIT_OK
    try:
        written = config_file.save(
            out, settings, fmt, include_password=args.include_password, verified=verified, lang=lang
        )
    except config_file.ConfigError as error:
        if args.json:
            emit_json(
                {"ok": False, "code": "write_failed", "issues": [i.to_dict(lang) for i in error.issues]}
            )
        print_issues(error.issues, lang)
        # A value the format cannot hold is the input's fault (2); a disk or permission problem is not.
        return EXIT_INVALID if error.issues[0].code == "env_not_round_trip" else EXIT_FAILED
    issues = [*validation.issues, *written]
    print_issues(issues, lang)
    if args.json:
        emit_json(
            {
                "ok": True,
                "path": str(out),
                "format": fmt.value,
                "includes_password": args.include_password,
                "verified": verified is not None,
                "issues": [i.to_dict(lang) for i in issues],
            }
        )
    key = "export.written_with_password" if args.include_password else "export.written"
    print(visible(tr(key, lang, path=out, format=fmt.value)), file=sys.stderr)
    return EXIT_OK
