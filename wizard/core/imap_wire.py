"""The IMAP client on the wire: imapclient over an imaplib connection bounded in time and size.

A mailbox server controls every byte it sends and when it sends it, as an SMTP server does
(engine/wire.py, engine/bounds.py). imaplib reads through a buffered file whose socket timeout
restarts with every byte, allocates a literal of whatever size the server announces and keeps
every untagged response until the command ends. Here instead:

* the name is resolved and the TCP connection opened in 0.1 s slices (Cancel is checked between
  them), and the :class:`Guard` that Cancel shuts down is registered before anything is opened;
* every read of one command (or the greeting) must finish before one deadline, never later than
  the end of the overall budget, however the server paces its bytes;
* a line, a literal and everything read for one command are capped while they are read (a LIST
  longer than :data:`MAX_FOLDERS` folders included); past a cap the connection is dropped.
"""

from __future__ import annotations

import contextlib
import imaplib
import socket
import ssl
import time

from imapclient import IMAPClient

from wizard.core.engine.api import CancelToken
from wizard.core.engine.errors import Cancelled, ConnectTimeout, DeadlineExceeded
from wizard.core.engine.wire import Budget, connect_one, resolve

MAX_LINE = 64 * 1024  # one response line (a SEARCH of a few hits, a folder name): far below this
MAX_LITERAL = 256 * 1024  # the one literal we ask for is a Message-ID header field
MAX_RESPONSE = 2 * 1024 * 1024  # bytes read for one command, untagged responses included
MAX_RESPONSE_LINES = 5000
MAX_FOLDERS = 1000  # a LIST longer than this is not a mailbox we can read: the connection is dropped
OP_TIMEOUT = 30.0  # one command's replies, within what is left of the budget


class TooLarge(imaplib.IMAP4.abort):
    """The server sent more than a cap allows; the connection is dropped."""


class Guard:
    """One confirmation's budget and Cancel, and the socket Cancel must wake."""

    def __init__(self, budget: Budget, cancel: CancelToken) -> None:
        self.budget = budget
        self.cancel = cancel
        self.sock: socket.socket | None = None
        self.dropped = ""  # why the connection was dropped past a cap, for the result
        cancel.on_cancel(self.abort)

    def abort(self) -> None:
        sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError, ValueError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # wakes a blocked connect/read at once

    def check(self) -> None:
        if self.cancel.cancelled:
            raise Cancelled()

    def hold(self, sock: socket.socket) -> None:
        self.sock = sock  # from before it connects: Cancel wakes a blocked connect too


def open_socket(host: str, port: int, guard: Guard, connect_timeout: float) -> socket.socket:
    """Resolve and connect, both cancellable and within the connect limit and the budget."""
    limit = guard.budget.slice(connect_timeout)
    end = time.monotonic() + limit
    infos = resolve(host, port, timeout=limit, cancel=guard.cancel)
    last: Exception | None = None
    for family, kind, proto, _, address in infos:
        try:
            return connect_one((family, kind, proto, address), end, guard.cancel, guard.hold)
        except (ConnectTimeout, OSError) as error:
            last = error
    raise last or ConnectTimeout("no address to connect to")


