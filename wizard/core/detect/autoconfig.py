"""The domain's own autoconfig file (Thunderbird's format), fetched and read defensively.

Asked in Thunderbird's order: ``https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=…``,
``https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml``, then both over http (where the
address is not sent). Certificates are verified; redirects are not followed (a redirect could
turn https into http). The XML comes from a stranger: at most 64 KiB, read within the time
left, parsed by defusedxml with DTDs and entities refused, and only a plain host name, a port
number and a known socket type are taken from it.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass

from wizard.core.settings import Security

MAX_BYTES = 64 * 1024
_HOST_RE = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_SOCKET_TYPES = {
    "ssl": Security.SSL,
    "tls": Security.SSL,
    "starttls": Security.STARTTLS,
    "plain": Security.NONE,
}
_USERNAMES = {"%emailaddress%": "address", "%emaillocalpart%": "local_part"}


@dataclass(frozen=True)
class OutgoingServer:
    """An SMTP server found for the domain outside the catalog (autoconfig, ISPDB table, guess)."""

    host: str
    port: int
    security: Security
    username: str  # address | local_part | other
    source: str  # the URL, "ISPDB <domain>" or "guess"
    # From a file fetched without TLS, naming a host outside the domain and the catalog: anyone on
    # the path could have written it, so it is shown, never used (the password would go there).
    unverified: bool = False
    # The certificate failed verification (tls_untrusted, tls_hostname_mismatch, tls_expired), as
    # probe reports it: offered only together with the problem, which the user decides on.
    trust_problem: str | None = None

    @property
    def insecure(self) -> bool:
        """Encryption "none": the password would cross the network in clear (as probe marks it)."""
        return self.security is Security.NONE

    def to_dict(self) -> dict:
        return {
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "username": self.username,
            "source": self.source,
            "verified": not self.unverified,
            "insecure": self.insecure,
            "trust_problem": self.trust_problem,
        }


def server_notes(server: OutgoingServer, domain: str, lang: str | None = None) -> list[str]:
    """What the user must know before using ``server``, in words: not under the domain, an
    unverified file, no encryption, a certificate that failed verification."""
    from wizard.core.i18n import tr

    params = {"host": server.host, "domain": domain, "problem": server.trust_problem or ""}
    notes = []
    if server.unverified:
        notes.append(tr("detect.unverified", lang, **params))
    elif not host_in_domain(server.host, domain):
        notes.append(tr("detect.outside_domain", lang, **params))
    if server.insecure:
        notes.append(tr("detect.insecure", lang, **params))
    if server.trust_problem:
        notes.append(tr("detect.trust_problem", lang, **params))
    return notes


def host_in_domain(host: str, domain: str) -> bool:
    """``smtp.acme.cn`` and ``acme.cn`` are within acme.cn; ``smtp.acme.cn.evil.net`` is not."""
    host, domain = host.lower().rstrip("."), domain.lower().rstrip(".")
    return host == domain or host.endswith("." + domain)


class AutoconfigError(Exception):
    """The file is unusable: too big, not XML, has a DTD, or names no valid SMTP server."""


def candidate_urls(domain: str, address: str, https_port: int = 443, http_port: int = 80) -> list[str]:
    query = urllib.parse.urlencode({"emailaddress": address})
    https = "" if https_port == 443 else f":{https_port}"
    plain = "" if http_port == 80 else f":{http_port}"
    return [
        f"https://autoconfig.{domain}{https}/mail/config-v1.1.xml?{query}",
        f"https://{domain}{https}/.well-known/autoconfig/mail/config-v1.1.xml",
        f"http://autoconfig.{domain}{plain}/mail/config-v1.1.xml",
        f"http://{domain}{plain}/.well-known/autoconfig/mail/config-v1.1.xml",
    ]


def parse_config(data: bytes, *, domain: str, source: str) -> OutgoingServer:
    """The first usable ``outgoingServer type="smtp"`` of a config-v1.1 document."""
    import defusedxml.ElementTree as SafeTree  # imported here: only detection needs it
    from defusedxml import DefusedXmlException

    if len(data) > MAX_BYTES:
        raise AutoconfigError(f"larger than {MAX_BYTES} bytes")
    try:
        root = SafeTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, SyntaxError, ValueError) as error:
        raise AutoconfigError(f"not a usable XML file ({type(error).__name__})") from None
    for server in root.iter("outgoingServer"):
        if server.get("type") != "smtp":
            continue
        host = (server.findtext("hostname") or "").strip().lower().replace("%emaildomain%", domain)
        port_text = (server.findtext("port") or "").strip()
        socket_type = (server.findtext("socketType") or "").strip().lower()
        username = (server.findtext("username") or "").strip().lower()
        if not _HOST_RE.match(host) or not port_text.isdigit() or len(port_text) > 5:
            continue
        port = int(port_text)
        if not 1 <= port <= 65535 or socket_type not in _SOCKET_TYPES:
            continue
        return OutgoingServer(
            host, port, _SOCKET_TYPES[socket_type], _USERNAMES.get(username, "other"), source
        )
    raise AutoconfigError("no SMTP server with a valid host, port and socket type")


class _Connection(http.client.HTTPSConnection):
    """HTTP(S) to an address our own resolver found, with the name kept for SNI, Host and the certificate."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float, context: ssl.SSLContext | None):
        super().__init__(host, port, timeout=timeout, context=context or ssl.create_default_context())
        self._address, self._tls = address, context is not None

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host) if self._tls else sock


def fetch(url: str, *, address: str, deadline: float, context: ssl.SSLContext) -> bytes:
    """GET ``url`` from ``address``; raise OSError/ssl.SSLError/AutoconfigError; never follow redirects."""
    parts = urllib.parse.urlsplit(url)
    tls = parts.scheme == "https"
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("no time left")
    connection = _Connection(
        parts.hostname or "",
        parts.port or (443 if tls else 80),
        address=address,
        timeout=left,
        context=context if tls else None,
    )
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(
            "GET", path, headers={"Accept": "application/xml, text/xml", "Connection": "close"}
        )
        response = connection.getresponse()
        if response.status != 200:
            raise AutoconfigError(f"HTTP {response.status}")
        body = bytearray()
        while len(body) <= MAX_BYTES:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the server is too slow")
            if connection.sock is not None:  # each read gets only the time that is left
                connection.sock.settimeout(left)
            chunk = response.read1(8192) if hasattr(response, "read1") else response.read(8192)
            if not chunk:
                return bytes(body)
            body += chunk
        raise AutoconfigError(f"larger than {MAX_BYTES} bytes")
    except http.client.HTTPException as error:
        raise AutoconfigError(f"bad HTTP answer ({type(error).__name__})") from None
    finally:
        connection.close()
