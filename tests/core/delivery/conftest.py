"""A private Dovecot IMAP server per test (tests/realservers/dovecot_imap.py) and the engine's fixtures."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from tests.ci_skips import require
from tests.core.engine.conftest import pki, smtp_server  # noqa: F401 (fixtures)
from tests.realservers.dovecot_imap import DovecotImap, available

IMAP_USER = "lisi@example.org"
IMAP_PASSWORD = "imap-授权码-2026"


@pytest.fixture
def imap_ca(tmp_path) -> tuple[trustme.CA, str]:
    ca = trustme.CA()
    path = tmp_path / "imap-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, str(path)


@pytest.fixture
def start_dovecot() -> Iterator:
    """``start_dovecot(ca) -> DovecotImap``; ``ca`` issues its certificate (``issue_cert(*names)``)."""
    if not available():
        require("realserver", "Dovecot is not installed (scripts/_setup.sh installs dovecot-imapd)")
    started: list[tuple[DovecotImap, Path]] = []

    def start(ca) -> DovecotImap:
        # Not pytest's tmp_path: its parents are private to root, and Dovecot's mail process is not root.
        base = Path(tempfile.mkdtemp(prefix="smtp-wizard-imap-"))
        server = DovecotImap(base, ca, IMAP_USER, IMAP_PASSWORD)
        started.append((server, base))
        return server.start()

    yield start
    for server, base in started:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def dovecot(start_dovecot, imap_ca) -> DovecotImap:
    return start_dovecot(imap_ca[0])
