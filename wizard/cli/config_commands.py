"""``providers``, ``detect``, ``validate`` and ``export``: everything that needs no network
except the optional MX lookup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from wizard.cli.common import (
    EXIT_FAILED,
    EXIT_INVALID,
    EXIT_OK,
    InputRejected,
    display_width,
    emit_json,
    language,
    pad,
    print_issues,
    reject,
    validated,
    visible,
)
from wizard.core import config_file
from wizard.core.addresses import InputError
from wizard.core.catalog import Provider, load_catalog
from wizard.core.detect import detect
from wizard.core.i18n import tr
from wizard.core.settings import MailSettings, Mode
from wizard.core.validation import Issue


def provider_summary(provider: Provider) -> dict[str, Any]:
    return {
        "id": provider.id,
        "name": {"zh_CN": provider.name.zh_CN, "en": provider.name.en},
        "category": provider.category,
        "domains": list(provider.domains),
        "host": provider.host,
        "endpoints": [{"port": e.port, "security": e.security.value} for e in provider.endpoints],
        "login_rule": provider.login.rule,
        "login_value": provider.login.value,
        "must_equal_sender": provider.login.must_equal_sender,
        "secret_kind": provider.secret.kind,
        "secret_name": {"zh_CN": provider.secret.name.zh_CN, "en": provider.secret.name.en},
        "needs_setup": provider.needs_setup,
        "help_url": provider.help_url,
        "oauth_only": provider.oauth_only,
        "last_verified": provider.last_verified,
    }


def cmd_providers(args: argparse.Namespace) -> int:
    lang = language(args)
    catalog = load_catalog()
    if args.json:
        emit_json({"providers": [provider_summary(p) for p in catalog]})
        return EXIT_OK
    rows = {
        p.id: (p.id, p.name.get(lang), p.host or "-", ", ".join(str(e) for e in p.endpoints)) for p in catalog
    }
    # Columns as wide as their widest cell, measured in terminal cells (汉字 take two).
    widths = [max(display_width(row[i]) for row in rows.values()) + 2 for i in range(4)]
    for category in ("personal", "enterprise", "service", "custom"):
        members = [p for p in catalog if p.category == category]
        if not members:
            continue
        print(f"{tr(f'category.{category}', lang)}:")
        for p in members:
            line = "".join(pad(text, width) for text, width in zip(rows[p.id], widths, strict=True))
            print(f"  {line}{p.secret.name.get(lang)}")
    return EXIT_OK


def cmd_detect(args: argparse.Namespace) -> int:
    lang = language(args)
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
                "error_message": tr(f"detect.{result.error}", lang, domain=result.domain)
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
    else:
        print(visible(tr("detect.none", lang, domain=result.domain)))
    if result.error:
        print(visible(tr(f"detect.{result.error}", lang, domain=result.domain)), file=sys.stderr)
    return EXIT_OK


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
    fmt = config_file.Format(args.format) if args.format else config_file.Format.for_path(out)
    try:
        validation, draft = validated(args, require_password=args.include_password)
    except InputRejected as rejected:
        return reject(args, rejected.issues)
    settings = validation.settings
    assert settings is not None
    if args.include_password and settings.mode is Mode.PLATFORM:
        args.include_password = False
    verified = draft.verified
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