class BoundedIMAP4(imaplib.IMAP4):
    """imaplib's protocol engine with our own reads: one deadline per command, sizes capped."""

    def __init__(
        self, host: str, port: int, guard: Guard, context: ssl.SSLContext | None, connect_timeout: float
    ):
        self.guard = guard
        self.tls_context = context  # None: plain TCP until STARTTLS
        self.connect_timeout = connect_timeout
        self._buffer = bytearray()
        self._deadline = 0.0
        self._read = self._lines = self._folders = 0
        self._verb = "greeting"
        self._start(connect_timeout)
        super().__init__(host, port, connect_timeout)

    # -- connection ------------------------------------------------------------------------
    def _create_socket(self, timeout=None) -> socket.socket:
        sock = open_socket(self.host, self.port, self.guard, self.connect_timeout)
        return self._handshake(sock, self.tls_context) if self.tls_context is not None else sock

    def _handshake(self, sock: socket.socket, context: ssl.SSLContext) -> ssl.SSLSocket:
        tls = context.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        self.guard.sock = tls
        self.guard.check()
        tls.settimeout(self.guard.budget.slice(self.connect_timeout))
        tls.do_handshake()  # CPython bounds the whole handshake by the timeout set above
        return tls

    def starttls(self, ssl_context=None):
        typ, data = self._simple_command("STARTTLS")
        if typ != "OK":
            raise self.error("the server refused STARTTLS")
        if self._buffer:  # bytes sent in clear after the OK would be read as if they came over TLS
            raise self.abort("the server sent more after its STARTTLS answer")
        self.sock = self._handshake(self.sock, ssl_context)
        self._tls_established = True
        self._get_capabilities()
        return self._untagged_response(typ, data, "STARTTLS")

    # -- one deadline and one size account per command ---------------------------------------
    def _start(self, limit: float) -> None:
        self._deadline = time.monotonic() + self.guard.budget.slice(limit)
        self._read = self._lines = self._folders = 0

    def _command(self, name, *args):
        self._verb = name.upper()
        return super()._command(name, *args)

    def _new_tag(self):
        """Every command takes a new tag, also those imapclient sends itself (SEARCH, FETCH)."""
        self._start(OP_TIMEOUT)
        return super()._new_tag()

    def send(self, data) -> None:
        self.guard.check()
        self.sock.settimeout(self._left())
        self.sock.sendall(data)

    def _left(self) -> float:
        left = min(self._deadline, self.guard.budget.end) - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded("the IMAP server did not answer in time")
        return left

    def _fill(self) -> bool:
        """Read once more from the socket into the buffer; False when the server closed."""
        self.guard.check()
        self.sock.settimeout(self._left())
        try:
            chunk = self.sock.recv(65536)
        except TimeoutError:
            raise DeadlineExceeded("the IMAP server did not answer in time") from None
        self.guard.check()
        self._buffer += chunk
        return bool(chunk)

    def _drop(self, why: str) -> TooLarge:
        self.guard.dropped = why
        with contextlib.suppress(OSError):
            self.sock.close()
        return TooLarge(why)

    def _account(self, size: int) -> None:
        self._read += size
        if self._read > MAX_RESPONSE:
            raise self._drop(f"the answer to {self._verb} is larger than {MAX_RESPONSE // 1024} KiB")
        if self._lines > MAX_RESPONSE_LINES:
            raise self._drop(f"the answer to {self._verb} has more than {MAX_RESPONSE_LINES} lines")
        if self._folders > MAX_FOLDERS:
            raise self._drop(f"the server lists more than {MAX_FOLDERS} folders")

    def readline(self) -> bytes:
        while True:
            end = self._buffer.find(b"\n", 0, MAX_LINE)
            if end >= 0:
                line = bytes(self._buffer[: end + 1])
                del self._buffer[: end + 1]
                self._lines += 1
                if self._verb == "LIST" and line.startswith(b"* LIST"):
                    self._folders += 1
                self._account(len(line))
                return line
            if len(self._buffer) >= MAX_LINE:
                raise self._drop(f"a response line longer than {MAX_LINE // 1024} KiB")
            if not self._fill():
                return b""

    def read(self, size: int) -> bytes:
        if size > MAX_LITERAL:
            raise self._drop(f"a literal of {size} bytes (at most {MAX_LITERAL // 1024} KiB are read)")
        self._account(size)
        while len(self._buffer) < size:
            if not self._fill():
                break
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data


class BoundedClient(IMAPClient):
    """imapclient's parsing and commands over :class:`BoundedIMAP4`."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        context: ssl.SSLContext,
        implicit: bool,
        guard: Guard,
        connect_timeout: float,
    ) -> None:
        self._guard = guard
        self._connect_timeout = connect_timeout
        super().__init__(host, port, ssl=implicit, ssl_context=context)

    def _create_IMAP4(self):
        context = self.ssl_context if self.ssl else None
        return BoundedIMAP4(self.host, self.port, self._guard, context, self._connect_timeout)

    def _set_read_timeout(self) -> None:
        pass  # every read sets its own timeout from the command's deadline

    def _raw_command(self, command, args, uid=True):
        self.has_capability("LITERAL+")  # may send CAPABILITY first: the verb is named after it
        self._imap._verb = command.decode("ascii", "replace").upper()  # named when a cap drops it
        return super()._raw_command(command, args, uid=uid)
