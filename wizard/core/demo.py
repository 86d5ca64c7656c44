"""Demo mode: a real mail server on loopback, so a newcomer can walk the whole wizard with no
real mailbox — success and the common failures.

Two aiosmtpd servers on 127.0.0.1 share one handler: one with STARTTLS (required), one with
implicit TLS. Their certificate comes from a trustme CA made for this run; its PEM file is
passed to the engine as ``ca_file`` (trusted by this run only) and deleted on ``stop()``.

What the demo server does (the README shows the same list):

- demo@example.com with the code demo-code-2026: 235, the mail is accepted and kept in the inbox (ok).
- No login at all (an empty password): "530 5.7.0 Authentication required" to MAIL FROM, as every
  real submission server answers (auth_failed, "required": the password field).
- Any other password (e.g. my-web-password): QQ's "535 Login Fail. Please enter your authorization
  code ..." (auth_code_required).
- A sender other than the login: "501 mail from address must be same as authorization user"
  (sender_mismatch).
- Recipient spam-trap@example.com: 163's "554 DT:SPM ..." after DATA (message_rejected_spam).
- Recipient nobody@example.com: "550 Mailbox not found" (recipient_rejected).
- Recipient refused@example.com: "550 5.7.1 Access denied", a refusal that gives no reason: the
  diagnosis is a guess from the stage (basis stage_only), shown as not certain with two causes.
- Recipient junk@example.com: accepted and filed in the junk folder 垃圾邮件, so delivery
  confirmation (demo_imap: a read-only IMAP responder on the same CA) reports "junk"; every other
  accepted mail is in INBOX. The IMAP login is any demo address with the demo code.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import logging
import os
import socket
import ssl
import tempfile
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes, policy

from wizard.core.catalog import Provider

DEMO_USER = "demo@example.com"
DEMO_PASSWORD = "demo-code-2026"
DEMO_WRONG_PASSWORD_HINT = "my-web-password"
SPAM_TRAP = "spam-trap@example.com"
UNKNOWN_RECIPIENT = "nobody@example.com"
REFUSED_RECIPIENT = "refused@example.com"
JUNK_RECIPIENT = "junk@example.com"
QQ_CODE_REPLY = (
    "535 Login Fail. Please enter your authorization code to login. More information in "
    "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256"
)
AUTH_REQUIRED_REPLY = "530 5.7.0 Authentication required"
SPAM_REPLY = "554 DT:SPM 163 smtp12,demo please see http://mail.163.com/help/help_spam_16.htm"


@dataclass(frozen=True)
class InboxMessage:
    from_: str
    to: str
    subject: str
    date: str
    message_id: str
    body: str
    received_at: str
    junk: bool = False  # filed in the demo's junk folder (sent to JUNK_RECIPIENT)


class _Handler:
    def __init__(self, server: DemoServer) -> None:
        self.server = server

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if not session.authenticated:  # like every real submission server: no mail before a login
            return AUTH_REQUIRED_REPLY  # (aiosmtpd's auth_required says the same but warns about TLS)
        login = getattr(session, "auth_data", None)
        user = login.login.decode("utf-8", "replace") if login is not None else None
        if user is not None and address.lower() != user.lower():
            return "501 mail from address must be same as authorization user"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() == UNKNOWN_RECIPIENT:
            return "550 Mailbox not found"
        if address.lower() == REFUSED_RECIPIENT:
            return "550 5.7.1 Access denied"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if SPAM_TRAP in (r.lower() for r in envelope.rcpt_tos):
            return SPAM_REPLY
        self.server._deliver(envelope.content)
        return "250 OK: queued as demo"


def _authenticator(server, session, envelope, mechanism, auth_data):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    if isinstance(auth_data, LoginPassword):
        user = auth_data.login.decode("utf-8", "replace")
        if user.lower() == DEMO_USER and auth_data.password.decode("utf-8", "replace") == DEMO_PASSWORD:
            return AuthResult(success=True, auth_data=auth_data)
    # handled=False makes aiosmtpd send our reply (handled=True would leave the client hanging).
    return AuthResult(success=False, handled=False, message=QQ_CODE_REPLY)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DemoServer:
    host = "localhost"

    def __init__(self) -> None:
        self._controllers: list = []
        self._messages: list[InboxMessage] = []
        self._listeners: list[Callable[[InboxMessage], None]] = []
        self._lock = threading.Lock()
        self.ca_file = ""
        self.starttls_port = 0
        self.ssl_port = 0
        self.imap_port = 0
        self._imap = None

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        import trustme
        from aiosmtpd.controller import Controller

        # aiosmtpd warns about its own internals and logs refused handshakes with tracebacks:
        # the demo's failures are deliberate, so keep its log quiet.
        warnings.filterwarnings("ignore", message="Session.login_data is deprecated")
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        ca = trustme.CA()
        cert = ca.issue_cert("localhost", "127.0.0.1", "::1")
        fd, self.ca_file = tempfile.mkstemp(prefix="smtp-wizard-demo-ca-", suffix=".pem")
        with os.fdopen(fd, "wb") as stream:
            stream.write(ca.cert_pem.bytes())
        atexit.register(self._remove_ca_file)  # also when stop() is never reached

        def context() -> ssl.SSLContext:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(ctx)
            return ctx

        common = {
            "hostname": "127.0.0.1",
            "server_hostname": "localhost",
            "authenticator": _authenticator,
            "ready_timeout": 5.0,
        }
        starttls = Controller(
            _Handler(self), port=_free_port(), tls_context=context(), require_starttls=True, **common
        )
        implicit = Controller(
            _Handler(self), port=_free_port(), ssl_context=context(), auth_require_tls=False, **common
        )
        for controller in (starttls, implicit):
            controller.start()
            self._controllers.append(controller)
        self.starttls_port, self.ssl_port = starttls.port, implicit.port
        from wizard.core.demo_imap import DemoImap

        self._imap = DemoImap(context(), self._imap_login, self._message_ids)
        self._imap.start()
        self.imap_port = self._imap.port

    def _imap_login(self, user: str, password: str) -> bool:
        return user.lower().endswith("@example.com") and password == DEMO_PASSWORD

    def _message_ids(self, junk: bool) -> list[str]:
        with self._lock:
            return [m.message_id for m in self._messages if m.junk == junk]

    def stop(self) -> None:
        if self._imap is not None:
            self._imap.stop()
            self._imap = None
        while self._controllers:
            with contextlib.suppress(Exception):
                self._controllers.pop().stop()
        self._remove_ca_file()

    def _remove_ca_file(self) -> None:
        if self.ca_file:
            atexit.unregister(self._remove_ca_file)
            with contextlib.suppress(OSError):
                os.unlink(self.ca_file)

    # -- the inbox -------------------------------------------------------------------------------
    def _deliver(self, raw: bytes) -> None:
        parsed = message_from_bytes(raw, policy=policy.default)
        part = parsed.get_body(preferencelist=("plain", "html"))
        message = InboxMessage(
            from_=str(parsed.get("From", "")),
            to=str(parsed.get("To", "")),
            subject=str(parsed.get("Subject", "")),
            date=str(parsed.get("Date", "")),
            message_id=str(parsed.get("Message-ID", "")),
            body=part.get_content() if part is not None else "",
            received_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            junk=JUNK_RECIPIENT in str(parsed.get("To", "")).lower(),
        )
        with self._lock:
            self._messages.append(message)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(message)

    def messages(self) -> list[InboxMessage]:
        with self._lock:
            return list(self._messages)

    def on_message(self, callback: Callable[[InboxMessage], None]) -> None:
        """``callback`` runs on the server's thread; the GUI re-emits it as a signal."""
        with self._lock:
            self._listeners.append(callback)


