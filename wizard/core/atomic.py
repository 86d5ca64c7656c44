"""Write a file so that readers see the old content or the new, never half of either."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def _fsync_dir(directory: Path) -> bool:
    """Make the rename durable; False where the folder cannot be opened (write+execute only)."""
    if os.name != "posix":
        return True  # directories cannot be opened for fsync on Windows
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return False
    try:
        os.fsync(fd)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def _owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def write_atomic(path: Path, data: bytes, *, private: bool) -> list[tuple[str, dict[str, str]]]:
    """Replace ``path`` with ``data``; return warnings as (issue code, params).

    The bytes go to a temporary file in the same folder (same filesystem, so the
    rename is atomic), are flushed and fsynced, then renamed over the target.
    ``private`` files stay owner-only (0600, which mkstemp creates); others get the
    usual 0644 narrowed by the umask. Any failure removes the temporary file and
    re-raises the OSError; the old file is untouched. The temporary name is short, so a
    target name of the maximum length still works. Replacing a file creates a new one: if
    the old one belonged to someone else or had another mode, the warnings say so.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    warnings: list[tuple[str, dict[str, str]]] = []
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".smtpw-", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o644 & ~umask)
        with contextlib.suppress(FileNotFoundError):
            old, new = os.stat(path), os.stat(tmp)
            if (old.st_uid, stat.S_IMODE(old.st_mode)) != (new.st_uid, stat.S_IMODE(new.st_mode)):
                warnings.append(
                    (
                        "file_owner_changed",
                        {
                            "path": str(path),
                            "old": f"{_owner_name(old.st_uid)} {stat.S_IMODE(old.st_mode):04o}",
                            "new": f"{_owner_name(new.st_uid)} {stat.S_IMODE(new.st_mode):04o}",
                        },
                    )
                )
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if not _fsync_dir(directory):
        warnings.append(("file_dir_not_synced", {"path": str(path)}))
    return warnings
