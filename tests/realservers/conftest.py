"""One private Postfix + Dovecot per test session (per xdist worker), stopped at the end."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.realservers import exim as exim_host
from tests.realservers import mailhost


@pytest.fixture(scope="session")
def postfix() -> Iterator[mailhost.MailHost]:
    reason = mailhost.missing_requirements()
    if reason:
        pytest.skip(reason)
    # Not under pytest's tmp_path: that is private to root (0700), and Postfix's delivery agent
    # and smtpd run as other users that must reach the Maildirs and Dovecot's socket.
    root = Path(tempfile.mkdtemp(prefix="smtp-wizard-mailhost-"))
    host = mailhost.start(root)
    yield host
    mailhost.stop(host)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def exim() -> Iterator[exim_host.Exim]:
    """One private Exim per test session (per xdist worker), stopped at the end."""
    reason = exim_host.missing_requirements()
    if reason:
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="smtp-wizard-exim-"))  # reachable by the Exim user
    server = exim_host.start(root)
    yield server
    exim_host.stop(server)
    shutil.rmtree(root, ignore_errors=True)
