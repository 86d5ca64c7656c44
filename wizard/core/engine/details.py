"""The one-line detail beside a failed stage, in words a user can act on.

The server's reply when there was one; otherwise a plain sentence. Never a Python class name
(`ConnectionRefusedError: [Errno 111]` means nothing on a support call); the full technical
text stays in the transcript.
"""

from __future__ import annotations

import smtplib
import ssl

from wizard.core.engine import errors
from wizard.core.i18n import tr


def stage_failure(error: BaseException, *, cancelled: bool, lang: str) -> str:
    if cancelled or isinstance(error, errors.Cancelled | InterruptedError):
        return tr("detail.cancelled", lang)
    if isinstance(error, errors.ReplyError):
        return f"{error.code} {error.text}"
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {text}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return tr("detail.certificate", lang, reason=error.verify_message or error.reason or "")
    timeouts = TimeoutError | errors.ConnectTimeout | errors.GreetingTimeout | errors.DeadlineExceeded
    if isinstance(error, timeouts):
        return tr("detail.timeout", lang)
    if isinstance(error, errors.ResolveFailed):
        return tr("detail.dns", lang)
    if isinstance(error, ConnectionRefusedError):
        return tr("detail.refused", lang)
    if isinstance(error, ssl.SSLError):
        reason = getattr(error, "reason", None) or str(error)  # a pin mismatch is a sentence already
        return tr("detail.tls", lang, reason=reason)
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError):
        return tr("detail.closed", lang)
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if isinstance(error, errors.EngineError) and str(error):
        return str(error)
    return tr("detail.failed", lang)
