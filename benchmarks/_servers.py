"""Local SMTP servers for the benchmarks: real aiosmtpd, real TLS from a trustme CA, loopback only."""

from __future__ import annotations

import logging
import socket
import ssl
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from benchmarks._login import PASSWORD, USER

# aiosmtpd warns about its own internals on every AUTH and logs refused handshakes with a
# traceback; neither is ours to fix, and both would bury the figures.
warnings.filterwarnings("ignore", message="Session.login_data is deprecated")
logging.getLogger("mail.log").setLevel(logging.CRITICAL)


class Sink:
    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER
    ok = ok and auth_data.password.decode() == PASSWORD
    return AuthResult(success=ok, handled=False)


def test_command(port: int, password_env: str) -> list[str]:
    """``smtp-wizard`` arguments for a STARTTLS test send to the server on ``port``."""
    settings = ["--host", "localhost", "--port", str(port), "--security", "starttls"]
    account = ["--username", USER, "--sender", USER, "--password-env", password_env]
    return ["test", "--to", USER, *settings, *account]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def starttls_server(*, reply_delay: float = 0.0):
    """Yields (port, ca_file). ``reply_delay`` slows every reply (responsiveness benchmark)."""
    ca = trustme.CA()
    cert = ca.issue_cert("localhost", "127.0.0.1")
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_ctx)
    with tempfile.TemporaryDirectory() as tmp:
        ca_file = Path(tmp) / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        handler = Sink()
        controller_class = _slow_controller(reply_delay) if reply_delay else Controller
        controller = controller_class(
            handler,
            hostname="127.0.0.1",
            port=free_port(),
            server_hostname="localhost",
            tls_context=server_ctx,
            require_starttls=True,
            authenticator=_authenticator,
            auth_required=True,
            ready_timeout=10,
        )
        controller.start()
        try:
            yield controller.port, str(ca_file)
        finally:
            controller.stop()


def _slow_controller(delay: float):
    import asyncio

    from aiosmtpd.smtp import SMTP

    class SlowSMTP(SMTP):
        async def push(self, status: str):
            await asyncio.sleep(delay)
            return await super().push(status)

    class SlowController(Controller):
        def factory(self):
            return SlowSMTP(self.handler, **self.SMTP_kwargs)

    return SlowController


@contextmanager
def blackholed_port():
    """A listening socket whose backlog is full: new connections are never accepted (SYN dropped)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    port = listener.getsockname()[1]
    for _ in range(8):  # fill the accept queue; later SYNs are dropped by the kernel
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(s)
    time.sleep(0.05)
    try:
        yield port
    finally:
        for s in fillers:
            s.close()
        listener.close()
