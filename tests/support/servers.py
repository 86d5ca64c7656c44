"""Real servers on 127.0.0.1 shared by the engine, CLI, hostile and UI tests: aiosmtpd (STARTTLS /
implicit TLS / plain) with certificates from a trustme CA, a scripted raw-socket server for replies
aiosmtpd cannot produce (GBK bytes, a drop mid-DATA), and silent/blackholed/closed ports.
Nothing is mocked; every server listens on a port the OS picked, so tests run in parallel.
Their fixtures (``pki``, ``smtp_server``, ``scripted``, the odd ports) are in tests/conftest.py.
"""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult

from wizard.core.engine.api import TestRequest
from wizard.core.settings import MailSettings, Mode, Security, SmtpSettings

USER = "zhangsan@example.com"
PASSWORD = "s3cret-授权码-Pässwörd"
RECIPIENT = "lisi@example.org"
IDENTITIES = ("localhost", "127.0.0.1", "::1")


# -- certificates ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pki:
    ca_file: str
    good: trustme.LeafCert
    wrong_name: trustme.LeafCert
    expired: trustme.LeafCert
    untrusted: trustme.LeafCert


def server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


def der_sha256(cert: trustme.LeafCert) -> str:
    import hashlib

    der = ssl.PEM_cert_to_DER_cert(cert.cert_chain_pems[0].bytes().decode())
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, 64, 2))


# -- aiosmtpd --------------------------------------------------------------------------------------
class Handler:
    """Records what the server saw; replies can be overridden per test."""

    def __init__(self) -> None:
        self.commands: list[str] = []
        self.logins: list[tuple[bytes, bytes]] = []
        self.envelopes: list = []
        self.username, self.password = USER, PASSWORD
        self.login_reply: str | None = None  # e.g. "535 Login Fail. Please enter your authorization code"
        self.mail_reply: str | None = None
        self.rcpt_reply: str | None = None
        self.data_reply: str | None = None

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.envelopes.append(envelope)
        return "250 2.0.0 Ok: queued as 4A1B2C"

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login, auth_data.password))
        if (auth_data.login, auth_data.password) == (self.username.encode(), self.password.encode()):
            return AuthResult(success=True)
        # handled=False, or aiosmtpd sends nothing and the client hangs (security.md §3).
        return AuthResult(success=False, handled=False, message=self.login_reply)


class _RecordingSMTP(SMTP):
    def __init__(self, handler: Handler, **kwargs) -> None:
        super().__init__(handler, **kwargs)
        for name, method in list(self._smtp_methods.items()):
            self._smtp_methods[name] = self._recorded(handler, name, method)

    @staticmethod
    def _recorded(handler: Handler, name: str, method):
        async def wrapper(arg):
            handler.commands.append(name)
            return await method(arg)

        return wrapper


class LoopbackController(Controller):
    """Binds its own socket on port 0 first: no port races between parallel workers."""

    def __init__(self, handler: Handler, **kwargs) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        super().__init__(handler, hostname="127.0.0.1", port=self._listener.getsockname()[1], **kwargs)

    def factory(self):
        return _RecordingSMTP(self.handler, **self.SMTP_kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._listener, ssl=self.ssl_context)


@dataclass
class Server:
    port: int
    handler: Handler
    security: Security

    @property
    def commands(self) -> list[str]:
        return self.handler.commands


# -- raw sockets -----------------------------------------------------------------------------------
DEFAULT_SCRIPT = {
    "EHLO": b"250-scripted.example\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 1000000",
    "AUTH": b"235 2.7.0 Authentication successful",
    "MAIL": b"250 OK",
    "RCPT": b"250 OK",
    "DATA": b"354 End data with <CR><LF>.<CR><LF>",
    ".": b"250 OK queued",
    "QUIT": b"221 Bye",
}


@dataclass
class ScriptedServer:
    """One-connection-at-a-time SMTP speaker; a reply of None closes the connection, b"" never answers."""

    script: dict[str, bytes | None]
    greeting: bytes | None = b"220 scripted.example ESMTP"
    commands: list[str] = field(default_factory=list)
    lines: list[bytes] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self.script = {**DEFAULT_SCRIPT, **self.script}
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(4)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(10)
                try:
                    self._talk(conn.makefile("rb"), conn)
                except OSError:
                    pass

    def _reply(self, conn, key: str) -> bool:
        reply = self.script.get(key, b"502 5.5.2 not implemented")
        if reply is None:
            conn.shutdown(socket.SHUT_RDWR)
            return False
        if reply:  # b"": say nothing, the client waits
            conn.sendall(reply + b"\r\n")
        return True

    def _talk(self, stream, conn) -> None:
        if self.greeting is None:
            stream.readline()  # say nothing, wait until the client gives up
            return
        conn.sendall(self.greeting + b"\r\n")
        in_auth = False
        while line := stream.readline():
            self.lines.append(line)
            verb = line.split(b" ")[0].strip().upper().decode("ascii", "replace")
            if in_auth:
                verb = "AUTH-CONT"
            self.commands.append(verb)
            if verb == "DATA" and self._reply(conn, "DATA"):
                while (body := stream.readline()) not in (b".\r\n", b""):
                    self.lines.append(body)
                verb = "."
            elif verb == "AUTH" and line.split()[1:2] == [b"LOGIN"]:
                in_auth = True
                conn.sendall(b"334 VXNlcm5hbWU6\r\n")
                continue
            if in_auth and len([c for c in self.commands if c == "AUTH-CONT"]) < 2:
                conn.sendall(b"334 UGFzc3dvcmQ6\r\n")
                continue
            in_auth = False
            if not self._reply(conn, verb if verb != "AUTH-CONT" else "AUTH") or verb == "QUIT":
                return

    def close(self) -> None:
        self._listener.close()


# -- requests --------------------------------------------------------------------------------------
def make_request(
    port: int,
    security: Security | str,
    *,
    host: str = "localhost",
    username: str = USER,
    password: str = PASSWORD,
    sender: str = USER,
    display_name: str = "张三 Zhāng",
    provider: str = "custom",
    recipient: str = RECIPIENT,
    **options,
) -> TestRequest:
    smtp = SmtpSettings(
        provider=provider,
        host=host,
        port=port,
        security=Security(security),
        username=username,
        sender=sender,
        password=password,
    )
    settings = MailSettings(mode=Mode.SMTP, display_name=display_name, smtp=smtp)
    options.setdefault("connect_timeout", 1.0)
    options.setdefault("timeout", 3.0)
    return TestRequest(settings=settings, recipient=recipient, **options)
