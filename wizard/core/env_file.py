"""The ``.env`` dialect of the export: KEY=VALUE lines that POSIX shells, docker compose and
python-dotenv all read back unchanged, and the reader for it (plus plain KEY=VALUE files).

Every value passes a round trip before it is written: a value this dialect cannot hold (a line
break would start a new ``SMTP_HOST=`` line) is refused, never written differently.
"""

from __future__ import annotations

import re
from typing import Any, Final

_ENV_BARE = re.compile(r"[A-Za-z0-9_.@:+/,=-]*")
ENV_KEYS: Final = {
    "MAIL_MODE": "mode",
    "MAIL_DISPLAY_NAME": "display_name",
    "SMTP_PROVIDER": "provider",
    "SMTP_HOST": "host",
    "SMTP_PORT": "port",
    "SMTP_SECURITY": "security",
    "SMTP_USERNAME": "username",
    "SMTP_SENDER": "sender",
    "SMTP_PASSWORD": "password",
}
ENV_VERIFIED: Final = {
    "MAIL_VERIFIED_AT": "time",
    "MAIL_VERIFIED_RECIPIENT": "recipient",
    "MAIL_VERIFIED_MESSAGE_ID": "message_id",
    "MAIL_VERIFIED_DIGEST": "digest",
    "MAIL_VERIFIED_PINNED_SHA256": "pinned_sha256",
    "MAIL_VERIFIED_CA_FILE": "ca_file",
    "MAIL_VERIFIED_EHLO": "ehlo",
}
ENV_VERIFIED_REQUIRED: Final = ("MAIL_VERIFIED_AT", "MAIL_VERIFIED_RECIPIENT", "MAIL_VERIFIED_MESSAGE_ID")


def env_quote(value: str) -> str | None:
    """The value as POSIX sh, docker compose and python-dotenv all read it back, or None.

    * bare when nothing in it is special to any of them;
    * single quotes (literal in sh and compose, https://docs.docker.com/compose/env-file/) unless
      it holds ``'``, ``${`` (python-dotenv expands it even inside single quotes) or a backslash
      that python-dotenv and compose would take as an escape (before ``\\``, ``'`` or at the end);
    * else double quotes with ``\\`` and ``"`` escaped, only when it holds no ``$`` or backtick:
      sh needs them escaped there, and python-dotenv keeps the escaping backslash (``\\$``);
    * else None: no quoting reads back the same in all three, so the value is refused.
    """
    if _ENV_BARE.fullmatch(value):
        return value
    if "\n" in value or "\r" in value or "${" in value:
        return None
    if "'" not in value and not re.search(r"\\(\\|$)", value):
        return f"'{value}'"
    if "$" in value or "`" in value:
        return None
    escaped = re.sub(r'([\\"])', r"\\\1", value)
    return f'"{escaped}"'


class NotRoundTrip(ValueError):
    """A value would read back as something else; ``field`` names it."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def env_text(
    header: str, values: dict[str, Any], verified: dict[str, str] | None, notes: list[str] | None = None
) -> str:
    """The file: a comment line, the settings, the verification and its notes (comments, one
    line each, for the people who set up the backend); raises NotRoundTrip."""
    lines = [f"# {header}"]
    pairs = [(key, name, str(values[name])) for key, name in ENV_KEYS.items() if name in values]
    if verified:
        pairs += [(key, "verified", verified[name]) for key, name in ENV_VERIFIED.items() if name in verified]
    for key, field, value in pairs:
        quoted = env_quote(value)
        if quoted is None:
            raise NotRoundTrip(field)
        lines.append(f"{key}={quoted}")
    lines += [f"# {note}" for note in notes or () if not any(c in note for c in "\r\n")]
    text = "\n".join(lines) + "\n"
    _check_round_trip(text, values, verified)
    return text


def _check_round_trip(text: str, values: dict[str, Any], verified: dict[str, str] | None) -> None:
    """Refuse to write a .env that would read back as anything else (an injected SMTP_HOST line)."""
    try:
        read = parse_env(text)
    except ValueError:
        read = {}
    meant = {key: str(values[name]) for key, name in ENV_KEYS.items() if name in values}
    meant |= (
        {key: verified[name] for key, name in ENV_VERIFIED.items() if name in verified} if verified else {}
    )
    for key in sorted(meant.keys() | read.keys()):
        if meant.get(key) != read.get(key):
            field = ENV_KEYS.get(key) or "verified"
            raise NotRoundTrip(field)


def parse_env(text: str) -> dict[str, str]:
    """Read the ``.env`` dialect that :func:`render_env` writes (and plain KEY=VALUE)."""
    values: dict[str, str] = {}
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        if not sep:
            raise ValueError(f"not KEY=VALUE: {raw_line[:40]!r}")
        values[key.strip()] = _env_unquote(value.strip())
    return values


def _env_unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\([\\\"$`])", r"\1", value[1:-1])  # also \$ and \` of older exports
    return value.split(" #", 1)[0].rstrip()
