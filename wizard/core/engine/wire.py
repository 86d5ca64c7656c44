"""The SMTP client on the wire: stdlib smtplib, subclassed where its defaults are unsafe or blocking.

Why a subclass instead of plain ``smtplib.SMTP``:
* ``connect`` would block in ``getaddrinfo``/``connect`` where Cancel cannot reach it; here the
  name is resolved in a daemon thread and the connect is non-blocking, both polled in 0.1 s slices;
* every reply must be complete within ``min(per-operation limit, time left in the overall budget)``
  however slowly the server sends it, and its size is bounded (bounds.py);
* Cancel (from any thread) shuts the current socket down, which wakes the blocked call at once;
* ``auth()`` encodes ASCII (python/cpython#73936); PLAIN/LOGIN/CRAM-MD5 here use UTF-8;
* every line is written to the redacted :class:`Transcript` (never ``set_debuglevel``).

It is one class (over 300 lines) because every point where smtplib touches the socket has to be
replaced together; a partial override would leave one blocking or unbounded path.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import errno
import hmac
import re
import select
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable

from wizard.core.engine.api import CancelToken
from wizard.core.engine.bounds import MAX_REPLY_LINES, LineReader, ReplyTooLong
from wizard.core.engine.errors import (
    AuthMissing,
    AuthNeedsTls,
    Cancelled,
    ConnectTimeout,
    DeadlineExceeded,
    GreetingTimeout,
    PlaintextAuthBlocked,
    ReplyError,
    ResolveFailed,
    StarttlsMissing,
    TlsNotStarted,
)
from wizard.core.engine.resolver import addresses
from wizard.core.engine.tls import check_pin
from wizard.core.engine.transcript import Transcript, decode_reply

POLL = 0.1  # seconds between cancel checks while waiting for DNS or a connect
_IN_PROGRESS = {0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN, 10035}  # 10035: WSAEWOULDBLOCK


def connect_one(
    info: tuple, end: float, cancel: CancelToken, track: Callable[[socket.socket], None]
) -> socket.socket:
    """Open a TCP connection to one resolved address (family, type, proto, sockaddr) before
    ``end``, in POLL slices so that Cancel is seen between them; ``track`` is given the socket
    before it connects, for a Cancel on another thread to shut down. Used by SMTP and IMAP."""
    family, kind, proto, address = info
    sock = socket.socket(family, kind, proto)
    track(sock)
    try:
        sock.setblocking(False)
        code = sock.connect_ex(address)
        while code in _IN_PROGRESS and code != 0:
            if cancel.cancelled:
                raise Cancelled()
            left = end - time.monotonic()
            if left <= 0:
                raise ConnectTimeout(f"no answer from {address[0]} port {address[1]}")
            _, writable, failed = select.select([], [sock], [sock], min(POLL, left))
            if writable or failed:
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                break
        if code != 0:
            raise OSError(code, errno.errorcode.get(code, "connect failed"))
        sock.setblocking(True)
        return sock
    except BaseException:
        sock.close()
        raise


_BODY_LINES_SHOWN = 40
# OpenSSL's reasons when the bytes it got are not TLS at all.
_NOT_TLS = {
    "WRONG_VERSION_NUMBER",
    "RECORD_LAYER_FAILURE",
    "PACKET_LENGTH_TOO_LONG",
    "HTTP_REQUEST",
    "UNKNOWN_PROTOCOL",
}


class Budget:
    """The overall deadline of one test; each operation gets at most what is left."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def slice(self, limit: float) -> float:
        left = min(limit, self.remaining())
        if left <= 0:
            raise DeadlineExceeded("the overall time limit was reached")
        return left


_DNS_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,250}[A-Za-z0-9])?")


def ehlo_name(local_address: str, host_name: str | None = None) -> str:
    """What to say in EHLO (RFC 5321 §4.1.4): the fully qualified host name when this machine's
    name has a dot, otherwise an address literal of the local end of the connection
    (``[10.0.0.5]``, ``[IPv6:fd00::5]``). A short name such as ``vm`` is refused by Postfix's
    reject_non_fqdn_helo_hostname and scores as spam. No getfqdn(): it can stall on DNS."""
    name = socket.gethostname() if host_name is None else host_name
    if "." in name and _DNS_NAME.fullmatch(name) and not name.replace(".", "").isdigit():
        return name
    address = local_address.split("%")[0]
    return f"[IPv6:{address}]" if ":" in address else f"[{address}]"


