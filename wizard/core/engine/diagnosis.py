"""From "what went wrong" to one :class:`Diagnosis`: code, field at fault, fix, message parameters.

Two steps: :func:`failure_from` turns an exception (stdlib, ssl or our own) plus the stage into a
neutral :class:`Failure`; :func:`diagnose` looks it up in the rule table (rules.py) and adds what
the user can do about it. No text is written here; messages.py renders it in zh_CN or en.
"""

from __future__ import annotations

import dataclasses
import errno
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wizard.core.addresses import InputError, is_ip_address, normalize_address
from wizard.core.catalog import Provider
from wizard.core.engine.api import Diagnosis, Stage
from wizard.core.engine.bounds import cap
from wizard.core.engine.errors import EngineError, ReplyError
from wizard.core.engine.fixes import suggest_fix
from wizard.core.engine.rules import UNCERTAIN, Reading, Rule
from wizard.core.engine.rules import classify as classify_reading
from wizard.core.engine.tls import PinMismatch
from wizard.core.engine.transcript import decode_reply
from wizard.core.settings import Security, SmtpSettings

# Local firewalls/antivirus (WinError 10013 on port 25), no route, no address of this family.
_BLOCKED_ERRNOS = {
    errno.EACCES,
    errno.EPERM,
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.EADDRNOTAVAIL,
    10013,
    10051,
    10065,
}


@dataclass(frozen=True)
class Failure:
    kind: str
    stage: Stage
    code: int | None = None
    text: str = ""
    body_sent: bool = False
    authenticated: bool = False  # the server had accepted the login (235) before this failure


def failure_from(
    error: BaseException,
    stage: Stage,
    *,
    cancelled: bool = False,
    body_sent: bool = False,
    authenticated: bool = False,
) -> Failure:
    def make(kind: str, code: int | None = None, text: str | None = None) -> Failure:
        return Failure(kind, stage, code, str(error) if text is None else text, body_sent, authenticated)

    if cancelled:
        return make("cancelled")
    if isinstance(error, ReplyError):
        return make("reply", error.code, error.text)
    if isinstance(error, EngineError):
        return make(error.kind)
    if isinstance(error, PinMismatch):
        return make("tls_pin")
    if isinstance(error, ssl.SSLCertVerificationError):
        return make("tls_verify", text=f"{error.verify_message or ''} ({error.reason or error})")
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        return make("reply", error.smtp_code, decode_reply(text) if isinstance(text, bytes) else str(text))
    if isinstance(error, TimeoutError):
        # At the TLS stage the server has spoken or accepted STARTTLS: a stalled handshake is a
        # TLS problem, not a missing greeting (an implicit-TLS port never greets in clear).
        return make({Stage.CONNECT: "connect_timeout", Stage.TLS: "tls_timeout"}.get(stage, "read_timeout"))
    if stage is Stage.TLS and isinstance(
        error, ssl.SSLError | ConnectionError | smtplib.SMTPServerDisconnected
    ):
        return make("tls", text=f"{error.__class__.__name__}: {error}")
    if isinstance(error, ConnectionRefusedError):
        return make("refused")
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | ssl.SSLError):
        return make("closed")
    if isinstance(error, OSError) and (error.errno in _BLOCKED_ERRNOS or stage is Stage.CONNECT):
        return make("unreachable")
    if isinstance(error, OSError):
        return make("closed")
    return make("error", text=f"{error.__class__.__name__}: {error}")


def classify(failure: Failure, secret_kind: str = "") -> Rule:
    return classify_reading(
        Reading(failure.kind, failure.stage, failure.code, failure.text, secret_kind, failure.authenticated)
    )


def _is_preset_host(smtp: SmtpSettings | None, provider: Provider | None) -> bool:
    """A provider's published host that does not resolve is not misspelt: this computer cannot
    resolve names (offline, DNS down)."""
    if smtp is None or provider is None or provider.is_custom:
        return False
    return smtp.host.lower() in (provider.host, *(alt.host for alt in provider.alt_hosts))


