"""Loopback servers for detection: the DNS server, an HTTP(S) autoconfig server and SMTP, with one
trustme CA whose certificates carry the made-up company names the DNS server resolves to 127.0.0.1."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import trustme

from tests.core.engine.conftest import Handler, _Controller, server_context

NAMES = (
    "autoconfig.autoconf-corp.cn",
    "autoconf-corp.cn",
    "autoconfig.hostile-corp.cn",
    "smtp.guess-corp.cn",
    "mail.coremail-corp.cn",
    "smtp.early-corp.cn",
    "mail.univ-corp.edu.cn",
    "mx.selfhost-corp.net",
)


@dataclass(frozen=True)
class DetectPki:
    ca_file: str
    leaf: trustme.LeafCert


@pytest.fixture(scope="session")
def detect_pki(tmp_path_factory) -> DetectPki:
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("detect-pki") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return DetectPki(str(path), ca.issue_cert(*NAMES))


@dataclass
class WebServer:
    """Serves ``pages`` ({path: (status, bytes)}) over HTTP or HTTPS on 127.0.0.1; records requests."""

    pages: dict[str, tuple[int, bytes]]
    context: ssl.SSLContext | None = None
    requests: list[str] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        owner = self

        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(f"{self.headers.get('Host')}{self.path}")
                status, body = owner.pages.get(self.path.split("?")[0], (404, b"not here"))
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
        if self.context is not None:
            self.httpd.socket = self.context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def web_server(detect_pki) -> Iterator:
    """``web_server(pages, tls=True) -> WebServer``."""
    servers: list[WebServer] = []

    def start(pages: dict[str, tuple[int, bytes]], tls: bool = True) -> WebServer:
        server = WebServer(pages, server_context(detect_pki.leaf) if tls else None)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def tls_smtp(detect_pki) -> Iterator:
    """An implicit-TLS (or ``starttls=True``) aiosmtpd on 127.0.0.1 with a certificate for the
    made-up names; its port."""
    controllers = []

    def start(
        banner_name: str = "smtp.guess-corp.cn", ident: str | None = None, starttls: bool = False
    ) -> int:
        extra = {"ident": ident} if ident else {}
        context = server_context(detect_pki.leaf)
        extra.update(
            {"tls_context": context, "require_starttls": True} if starttls else {"ssl_context": context}
        )
        controller = _Controller(
            Handler(),
            server_hostname=banner_name,
            **extra,
            ready_timeout=5.0,
            auth_require_tls=False,
        )
        controller.start()
        controllers.append(controller)
        return controller.port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Accepts TCP connections (the kernel does) and never says a word: a hanging web or mail port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()
