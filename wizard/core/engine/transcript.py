"""The redacted SMTP conversation log, and the scrubber that keeps secrets out of everything we return.

Installers paste transcripts into support chats, so the transcript must be safe to share:
AUTH lines and their base64 continuation lines are masked as they are recorded, and every
string the engine hands back (transcript, details, server replies, exception text) also goes
through :class:`Redactor`, which removes the password and its base64 forms wherever they appear.
A server may echo them altered (without ``=`` padding, truncated), so every prefix of at least
8 characters of any form is masked too. A password of 4 to 7 characters is masked wherever it
appears, as before; one of 1 to 3 characters (and a base64 form under 8) would turn ordinary
words into asterisks, so it is masked where it stands as a whole word.
"""

from __future__ import annotations

import base64
import re
import threading
import time
from collections.abc import Callable

from wizard.core.engine.bounds import CUT_MARK, MAX_TRANSCRIPT_CHARS, MAX_TRANSCRIPT_LINES, cap

MASK = "****"
_MIN_PREFIX = 8  # a form (or echoed piece of one) this long is masked wherever it appears
_MIN_ANYWHERE = 4  # a plain password this long is masked wherever it appears, even inside words


def decode_reply(data: bytes) -> str:
    """Server text: UTF-8 first, then GB18030 (QQ/exmail send GBK), never an exception."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def secret_forms(password: str, username: str = "") -> set[str]:
    """The password as it can appear on the wire: plain, and base64 alone (AUTH LOGIN) or inside
    the AUTH PLAIN message (with and without authorization identity), each with and without
    ``=`` padding."""
    if not password:
        return set()
    raw, user = password.encode("utf-8"), username.encode("utf-8")
    encoded = {_b64(raw), _b64(b"\0" + user + b"\0" + raw), _b64(user + b"\0" + user + b"\0" + raw)}
    return {password} | encoded | {form.rstrip("=") for form in encoded} | escaped_forms(password)


def escaped_forms(password: str) -> set[str]:
    """The password as the project itself escapes it: an IMAP quoted string (RFC 3501 §4.3),
    percent-encoded in a URL, JSON-escaped (with and without ``ensure_ascii``)."""
    import json
    from urllib.parse import quote, quote_plus

    imap = password.replace("\\", "\\\\").replace('"', '\\"')
    forms = {imap, quote(password, safe=""), quote_plus(password, safe="")}
    forms |= {json.dumps(password)[1:-1], json.dumps(password, ensure_ascii=False)[1:-1]}
    return forms - {password}


class Redactor:
    """Removes one password (and its encodings, whole or echoed in part) from any text."""

    def __init__(self, password: str = "", username: str = "") -> None:
        forms = {form for form in secret_forms(password, username) if form}
        long_forms = sorted((f for f in forms if len(f) >= _MIN_PREFIX), key=len, reverse=True)
        self._long = long_forms
        short = sorted((f for f in forms if len(f) < _MIN_PREFIX), key=len, reverse=True)
        self._anywhere = [f for f in short if f == password and len(f) >= _MIN_ANYWHERE]
        # The shortest forms only as whole words: not inside a longer run of letters and digits
        # (or of base64 characters, for an encoded form).
        self._short = [
            _whole_word(form, base64_form=form != password) for form in short if form not in self._anywhere
        ]

    def __call__(self, text: str) -> str:
        for form in self._long:
            text = _mask_prefixes(text, form)
        for form in self._anywhere:
            text = text.replace(form, MASK)
        for pattern in self._short:
            text = pattern.sub(MASK, text)
        return text


def _whole_word(form: str, *, base64_form: bool) -> re.Pattern[str]:
    word = r"\w+/=" if base64_form else r"\w"
    return re.compile(rf"(?<![{word}]){re.escape(form)}(?![{word}])")


def _mask_prefixes(text: str, form: str) -> str:
    """Mask every run of ``text`` that equals a prefix of ``form`` at least 8 characters long."""
    head = form[:_MIN_PREFIX]
    start = text.find(head)
    while start >= 0:
        end = start + _MIN_PREFIX
        while end < len(text) and end - start < len(form) and text[end] == form[end - start]:
            end += 1
        text = text[:start] + MASK + text[end:]
        start = text.find(head, start + len(MASK))
    return text


def redact_command(line: str, in_auth: bool) -> str:
    """Mask credentials in one client line: ``AUTH PLAIN xxx`` -> ``AUTH PLAIN ****``."""
    if line[:5].upper() == "AUTH ":
        words = line.split()
        return " ".join([*words[:2], MASK]) if len(words) > 2 else line
    return MASK if in_auth else line


class Transcript:
    """Timestamped lines (ms since start); thread-safe because probes share one clock."""

    def __init__(
        self,
        redactor: Redactor | None = None,
        on_line: Callable[[str], None] | None = None,
        start: float | None = None,
        prefix: str = "",
    ) -> None:
        self._redact = redactor or Redactor()
        self._on_line = on_line
        self._start = time.monotonic() if start is None else start
        self._prefix = prefix
        self._lines: list[str] = []
        self._chars = 0
        self.cut = False  # True once the limits were reached; a last line says so
        self._lock = threading.Lock()
        self.in_auth = False  # set by the client while an AUTH exchange is running

    def ms(self) -> int:
        return int((time.monotonic() - self._start) * 1000)

    def _add(self, text: str) -> None:
        line = cap(self._redact(f"{self.ms():>6} ms  {self._prefix}{text}"))
        with self._lock:
            if self.cut:
                return
            if len(self._lines) >= MAX_TRANSCRIPT_LINES or self._chars + len(line) > MAX_TRANSCRIPT_CHARS:
                self.cut = True
                line = f"{self.ms():>6} ms  {self._prefix}{CUT_MARK} transcript size limit reached"
            self._lines.append(line)
            self._chars += len(line)
        if self._on_line is not None:
            self._on_line(line)

    def sent(self, line: str) -> None:
        self._add("C: " + redact_command(line, self.in_auth))

    def received(self, line: str) -> None:
        self._add("S: " + line)

    def note(self, text: str) -> None:
        self._add(f"--- {text} ---")

    @property
    def lines(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._lines)
