"""Facts about this machine that decide whether a mail test can pass here and not elsewhere:
the app and OS, which DNS servers answer, the local address the server sees, and whether a
proxy is configured (names only: a proxy URL can hold a password)."""

from __future__ import annotations

import ipaddress
import os
import platform
import socket
from dataclasses import dataclass

from wizard import __version__

# Mail goes out on plain TCP and ignores these, but their presence says "corporate network".
PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
)
NAMESERVER_OVERRIDE = "SMTP_WIZARD_NAMESERVER"


@dataclass(frozen=True)
class Environment:
    app_version: str
    os: str
    python: str
    dns_servers: tuple[str, ...]  # what the system resolver asks, or the override
    proxy_variables: tuple[str, ...]  # names of the proxy variables that are set
    local_address: str | None = None  # this machine's address towards the mail server


def dns_servers() -> tuple[str, ...]:
    override = os.environ.get(NAMESERVER_OVERRIDE, "").strip()
    if override:
        return (override,)
    try:
        import dns.resolver  # reads resolv.conf, or the registry on Windows

        return tuple(dns.resolver.Resolver(configure=True).nameservers)
    except Exception:  # no configuration at all is a fact worth reporting, not a crash
        return ()


def local_address_towards(address: str | None) -> str | None:
    """The source address the OS routes to ``address`` (an IP literal), without sending anything:
    connecting a UDP socket only picks the route."""
    try:
        ip = ipaddress.ip_address((address or "").strip("[]"))
    except ValueError:
        return None
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((str(ip), 9))
            return sock.getsockname()[0]
    except OSError:
        return None


def collect(server_address: str | None = None) -> Environment:
    return Environment(
        app_version=__version__,
        os=platform.platform(),
        python=platform.python_version(),
        dns_servers=dns_servers(),
        proxy_variables=tuple(name for name in PROXY_VARIABLES if os.environ.get(name)),
        local_address=local_address_towards(server_address),
    )
