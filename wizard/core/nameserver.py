"""The DNS server support told the user to ask, and a resolver that asks it.

Where the site's DNS is broken or filtered, support points the wizard at another server
(``SMTP_WIZARD_NAMESERVER=223.5.5.5``, the CLI's --nameserver, or the wizard's DNS-server field).
Detection, the sender-domain check and the test's lookup of the mail server all ask it; this leaf
module is what they share, so neither the engine nor detection imports the other.
"""

from __future__ import annotations

import os

from wizard.core.addresses import InputError, is_ip_address

NAMESERVER_ENV = "SMTP_WIZARD_NAMESERVER"  # the DNS server support told the user to ask


def parse_nameserver(value: str) -> tuple[str, int]:
    """``ADDRESS``, ``ADDRESS:PORT``, ``IPv6`` or ``[IPv6]:PORT``; raises InputError otherwise.

    A DNS server is named by its address: a host name (dns.alidns.com) would need the very DNS
    that is not working to be found, so it is refused with a message saying so, like ``abc``."""
    value = value.strip()
    host, port = value, "53"
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest.removeprefix(":") if rest else port
        if rest and not rest.startswith(":"):
            raise InputError("nameserver_not_address")
    elif value.count(":") == 1:
        host, port = value.split(":")
    if not is_ip_address(host):
        raise InputError("nameserver_not_address")
    if not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise InputError("nameserver_port")
    return host, int(port)


def make_resolver(nameserver: str | None = None):
    """The system's resolver, or one that asks ``nameserver`` (else SMTP_WIZARD_NAMESERVER);
    raises InputError for a DNS server that is not an address (see parse_nameserver)."""
    import dns.resolver  # imported here: keeps dnspython off the start-up path

    nameserver = nameserver or os.environ.get(NAMESERVER_ENV) or None
    if not nameserver:
        return dns.resolver.Resolver()
    resolver = dns.resolver.Resolver(configure=False)
    host, port = parse_nameserver(nameserver)
    resolver.nameservers = [host]
    resolver.port = port
    return resolver
