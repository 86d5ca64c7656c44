"""What a hostile server can make us read, keep and show: bounded in time and size.

A server controls every byte it sends and when it sends it. A reply dripped one byte at a time
must not outlive the overall budget (a per-``recv`` socket timeout would restart with every byte),
and an endless ``250-`` continuation must not grow memory or the result without limit.
RFC 5321 §4.5.3.1.5 limits a reply line to 512 octets including CRLF; EHLO replies of real
servers have about 20 lines. The limits below leave a wide margin over both.
"""

from __future__ import annotations

import socket
import time

MAX_LINE = 4096  # bytes kept of one reply line (RFC 5321: 512 including CRLF); the rest is cut
MAX_RAW_LINE = 65536  # a line longer than this is refused outright
MAX_REPLY_LINES = 200  # lines of one multi-line reply
MAX_TRANSCRIPT_LINES = 2000
MAX_TRANSCRIPT_CHARS = 400_000
MAX_FIELD = 2000  # characters of any one text field of a result (server reply, detail, banner)
CUT_MARK = "…[cut]"  # in anything shortened, so the result says it was cut
CUT = " " + CUT_MARK


def cap(text: str, limit: int = MAX_FIELD) -> str:
    """``text`` itself, or its first ``limit`` characters followed by the cut marker."""
    return text if len(text) <= limit else text[:limit] + CUT


def is_cut(text: str | None) -> bool:
    return bool(text) and CUT_MARK in text  # type: ignore[operator]


class ReplyTooLong(ConnectionError):
    """The server's reply broke a size limit; the connection is dropped (not a server we can use)."""


class LineReader:
    """Reads CRLF-terminated lines from a socket, each call bounded by an absolute deadline.

    ``recv`` gets only the time left until the deadline, so the deadline holds however the
    server paces its bytes. Bytes after a line stay buffered for the next call (pipelining),
    and :attr:`pending` tells the STARTTLS step whether the server sent more than its 220.
    """

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = bytearray()

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def readline(self, deadline: float) -> bytes:
        """One line including its line break; b"" when the server closed the connection.

        A line over :data:`MAX_LINE` is kept shortened, with the cut marker (a 5,000-digit SIZE
        must not break a working server); over :data:`MAX_RAW_LINE` it is refused.
        """
        while True:
            end = self._buffer.find(b"\n", 0, MAX_RAW_LINE)
            if end >= 0:
                line = bytes(self._buffer[: end + 1])
                del self._buffer[: end + 1]
                if len(line) > MAX_LINE:
                    line = line[: MAX_LINE - 16] + CUT.encode() + b"\r\n"
                return line
            if len(self._buffer) >= MAX_RAW_LINE:
                raise ReplyTooLong(f"a reply line longer than {MAX_RAW_LINE} bytes")
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the reply did not arrive in time")
            self.sock.settimeout(left)
            chunk = self.sock.recv(MAX_RAW_LINE)
            if not chunk:
                return b""
            self._buffer += chunk
