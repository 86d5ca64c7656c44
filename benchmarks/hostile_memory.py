"""Memory against a hostile server: peak RSS of ``test --timeout 4 --json`` while the server sends an
endless ``250-`` continuation reply, against the same command and a server that says one EHLO line.
Target: at most 1.5x (issue 10 measured 1.6 GiB before the reply limits; the absolute cap is 200 MiB).

The IMAP cases (issue 21): peak RSS of a delivery confirmation while the mailbox server announces a
1.5 GB literal, lists folders for ever, or sends untagged ``* OK`` for ever during SEARCH, against the
same confirmation and a polite server that does not have the mail (429 MiB, 948 MiB and 160 MiB
before the caps). Target: at most 1.5x each.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import ssl
import statistics
import sys
import threading

from benchmarks._common import PYTHON, Figure, peak_rss_kib, report


@contextlib.contextmanager
def ehlo_server(endless: bool):
    """Greets, then answers EHLO with one line or with ``250-`` lines for ever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def talk(conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            conn.sendall(b"220 bench.test\r\n")
            conn.recv(1024)
            if not endless:
                conn.sendall(b"250 bench.test\r\n")
                conn.recv(1024)
                return
            while True:
                conn.sendall(b"250-" + b"Z" * 1000 + b"\r\n")

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=talk, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def send_peak_rss_kib(port: int) -> int:
    argv = [PYTHON, "-m", "wizard", "test", "--host", "127.0.0.1", "--port", str(port), "--security", "none"]
    argv += ["--sender", "bench@example.com", "--login-only", "--timeout", "4", "--json"]
    return peak_rss_kib(argv, check=False)  # the test fails (exit 1): the figure is its memory


def measure(rounds: int = 3) -> Figure:
    hostile, polite = [], []
    with ehlo_server(True) as endless_port, ehlo_server(False) as polite_port:
        for _ in range(rounds):
            hostile.append(send_peak_rss_kib(endless_port))
            polite.append(send_peak_rss_kib(polite_port))
    h, p = statistics.median(hostile), statistics.median(polite)
    return Figure(
        "peak RSS, endless 250- reply",
        h / p,
        1.5,
        "x",
        f"{h / 1024:.0f} MiB vs polite server {p / 1024:.0f} MiB",
    )


_CONFIRM = """
import sys
from wizard.core.delivery import ImapRequest, confirm_delivery
from wizard.core.settings import Security
request = ImapRequest("localhost", int(sys.argv[1]), Security.SSL, "bench@example.com", "bench-secret",
                      "<bench@example.com>", timeout=4.0, poll_interval=0.5, ca_file=sys.argv[2])
print(confirm_delivery(request).code)
"""


@contextlib.contextmanager
def imap_server(behaviour: str):
    """Implicit TLS from a trustme CA; ``polite`` never has the mail, the others never end."""
    import tempfile

    import trustme

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(context)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def endless(tls, line: bytes) -> None:
        while True:
            tls.sendall(line)

    def answer(tls, tag: bytes, verb: bytes) -> None:
        if verb == b"CAPABILITY":
            tls.sendall(b"* CAPABILITY IMAP4rev1\r\n")
        elif verb == b"LIST" and behaviour == "list":
            endless(tls, b'* LIST () "/" folder\r\n')
        elif verb == b"LIST":
            tls.sendall(b'* LIST (\\HasNoChildren) "/" INBOX\r\n')
        elif verb == b"SEARCH" and behaviour == "untagged":
            endless(tls, b"* OK still searching\r\n")
        elif verb == b"SEARCH" and behaviour == "literal":
            tls.sendall(b"* SEARCH 1\r\n")
        elif verb == b"SEARCH":  # the polite answer: not (yet) there
            tls.sendall(b"* SEARCH\r\n")
        elif verb == b"FETCH" and behaviour == "literal":
            tls.sendall(b"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (MESSAGE-ID)] {1500000000}\r\n")
            endless(tls, b"A" * 65536)
        tls.sendall(tag + b" OK done\r\n")

    def talk(conn: socket.socket) -> None:
        with contextlib.suppress(OSError, ssl.SSLError), conn:
            tls = context.wrap_socket(conn, server_side=True)
            tls.sendall(b"* OK [CAPABILITY IMAP4rev1] bench ready\r\n")
            for line in tls.makefile("rb"):
                words = line.split()
                if len(words) >= 2:
                    verb = (
                        words[2].upper()
                        if words[1].upper() == b"UID" and len(words) > 2
                        else words[1].upper()
                    )
                    answer(tls, words[0], verb)

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=talk, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    with tempfile.NamedTemporaryFile("wb", suffix=".pem") as ca_file:
        ca_file.write(ca.cert_pem.bytes())
        ca_file.flush()
        try:
            yield listener.getsockname()[1], ca_file.name
        finally:
            listener.close()


def confirm_peak_rss_kib(behaviour: str) -> int:
    with imap_server(behaviour) as (port, ca_file):
        return peak_rss_kib([PYTHON, "-c", _CONFIRM, str(port), ca_file], check=False)


def measure_imap(rounds: int = 3) -> list[Figure]:
    figures = []
    names = {"literal": "1.5 GB literal", "list": "endless LIST", "untagged": "endless * OK during SEARCH"}
    for behaviour, name in names.items():
        hostile, polite = [], []
        for _ in range(rounds):
            hostile.append(confirm_peak_rss_kib(behaviour))
            polite.append(confirm_peak_rss_kib("polite"))
        h, p = statistics.median(hostile), statistics.median(polite)
        figures.append(
            Figure(
                f"peak RSS, IMAP {name}",
                h / p,
                1.5,
                "x",
                f"{h / 1024:.0f} MiB vs polite server {p / 1024:.0f} MiB",
            )
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    return report([measure(), *measure_imap()], as_json=parser.parse_args().json)


if __name__ == "__main__":
    sys.exit(main())
