"""Under ``CI=true`` a test that needs a real part (a real mail server, the Secret Service keyring,
a window manager) must run: its skip becomes a failure that names what was missing.

A test is such a test when it carries one of the markers in ``KINDS`` (``@pytest.mark.keyring``),
or when a fixture it uses stops at a skip point through :func:`require` (the private Postfix,
Dovecot and Exim fixtures do): nothing here knows file or test names, so new tests and new
fixtures are covered by the marker or the fixture they use. Off CI the skip stays a skip.

The skips allowed under CI are ``ALLOWED_SKIPS``, here and nowhere else.
"""

from __future__ import annotations

import os
import re

import pytest

KINDS = {
    "realserver": "needs a real mail server on loopback (private Postfix, Dovecot or Exim)",
    "keyring": "needs a real Secret Service keyring (gnome-keyring on a private D-Bus session)",
    "window_manager": "needs a real window manager (X11 under Xvfb)",
}

# (kind, regular expression the skip reason must match, why it is allowed). Keep it short:
# every entry is coverage CI gives up.
ALLOWED_SKIPS: tuple[tuple[str, str, str], ...] = ()


def strict() -> bool:
    """True on CI: GitHub Actions and .ci/run set CI=true."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


class MissingPart(pytest.skip.Exception):
    """A skip that says which kind of real part was missing (see :func:`require`)."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind


def require(kind: str, reason: str | None) -> None:
    """A fixture's skip point: skip the test when ``reason`` says a real part is missing.

    ``kind`` is one of ``KINDS``; under CI the skip is turned into a failure."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {sorted(KINDS)}")
    if reason:
        raise MissingPart(kind, reason)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def kinds_of(item: pytest.Item, call: pytest.CallInfo) -> list[str]:
    kinds = [kind for kind in KINDS if item.get_closest_marker(kind) is not None]
    if call.excinfo is not None and isinstance(call.excinfo.value, MissingPart):
        kinds.append(call.excinfo.value.kind)
    return sorted(set(kinds))


def allowed(kinds: list[str], reason: str) -> bool:
    return all(
        any(kind == allowed_kind and re.search(pattern, reason) for allowed_kind, pattern, _ in ALLOWED_SKIPS)
        for kind in kinds
    )


def enforce(item: pytest.Item, call: pytest.CallInfo, report: pytest.TestReport) -> pytest.TestReport:
    """Turn a forbidden skip into a failure (called from tests/conftest.py's makereport hook)."""
    if not report.skipped or hasattr(report, "wasxfail"):
        return report
    missing = call.excinfo.value if call.excinfo is not None else None
    if isinstance(missing, MissingPart) and isinstance(report.longrepr, tuple):
        # Reported as a plain skip's reason, not under this class's name.
        report.longrepr = (*report.longrepr[:2], f"Skipped: {missing.msg}")
    if not strict():
        return report
    kinds = kinds_of(item, call)
    if not kinds:
        return report
    reason = _skip_reason(report)
    if allowed(kinds, reason):
        return report
    needs = "; ".join(KINDS[kind] for kind in kinds)
    report.outcome = "failed"
    report.longrepr = (
        f"CI=true: this test {needs}, and must run, not skip.\n"
        f"Skip reason: {reason}\n"
        "Install what is missing (scripts/test.sh does on Debian/Ubuntu), or list the skip in "
        "tests/ci_skips.py ALLOWED_SKIPS with the reason CI may give it up."
    )
    return report
