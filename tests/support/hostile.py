"""Hostile servers on loopback: raw sockets scripted per test (real TCP, real TLS via trustme).

``hostile(talk)`` listens on 127.0.0.1 and runs ``talk(conn, number)`` in a thread for every
connection (``number`` counts from 0), so a test can behave differently on the certificate peek or
the probe's login connection. Helpers below drip bytes and read commands like a slow or mean server.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable

from tests.support.servers import USER

Talk = Callable[[socket.socket, int], None]


class Hostile:
    def __init__(self, talk: Talk) -> None:
        self.talk = talk
        self.received: list[bytes] = []
        self.connections = 0
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            number, self.connections = self.connections, self.connections + 1
            threading.Thread(target=self._run, args=(conn, number), daemon=True).start()

    def _run(self, conn: socket.socket, number: int) -> None:
        with contextlib.suppress(OSError), conn:
            self.talk(conn, number)

    def close(self) -> None:
        self._listener.close()


def drip(conn: socket.socket, data: bytes, gap: float = 0.2, *, forever: bool = False) -> None:
    """Send ``data`` one byte at a time, ``gap`` seconds apart (again and again if ``forever``)."""
    while True:
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(gap)
        if not forever:
            return


def command(conn: socket.socket, log: list[bytes] | None = None) -> bytes:
    """Read one client line (blocking); b"" when the client closed."""
    line = bytearray()
    while not line.endswith(b"\n"):
        byte = conn.recv(1)
        if not byte:
            break
        line += byte
    if log is not None:
        log.append(bytes(line))
    return bytes(line)


def converse(conn: socket.socket, replies: dict[bytes, bytes], log: list[bytes] | None = None) -> bytes:
    """Answer commands from ``replies`` (by verb) until a verb has no entry; return that line."""
    while True:
        line = command(conn, log)
        verb = line.split(b" ")[0].strip().upper()
        if not line or verb not in replies:
            return line
        conn.sendall(replies[verb])
        if verb == b"DATA":
            while command(conn, log) not in (b".\r\n", b""):
                pass
            return b"."


def target(port: int, security: str) -> list[str]:
    """CLI options that point a command at a hostile server on loopback."""
    return ["--host", "127.0.0.1", "--port", str(port), "--security", security, "--sender", USER]


EHLO = b"250-hostile.test\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 1000\r\n"
