"""What a support report says, as titled sections of plain strings (every one redacted and
free of control characters), so the Markdown and HTML renderers only escape and lay out.

The settings may carry the password: it is used to build the redactor (plain, base64, AUTH
PLAIN and LOGIN forms) and is never written. Every value, including what a server sent, goes
through that redactor before it enters a section.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard.core.engine.alternatives import alternatives_of
from wizard.core.engine.api import ProbeReport, StageStatus, TestResult
from wizard.core.engine.messages import basis_label, outcome_label, stage_status_label
from wizard.core.engine.transcript import Redactor
from wizard.core.i18n import field_label, normalize_language, tr
from wizard.core.report.facts import Environment
from wizard.core.settings import MailSettings, Mode
from wizard.core.times import local_display

if TYPE_CHECKING:  # loaded by the commands that ran them, not for every report
    from wizard.core.catalog import Provider
    from wizard.core.delivery import Delivery
    from wizard.core.domain_check.report import DomainReport


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[tuple[str, str], ...] = ()  # label, value
    table: tuple[tuple[str, ...], ...] = ()  # the first row is the header
    block: str | None = None  # preformatted text (the transcript)


_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    """Control, bidi and zero-width characters as ``\\uXXXX``: a hostile reply cannot reorder
    or hide text in the report. Other format characters (category Cf) likewise."""
    text = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cf" else c for c in text)


def server_address(result: TestResult | None) -> str | None:
    """The IP the test connected to (else the first one resolved), from the stage details."""
    if result is None:
        return None
    for stage in ("connect", "resolve"):
        for event in result.stages:
            if event.stage.value == stage and event.status is StageStatus.OK and event.detail:
                first = event.detail.split(",")[0].strip()
                return first.rsplit(":", 1)[0] if stage == "connect" else first
    return None


class _Builder:
    def __init__(self, settings: MailSettings, lang: str) -> None:
        self.lang = lang
        self.redact: Callable[[str], str] = Redactor(settings.smtp.password, settings.smtp.username)

    def text(self, value: object) -> str:
        return visible(self.redact("" if value is None else str(value)))

    def label(self, key: str, **params: object) -> str:
        return tr(f"report.{key}", self.lang, **params)

    def rows(self, pairs) -> tuple[tuple[str, str], ...]:
        return tuple((label, self.text(value)) for label, value in pairs if value not in (None, ""))


def build_sections(
    result: TestResult | None,
    settings: MailSettings,
    environment: Environment,
    *,
    probe: ProbeReport | None = None,
    domain: DomainReport | None = None,
    delivery: Delivery | None = None,
    provider: Provider | None = None,
    lang: str | None = None,
    now: dt.datetime | None = None,
) -> list[Section]:
    """``domain`` and ``delivery``: the sender-domain check and the delivery confirmation that
    followed the test, when they ran; the report says what they found."""
    lang = normalize_language(lang)
    b = _Builder(settings, lang)
    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    sections = [_summary(b, result, stamp), _environment(b, environment), _settings(b, settings, provider)]
    if result is not None:
        sections += [_diagnosis(b, result), _stages(b, result)]
        if result.tls:
            sections.append(_certificate(b, result))
    if probe is not None:
        sections.append(_probe(b, probe))
    if domain is not None:
        sections.append(_domain(b, domain))
    if delivery is not None:
        sections.append(_delivery(b, delivery))
    if result is not None:
        sections.append(Section(b.label("transcript"), block=b.text("\n".join(result.transcript))))
    return sections


def _summary(b: _Builder, result: TestResult | None, stamp: str) -> Section:
    if result is None:
        outcome = b.label("not_tested")
    else:
        outcome = result.diagnosis.message(b.lang)  # its code is in the diagnosis section
    pairs = [
        (b.label("generated"), stamp),
        (b.label("outcome"), outcome),
        (b.label("where"), b.label("here")),
    ]
    return Section(b.label("title"), rows=b.rows(pairs))


def _environment(b: _Builder, env: Environment) -> Section:
    none = b.label("none")
    pairs = [
        (b.label("app_version"), f"smtp-wizard {env.app_version}"),
        (b.label("os"), env.os),
        (b.label("python"), env.python),
        (b.label("dns_servers"), ", ".join(env.dns_servers) or none),
        (b.label("local_address"), env.local_address or b.label("unknown")),
        (b.label("proxy"), ", ".join(env.proxy_variables) or none),
    ]
    return Section(b.label("environment"), rows=b.rows(pairs))


def _settings(b: _Builder, settings: MailSettings, provider: Provider | None) -> Section:
    smtp = settings.smtp
    pairs = [(field_label("mode", b.lang), tr(f"mode.{settings.mode.value}", b.lang))]
    pairs.append((field_label("display_name", b.lang), settings.display_name))
    if settings.mode is Mode.SMTP:
        host = smtp.host_display if smtp.host_display == smtp.host else f"{smtp.host_display} ({smtp.host})"
        pairs += [
            (field_label("provider", b.lang), _provider_name(smtp.provider, provider, b.lang)),
            (field_label("host", b.lang), host),
            (field_label("port", b.lang), smtp.port),
            (field_label("security", b.lang), tr(f"security.{smtp.security.value}", b.lang)),
            (field_label("username", b.lang), smtp.username),
            (field_label("sender", b.lang), smtp.sender_display),
            (field_label("password", b.lang), b.label("password_set" if smtp.password else "password_empty")),
        ]
    return Section(b.label("settings"), rows=b.rows(pairs))


def _diagnosis(b: _Builder, result: TestResult) -> Section:
    diag = result.diagnosis
    sent = diag.may_have_sent
    pairs = [
        (b.label("code"), diag.code),
        (b.label("field"), field_label(diag.field, b.lang) if diag.field else ""),
        (b.label("message"), diag.message(b.lang)),
        (b.label("hint"), diag.hint(b.lang)),
        (b.label("basis"), "" if diag.ok else f"{basis_label(diag.basis, b.lang)} ({diag.basis})"),
        (
            b.label("alternatives"),
            " ".join(
                f"{n}. {alt['cause']} ({alt['code']})"
                for n, alt in enumerate(alternatives_of(diag, b.lang), 1)
            ),
        ),
        (b.label("fix"), _fix_words(diag.fix, b.lang) if diag.fix else ""),
        (b.label("server_reply"), diag.server_reply),
        (b.label("detail"), diag.params.get("detail")),
        (
            b.label("may_have_sent"),
            "" if sent is None else tr(_YES_NO[sent], b.lang),
        ),
        (b.label("message_id"), result.message_id),
    ]
    return Section(b.label("diagnosis"), rows=b.rows(pairs))


def _stages(b: _Builder, result: TestResult) -> Section:
    header = (b.label("stage"), b.label("status"), "ms", b.label("detail"))
    rows = tuple(
        (
            tr(f"stage.{e.stage.value}", b.lang),
            stage_status_label(e.status.value, b.lang),
            str(e.ms),
            b.text(e.detail),
        )
        for e in result.stages
    )
    return Section(b.label("stages"), table=(header, *rows))


def _certificate(b: _Builder, result: TestResult) -> Section:
    tls = result.tls
    pairs = [
        (b.label("tls_version"), f"{tls.version} {tls.cipher}".strip()),
        (b.label("subject"), tls.subject),
        (b.label("issuer"), tls.issuer),
        (b.label("expiry"), local_display(tls.not_after)),
        ("SHA-256", tls.sha256),
    ]
    return Section(b.label("certificate"), rows=b.rows(pairs))


def _probe(b: _Builder, report: ProbeReport) -> Section:
    header = (b.label("endpoint"), b.label("status"), "ms", "TLS", b.label("auth"), b.label("banner"))
    rows = tuple(
        (
            _endpoint(r.candidate, b.lang),
            outcome_label(r.code, b.lang),
            str(r.ms),
            b.text(r.tls.version if r.tls else ""),
            b.text(" ".join(r.auth_mechanisms)),
            b.text(r.banner),
        )
        for r in report.results
    )
    recommended = _endpoint(report.recommended, b.lang) if report.recommended else b.label("none")
    title = b.label("probe", host=b.text(report.host), recommended=recommended)
    return Section(title, table=(header, *rows))


_YES_NO = {True: "yes", False: "no"}


def _endpoint(endpoint, lang: str) -> str:
    return f"{endpoint.port} {tr(f'security.{endpoint.security.value}', lang)}"


def _fix_words(fix: dict, lang: str) -> str:
    """``{"port": 465, "security": "ssl"}`` as the fields and values the user sees."""
    parts = []
    for field, value in fix.items():
        shown = tr(f"security.{value}", lang) if field == "security" else value
        parts.append(f"{field_label(field, lang)}: {shown}")
    return ", ".join(parts)


def _domain(b: _Builder, report: DomainReport) -> Section:
    from wizard.core.evidence_words import evidence_text

    pairs = []
    for finding in report.findings:
        status = tr(f"domain.status.{finding.status}", b.lang)
        lines = [finding.message(b.lang)]
        fix = finding.fix(b.lang)
        if fix and finding.status != "pass":
            lines.append("→ " + fix)
        lines += [evidence_text(line, b.lang) for line in finding.evidence]
        pairs.append((f"[{status}] {tr(f'domain.check.{finding.check}', b.lang)}", "\n".join(lines)))
    title = tr("domain.title", b.lang, domain=b.text(report.domain), relay=b.text(report.relay or "?"))
    return Section(title, rows=b.rows(pairs))


def _delivery(b: _Builder, delivery: Delivery) -> Section:
    pairs = [(b.label("outcome"), delivery.message(b.lang)), (b.label("detail"), delivery.detail)]
    return Section(tr("delivery.title", b.lang), rows=b.rows(pairs))


def _provider_name(provider_id: str, provider: Provider | None, lang: str) -> str:
    """The provider's name (QQ 邮箱) as the provider list shows it; an unknown id as it is."""
    if provider is None or provider.id != provider_id:
        from wizard.core.catalog import load_catalog

        provider = load_catalog().find(provider_id)
    return provider.name.get(lang) if provider is not None else provider_id
