"""Where the mail server is: the system's resolver, or the DNS server the user named.

Where the site's DNS is broken or filtered, support points the wizard at another server
(``SMTP_WIZARD_NAMESERVER=223.5.5.5``, or the wizard's DNS-server field). Detection asks it
already; the test's lookup of the mail server then asks it too, instead of a resolver that
cannot answer. IP addresses and ``localhost`` never go to a DNS server.
"""

from __future__ import annotations

import os
import socket

from wizard.core.addresses import InputError, is_ip_address
from wizard.core.nameserver import NAMESERVER_ENV, make_resolver


def addresses(host: str, port: int, *, timeout: float) -> list[tuple]:
    """getaddrinfo-style tuples for ``host``; raises socket.gaierror like getaddrinfo."""
    nameserver = os.environ.get(NAMESERVER_ENV, "").strip()
    if not nameserver or host.lower() == "localhost" or is_ip_address(host):
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    import dns.exception
    import dns.resolver

    try:
        resolver = make_resolver(nameserver)
    except InputError as error:  # e.g. a host name: a DNS server is named by its address
        raise socket.gaierror(
            socket.EAI_FAIL, f"{NAMESERVER_ENV}={nameserver} is not an IP address"
        ) from error
    found: list[tuple] = []
    for rdtype, family in (("A", socket.AF_INET), ("AAAA", socket.AF_INET6)):
        try:
            answer = resolver.resolve(host, rdtype, lifetime=timeout, search=False)
        except dns.resolver.NXDOMAIN as error:
            raise socket.gaierror(socket.EAI_NONAME, f"Name or service not known ({nameserver})") from error
        except dns.resolver.NoAnswer:
            continue
        except (dns.exception.DNSException, ValueError) as error:
            message = f"Temporary failure in name resolution ({nameserver}: {error})"
            raise socket.gaierror(socket.EAI_AGAIN, message) from error
        for record in answer:
            address = (record.address, port) if family == socket.AF_INET else (record.address, port, 0, 0)
            found.append((family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", address))
    if not found:
        raise socket.gaierror(socket.EAI_NONAME, f"Name or service not known ({nameserver})")
    return found
