"""The live-test engine's public types: what the CLI and the wizard exchange with it.

This module holds data only. The behaviour lives beside it (``session``, ``diagnosis``,
``probe``, ``limits``); ``wizard.core.engine`` re-exports the names callers need.
Everything here is safe to show: no field ever holds the password or an encoding of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wizard.core.settings import Endpoint, MailSettings, Verification


class Stage(StrEnum):
    RESOLVE = "resolve"
    CONNECT = "connect"
    TLS = "tls"
    EHLO = "ehlo"  # greeting + EHLO (again after STARTTLS)
    LOGIN = "login"
    SENDER = "sender"  # MAIL FROM
    RECIPIENT = "recipient"  # RCPT TO
    MESSAGE = "message"  # DATA


class StageStatus(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class StageEvent:
    stage: Stage
    status: StageStatus
    ms: int = 0  # elapsed time of this stage
    detail: str = ""  # short, redacted, e.g. "TLSv1.3", "235 2.7.0 Authentication successful"

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage.value,
            "ok": self.status is StageStatus.OK,
            "status": self.status.value,
            "ms": self.ms,
            "detail": self.detail,
        }


class CancelToken:
    """Set from any thread; the engine checks it and closes its socket within 0.5 s."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` when cancelled (at once if already cancelled)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()


@dataclass(frozen=True)
class TlsInfo:
    version: str  # "TLSv1.3"
    cipher: str
    subject: str
    issuer: str
    not_after: str  # ISO 8601
    sha256: str  # colon-separated upper-case hex of the DER certificate
    names: tuple[str, ...] = ()  # the DNS names and addresses it is valid for (subjectAltName)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "cipher": self.cipher,
            "subject": self.subject,
            "issuer": self.issuer,
            "expiry": self.not_after,
            "sha256": self.sha256,
            "names": list(self.names),
        }


@dataclass(frozen=True)
class Diagnosis:
    code: str  # ok | invalid_input | dns_failure | ... (README lists them all)
    field: str | None  # the settings field at fault (host, port, security, password ...), or None
    server_reply: str | None = None  # decoded reply text, redacted
    fix: dict[str, Any] | None = None  # e.g. {"port": 465, "security": "ssl"}: one-click change
    may_have_sent: bool | None = None  # for connection_lost after DATA started
    params: dict[str, Any] = field(default_factory=dict)  # for the message template
    # How the code was reached (rules.BASES): "observed" by the engine, an "enhanced_code" with
    # one meaning, the "reason_words" of the reply, or a guess from the "stage_only" or the
    # "code_class_only". A guess blames no field, offers no fix, and names its alternatives.
    basis: str = "observed"
    alternatives: tuple[str, ...] = ()  # for a guess: the two likely causes, "code" or "code.variant"

    @property
    def ok(self) -> bool:
        return self.code == "ok"

    @property
    def uncertain(self) -> bool:
        return self.basis in ("stage_only", "code_class_only")

    def message(self, lang: str | None = None, surface: str | None = None) -> str:
        """``surface="cli"``: the command line's wording where advice names a control."""
        from wizard.core.engine.messages import diagnosis_message

        return diagnosis_message(self, lang, surface)

    def hint(self, lang: str | None = None, surface: str | None = None) -> str:
        from wizard.core.engine.messages import diagnosis_hint

        return diagnosis_hint(self, lang, surface)


@dataclass(frozen=True)
class TestRequest:
    settings: MailSettings  # validated; mode must be smtp
    recipient: str  # validated address (ASCII form)
    login_only: bool = False  # stop after AUTH, send nothing
    connect_timeout: float = 10.0
    timeout: float = 60.0  # overall budget for the whole test
    ca_file: str | None = None  # extra CA for private relays
    pinned_sha256: str | None = None  # a certificate the user explicitly trusts
    allow_plaintext_auth: bool = False  # required to send credentials with security "none"
    lang: str | None = None  # language of the test mail's summary lines
    ehlo: str | None = None  # the name to give in EHLO; None: FQDN or address literal (wire.ehlo_name)


@dataclass(frozen=True)
class TestResult:
    diagnosis: Diagnosis
    stages: tuple[StageEvent, ...]
    transcript: tuple[str, ...]  # redacted, one line each
    message_id: str | None = None
    # The session's TLS; after an untrusted/mismatched/expired certificate, the certificate the
    # server presented (fetched without trusting it) so the user can choose to pin it.
    tls: TlsInfo | None = None
    verified: Verification | None = None  # set when a real message was accepted
    peer_address: str | None = None  # the IP address the test connected to

    @property
    def ok(self) -> bool:
        return self.diagnosis.ok


@dataclass(frozen=True)
class ProbeResult:
    candidate: Endpoint
    reachable: bool
    code: str  # "ok" or the diagnosis code of the failure
    ms: int = 0
    tls: TlsInfo | None = None
    auth_mechanisms: tuple[str, ...] = ()
    size_limit: int | None = None
    banner: str = ""
    login_ok: bool | None = None  # only on the recommended candidate when credentials were given


@dataclass(frozen=True)
class ProbeReport:
    host: str
    results: tuple[ProbeResult, ...]
    recommended: Endpoint | None
    login: Diagnosis | None = None  # outcome of the login on the recommended pair, if tried
    # The recommended pair completed TLS but its certificate was not trusted (tls_untrusted,
    # tls_hostname_mismatch, tls_expired): still the recommendation, the user decides on trust.
    trust_problem: str | None = None
    # The recommendation is encryption "none": no TLS endpoint answered at all. The password
    # would cross the network in clear, so using it needs the user's explicit consent.
    insecure: bool = False


EventCallback = Callable[[StageEvent], None]
TranscriptCallback = Callable[[str], None]
