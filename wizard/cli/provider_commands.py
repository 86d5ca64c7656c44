"""``providers``: the preset catalog, as a table or as JSON (also each preset's JSON form for
``detect``). Needs the catalog and nothing else, so it starts fast on a server."""

from __future__ import annotations

import argparse
from typing import Any

from wizard.cli.exit_codes import EXIT_OK
from wizard.cli.output import display_width, emit_json, language, pad
from wizard.core.catalog import Provider, load_catalog
from wizard.core.i18n import tr


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
