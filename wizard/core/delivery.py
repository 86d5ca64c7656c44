"""Delivery confirmation: did the test mail reach the inbox, the junk folder, or nowhere yet?

After a passed test, log in to the recipient's mailbox over IMAP and look for the test mail's
Message-ID in INBOX and in every junk folder (RFC 6154 ``\\Junk``, or a name providers use),
polling until it appears or the time limit passes. Read-only: folders are opened with EXAMINE
and nothing is changed. Certificates are verified exactly as for SMTP (the engine's context:
system trust store, a CA file, or one pinned certificate); the password is redacted from
everything returned, as in the SMTP transcript.

imapclient (not aioimaplib): it is synchronous like the rest of the engine (a worker thread,
one CancelToken), parses LIST flags and SEARCH replies, and decodes IMAP's modified UTF-7
folder names (垃圾邮件 arrives as ``&V4NXPpCuTvY-``).
"""

from __future__ import annotations

import ssl
import time
from dataclasses import dataclass
from email.parser import BytesParser
from typing import Any

from wizard.core.engine.api import CancelToken
from wizard.core.engine.errors import Cancelled, ConnectTimeout, DeadlineExceeded, ResolveFailed
from wizard.core.engine.tls import PinMismatch, check_pin, client_context
from wizard.core.engine.transcript import Redactor
from wizard.core.i18n import tr
from wizard.core.settings import Security
from wizard.core.untrusted import shown

# Folder names (last hierarchy level, case-insensitive) that hold junk where \Junk is not advertised.
JUNK_NAMES = ("垃圾邮件", "junk", "spam", "junk e-mail", "junk email", "广告邮件", "bulk mail")
MAX_FOLDERS = 200  # junk folders are looked for among the first folders listed
MAX_HITS_READ = 5  # SEARCH hits whose Message-ID is read to confirm a match
GRACE = 0.5  # seconds a round under way may run past the wait, for its last reads
INBOX, JUNK, NOT_FOUND = "inbox", "junk", "not_found"


@dataclass(frozen=True)
class ImapRequest:
    host: str
    port: int
    security: Security  # ssl or starttls
    username: str
    password: str
    message_id: str  # "<...@...>" of the test mail
    timeout: float = 120.0  # how long to wait for the mail, in total
    poll_interval: float = 3.0
    connect_timeout: float = 10.0
    ca_file: str | None = None
    pinned_sha256: str | None = None


@dataclass(frozen=True)
class Delivery:
    code: str  # inbox | junk | not_found | auth_failed | tls_untrusted | tls_failed | connect_failed
    # | timeout | imap_error | cancelled | invalid_input
    folder: str | None = None  # where the mail was found (decoded name)
    seconds: float | None = None  # from the start of the confirmation until it was seen
    detail: str = ""  # redacted server text or error

    @property
    def where(self) -> str | None:
        return self.code if self.code in (INBOX, JUNK, NOT_FOUND) else None

    def message(self, lang: str | None = None) -> str:
        return tr(f"delivery.{self.code}", lang, folder=self.folder or "", seconds=self.seconds or 0)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "where": self.where,
            "folder": self.folder,
            "seconds": self.seconds,
            "code": self.code,
            "message": self.message(lang),
            "detail": self.detail,
        }


def junk_folders(listing) -> list[str]:
    """Junk folders from ``list_folders()``: \\Junk first, then the usual names."""
    flagged, named = [], []
    for flags, delimiter, name in listing[:MAX_FOLDERS]:
        if not isinstance(name, str):
            name = name.decode("utf-8", "replace")
        if any(flag.lower() == b"\\noselect" for flag in flags):
            continue
        leaf = name.split(delimiter.decode() if delimiter else "/")[-1].strip().lower()
        if any(flag.lower() == b"\\junk" for flag in flags):
            flagged.append(name)
        elif leaf in JUNK_NAMES:
            named.append(name)
    return flagged + [name for name in named if name not in flagged]


def confirm_delivery(request: ImapRequest, cancel: CancelToken | None = None) -> Delivery:
    """Never raises for network or server problems: the outcome is the returned Delivery.

    One budget (``request.timeout`` plus a short grace for the round that is under way) bounds
    every connect, handshake and read; Cancel is wired before the connection is opened."""
    from wizard.core.engine.wire import Budget
    from wizard.core.imap_wire import Guard

    cancel = cancel or CancelToken()
    redact = Redactor(request.password, request.username)
    start = time.monotonic()
    guard = Guard(Budget(request.timeout + GRACE), cancel)
    client = None
    try:
        context = client_context(request.ca_file, request.pinned_sha256)
    except (OSError, ssl.SSLError) as error:
        return Delivery("invalid_input", detail=redact(str(error))[:300])
    try:
        client = _connect(request, context, guard)
        if b"ID" in client.capabilities():
            client.id_({"name": "smtp-wizard"})  # 163 refuses unnamed clients ("Unsafe Login")
        _login(client, request.username, request.password)
        folders = ["INBOX", *junk_folders(client.list_folders())]
        while True:
            for folder in folders:
                if cancel.cancelled:
                    raise Cancelled()
                client.select_folder(folder, readonly=True)  # EXAMINE: nothing is changed
                hits = client.search(["HEADER", "Message-ID", request.message_id])
                if _holds(client, hits, request.message_id):
                    seconds = round(time.monotonic() - start, 1)
                    return Delivery(INBOX if folder == "INBOX" else JUNK, shown(folder[:200]), seconds)
            left = request.timeout - (time.monotonic() - start)
            if left <= 0:
                return Delivery(NOT_FOUND, seconds=round(time.monotonic() - start, 1))
            if cancel.wait(min(request.poll_interval, left)):
                raise Cancelled()
    except Cancelled:
        return Delivery("cancelled")
    except Exception as error:  # every failure becomes a Delivery code
        if cancel.cancelled:
            return Delivery("cancelled")
        if guard.dropped:
            return Delivery("imap_error", detail=f"{guard.dropped}: the connection was dropped")
        code = _code(error)
        seconds = request.timeout if code == "timeout" else None  # the limit it hit
        return Delivery(code, seconds=seconds, detail=shown(redact(_text(error))[:300]))
    finally:
        if client is not None:
            _close(client)


