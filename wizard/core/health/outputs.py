"""The check's report for each reader: people (localized text), scripts (JSON), Nagios/Icinga
(one status line with performance data) and Prometheus (node_exporter's textfile format)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from wizard.core.catalog import load_catalog
from wizard.core.health.model import CheckResult, Item, Status, Thresholds, iso
from wizard.core.health.state import Comparison
from wizard.core.i18n import tr

_REPLY_CODE = re.compile(r"^\s*([245]\d\d)\b")
# Password-like secrets: a login refused after it once worked means the secret was changed.
_AUTH_CODES = frozenset({"auth_failed", "auth_code_required"})


def when(moment: dt.datetime | None, now: dt.datetime, lang: str, *, full: bool = False) -> str:
    """Local time to the minute; the year only when asked or not this year (12-02 03:00)."""
    if moment is None:
        return tr("check.never", lang)
    local, current = moment.astimezone(), now.astimezone()
    return local.strftime("%Y-%m-%d %H:%M" if full or local.year != current.year else "%m-%d %H:%M")


def status_label(status: Status, lang: str) -> str:
    return tr(f"check.status.{status.name.lower()}", lang)


def _secret_name(result: CheckResult, lang: str) -> tuple[str, bool]:
    """(what the provider calls the secret, whether it is a generated code)."""
    provider = load_catalog().find(result.target.provider)
    if provider is None or provider.is_custom:
        return tr("check.secret.password", lang), False
    return str(provider.secret.name.get(lang)), provider.secret.kind != "account_password"


def problem_text(item: Item, result: CheckResult, comparison: Comparison, lang: str) -> str:
    """'登录失败(535):授权码已失效,……' — what broke, in one sentence with its fix."""
    match = _REPLY_CODE.match(item.reply or "")
    code = tr("check.reply_code", lang, code=match.group(1)) if match else ""
    label = tr(f"check.problem.{item.key.split(':')[0]}", lang, code=code)
    if item.key == "login" and item.code in _AUTH_CODES and comparison.login_worked_before:
        secret, generated = _secret_name(result, lang)
        key = "check.revoked.code" if generated else "check.revoked.password"
        return f"{label}{tr('check.colon', lang)}{tr(key, lang, secret=secret)}"
    text = item.message + (tr("check.semicolon", lang) + item.fix if item.fix else "")
    return f"{label}{tr('check.colon', lang)}{text}"


def summary(result: CheckResult, comparison: Comparison, lang: str) -> str:
    now = result.checked_at
    if result.cancelled:
        return tr("check.summary.cancelled", lang)
    worst = result.worst_item()
    if worst is None:
        if comparison.previous_problem:
            since = when(comparison.previous_since, now, lang)
            return tr("check.summary.recovered", lang, since=since, now=when(now, now, lang))
        return tr("check.summary.ok", lang, since=when(comparison.since, now, lang))
    last = tr("check.last_success", lang, time=when(comparison.last_success, now, lang, full=True))
    since = tr("check.since", lang, time=when(comparison.since, now, lang))
    return f"{last}{tr('check.semicolon', lang)}{since}{problem_text(worst, result, comparison, lang)}"


# -- text ---------------------------------------------------------------------------------------
_MARKS = {Status.OK: "✓", Status.WARNING: "!", Status.CRITICAL: "✗", Status.UNKNOWN: "?"}


def text_report(result: CheckResult, comparison: Comparison, lang: str) -> list[str]:
    """The lines for a person (the CLI escapes them for the terminal)."""
    target = result.target
    lines = [
        tr(
            "check.title",
            lang,
            sender=target.sender,
            host=target.host,
            port=target.port,
            security=target.security,
            status=status_label(result.status, lang),
        ),
        summary(result, comparison, lang),
    ]
    for item in result.items:
        mark = "i" if item.code == "notice" else _MARKS[item.status]  # notice_dated: "!" while it warns
        label = tr(f"check.item.{item.key.split(':')[0]}", lang)
        ms = f" ({item.ms} ms)" if item.ms is not None and item.status is Status.OK else ""
        lines.append(f"  {mark} {label}: {item.message}{ms}")
        if item.reply and item.status is not Status.OK:
            lines.append(f"      {tr('check.reply', lang)}: {item.reply}")
        if item.fix and item.status is not Status.OK:
            lines.append(f"      {tr('check.fix', lang)}: {item.fix}")
    for change in comparison.changes:
        label = tr(f"check.item.{change.key.split(':')[0]}", lang)
        old = change.old_status or tr("check.new", lang)
        lines.append(
            tr("check.changed", lang, item=label, old=old, new=change.new_status, code=change.new_code)
        )
    if comparison.flapping:
        flap = comparison.flapping
        problems = ", ".join(f"{name} ×{count}" for name, count in flap["problems"].items())
        lines.append(
            tr(
                "check.flapping",
                lang,
                runs=flap["runs"],
                failures=flap["failures"],
                changes=flap["changes"],
                problems=problems,
            )
        )
    if comparison.state_note:
        lines.append(tr(f"check.{comparison.state_note}", lang))
    return lines


# -- JSON ---------------------------------------------------------------------------------------
def json_document(
    result: CheckResult, comparison: Comparison, lang: str, state_file: str | None
) -> dict[str, Any]:
    return {
        "ok": result.status is Status.OK,
        "status": result.status.name,
        "checked_at": iso(result.checked_at),
        "target": result.target.to_dict(),
        "summary": summary(result, comparison, lang),
        **comparison.to_dict(),
        "checks": [item.to_dict() for item in result.items],
        "metrics": result.metrics.to_dict(),
        "state_file": state_file,
        **{k: v for k, v in result.extra.items() if k != "test"},
    }


# -- Nagios / Icinga ----------------------------------------------------------------------------
def nagios_line(result: CheckResult, comparison: Comparison, limits: Thresholds, lang: str) -> str:
    """'SMTP CRITICAL - … | connect_ms=12ms;3000;10000;0 login_ms=… cert_days=5;30:;7:;'
    (https://nagios-plugins.org/doc/guidelines.html#AEN200): '|' never appears in the text."""
    text = summary(result, comparison, lang).replace("|", "/").replace("\n", " ")
    metrics, perf = result.metrics, []
    for label, value in (("connect_ms", metrics.connect_ms), ("login_ms", metrics.login_ms)):
        if value is not None:
            perf.append(f"{label}={value}ms;{limits.latency_warn_ms};{limits.latency_crit_ms};0")
    if metrics.cert_days is not None:
        days = f"{metrics.cert_days:.1f}"
        perf.append(f"cert_days={days};{limits.cert_warn_days:g}:;{limits.cert_crit_days:g}:;")
    return f"SMTP {result.status.name} - {text}" + (f" | {' '.join(perf)}" if perf else "")


# -- Prometheus textfile ------------------------------------------------------------------------
def _label(value: object) -> str:
    """Label values escaped as the exposition format asks: backslash, quote, newline."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def prometheus_text(result: CheckResult, comparison: Comparison) -> str:
    """https://prometheus.io/docs/instrumenting/exposition_formats/ (text format 0.0.4), for
    node_exporter's textfile collector."""
    t = result.target
    labels = f'host="{_label(t.host)}",port="{t.port}",account="{_label(t.username)}"'
    metrics = result.metrics
    rows: list[tuple[str, str, list[tuple[str, float]]]] = [
        (
            "smtp_wizard_check_success",
            "1 if mail could be sent at the last check (no critical problem).",
            [("", 1.0 if result.mail_works else 0.0)],
        ),
        (
            "smtp_wizard_check_status",
            "Nagios-style status of the last check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
            [("", float(result.status))],
        ),
        (
            "smtp_wizard_check_last_run_timestamp_seconds",
            "When the last check ran.",
            [("", result.checked_at.timestamp())],
        ),
    ]
    if comparison.last_success is not None:
        rows.append(
            (
                "smtp_wizard_check_last_success_timestamp_seconds",
                "When mail last could be sent.",
                [("", comparison.last_success.timestamp())],
            )
        )
    if metrics.cert_not_after is not None:
        rows.append(
            (
                "smtp_wizard_check_cert_expiry_timestamp_seconds",
                "When the server's certificate expires.",
                [("", metrics.cert_not_after.timestamp())],
            )
        )
    stages = [
        (s, ms)
        for s, ms in (
            ("connect", metrics.connect_ms),
            ("tls", metrics.tls_ms),
            ("login", metrics.login_ms),
            ("send", metrics.send_ms),
            ("total", metrics.total_ms),
        )
        if ms is not None
    ]
    rows.append(
        (
            "smtp_wizard_check_stage_duration_seconds",
            "Time each stage of the last check took.",
            [(f',stage="{stage}"', ms / 1000) for stage, ms in stages],
        )
    )
    lines = []
    for name, help_text, samples in rows:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
        lines += [
            f"{name}{{{labels}{extra}}} {value:g}"
            if abs(value) < 1e6
            else f"{name}{{{labels}{extra}}} {value:.3f}"
            for extra, value in samples
        ]
    return "\n".join(lines) + "\n"
