"""Loopback servers for detection: the DNS server, an HTTP(S) autoconfig server and SMTP, with one
trustme CA whose certificates carry the made-up company names the DNS server resolves to 127.0.0.1."""

from __future__ import annotations

import http.server
import ssl
import threading
from dataclasses import dataclass, field

import trustme

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
