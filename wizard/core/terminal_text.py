"""Text that came from outside (a server, a DNS answer, a file, what was typed) made safe to
print on a terminal. One owner for the rule: the command line and the usage errors both use it."""

from __future__ import annotations

import re

# Control characters (C0 with CR/LF/TAB/ESC, DEL, C1 such as CSI U+009B), line/paragraph separators
# and format characters (bidi overrides, zero-width): a server, a DNS answer or a file could use
# them to clear the screen, retitle the terminal, reorder text or print a fake "Test passed" line.
_INVISIBLE = r"\x7f-\x9f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
_UNSAFE = re.compile(rf"[\x00-\x1f{_INVISIBLE}]")
UNSAFE_IN_JSON = re.compile(rf"[{_INVISIBLE}]")  # json.dumps escapes C0 itself; the rest it leaves


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """Text safe for a terminal: every control or invisible character as a visible escape."""
    return _UNSAFE.sub(_escape, str(text))
