"""Exceptions the engine raises internally; diagnosis.py turns each into exactly one code."""

from __future__ import annotations


class EngineError(Exception):
    kind = "error"


class Cancelled(EngineError):
    kind = "cancelled"


class ResolveFailed(EngineError):
    kind = "dns"


class ConnectTimeout(EngineError):
    kind = "connect_timeout"


class GreetingTimeout(EngineError):
    kind = "no_greeting"


class DeadlineExceeded(EngineError):
    kind = "deadline"


class StarttlsMissing(EngineError):
    kind = "starttls_missing"


class AuthMissing(EngineError):
    kind = "auth_missing"


class PlaintextAuthBlocked(EngineError):
    kind = "plaintext_auth"


class ReplyError(EngineError):
    """The server answered with an unexpected code; ``text`` is decoded (UTF-8, then GB18030)."""

    kind = "reply"

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text


class TlsNotStarted(EngineError):
    """The server answered 220 to STARTTLS but did not start TLS (or sent plaintext after the 220)."""

    kind = "tls"
