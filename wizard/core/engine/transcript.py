"""The redacted SMTP conversation log, and the scrubber that keeps secrets out of everything we return.

Installers paste transcripts into support chats, so the transcript must be safe to share:
AUTH lines and their base64 continuation lines are masked as they are recorded, and every
string the engine hands back (transcript, details, server replies, exception text) also goes
through :class:`Redactor`, which removes the password and its base64 forms wherever they appear.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable

MASK = "****"
# Very short secrets would turn ordinary words into asterisks; a 1-3 character SMTP password
# cannot be guessed from a transcript anyway, its base64 forms are still masked.
_MIN_PLAIN_SECRET = 4


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


class Redactor:
    """Removes one password (and its encodings) from any text."""

    def __init__(self, password: str = "", username: str = "") -> None:
        forms: set[str] = set()
        if password:
            raw = password.encode("utf-8")
            user = username.encode("utf-8")
            forms |= {_b64(raw), _b64(b"\0" + user + b"\0" + raw), _b64(user + b"\0" + user + b"\0" + raw)}
            if len(password) >= _MIN_PLAIN_SECRET:
                forms.add(password)
        # Longest first so a base64 form is not half-replaced by a shorter one.
        self._forms = sorted((f for f in forms if f), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for form in self._forms:
            if form in text:
                text = text.replace(form, MASK)
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
        self._lock = threading.Lock()
        self.in_auth = False  # set by the client while an AUTH exchange is running

    def ms(self) -> int:
        return int((time.monotonic() - self._start) * 1000)

    def _add(self, text: str) -> None:
        line = self._redact(f"{self.ms():>6} ms  {self._prefix}{text}")
        with self._lock:
            self._lines.append(line)
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
