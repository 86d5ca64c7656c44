"""``run_test``: one live test, stage by stage, ending in exactly one Diagnosis.

Runs in the calling thread (the wizard calls it from a worker). Before any connection it
re-checks the input (control characters = header injection), builds the test mail and the TLS
context, and consults the send-limit ledger; a problem there is reported without touching the
network. Everything returned passes through the Redactor.
"""

from __future__ import annotations

import datetime as dt
import math
import ssl
import time
from collections.abc import Callable

from wizard.core.addresses import InputError, has_control_chars, normalize_address, normalize_ehlo, text_issue
from wizard.core.catalog import Provider, Text, load_catalog
from wizard.core.engine import limits
from wizard.core.engine.api import (
    CancelToken,
    Diagnosis,
    EventCallback,
    Stage,
    StageEvent,
    StageStatus,
    TestRequest,
    TestResult,
    TranscriptCallback,
)
from wizard.core.engine.bounds import cap
from wizard.core.engine.conversation import Conversation, ConversationOptions, peek_certificate
from wizard.core.engine.details import stage_failure
from wizard.core.engine.diagnosis import diagnose, explain_mismatch, failure_from
from wizard.core.engine.message import build_test_message, message_bytes
from wizard.core.engine.tls import CERT_DECISION_CODES, ca_file_problem, client_context, normalize_fingerprint
from wizard.core.engine.transcript import Redactor, Transcript
from wizard.core.i18n import field_label, tr, tr_on
from wizard.core.settings import Endpoint, Mode, Verification

MAX_TIMEOUT = 600.0
_SEND_STAGES = (Stage.SENDER, Stage.RECIPIENT, Stage.MESSAGE)


class _StageFailed(Exception):
    def __init__(self, stage: Stage, error: BaseException) -> None:
        super().__init__(stage.value)
        self.stage = stage
        self.error = error


def _invalid(field: str, reason: str) -> Diagnosis:
    return Diagnosis("invalid_input", field, params={"detail": reason})


def _ca_file_text(code: str, path: str, surface: str | None = None) -> Text:
    """The CA file issue's message in both languages; the diagnosis shows it in the user's.
    ``surface="cli"``: the command line's advice (--trust-fingerprint, not the wizard's button)."""

    def text(lang: str) -> str:
        key = f"issue.{code}"
        params = {"field": field_label("ca_file", lang), "path": path, "max": "1024 KiB"}
        return tr_on(surface, key, lang, **params) if surface else tr(key, lang, **params)

    return Text(text("zh_CN"), text("en"))


