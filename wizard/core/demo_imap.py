"""Demo mode's IMAP side: a tiny read-only IMAP4rev1 responder over implicit TLS on loopback.

Just enough for delivery confirmation to run the real client path (imapclient, the engine's TLS
rules) against the demo inbox: CAPABILITY, ID, LOGIN, LIST (INBOX and a ``\\Junk`` folder named
垃圾邮件 in modified UTF-7), EXAMINE/SELECT, UID SEARCH by Message-ID, UID FETCH of the Message-ID
header, NOOP, LOGOUT. Mail sent to ``junk@example.com`` is filed under 垃圾邮件. It never stores
anything and never changes a message. Not a general IMAP server: demo only.

Every connection is bounded: lines of at most 8 KiB, 60 s of silence ends it.
"""

from __future__ import annotations

import contextlib
import socketserver
import ssl
import threading
from collections.abc import Callable

JUNK_FOLDER_UTF7 = "&V4NXPpCuTvY-"  # 垃圾邮件
MAX_LINE = 8192
IDLE_SECONDS = 60.0


def _words(text: str) -> list[str]:
    """IMAP atoms and quoted strings (what imaplib sends), unquoted."""
    words, current, quoted, escaped = [], "", False, False
    for char in text:
        if quoted:
            if escaped:
                current, escaped = current + char, False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
                words.append(current)
                current = ""
            else:
                current += char
        elif char == '"':
            quoted = True
        elif char == " ":
            if current:
                words.append(current)
            current = ""
        else:
            current += char
    if current:
        words.append(current)
    return words


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def setup(self) -> None:
        self.request.settimeout(IDLE_SECONDS)
        super().setup()
        self.user: str | None = None
        self.folder: str | None = None

    def send(self, line: str) -> None:
        self.wfile.write(line.encode("utf-8") + b"\r\n")

    def handle(self) -> None:
        with contextlib.suppress(OSError, ssl.SSLError):
            self.send("* OK [CAPABILITY IMAP4rev1 ID SPECIAL-USE] smtp-wizard demo IMAP ready")
            while True:
                raw = self.rfile.readline(MAX_LINE + 1)
                if not raw or len(raw) > MAX_LINE:
                    return
                words = _words(raw.decode("utf-8", "replace").strip())
                if len(words) < 2:
                    continue
                tag, command, args = words[0], words[1].upper(), words[2:]
                if command == "UID" and args:
                    command, args = args[0].upper(), args[1:]
                if not self.answer(tag, command, args):
                    return

    def answer(self, tag: str, command: str, args: list[str]) -> bool:
        if command == "CAPABILITY":
            self.send("* CAPABILITY IMAP4rev1 ID SPECIAL-USE")
        elif command == "ID":
            self.send('* ID ("name" "smtp-wizard demo")')
        elif command == "LOGIN":
            if len(args) != 2 or not self.server.check_login(args[0], args[1]):
                self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
                return True
            self.user = args[0]
        elif command == "LOGOUT":
            self.send("* BYE logging out")
            self.send(f"{tag} OK LOGOUT completed")
            return False
        elif self.user is None and command not in ("NOOP",):
            self.send(f"{tag} NO log in first")
            return True
        elif command == "LIST":
            self.send('* LIST (\\HasNoChildren) "/" INBOX')
            self.send(f'* LIST (\\HasNoChildren \\Junk) "/" "{JUNK_FOLDER_UTF7}"')
        elif command in ("EXAMINE", "SELECT"):
            if not args or args[0] not in ("INBOX", JUNK_FOLDER_UTF7):
                self.send(f"{tag} NO no such folder")
                return True
            self.folder = args[0]
            count = len(self.server.message_ids(self.folder == JUNK_FOLDER_UTF7))
            self.send("* FLAGS (\\Seen)")
            self.send(f"* {count} EXISTS")
            self.send("* OK [UIDVALIDITY 1] demo")
            self.send(f"{tag} OK [READ-ONLY] {command} completed")
            return True
        elif command == "SEARCH":
            ids = self.server.message_ids(self.folder == JUNK_FOLDER_UTF7) if self.folder else []
            wanted = args[-1] if len(args) >= 3 and args[-3].upper() == "HEADER" else None
            hits = [str(n) for n, mid in enumerate(ids, 1) if wanted and wanted in mid]
            self.send("* SEARCH" + "".join(f" {n}" for n in hits))
        elif command == "FETCH":
            ids = self.server.message_ids(self.folder == JUNK_FOLDER_UTF7) if self.folder else []
            for n, mid in enumerate(ids, 1):
                if args and str(n) in args[0].split(","):
                    header = f"Message-ID: {mid}\r\n\r\n".encode()
                    start = f"* {n} FETCH (UID {n} BODY[HEADER.FIELDS (MESSAGE-ID)] {{{len(header)}}}\r\n"
                    self.wfile.write(start.encode())
                    self.wfile.write(header + b")\r\n")
        elif command != "NOOP":
            self.send(f"{tag} BAD not supported by the demo")
            return True
        self.send(f"{tag} OK {command} completed")
        return True


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, context: ssl.SSLContext, check_login, message_ids) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.context = context
        self.check_login: Callable[[str, str], bool] = check_login
        self.message_ids: Callable[[bool], list[str]] = message_ids

    def get_request(self):
        sock, address = super().get_request()
        sock.settimeout(10.0)  # the TLS handshake, bounded too
        try:
            return self.context.wrap_socket(sock, server_side=True), address
        except (OSError, ssl.SSLError):
            with contextlib.suppress(OSError):
                sock.close()
            raise


class DemoImap:
    """``message_ids(junk)`` lists the Message-IDs in INBOX or in the junk folder."""

    def __init__(self, context: ssl.SSLContext, check_login, message_ids) -> None:
        self._server = _Server(context, check_login, message_ids)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-imap", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


__all__ = ["DemoImap"]
