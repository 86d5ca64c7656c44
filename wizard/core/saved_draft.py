"""An unfinished setup kept between runs, so closing the wizard by mistake loses nothing.

Stored as a small JSON file in a folder the caller names (the wizard uses the user's config
folder). The password is never written: it is left out before anything reaches the disk.
Reading is defensive: an oversized, malformed or foreign file is never half-used; one that is
not a draft at all (not JSON, nested too deep, not UTF-8) is set aside as ``DAMAGED_NAME`` and
:class:`DamagedDraft` says so, so the next start does not stumble over it again.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from wizard.core.atomic import write_atomic

FILE_NAME = "unfinished-setup.json"
DAMAGED_NAME = "unfinished-setup.damaged.json"
KIND = "smtp-wizard-draft"
KEPT = ("mode", "provider", "host", "port", "security", "username", "sender", "display_name")
TYPED = ("sender", "username", "display_name", "host", "password")  # what a user types by hand
MAX_BYTES = 16 * 1024
MAX_VALUE = 1024


def has_typed_input(values: dict[str, Any]) -> bool:
    return any(str(values.get(name) or "").strip() for name in TYPED)


def save(directory: Path, values: dict[str, Any]) -> Path:
    """Write the draft without the password (owner-readable only); returns the file."""
    kept = {name: values[name] for name in KEPT if values.get(name) not in (None, "")}
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / FILE_NAME
    data = json.dumps({"format": KIND, "values": kept}, ensure_ascii=False, indent=2)
    write_atomic(path, data.encode("utf-8"), private=True)
    return path


class DamagedDraft(Exception):
    """The draft file could not be read as a draft; it was moved to ``path`` (None: could not be)."""

    def __init__(self, path: Path | None) -> None:
        super().__init__(str(path))
        self.path = path


def load(directory: Path) -> dict[str, Any] | None:
    """The saved values, or None when there is no usable draft; raises :class:`DamagedDraft`
    after setting aside a file that is not a draft."""
    path = directory / FILE_NAME
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    except (ValueError, RecursionError):  # RecursionError: 16 KiB of "[[[[" nests too deep for json
        raise DamagedDraft(_set_aside(path)) from None
    if not isinstance(document, dict) or document.get("format") != KIND:
        return None
    values = document.get("values")
    if not isinstance(values, dict):
        return None
    loaded: dict[str, Any] = {}
    for name in KEPT:
        value = values.get(name)
        if name == "port":
            if isinstance(value, int) and not isinstance(value, bool):
                loaded[name] = value
        elif isinstance(value, str) and len(value) <= MAX_VALUE:
            loaded[name] = value
    return loaded or None


def _set_aside(path: Path) -> Path | None:
    target = path.with_name(DAMAGED_NAME)
    try:
        path.replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return target


def discard(directory: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (directory / FILE_NAME).unlink()
