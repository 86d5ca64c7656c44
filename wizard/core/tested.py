"""What a passed test vouches for, as one digest that can travel in an exported file.

A file's ``verified`` block is only a claim: anyone can edit ``smtp.host`` and keep it. The
digest ties the claim to exactly what was tested (the server, the login, the sender, the
recipient, the EHLO name and the trust the test relied on: a pinned certificate or a CA file),
so an opened file keeps its claim only when its settings still hash to the same value.

The password is not part of the digest in any form: a digest anyone can recompute must not
become a way to test guesses of the secret. (The in-memory stamp notices a changed password by
a keyed hash that never leaves the process; see draft.py.)
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Final

from wizard.core.settings import MailSettings
from wizard.core.untrusted import shown

DIGEST_PREFIX: Final = "sha256:"


def ca_name(ca_file: str | None) -> str | None:
    """The CA file as the export names it: the file name only (the path is this computer's),
    control characters escaped (a name is anything the file system allows, a line break too)."""
    return shown(PurePath(ca_file).name) or None if ca_file else None


def digest_of_test(
    settings: MailSettings,
    recipient: str,
    *,
    ehlo: str | None = None,
    pinned_sha256: str | None = None,
    ca_file: str | None = None,
) -> str:
    """``sha256:<hex>`` of every tested value except the password (``ca_file``: its name)."""
    smtp = settings.smtp
    tested = {
        "mode": settings.mode.value,
        "display_name": settings.display_name,
        "provider": smtp.provider,
        "host": smtp.host,
        "port": smtp.port,
        "security": smtp.security.value,
        "username": smtp.username,
        "sender": smtp.sender,
        "recipient": recipient,
        "ehlo": ehlo or "",
        "pinned_sha256": pinned_sha256 or "",
        "ca_file": ca_name(ca_file) or "",
    }
    canonical = json.dumps(tested, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return DIGEST_PREFIX + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
