"""Write a file so that readers see the old content or the new, never half of either."""

from __future__ import annotations

import contextlib
import errno
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


class TargetNotRegular(OSError):
    """The target exists and is not a regular file (a device, a FIFO, a socket, a link to one or to
    someone else's file): renaming over it would replace e.g. /dev/null for the whole system."""


def refuse_odd_target(path: Path) -> None:
    """Raise :class:`TargetNotRegular` unless ``path`` is absent, a directory (reported on its
    own), a regular file, or a symbolic link to a regular file the user owns."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError:
            info = None  # a dangling link: what it names is unknown
        getuid = getattr(os, "geteuid", None)
        if info is not None and stat.S_ISREG(info.st_mode) and (getuid is None or info.st_uid == getuid()):
            return
    raise TargetNotRegular(errno.EEXIST, "exists and is not a regular file", str(path))


def odd_target(path: Path) -> bool:
    """For a check before any work is done: would :func:`write_atomic` refuse this target?"""
    try:
        refuse_odd_target(path)
    except TargetNotRegular:
        return True
    return False


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
    refuse_odd_target(path)
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