def resolve(host: str, port: int, *, timeout: float, cancel: CancelToken) -> list[tuple]:
    """getaddrinfo in a daemon thread: a stuck resolver cannot hold the caller past ``timeout``."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["infos"] = addresses(host, port, timeout=timeout)  # the system's or the named DNS
        except (OSError, UnicodeError) as error:
            outcome["error"] = error

    thread = threading.Thread(target=work, name="smtp-resolve", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while thread.is_alive():
        if cancel.cancelled:
            raise Cancelled()
        if time.monotonic() >= deadline:
            raise ResolveFailed(f"DNS lookup of {host} timed out")
        thread.join(POLL)
    if "error" in outcome:
        raise ResolveFailed(str(outcome["error"])) from outcome["error"]  # type: ignore[misc]
    return list(outcome["infos"])  # type: ignore[call-overload]


class Client(smtplib.SMTP):
    def __init__(
        self,
        transcript: Transcript,
        budget: Budget,
        cancel: CancelToken,
        *,
        connect_timeout: float,
        op_timeout: float,
        ehlo: str | None = None,
    ) -> None:
        super().__init__(local_hostname=ehlo or "localhost")  # replaced once connected
        self.ehlo_override = ehlo
        self.transcript = transcript
        self.budget = budget
        self.cancel = cancel
        self.connect_timeout = connect_timeout
        self.op_timeout = op_timeout
        self.body_sent = False  # True once the whole DATA body left us: the server may have it
        self.authenticated = False  # a 235 came on this connection
        self._connecting: socket.socket | None = None
        self._reader: LineReader | None = None
        cancel.on_cancel(self.abort)

    # -- cancellation and time limits -------------------------------------------------------
    def abort(self) -> None:
        """Called from another thread: wake any blocked call. Shutdown, not close (fd reuse)."""
        for sock in (self.sock, self._connecting):
            if sock is not None:
                with contextlib.suppress(OSError, ValueError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the fd itself, not SSL state

    def _arm(self, limit: float | None = None) -> float:
        """Check cancel and the budget; returns the deadline of the next operation."""
        if self.cancel.cancelled:
            raise Cancelled()
        if self.sock is None:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        seconds = self.budget.slice(limit or self.op_timeout)
        self.sock.settimeout(seconds)
        return time.monotonic() + seconds

    def _timed_out(self) -> Exception:
        if self.budget.remaining() <= 0.01:
            return DeadlineExceeded("the overall time limit was reached")
        return TimeoutError("the server did not answer in time")

    def close(self) -> None:
        self._reader = None
        super().close()

    # -- connection ------------------------------------------------------------------------
    def open(self, host: str, infos: list[tuple]) -> str:
        """Connect to the first address that answers; return "address:port"."""
        end = time.monotonic() + self.budget.slice(self.connect_timeout)
        last: Exception | None = None
        for index, (family, kind, proto, _, address) in enumerate(infos):
            share = (end - time.monotonic()) / (len(infos) - index)  # a dead address cannot eat it all
            try:
                self.sock = self._connect_one(family, kind, proto, address, time.monotonic() + share)
            except (ConnectTimeout, OSError) as error:
                if last is None or isinstance(last, ConnectionRefusedError):
                    last = error  # a timeout says more than "refused" on another address
                continue
            self._host = host
            self.file = None
            self.local_hostname = self.ehlo_override or ehlo_name(self.sock.getsockname()[0])
            return (
                f"{address[0]}:{address[1]}" if family != socket.AF_INET6 else f"[{address[0]}]:{address[1]}"
            )
        raise last or ConnectTimeout("no address to connect to")

    def _connect_one(self, family, kind, proto, address, end: float) -> socket.socket:
        try:
            return connect_one((family, kind, proto, address), end, self.cancel, self._track)
        finally:
            self._connecting = None

    def _track(self, sock: socket.socket) -> None:
        self._connecting = sock  # Cancel shuts it down to wake a blocked connect

    def wrap_tls(
        self, context: ssl.SSLContext, server_hostname: str, pinned_sha256: str | None
    ) -> ssl.SSLSocket:
        self._arm(self.connect_timeout)
        tls = context.wrap_socket(self.sock, server_hostname=server_hostname, do_handshake_on_connect=False)
        self.sock = tls  # before the handshake, so abort() reaches the socket that blocks
        self.file = None
        self._reader = None
        if self.cancel.cancelled:
            raise Cancelled()
        try:
            tls.do_handshake()  # CPython bounds the whole handshake by the socket timeout set above
        except ssl.SSLError as error:  # OpenSSL's own words stay for support; the stage says it in words
            self.transcript.note(f"TLS handshake failed: {error}")
            raise
        check_pin(tls, pinned_sha256)
        self.transcript.note(f"TLS established: {tls.version()}")
        return tls

    # -- reading and writing ----------------------------------------------------------------
    def send(self, s) -> None:
        self._arm()
        text = s if isinstance(s, str) else s.decode("utf-8", "replace")
        for line in text.split("\r\n"):
            if line:
                self.transcript.sent(line)
        super().send(s)

    def getreply(self, limit: float | None = None):
        """One whole reply, which must arrive before one deadline and within the size limits."""
        lines: list[bytes] = []
        code = -1
        deadline = self._arm(limit)
        if self._reader is None:
            self._reader = LineReader(self.sock)
        while True:
            if self.cancel.cancelled:
                raise Cancelled()
            try:
                line = self._reader.readline(deadline)
            except TimeoutError:
                self.close()
                raise self._timed_out() from None
            except ReplyTooLong:
                self.close()
                raise
            except OSError as error:
                self.close()
                raise smtplib.SMTPServerDisconnected(f"Connection unexpectedly closed: {error}") from None
            if not line:
                self.close()
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            self.transcript.received(decode_reply(line.rstrip(b"\r\n")))
            if len(lines) >= MAX_REPLY_LINES:
                self.close()
                raise ReplyTooLong(f"a reply of more than {MAX_REPLY_LINES} lines")
            lines.append(line[4:].strip(b" \t\r\n"))
            try:
                code = int(line[:3])
            except ValueError:
                break
            if line[3:4] != b"-":
                break
        return code, b"\n".join(lines)

    def expect(self, codes: tuple[int, ...], *command: str) -> str:
        """Run one command; anything but ``codes`` raises :class:`ReplyError`. Returns the reply."""
        code, reply = self.docmd(*command)
        text = decode_reply(reply)
        if code not in codes:
            raise ReplyError(code, text)
        return f"{code} {text.splitlines()[0] if text else ''}".strip()

    # -- the SMTP steps ----------------------------------------------------------------------
    def greeting(self) -> str:
        try:
            code, reply = self.getreply(self.connect_timeout)
        except (TimeoutError, DeadlineExceeded):
            raise GreetingTimeout("the server accepted the connection but sent no greeting") from None
        if code != 220:
            raise ReplyError(code, decode_reply(reply))
        return f"{code} {decode_reply(reply).splitlines()[0] if reply else ''}".strip()

    def hello(self) -> str:
        code, reply = self.ehlo()
        if code != 250:
            raise ReplyError(code, decode_reply(reply))
        return f"{code} {decode_reply(reply).splitlines()[0]}"

    def start_tls(self, context: ssl.SSLContext, server_hostname: str, pinned_sha256: str | None):
        # Mandatory: a missing 250-STARTTLS is a failure, never a silent plaintext session (RFC 3207 §6).
        if not self.has_extn("starttls"):
            raise StarttlsMissing("the server does not offer STARTTLS")
        self.expect((220,), "STARTTLS")
        if self._reader is not None and self._reader.pending:
            # Bytes after the 220 were sent in plaintext and could be taken for TLS-protected
            # replies (CVE-2011-0411 style injection): never read them, drop the connection.
            raise TlsNotStarted("the server sent plaintext after its 220 reply to STARTTLS")
        try:
            tls = self.wrap_tls(context, server_hostname, pinned_sha256)
        except ssl.SSLCertVerificationError:
            raise
        except ssl.SSLError as error:
            # We are on STARTTLS already: "wrong version number" here means the server kept
            # talking plaintext after agreeing to start TLS, not that the port wants another mode.
            if error.reason in _NOT_TLS:  # the text would read as "wrong port" to the rules: leave it out
                raise TlsNotStarted("the server kept talking plaintext after its 220 to STARTTLS") from None
            raise
        self.helo_resp = self.ehlo_resp = None  # RFC 3207 §4.2: forget what was said in plaintext
        self.esmtp_features = {}
        self.does_esmtp = False
        return tls

    def login_utf8(self, user: str, password: str, *, allow_plaintext: bool) -> str:
        if not isinstance(self.sock, ssl.SSLSocket) and not allow_plaintext:
            raise PlaintextAuthBlocked("the password would be sent unencrypted")
        offered = self.esmtp_features.get("auth", "").upper().split()
        for mechanism in ("PLAIN", "LOGIN", "CRAM-MD5"):
            if mechanism not in offered:
                continue
            code, reply = self._authenticate(mechanism, user, password)
            # Only a 235 proves the password. A 503 means "authentication not enabled" or "AUTH
            # not advertised" (Postfix, Exim); "already authenticated" is the one 503 that may
            # count, and only after a 235 on this same connection.
            if code == 235 or (code == 503 and self.authenticated):
                self.authenticated = True
                return f"{code} {decode_reply(reply).splitlines()[0] if reply else ''}".strip()
            if code == 504:  # this mechanism is refused after all: try the next one
                continue
            raise ReplyError(code, decode_reply(reply))
        if not offered and not isinstance(self.sock, ssl.SSLSocket) and self.has_extn("starttls"):
            raise AuthNeedsTls("AUTH is offered only after STARTTLS")
        raise AuthMissing(" ".join(offered) or "no AUTH offered")

    def _authenticate(self, mechanism: str, user: str, password: str) -> tuple[int, bytes]:
        def b64(data: bytes) -> str:
            return base64.b64encode(data).decode("ascii")

        secret, login = password.encode("utf-8"), user.encode("utf-8")
        self.transcript.in_auth = True
        try:
            if mechanism == "PLAIN":
                return self.docmd("AUTH", "PLAIN " + b64(b"\0" + login + b"\0" + secret))
            code, reply = self.docmd("AUTH", mechanism)
            if mechanism == "LOGIN":
                if code == 334:
                    code, reply = self.docmd(b64(login))
                if code == 334:
                    code, reply = self.docmd(b64(secret))
            elif code == 334:
                try:
                    challenge = base64.b64decode(reply, validate=True)
                except (binascii.Error, ValueError):
                    self.docmd("*")  # RFC 4954 §4: cancel the exchange
                    raise AuthMissing("the server's CRAM-MD5 challenge is not base64") from None
                digest = hmac.new(secret, challenge, "md5").hexdigest()
                code, reply = self.docmd(b64(login + b" " + digest.encode("ascii")))
            return code, reply
        finally:
            self.transcript.in_auth = False

    def mail_from(self, sender: str) -> str:
        return self.expect((250,), "MAIL", f"FROM:<{sender}>")

    def rcpt_to(self, recipient: str) -> str:
        return self.expect((250, 251), "RCPT", f"TO:<{recipient}>")

    def send_data(self, message: bytes) -> str:
        self.expect((354,), "DATA")
        lines = message.split(b"\r\n")
        for line in lines[:_BODY_LINES_SHOWN]:
            self.transcript.sent(line.decode("utf-8", "replace"))
        if len(lines) > _BODY_LINES_SHOWN:
            self.transcript.sent(f"[... {len(lines) - _BODY_LINES_SHOWN} more lines ...]")
        self.transcript.sent(".")
        payload = smtplib._quote_periods(message)
        if not payload.endswith(b"\r\n"):
            payload += b"\r\n"
        self._arm()
        try:
            self.sock.sendall(payload + b".\r\n")
        except OSError as error:
            self.close()
            raise smtplib.SMTPServerDisconnected(
                f"Connection lost while sending the message: {error}"
            ) from None
        self.body_sent = True
        code, reply = self.getreply()
        text = decode_reply(reply)
        if code != 250:
            raise ReplyError(code, text)
        return f"{code} {text.splitlines()[0] if text else ''}".strip()

    def finish(self) -> None:
        """QUIT politely but briefly; a server that does not answer is not our problem any more."""
        with contextlib.suppress(Exception):
            if self.sock is not None and not self.cancel.cancelled:
                self.putcmd("QUIT")
                self.getreply(min(1.0, self.op_timeout))
        self.close()
