"""An unfinished setup kept between runs, so closing the wizard by mistake loses nothing.

Stored as a small JSON file in a folder the caller names (the wizard uses the user's config
folder). The password is never written: it is left out before anything reaches the disk.
Reading is defensive: an oversized, malformed or foreign file is ignored, never half-used.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from wizard.core.atomic import write_atomic

FILE_NAME = "unfinished-setup.json"
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


def load(directory: Path) -> dict[str, Any] | None:
    """The saved values, or None when there is no usable draft."""
    path = directory / FILE_NAME
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
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


def discard(directory: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (directory / FILE_NAME).unlink()
