"""Text from other people's servers (DNS answers, IMAP replies and folder names), made safe to show.

Control characters (C0, DEL, C1), line/paragraph separators and format characters (bidi overrides,
zero-width) become visible escapes, so a record cannot clear a terminal, fake a "pass" line or
reorder what the user reads. Lengths are capped by the callers.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def shown(text: str) -> str:
    return _UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )
