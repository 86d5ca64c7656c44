"""The engine's loopback SMTP servers and certificates, for ``test --check-domain``."""

from tests.core.engine.conftest import pki, smtp_server  # noqa: F401 (fixtures)
