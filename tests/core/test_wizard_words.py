"""Texts the wizard shows name the wizard's own controls, never command-line options; the
command line keeps its own variants (``<key>.cli``). Evidence codes become words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wizard.core.engine.api import Diagnosis
from wizard.core.evidence_words import evidence_text
from wizard.core.i18n import tr, tr_on

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "resources" / "messages"
# What only a command line can act on: an option, the override variable, a subcommand.
COMMAND_LINE = re.compile(r"(?<![\w-])--[a-z]|SMTP_WIZARD_|smtp-wizard(?:-cli)? [a-z-]")
# Files and keys only the command line shows (its own messages; the scheduled check).
COMMAND_LINE_FILES = ("cli.json", "check.json")
# Issues raised only by wizard/cli (checked below: no other module names them).
COMMAND_LINE_ISSUES = ("password_needed_for_test", "no_auth_with_password")


def wizard_texts():
    for path in sorted(MESSAGES.glob("*.json")):
        if path.name in COMMAND_LINE_FILES:
            continue
        for lang, texts in json.loads(path.read_text(encoding="utf-8")).items():
            for key, text in texts.items():
                if key.endswith(".cli") or key.startswith("cli."):
                    continue
                if key.removeprefix("issue.") in COMMAND_LINE_ISSUES:
                    continue
                yield f"{path.name}:{lang}:{key}", text


def test_no_wizard_text_advises_a_command_line_option():
    found = [f"{name}: {text}" for name, text in wizard_texts() if COMMAND_LINE.search(text)]
    assert found == []


@pytest.mark.parametrize("code", COMMAND_LINE_ISSUES)
def test_command_line_only_issues_are_raised_only_by_the_command_line(code):
    users = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "wizard").rglob("*.py")
        if f'"{code}"' in p.read_text()
    }
    assert users and all(user.startswith("wizard/cli/") for user in users), users


@pytest.mark.parametrize(
    "key, params",
    [
        ("hint.dns_failure.no_network", {"host": "smtp.acme.cn"}),
        ("hint.dns_failure.offline", {"host": "smtp.acme.cn"}),
        ("detect.dns_timeout", {"domain": "acme.cn"}),
    ],
)
def test_dns_advice_names_the_wizards_field_and_the_command_lines_option(key, params):
    assert "「DNS 服务器」" in tr(key, "zh_CN", **params)
    assert '"DNS server"' in tr(key, "en", **params)
    assert "--nameserver" in tr_on("cli", key, "zh_CN", **params)
    assert "--nameserver" in tr_on("cli", key, "en", **params)


def test_refused_port_hint_points_at_the_button_on_this_page():
    diag = Diagnosis("connection_refused", "port", params={"host": "smtp.acme.cn", "port": 2525})
    assert "本页的「探测端口」" in diag.hint("zh_CN") and "测试页" not in diag.hint("zh_CN")
    assert "smtp-wizard probe" in diag.hint("zh_CN", "cli")


def test_a_custom_servers_hint_does_not_talk_about_qq_or_163():
    custom = Diagnosis("auth_failed", "password", params={"host": "mail.acme.cn"})
    preset = Diagnosis("auth_failed", "password", params={"host": "smtp.qq.com", "provider": "QQ 邮箱"})
    for lang in ("zh_CN", "en"):
        assert not re.search(r"QQ|163", custom.hint(lang)), custom.hint(lang)
    assert "QQ" in preset.hint("zh_CN")


@pytest.mark.parametrize(
    "line, words",
    [
        ("not a listed mail domain", "不在服务商列表中"),
        ("MX acme.cn: no_network", "MX acme.cn: DNS 无应答"),
        ("TXT acme.cn: unreachable", "TXT acme.cn: DNS 无应答,无法检查"),
        ("TXT _dmarc.acme.cn: no_domain", "TXT _dmarc.acme.cn: 域名不存在"),
        (
            "https://autoconfig.acme.cn/mail/config-v1.1.xml: DNS no_network",
            "https://autoconfig.acme.cn/mail/config-v1.1.xml: DNS 无应答",
        ),
        (
            "smtp.acme.cn (10.0.0.5): 465:ssl ok, 587:starttls greeting_timeout",
            "smtp.acme.cn (10.0.0.5): 465 SSL/TLS 可用, 587 STARTTLS 没有欢迎信息",
        ),
        (
            "include:_spf.acme.cn (via spf.acme.cn) (lookup limit reached)",
            "include:_spf.acme.cn (经由 spf.acme.cn) (已达到查询次数上限)",
        ),
    ],
)
def test_evidence_codes_become_words(line, words):
    assert evidence_text(line, "zh_CN") == words


def test_an_unchecked_domain_is_checked_again_with_the_wizards_button():
    assert "「检查发件域名」" in tr("domain.not_checked.fix", "zh_CN")
    assert "--nameserver" in tr_on("cli", "domain.not_checked.fix", "zh_CN")