def valid_timeout(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and 0 < value <= MAX_TIMEOUT


class _TestRun:
    def __init__(self, request: TestRequest, on_event, cancel: CancelToken, on_transcript) -> None:
        self.request = request
        self.smtp = request.settings.smtp
        self.on_event: EventCallback = on_event or (lambda event: None)
        self.cancel = cancel
        self.redact = Redactor(self.smtp.password, self.smtp.username)
        self.transcript = Transcript(self.redact, on_transcript)
        self.stages: list[StageEvent] = []
        self.provider: Provider | None = load_catalog().find(self.smtp.provider)

    # -- before the network -------------------------------------------------------------------
    def preflight(self) -> Diagnosis | tuple[ssl.SSLContext, bytes | None, str | None]:
        request, smtp = self.request, self.smtp
        if request.settings.mode is not Mode.SMTP:
            return _invalid("mode", "mode is not smtp")
        fields = {
            "display_name": request.settings.display_name,
            "host": smtp.host,
            "username": smtp.username,
            "sender": smtp.sender,
            "recipient": request.recipient,
        }
        for name, value in fields.items():
            problem = text_issue(name, value)
            if problem is not None:
                return _invalid(name, problem)
        if request.ehlo is not None:
            try:
                normalize_ehlo(request.ehlo)
            except InputError:
                return _invalid("ehlo", "not a fully qualified name or an address literal")
        if has_control_chars(smtp.password):
            return _invalid("password", "control characters")
        try:
            normalize_address(request.recipient)
        except InputError as error:
            return _invalid("recipient", error.code)
        if not valid_timeout(request.timeout) or not valid_timeout(request.connect_timeout):
            return _invalid("timeout", "timeouts must be > 0 s and <= 600 s")
        if request.pinned_sha256 and not normalize_fingerprint(request.pinned_sha256):
            return _invalid("fingerprint", "not a SHA-256 fingerprint")
        problem = ca_file_problem(request.ca_file) if request.ca_file else None
        if problem is not None:
            params = {
                "variant": "ca_file",
                "detail": _ca_file_text(problem, request.ca_file),
                "detail_cli": _ca_file_text(problem, request.ca_file, "cli"),
            }
            return Diagnosis("invalid_input", "ca_file", params=params)
        try:
            context = client_context(request.ca_file, request.pinned_sha256)
        except (OSError, ssl.SSLError) as error:
            return _invalid("ca_file", str(error))
        body, message_id = None, None
        if not request.login_only:
            try:
                message = build_test_message(request.settings, request.recipient, lang=request.lang)
                body, message_id = message_bytes(message), str(message["Message-ID"])
            except (ValueError, TypeError, IndexError) as error:
                return _invalid("display_name", str(error))
            refusal = limits.check(self.provider, smtp.username, smtp.sender, request.recipient)
            if refusal is not None:
                params = {"recipient": request.recipient, "provider": self.provider.name, **refusal.params()}
                return Diagnosis("rate_limited", "recipient", params=params)
        return context, body, message_id

    # -- stages --------------------------------------------------------------------------------
    def _event(self, stage: Stage, status: StageStatus, ms: int = 0, detail: str = "") -> None:
        event = StageEvent(stage, status, ms, cap(self.redact(detail), 300))
        if status is not StageStatus.RUNNING:
            self.stages.append(event)
        self.on_event(event)

    def _stage(self, stage: Stage, step: Callable[[], str]) -> None:
        if self.cancel.cancelled:
            raise _StageFailed(stage, InterruptedError("cancelled"))
        self._event(stage, StageStatus.RUNNING)
        start = time.monotonic()
        try:
            detail = step()
        except Exception as error:
            ms = int((time.monotonic() - start) * 1000)
            detail = stage_failure(error, cancelled=self.cancel.cancelled, lang=self.request.lang)
            self._event(stage, StageStatus.FAILED, ms, detail)
            raise _StageFailed(stage, error) from error
        self._event(stage, StageStatus.OK, int((time.monotonic() - start) * 1000), detail)

    def run(self) -> TestResult:
        checked = self.preflight()
        if isinstance(checked, Diagnosis):
            return TestResult(checked, (), ())
        context, body, message_id = checked
        request, smtp = self.request, self.smtp
        options = ConversationOptions(
            context,
            self.cancel,
            self.transcript,
            pinned_sha256=request.pinned_sha256,
            connect_timeout=request.connect_timeout,
            op_timeout=request.timeout,
            total_timeout=request.timeout,
            ehlo=request.ehlo,
        )
        conversation = Conversation(smtp.host, Endpoint(smtp.port, smtp.security), options)
        steps: list[tuple[Stage, Callable[[], str] | None]] = list(conversation.opening())  # type: ignore[arg-type]
        login = lambda: conversation.login(  # noqa: E731
            smtp.username, smtp.password, allow_plaintext=request.allow_plaintext_auth
        )
        steps.append((Stage.LOGIN, login if smtp.password else None))  # None: skipped, no password
        if body is not None:
            steps += [
                (Stage.SENDER, lambda: conversation.mail_from(smtp.sender)),
                (Stage.RECIPIENT, lambda: conversation.rcpt_to(request.recipient)),
                (Stage.MESSAGE, lambda: conversation.send_data(body)),
            ]
        diagnosis = Diagnosis("ok", None, params=self._ok_params(body is None))
        try:
            for stage, step in steps:
                if step is None:
                    self._event(stage, StageStatus.SKIPPED, detail=tr("detail.no_login", request.lang))
                else:
                    self._stage(stage, step)
        except _StageFailed as failed:
            cancelled = self.cancel.cancelled
            failure = failure_from(
                failed.error,
                failed.stage,
                cancelled=cancelled,
                body_sent=conversation.body_sent,
                authenticated=conversation.client.authenticated,
            )
            diagnosis = diagnose(
                failure,
                smtp,
                provider=self.provider,
                recipient=request.recipient,
                redact=self.redact,
                extra={"ehlo": conversation.client.local_hostname},
            )
            done = {e.stage for e in self.stages}
            for stage, _ in steps:
                if stage not in done:
                    done.add(stage)
                    self._event(stage, StageStatus.SKIPPED)
        finally:
            conversation.close(polite=diagnosis.ok)
        tls = conversation.tls
        if tls is None and diagnosis.code in CERT_DECISION_CODES and diagnosis.params.get("variant") != "pin":
            # Show the user what the server presented so they can trust that one certificate.
            tls = peek_certificate(conversation)
            if tls is not None and diagnosis.code == "tls_hostname_mismatch":
                diagnosis = explain_mismatch(diagnosis, tls.names, smtp, self.provider)
        if conversation.body_sent:
            limits.record(self.provider, smtp.username, smtp.sender, request.recipient)
        verified = None
        if diagnosis.ok and body is not None and message_id:
            stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            verified = Verification(stamp, request.recipient, message_id)
        return TestResult(
            diagnosis=diagnosis,
            stages=tuple(self.stages),
            transcript=self.transcript.lines,
            message_id=message_id if conversation.body_sent else None,
            tls=tls,
            verified=verified,
            peer_address=conversation.peer_address,
        )

    def _ok_params(self, login_only: bool) -> dict:
        smtp = self.smtp
        params = {
            "recipient": self.request.recipient,
            "host": smtp.host_display,
            "port": smtp.port,
            "username": smtp.username,
            "sender": smtp.sender_display,
            "security": smtp.security.value,
        }
        if login_only:
            params["variant"] = "login_only" if smtp.password else "connected"
        return params


def run_test(
    request: TestRequest,
    on_event: EventCallback | None = None,
    cancel: CancelToken | None = None,
    on_transcript: TranscriptCallback | None = None,
) -> TestResult:
    """Connect, encrypt, log in and (unless ``login_only``) send the test mail to ``request.recipient``.

    Never raises for network or server problems: the outcome is ``result.diagnosis``. ``cancel``
    may be set from any thread; the call then returns within about 0.5 s with code ``cancelled``.
    """
    return _TestRun(request, on_event, cancel or CancelToken(), on_transcript).run()
