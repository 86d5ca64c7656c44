"""The steps of one SMTP connection, shared by the live test and the port probe.

Each step does one stage's work and returns a short detail for the checklist ("TLSv1.3",
"235 2.7.0 Authentication successful"). Ordering and error handling belong to the callers.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from wizard.core.engine.api import CancelToken, Stage, TlsInfo
from wizard.core.engine.tls import tls_info
from wizard.core.engine.transcript import Transcript
from wizard.core.engine.wire import Budget, Client, resolve
from wizard.core.settings import Endpoint, Security


@dataclass(frozen=True)
class ConversationOptions:
    """How one connection is made and bounded; shared by the live test and the probe."""

    context: ssl.SSLContext  # trust: system store, a CA file, or a pinned certificate
    cancel: CancelToken
    transcript: Transcript
    pinned_sha256: str | None = None
    connect_timeout: float = 10.0  # resolving and connecting
    op_timeout: float = 60.0  # any one reply
    total_timeout: float = 60.0  # the whole conversation
    # An IP address someone else already resolved (detection asks its own DNS server): connect
    # there, but keep the host name for TLS verification.
    address: str | None = None


class Conversation:
    """One SMTP connection to ``host`` on ``endpoint``: every stage from resolve to DATA."""

    def __init__(self, host: str, endpoint: Endpoint, options: ConversationOptions) -> None:
        self.host, self.port, self.security = host, endpoint.port, endpoint.security
        self.options = options
        self.budget = Budget(options.total_timeout)
        self.client = Client(
            options.transcript,
            self.budget,
            options.cancel,
            connect_timeout=options.connect_timeout,
            op_timeout=options.op_timeout,
        )
        self.infos: list[tuple] = []
        self.tls: TlsInfo | None = None
        self.banner = ""

    # -- steps -----------------------------------------------------------------------------
    def resolve(self) -> str:
        timeout = self.budget.slice(self.options.connect_timeout)
        target = self.options.address or self.host
        self.infos = resolve(target, self.port, timeout=timeout, cancel=self.options.cancel)
        addresses = list(dict.fromkeys(info[4][0] for info in self.infos))
        return ", ".join(addresses[:4])

    def connect(self) -> str:
        return self.client.open(self.host, self.infos)

    def implicit_tls(self) -> str:
        return self._secured(
            self.client.wrap_tls(self.options.context, self.host, self.options.pinned_sha256)
        )

    def greet(self) -> str:
        self.banner = self.client.greeting()
        return self.client.hello()

    def starttls(self) -> str:
        return self._secured(
            self.client.start_tls(self.options.context, self.host, self.options.pinned_sha256)
        )

    def ehlo(self) -> str:
        return self.client.hello()

    def login(self, username: str, password: str, *, allow_plaintext: bool) -> str:
        return self.client.login_utf8(username, password, allow_plaintext=allow_plaintext)

    def mail_from(self, sender: str) -> str:
        return self.client.mail_from(sender)

    def rcpt_to(self, recipient: str) -> str:
        return self.client.rcpt_to(recipient)

    def send_data(self, message: bytes) -> str:
        return self.client.send_data(message)

    def _secured(self, sock: ssl.SSLSocket) -> str:
        self.tls = tls_info(sock)
        return f"{self.tls.version} {self.tls.cipher}".strip()

    def opening(self) -> list[tuple[Stage, object]]:
        """Resolve .. EHLO, with TLS where the security mode puts it; EHLO runs again after STARTTLS."""
        steps: list[tuple[Stage, object]] = [(Stage.RESOLVE, self.resolve), (Stage.CONNECT, self.connect)]
        if self.security is Security.SSL:
            steps.append((Stage.TLS, self.implicit_tls))
        steps.append((Stage.EHLO, self.greet))
        if self.security is Security.STARTTLS:
            steps += [(Stage.TLS, self.starttls), (Stage.EHLO, self.ehlo)]
        return steps

    # -- facts -----------------------------------------------------------------------------
    @property
    def body_sent(self) -> bool:
        """True once any of the message went out: the mail may have been delivered."""
        return self.client.body_sent

    @property
    def auth_mechanisms(self) -> tuple[str, ...]:
        return tuple(self.client.esmtp_features.get("auth", "").upper().split())

    @property
    def size_limit(self) -> int | None:
        value = self.client.esmtp_features.get("size", "").strip()
        return int(value) if value.isdigit() and int(value) > 0 else None

    def close(self, polite: bool = False) -> None:
        if polite:
            self.client.finish()
        else:
            self.client.close()
