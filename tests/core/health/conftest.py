from tests.core.engine.conftest import (  # noqa: F401 - fixtures shared with the engine tests
    blackhole_port,
    pki,
    smtp_server,
)
