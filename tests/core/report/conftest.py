"""The engine's loopback servers (aiosmtpd with trustme TLS, raw hostile sockets) for report tests."""

from tests.core.engine.conftest import closed_port, pki, smtp_server  # noqa: F401 - shared fixtures
from tests.hostile.conftest import hostile  # noqa: F401 - shared fixture