def demo_provider(server: DemoServer) -> Provider:
    today = dt.date.today().isoformat()
    steps_zh = [
        f"本演示服务器只在这台电脑上运行,不会把邮件发到外面。账号填 {DEMO_USER},授权码填 {DEMO_PASSWORD}。",
        f"想看失败时的诊断:把授权码填成 {DEMO_WRONG_PASSWORD_HINT}(模拟填了 QQ 网页登录密码)。",
        f"收件人填 {SPAM_TRAP} 可以看到被当成垃圾邮件拒收;填 {UNKNOWN_RECIPIENT} 可以看到收件人不存在。",
        "测试页的「演示收件箱」里可以看到收到的邮件;测试通过后,「确认收到」会通过 IMAP 查找它。",
        (
            f"收件人填 {JUNK_RECIPIENT} 时邮件会进入垃圾邮件文件夹,「确认收到」会报告进了垃圾邮件"
            "(IMAP 密码填演示授权码)。"
        ),
    ]
    steps_en = [
        (
            f"This demo server runs on this computer only and sends nothing out. Use the account {DEMO_USER} "
            f"and the code {DEMO_PASSWORD}."
        ),
        (
            f"To see a failure diagnosis, enter {DEMO_WRONG_PASSWORD_HINT} as the code (like typing the QQ "
            "web password)."
        ),
        f"Send to {SPAM_TRAP} to see a spam rejection, or to {UNKNOWN_RECIPIENT} for an unknown recipient.",
        "The test page's Demo inbox shows what arrived; after a pass, Confirm delivery finds it over IMAP.",
        (
            f"Mail to {JUNK_RECIPIENT} is filed in the junk folder, and Confirm delivery says so "
            "(use the demo code as the IMAP password)."
        ),
    ]
    return Provider.from_dict(
        {
            "id": "demo",
            "name": {"zh_CN": "本机演示服务器", "en": "Local demo server"},
            "category": "custom",
            "domains": ["example.com"],
            "mx_patterns": [],
            "host": server.host,
            "alt_hosts": [],
            "endpoints": [
                {"port": server.ssl_port, "security": "ssl"},
                {"port": server.starttls_port, "security": "starttls"},
            ],
            "login": {
                "rule": "address",
                "value": "",
                "must_equal_sender": True,
                "label": {"zh_CN": "账号", "en": "Account"},
            },
            "secret": {
                "kind": "auth_code",
                "name": {"zh_CN": "授权码", "en": "authorization code"},
                "strip_spaces": True,
            },
            "needs_setup": True,
            "steps": {"zh_CN": steps_zh, "en": steps_en},
            "warnings": {
                "zh_CN": ["演示服务器的证书只在本次运行中受信任。"],
                "en": ["The demo server's certificate is trusted for this run only."],
            },
            "help_url": "",
            "limits": [],
            "notes": {"zh_CN": [], "en": []},
            "oauth_only": False,
            "spf_include": None,
            "dkim_after_setup": False,
            "imap": {
                "host": server.host,
                "port": server.imap_port,
                "security": "ssl",
                "smtp_secret_works": True,
            },
            "disagreements": [],
            "sources": ["built-in demo"],
            "last_verified": today,
        }
    )
