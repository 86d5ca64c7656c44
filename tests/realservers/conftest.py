"""One private Postfix + Dovecot per test session (per xdist worker), stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.realservers import exim as exim_host
from tests.realservers import mailhost
from tests.realservers.instance import private_instance


@pytest.fixture(scope="session")
def postfix() -> Iterator[mailhost.MailHost]:
    yield from private_instance(
        mailhost.missing_requirements, mailhost.start, mailhost.stop, "smtp-wizard-mailhost-"
    )


@pytest.fixture(scope="session")
def exim() -> Iterator[exim_host.Exim]:
    """One private Exim per test session (per xdist worker), stopped at the end."""
    yield from private_instance(
        exim_host.missing_requirements, exim_host.start, exim_host.stop, "smtp-wizard-exim-"
    )