def diagnose(
    failure: Failure,
    smtp: SmtpSettings | None,
    *,
    provider: Provider | None = None,
    recipient: str = "",
    redact: Callable[[str], str] = str,
    extra: dict[str, Any] | None = None,
) -> Diagnosis:
    # Classify the redacted text: a password that happens to contain "授权码" must not steer the rules.
    failure = dataclasses.replace(failure, text=cap(redact(failure.text)))
    rule = classify(failure, provider.secret.kind if provider else "")
    reply = f"{failure.code} {failure.text}".strip() if failure.kind == "reply" else None
    params: dict[str, Any] = {
        "stage": failure.stage.value,
        "detail": failure.text if failure.kind != "reply" else "",
        "recipient": recipient,
        **(extra or {}),
    }
    if rule.variant:
        params["variant"] = rule.variant
    if smtp is not None and smtp.security is Security.SSL:  # SSL/TLS is chosen: never advise choosing it
        if rule.code == "greeting_timeout":
            params["variant"] = "after_tls"
        elif rule.code == "tls_failed" and rule.variant == "timeout":
            params["variant"] = "ssl_timeout"  # perhaps no SSL/TLS on this port: Detect ports
    if rule.code == "dns_failure" and not rule.variant and _is_preset_host(smtp, provider):
        params["variant"] = "offline"  # not a typo: do not suggest the spelling or an IP address
    if smtp is not None:
        params.update(
            host=smtp.host_display,
            port=smtp.port,
            security=smtp.security.value,
            username=smtp.username,
            sender=smtp.sender_display,
        )
        if rule.code == "sender_mismatch":  # never "X differs from X": say what really differs
            params["variant"] = _how_sender_differs(smtp) or params.get("variant")
    if provider is not None and not provider.is_custom:
        params.update(provider=provider.name, secret=provider.secret.name, help_url=provider.help_url)
        if provider.admin is not None:  # the catalog's "ask your mail administrator" text (data, not rules)
            params["admin_hint"] = provider.admin.login_failure_hint
    may_have_sent = None
    # After the final dot the server may have the whole message, however the wait for its
    # reply ended (dropped, timed out or cancelled by the user).
    if rule.code in ("connection_lost", "timeout", "cancelled") and failure.stage is Stage.MESSAGE:
        may_have_sent = failure.body_sent
        if failure.body_sent:
            params["variant"] = "maybe_sent"
    if rule.basis in UNCERTAIN:
        # A guess: say so, name the two likely causes, blame no field and offer no one-click fix.
        return Diagnosis(rule.code, None, reply, None, may_have_sent, params, rule.basis, rule.alternatives)
    fix = suggest_fix(rule.code, smtp)
    return Diagnosis(rule.code, rule.field, reply, fix, may_have_sent, params, rule.basis)


def _how_sender_differs(smtp: SmtpSettings) -> str | None:
    """``same_address`` when the sender is the login itself (written as typed or as an A-label),
    ``case`` when only upper/lower case differs, None when they really are other addresses."""
    try:
        login = normalize_address(smtp.username)
    except InputError:
        return None  # a login that is no address (zhangsan) really differs from the sender
    if login == smtp.sender:
        return "same_address"
    return "case" if login.lower() == smtp.sender.lower() else None


def _covers(pattern: str, host: str) -> bool:
    """Does a certificate name (``*.example.com`` allowed, one label deep) cover ``host``?"""
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return pattern == host


def explain_mismatch(
    diagnosis: Diagnosis, names: tuple[str, ...], smtp: SmtpSettings, provider: Provider | None
) -> Diagnosis:
    """Name what the certificate is valid for, and offer a catalog host it covers as the fix:
    the provider's own first, then any other in the catalog (smtp.<company domain> on exmail)."""
    if not names:
        return diagnosis
    from wizard.core.catalog import load_catalog

    params = {**diagnosis.params, "names": ", ".join(names[:8]) + (" …" if len(names) > 8 else "")}
    ordered = [provider] if provider is not None and not provider.is_custom else []
    ordered += [p for p in load_catalog() if p not in ordered and not p.is_custom]
    for candidate in ordered:
        for host in (candidate.host, *(alt.host for alt in candidate.alt_hosts)):
            if host and host != smtp.host and any(_covers(name, host) for name in names):
                params.update(variant="catalog", suggested=host, provider=candidate.name)
                return dataclasses.replace(diagnosis, params=params, fix={"host": host})
    params["variant"] = "ip" if is_ip_address(smtp.host) else "names"
    return dataclasses.replace(diagnosis, params=params)
