"""A scriptable IMAP peer over implicit TLS on loopback (real TCP, real TLS from the test CA).

``answering(pki, **overrides)`` returns a ``talk`` for the ``hostile`` fixture: it greets, then
answers CAPABILITY, LOGIN, LIST, EXAMINE, SEARCH, FETCH and LOGOUT as a small polite server
would, unless ``overrides`` maps a verb (or ``"greeting"``) to ``f(tls, tag, line)`` that answers
it instead, as a slow or mean server does.
"""

from __future__ import annotations

import ssl

from tests.support.servers import server_context

MESSAGE_ID = "<test-1@wizard.test>"
GREETING = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile IMAP ready\r\n"


def line_of(tls: ssl.SSLSocket) -> bytes:
    line = bytearray()
    while not line.endswith(b"\n"):
        byte = tls.recv(1)
        if not byte:
            break
        line += byte
    return bytes(line)


def polite(tls, tag: bytes, verb: bytes, line: bytes) -> None:
    if verb == b"CAPABILITY":
        tls.sendall(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
    elif verb == b"LIST":
        tls.sendall(b'* LIST (\\HasNoChildren) "/" INBOX\r\n')
    elif verb == b"EXAMINE":
        tls.sendall(b"* 1 EXISTS\r\n* OK [UIDVALIDITY 1] ok\r\n")
    elif verb == b"SEARCH":
        tls.sendall(b"* SEARCH\r\n")
    elif verb == b"LOGOUT":
        tls.sendall(b"* BYE bye\r\n")
    tls.sendall(tag + b" OK " + verb + b" done\r\n")


def answering(pki, **overrides):
    def talk(conn, number):
        tls = server_context(pki.good).wrap_socket(conn, server_side=True)
        if "greeting" in overrides:
            overrides["greeting"](tls, b"", b"")
        else:
            tls.sendall(GREETING)
        while True:
            line = line_of(tls)
            if not line:
                return
            words = line.split()
            if len(words) < 2:
                continue
            tag, verb = words[0], words[1].upper()
            if verb == b"UID" and len(words) > 2:
                verb = words[2].upper()
            handler = overrides.get(verb.decode().lower())
            if handler is not None:
                handler(tls, tag, line)
            else:
                polite(tls, tag, verb, line)
            if verb == b"LOGOUT":
                return

    return talk