def _holds(client, hits, message_id: str) -> bool:
    """A SEARCH hit counts only when that message's own Message-ID is the test mail's: a server
    that ignores an unknown criterion answers every search with its whole mailbox."""
    wanted = _bare_id(message_id)
    for uid in list(hits)[-MAX_HITS_READ:]:  # the newest few: the test mail was just delivered
        fetched = client.fetch([uid], ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])  # PEEK: stays unread
        for data in fetched.values():
            for key, value in data.items():
                if key.upper().startswith(b"BODY[HEADER") and isinstance(value, bytes):
                    header = BytesParser().parsebytes(value, headersonly=True).get("Message-ID", "")
                    if _bare_id(str(header)) == wanted:
                        return True
    return False


def _bare_id(message_id: str) -> str:
    return "".join(message_id.split())


def _connect(request: ImapRequest, context: ssl.SSLContext, guard):
    from wizard.core.imap_wire import BoundedClient

    implicit = request.security is Security.SSL
    client = BoundedClient(
        request.host,
        request.port,
        context=context,
        implicit=implicit,
        guard=guard,
        connect_timeout=request.connect_timeout,
    )
    if not implicit:
        client.starttls(context)  # refuses to go on without STARTTLS: nothing is sent in clear
    check_pin(client.socket(), request.pinned_sha256)
    return client


def _login(client, username: str, password: str) -> None:
    """LOGIN takes ASCII only (imaplib encodes it so); other secrets go as UTF-8 in AUTHENTICATE PLAIN."""
    if (username + password).isascii() or b"AUTH=PLAIN" not in client.capabilities():
        client.login(username, password)
    else:
        client.plain_login(username, password)


def _close(client) -> None:
    try:
        client.logout()
    except Exception:  # closing after a failure may fail too
        try:
            client.shutdown()
        except Exception:
            pass


def _text(error: Exception) -> str:
    """imapclient puts the server's bytes in its messages as ``b'...'`` (Python-escaped): back to
    the bytes the server sent, so the password is redacted in the form it had on the wire."""
    import ast

    text = str(error)
    if len(text) > 2 and text[0] == "b" and text[1] in "'\"" and text.endswith(text[1]):
        try:
            text = ast.literal_eval(text).decode("utf-8", "replace")
        except (ValueError, SyntaxError):
            text = text[2:-1]
    return text


def _code(error: Exception) -> str:
    from imapclient.exceptions import IMAPClientError, LoginError

    if isinstance(error, LoginError):
        return "auth_failed"
    if isinstance(error, DeadlineExceeded):
        return "timeout"
    if isinstance(error, ResolveFailed | ConnectTimeout):
        return "connect_failed"
    if isinstance(error, PinMismatch | ssl.SSLCertVerificationError):
        return "tls_untrusted"
    if isinstance(error, ssl.SSLError):
        return "tls_failed"
    if isinstance(error, IMAPClientError):
        return "imap_error"
    if isinstance(error, OSError):
        return "connect_failed"
    return "imap_error"


@dataclass(frozen=True)
class MailboxGuess:
    """Where the recipient's mailbox is read, from the catalog, and whether the SMTP secret opens it."""

    host: str
    port: int
    security: Security
    username: str
    reuse_smtp_secret: bool  # the test went to the sender's own mailbox and the provider allows it


def guess_mailbox(settings, recipient: str, catalog) -> MailboxGuess | None:
    """The recipient domain's provider's IMAP server; for a test sent to itself, the SMTP provider's."""
    smtp = settings.smtp
    own = recipient.lower() in (smtp.sender.lower(), smtp.username.lower())
    domain = recipient.rpartition("@")[2].lower()
    provider = catalog.by_domain(domain) or (catalog.find(smtp.provider) if own else None)
    if provider is None or provider.imap is None:
        return None
    imap = provider.imap
    # The SMTP secret goes only to the IMAP host the catalog names for the sender's own provider.
    reuse = own and imap.smtp_secret_works and provider.id == smtp.provider
    return MailboxGuess(imap.host, imap.port, imap.security, recipient, reuse)


def may_reuse_smtp_secret(guess: MailboxGuess | None, host: str, port: int | None) -> bool:
    """Only for the guessed mailbox itself: any other host or port the user types asks for its own."""
    if guess is None or not guess.reuse_smtp_secret:
        return False
    return host.lower().rstrip(".") == guess.host.lower() and port in (None, guess.port)
