"""Run one private server instance for a fixture: skip with the reason when it cannot run (a
failure under CI=true, tests/ci_skips.py), else start it in a fresh temporary folder, hand it
over, stop it and remove the folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from tests.ci_skips import require

T = TypeVar("T")


def private_instance(
    missing_requirements: Callable[[], str | None],
    start: Callable[[Path], T],
    stop: Callable[[T], None],
    prefix: str,
) -> Iterator[T]:
    require("realserver", missing_requirements())
    # Not under pytest's tmp_path: that is private to root (0700), and the servers run parts as
    # other users (Postfix's delivery agent and smtpd, Dovecot, the Exim user) that must reach
    # the Maildirs and sockets there.
    root = Path(tempfile.mkdtemp(prefix=prefix))
    server = start(root)
    yield server
    stop(server)
    shutil.rmtree(root, ignore_errors=True)
