"""Detection's own odd ports (a hanging web or mail port).

Its servers (``detect_pki``, ``web_server``, ``tls_smtp``) are shared fixtures in tests/conftest.py."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Accepts TCP connections (the kernel does) and never says a word: a hanging web or mail port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()
