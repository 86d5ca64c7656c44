"""Reading a file a user named, which may be anything: a device, a FIFO, a huge file.

Opened non-blocking and checked with fstat before reading, so a FIFO cannot hang us and
/dev/zero cannot fill memory; the read itself is bounded too (the file may grow meanwhile).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 1 << 20  # exports and CA files are a few kB; anything near this is neither


class FileRefused(Exception):
    """Not a regular file, or too large; ``code`` is an issue code (file_not_regular, file_too_large)."""

    def __init__(self, code: str, path: Path, limit: int) -> None:
        super().__init__(code)
        self.code = code
        self.params = {"path": str(path), "max": f"{limit // 1024} KiB"}


def read_limited(path: Path | str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; FileRefused or OSError otherwise."""
    path = Path(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("file_not_regular", path, limit)
        if info.st_size > limit:
            raise FileRefused("file_too_large", path, limit)
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileRefused("file_too_large", path, limit)
    return data
