"""One check run: the live test (login only unless a recipient is given) through the same engine
as ``test``, the sender-domain findings on a parallel thread, and the catalog's notices for the
provider. Every stage keeps the budgets of ``test``; a cancel token ends the run at once."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from wizard.core.catalog import Provider, load_catalog
from wizard.core.engine.api import CancelToken, Stage, StageStatus, TestRequest, TestResult
from wizard.core.engine.fallback import run_test_with_fallback
from wizard.core.health.model import CheckResult, Item, Metrics, Status, Target, Thresholds
from wizard.core.i18n import tr
from wizard.core.settings import MailSettings

if TYPE_CHECKING:
    from wizard.core.delivery import ImapRequest
    from wizard.core.domain_check.report import DomainReport

# Which check a failed engine stage belongs to.
_ITEM_OF_STAGE = {
    Stage.RESOLVE: "connect",
    Stage.CONNECT: "connect",
    Stage.EHLO: "connect",
    Stage.TLS: "tls",
    Stage.LOGIN: "login",
    Stage.SENDER: "send",
    Stage.RECIPIENT: "send",
    Stage.MESSAGE: "send",
}
_TLS_CODES = frozenset({"tls_untrusted", "tls_hostname_mismatch", "tls_expired", "tls_failed"})
# Failures that pass by themselves: the mail still goes out later (a limit, greylisting).
_TEMPORARY_CODES = frozenset({"rate_limited", "temporary_failure"})


@dataclass(frozen=True)
class CheckRequest:
    settings: MailSettings  # validated, mode smtp, with the password
    send_to: str | None = None  # also send a real test mail to this address
    connect_timeout: float = 10.0
    timeout: float = 60.0
    ca_file: str | None = None
    pinned_sha256: str | None = None
    allow_plaintext_auth: bool = False
    ehlo: str | None = None
    lang: str = "zh_CN"
    thresholds: Thresholds = field(default_factory=Thresholds)
    domain_check: bool = True
    nameserver: str | None = None
    dkim_selector: str | None = None
    imap: ImapRequest | None = None  # --confirm-imap: where to look for the sent mail


def target_of(settings: MailSettings) -> Target:
    smtp = settings.smtp
    return Target(smtp.host, smtp.port, smtp.security.value, smtp.username, smtp.sender, smtp.provider)


def run_check(
    request: CheckRequest,
    cancel: CancelToken | None = None,
    *,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> CheckResult:
    cancel = cancel or CancelToken()
    started, checked_at = time.monotonic(), now()
    smtp, lang = request.settings.smtp, request.lang
    provider = load_catalog().find(smtp.provider)
    domain = _DomainThread(request, provider) if request.domain_check else None
    test = TestRequest(
        settings=request.settings,
        recipient=request.send_to or smtp.sender,
        login_only=request.send_to is None,
        connect_timeout=min(request.connect_timeout, request.timeout),
        timeout=request.timeout,
        ca_file=request.ca_file,
        pinned_sha256=request.pinned_sha256,
        allow_plaintext_auth=request.allow_plaintext_auth,
        lang=lang,
        ehlo=request.ehlo,
    )
    result = run_test_with_fallback(test, cancel=cancel, provider=provider)
    items = _test_items(result, request, checked_at)
    metrics = _metrics(result, checked_at)
    extra: dict[str, Any] = {}
    if request.imap is not None and result.ok and result.message_id and not cancel.cancelled:
        from wizard.core.delivery import confirm_delivery

        delivery = confirm_delivery(replace(request.imap, message_id=result.message_id), cancel)
        found = delivery.code in ("inbox", "junk")
        status = Status.OK if delivery.code == "inbox" else Status.WARNING if found else Status.CRITICAL
        items.append(Item("delivery", status, delivery.code, delivery.message(lang), reply=delivery.detail))
        extra["delivery"] = delivery.to_dict(lang)
    if domain is not None:
        report = domain.wait(cancel, request.timeout - (time.monotonic() - started))
        items += _domain_items(report, lang)
        extra["domain_check"] = report.to_dict(lang) if report else None
    items += notice_items(provider, lang, checked_at.astimezone().date())
    cancelled = cancel.cancelled or result.diagnosis.code == "cancelled"
    metrics = replace(metrics, total_ms=int((time.monotonic() - started) * 1000))
    extra["test"] = result
    return CheckResult(target_of(request.settings), checked_at, tuple(items), metrics, cancelled, extra)


# -- the live test ----------------------------------------------------------------------------
def _stage_ms(result: TestResult, *stages: Stage) -> int | None:
    times = [e.ms for e in result.stages if e.stage in stages and e.status is not StageStatus.SKIPPED]
    return sum(times) if times else None


def _metrics(result: TestResult, checked_at: dt.datetime) -> Metrics:
    not_after = days = None
    if result.tls and result.tls.not_after:
        not_after = dt.datetime.fromisoformat(result.tls.not_after.replace("Z", "+00:00"))
        days = (not_after - checked_at).total_seconds() / 86400
    return Metrics(
        connect_ms=_stage_ms(result, Stage.RESOLVE, Stage.CONNECT),
        tls_ms=_stage_ms(result, Stage.TLS),
        login_ms=_stage_ms(result, Stage.LOGIN),
        send_ms=_stage_ms(result, Stage.SENDER, Stage.RECIPIENT, Stage.MESSAGE),
        cert_not_after=not_after,
        cert_days=days,
    )


def _latency(ms: int | None, limits: Thresholds) -> Status:
    if ms is None or ms < limits.latency_warn_ms:
        return Status.OK
    return Status.CRITICAL if ms >= limits.latency_crit_ms else Status.WARNING


def _test_items(result: TestResult, request: CheckRequest, checked_at: dt.datetime) -> list[Item]:
    lang, diag = request.lang, result.diagnosis
    failed = next((e for e in result.stages if e.status is StageStatus.FAILED), None)
    failed_key = _ITEM_OF_STAGE.get(failed.stage, "connect") if failed else None
    if not diag.ok and failed_key is None:
        failed_key = "tls" if diag.code in _TLS_CODES else "connect"
    passed = {_ITEM_OF_STAGE[e.stage] for e in result.stages if e.status is StageStatus.OK}
    items: list[Item] = []
    connect_ms = _stage_ms(result, Stage.RESOLVE, Stage.CONNECT)
    login_ms = _stage_ms(result, Stage.LOGIN)
    for key in ("connect", "tls", "login", "send"):
        if key == failed_key:
            status = Status.WARNING if diag.code in _TEMPORARY_CODES else Status.CRITICAL
            if diag.code == "cancelled":
                status = Status.UNKNOWN
            fix = diag.hint(lang, "cli")
            message = diag.message(lang, "cli")
            items.append(Item(key, status, diag.code, message, fix, diag.server_reply or ""))
        elif key in passed:
            items.append(_passed(key, result, request, checked_at, connect_ms, login_ms))
        elif key == "tls" and "connect" in passed and request.settings.smtp.security.value == "none":
            items.append(Item("tls", Status.OK, "no_tls", tr("check.tls.none", lang)))  # as configured
    return items


def _passed(key, result, request, checked_at, connect_ms, login_ms) -> Item:
    lang, limits = request.lang, request.thresholds
    if key == "connect":
        status = _latency(connect_ms, limits)
        code = "slow" if status is not Status.OK else "ok"
        return Item(key, status, code, tr(f"check.connect.{code}", lang, ms=connect_ms or 0), ms=connect_ms)
    if key == "login":
        status = _latency(login_ms, limits)
        code = "slow" if status is not Status.OK else "ok"
        return Item(key, status, code, tr(f"check.login.{code}", lang, ms=login_ms or 0), ms=login_ms)
    if key == "send":
        ms = _stage_ms(result, Stage.SENDER, Stage.RECIPIENT, Stage.MESSAGE)
        return Item(key, Status.OK, "ok", tr("check.send.ok", lang, id=result.message_id or ""), ms=ms)
    return _certificate(result, request, checked_at)


def _certificate(result: TestResult, request: CheckRequest, checked_at: dt.datetime) -> Item:
    lang, limits, tls = request.lang, request.thresholds, result.tls
    ms = _stage_ms(result, Stage.TLS)
    if tls is None or not tls.not_after:  # security "none" on purpose: nothing to expire
        return Item("tls", Status.OK, "no_tls", tr("check.tls.none", lang), ms=ms)
    not_after = dt.datetime.fromisoformat(tls.not_after.replace("Z", "+00:00"))
    days = (not_after - checked_at).total_seconds() / 86400
    params = {"days": int(days), "date": not_after.strftime("%Y-%m-%d"), "version": tls.version}
    params["names"] = ", ".join(tls.names[:4]) or tls.subject
    if days <= limits.cert_crit_days or days <= limits.cert_warn_days:
        status = Status.CRITICAL if days <= limits.cert_crit_days else Status.WARNING
        fix = tr("check.tls.expiring.fix", lang)
        return Item("tls", status, "cert_expiring", tr("check.tls.expiring", lang, **params), fix, ms=ms)
    return Item("tls", Status.OK, "ok", tr("check.tls.ok", lang, **params), ms=ms)


# -- sender domain, on its own thread -----------------------------------------------------------
class _DomainThread:
    """DNS answers come while the SMTP test runs; a cancel does not wait for them."""

    def __init__(self, request: CheckRequest, provider: Provider | None) -> None:
        self.report: DomainReport | None = None
        self.request, self.provider = request, provider
        self._thread = threading.Thread(target=self._run, name="check-domain", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from wizard.core.domain_check.report import check_domain

        smtp = self.request.settings.smtp
        self.report = check_domain(
            smtp.sender,
            relay=smtp.host,
            provider=self.provider,
            dkim_selector=self.request.dkim_selector,
            nameserver=self.request.nameserver,
            timeout=min(15.0, self.request.timeout),
        )

    def wait(self, cancel: CancelToken, seconds: float) -> DomainReport | None:
        end = time.monotonic() + max(0.0, seconds)
        while self._thread.is_alive() and not cancel.cancelled and time.monotonic() < end:
            self._thread.join(0.05)
        return self.report


def _domain_items(report: DomainReport | None, lang: str) -> list[Item]:
    if report is None:
        return [Item("domain", Status.OK, "not_checked", tr("check.domain.unfinished", lang))]  # no verdict
    items = []
    for finding in report.findings:
        if finding.status in ("problem", "warning"):
            status = Status.WARNING if finding.status == "problem" else Status.OK
            items.append(
                Item(
                    f"domain:{finding.check}",
                    status,
                    finding.code,
                    finding.message(lang),
                    finding.fix(lang, "cli"),
                )
            )
    if not items:
        items.append(Item("domain", Status.OK, "ok", tr("check.domain.ok", lang, domain=report.domain)))
    return items


NOTICE_WARN_DAYS = 30  # a dated notice becomes a warning this many days before it takes effect


def notice_items(provider: Provider | None, lang: str, today: dt.date) -> list[Item]:
    """The catalog's notices for this provider: its dated announcements (a warning in the month
    before one takes effect), then its standing warnings and sending limits (shown only)."""
    if provider is None:
        return []
    items = []
    for n, notice in enumerate(provider.notices):
        starts = dt.date.fromisoformat(notice.starts)
        days = (starts - today).days
        status = Status.WARNING if 0 <= days <= NOTICE_WARN_DAYS else Status.OK
        key = "check.notice.soon" if days >= 0 else "check.notice.since"
        text = tr(key, lang, date=notice.starts, days=days, text=notice.text.get(lang))
        items.append(Item(f"notice:dated{n}", status, "notice_dated" if status else "notice", text))
    texts = list(provider.warnings.get(lang) or []) + [limit.text.get(lang) for limit in provider.limits]
    items += [Item(f"notice:{n}", Status.OK, "notice", str(text)) for n, text in enumerate(texts) if text]
    return items
