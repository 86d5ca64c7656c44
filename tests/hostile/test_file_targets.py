"""``export --out`` and ``test --report`` never replace what is not a regular file: a device node, a
FIFO, a link to either or to someone else's file is refused with a message, exit 2, untouched."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.support.cli import cli
from wizard.core.atomic import TargetNotRegular, write_atomic

SETTINGS = ["--host", "127.0.0.1", "--port", "465", "--security", "ssl", "--sender", "a@example.com"]


def device(tmp_path: Path) -> Path:
    path = tmp_path / "null-device"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null: as root, tests may
    return path


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def link_to_device(tmp_path: Path) -> Path:
    path = tmp_path / "link"
    path.symlink_to(device(tmp_path))
    return path


def link_to_someone_elses_file(tmp_path: Path) -> Path:
    other = tmp_path / "theirs.json"
    other.write_text("{}")
    os.chown(other, 65534, 65534)  # nobody
    path = tmp_path / "link.json"
    path.symlink_to(other)
    return path


ODD = [device, fifo, link_to_device, link_to_someone_elses_file]
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mknod and chown need root")


@needs_root
@pytest.mark.parametrize("make", ODD, ids=lambda f: f.__name__)
def test_export_refuses_a_target_that_is_not_a_regular_file(tmp_path, make):
    target = make(tmp_path)
    before = os.lstat(target)
    result = cli("export", *SETTINGS, "--out", str(target), "--format", "json", "--lang", "en")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is not a regular file" in result.stderr and str(target) in result.stderr
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)  # untouched


@needs_root
@pytest.mark.parametrize("make", [device, fifo], ids=lambda f: f.__name__)
def test_report_refuses_before_the_test_runs(tmp_path, hostile, make):
    server = hostile(lambda conn, n: conn.sendall(b"220 hostile.test\r\n"))
    target = make(tmp_path)
    report = tmp_path / "report.md"
    os.symlink(target, report)
    argv = ["test", "--host", "127.0.0.1", "--port", str(server.port), "--security", "none"]
    result = cli(
        *argv, "--sender", "a@example.com", "--to", "b@example.com", "--report", str(report), "--lang", "en"
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is not a regular file" in result.stderr
    assert server.connections == 0
    assert os.path.islink(report)


@needs_root
def test_the_core_writer_refuses_too(tmp_path):
    with pytest.raises(TargetNotRegular):
        write_atomic(fifo(tmp_path), b"x", private=True)


def test_a_link_to_the_users_own_file_and_a_new_file_are_written(tmp_path):
    own = tmp_path / "mine.json"
    own.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(own)
    for target in (link, tmp_path / "new.json"):
        result = cli("export", *SETTINGS, "--out", str(target), "--format", "json", "--lang", "en")
        assert result.returncode == 0, result.stderr
