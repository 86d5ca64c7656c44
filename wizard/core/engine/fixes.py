"""The one-click fixes: the change to the settings that cures a failure, from the diagnosis
code alone or from what a probe found to work."""

from __future__ import annotations

import dataclasses
from typing import Any

from wizard.core.addresses import InputError, normalize_address
from wizard.core.engine.api import ProbeReport, TestResult
from wizard.core.settings import Endpoint, Security, SmtpSettings


def suggest_fix(code: str, smtp: SmtpSettings | None) -> dict[str, Any] | None:
    """The one-click change that usually cures ``code``; None when only probing can tell."""
    if smtp is None:
        return None
    if code == "tls_on_plain_port":
        return {"security": Security.STARTTLS.value}
    if code == "greeting_timeout" and smtp.security is not Security.SSL:
        return {"security": Security.SSL.value}
    if code == "connect_timeout" and smtp.port == 25:
        return {"port": 465, "security": Security.SSL.value}
    if code in ("encryption_required", "plaintext_auth_blocked") and smtp.security is Security.NONE:
        return {"security": Security.STARTTLS.value}
    if code == "sender_mismatch" and _written_otherwise(smtp.username, smtp.sender):
        return {"sender": smtp.username}
    return None


def _written_otherwise(login: str, sender: str) -> bool:
    """Whether the login is an address that the sender does not already spell exactly."""
    try:
        return normalize_address(login) != sender
    except InputError:
        return False


_STRENGTH = {Security.NONE: 0, Security.STARTTLS: 1, Security.SSL: 1}


def probe_fix(recommended: Endpoint | None, smtp: SmtpSettings) -> dict[str, Any] | None:
    """The change that moves ``smtp`` to the probe's recommended pair (None: nothing to change).

    Never a downgrade: a one-click fix never takes encryption away (an insecure recommendation
    is shown, but switching to it is the user's own explicit choice)."""
    if recommended is None or recommended == Endpoint(smtp.port, smtp.security):
        return None
    if _STRENGTH[recommended.security] < _STRENGTH[smtp.security]:
        return None
    fix: dict[str, Any] = {"security": recommended.security.value}
    if recommended.port != smtp.port:
        fix["port"] = recommended.port
    return fix


def fix_from_probe(result: TestResult, report: ProbeReport, smtp: SmtpSettings) -> TestResult:
    """Turn the probe's recommendation into the diagnosis' one-click fix (only if it is a change)."""
    fix = probe_fix(report.recommended, smtp)
    if fix is None:
        return result
    params = {**result.diagnosis.params, "probed": str(report.recommended)}
    if report.trust_problem:
        params["probed_trust"] = report.trust_problem
    return dataclasses.replace(
        result, diagnosis=dataclasses.replace(result.diagnosis, fix=fix, params=params)
    )
