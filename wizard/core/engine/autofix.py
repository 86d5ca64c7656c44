"""Which endpoints a probe tries after a failure that smells of a wrong port or encryption.

The product's test-then-probe path is ``fallback.run_test_with_fallback``."""

from __future__ import annotations

from wizard.core.engine.probe import default_candidates
from wizard.core.settings import Endpoint, Security


def candidates_for(host_port: int, security: Security, provider=None) -> tuple[Endpoint, ...]:
    """The user's port with every encryption first, then the provider's (or generic) pairs."""
    own = [Endpoint(host_port, sec) for sec in (security, *(s for s in Security if s is not security))]
    return tuple(dict.fromkeys([*own, *default_candidates(provider)]))
