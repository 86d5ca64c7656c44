"""The steps of one SMTP connection, shared by the live test and the port probe.

Each step does one stage's work and returns a short detail for the checklist ("TLSv1.3",
"235 2.7.0 Authentication successful"). Ordering and error handling belong to the callers.
"""

from __future__ import annotations

import ssl

from wizard.core.engine.api import CancelToken, Stage, TlsInfo
from wizard.core.engine.tls import tls_info
from wizard.core.engine.transcript import Transcript
from wizard.core.engine.wire import Budget, Client, resolve
from wizard.core.settings import Security


class Conversation:
    def __init__(
        self,
        host: str,
        port: int,
        security: Security,
        *,
        context: ssl.SSLContext,
        pinned_sha256: str | None,
        connect_timeout: float,
        budget: Budget,
        cancel: CancelToken,
        transcript: Transcript,
        op_timeout: float = 60.0,
        ehlo: str | None = None,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.context = context
        self.pinned_sha256 = pinned_sha256
        self.connect_timeout = connect_timeout
        self.budget = budget
        self.cancel = cancel
        self.client = Client(
            transcript, budget, cancel, connect_timeout=connect_timeout, op_timeout=op_timeout, ehlo=ehlo
        )
        self.infos: list[tuple] = []
        self.tls: TlsInfo | None = None
        self.banner = ""

    # -- steps -----------------------------------------------------------------------------
    def resolve(self) -> str:
        self.infos = resolve(
            self.host, self.port, timeout=self.budget.slice(self.connect_timeout), cancel=self.cancel
        )
        addresses = list(dict.fromkeys(info[4][0] for info in self.infos))
        return ", ".join(addresses[:4])

    def connect(self) -> str:
        return self.client.open(self.host, self.infos)

    def implicit_tls(self) -> str:
        return self._secured(self.client.wrap_tls(self.context, self.host, self.pinned_sha256))

    def greet(self) -> str:
        self.banner = self.client.greeting()
        return self.client.hello()

    def starttls(self) -> str:
        return self._secured(self.client.start_tls(self.context, self.host, self.pinned_sha256))

    def ehlo(self) -> str:
        return self.client.hello()

    def login(self, username: str, password: str, *, allow_plaintext: bool) -> str:
        return self.client.login_utf8(username, password, allow_plaintext=allow_plaintext)

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
