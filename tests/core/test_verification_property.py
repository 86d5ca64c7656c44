"""Verification cannot lie: random sequences of edits, imports and test outcomes, and after every
step the export says verified if and only if the last test ran with exactly the current
settings, secret and recipient and passed (or the file it came from said so and nothing has
changed since)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.core import config_file
from wizard.core.addresses import normalize_address
from wizard.core.draft import Draft
from wizard.core.engine import api
from wizard.core.settings import Verification

EDITS = {
    "host": ["smtp.example.com", "mail.example.com", ""],
    "security": ["ssl", "starttls"],
    "port": [465, 587, 2525],
    "sender": ["ops@example.com", "hr@example.com"],
    "username": ["ops@example.com", "relay-user", ""],
    "password": ["demo-code-2026", "totally-wrong", "demo-code-2026 ", ""],
    "display_name": ["运维中心", "Ops"],
    "mode": ["smtp", "platform"],
    "provider": ["custom", "qq"],
}
OUTCOMES = ["passed", "auth_failed", "cancelled", "crashed", "login_passed", "login_failed"]

edit = st.sampled_from(sorted(EDITS)).flatmap(
    lambda name: st.tuples(st.just("edit"), st.just(name), st.sampled_from(EDITS[name]))
)
recipient = st.tuples(
    st.just("recipient"), st.sampled_from(["", "ops@example.com", "boss@example.com", "bad"])
)
test = st.tuples(st.just("test"), st.sampled_from(OUTCOMES))
reimport = st.tuples(st.just("reimport"), st.booleans())  # export, then open the file (with password?)
steps = st.lists(st.one_of(edit, edit, recipient, test, reimport), max_size=25)


@dataclass(frozen=True)
class Current:
    """What the oracle compares: the settings as shown, the secret and the recipient."""

    settings: object
    password: str
    recipient: str | None


def current(draft: Draft) -> Current | None:
    settings = draft.settings
    if settings is None or settings.mode.value != "smtp":
        return None
    try:
        recipient = normalize_address(draft.recipient)
    except Exception:
        recipient = None
    return Current(settings.without_password(), settings.smtp.password, recipient)


def same_login(a: Current, b: Current) -> bool:
    return (a.settings, a.password) == (b.settings, b.password)


def result_for(outcome: str, request: api.TestRequest) -> api.TestResult | None:
    if outcome == "crashed":
        return None
    if outcome in ("passed", "login_passed"):
        verified = None
        if outcome == "passed":
            verified = Verification("2026-11-25T06:00:00Z", request.recipient, "<id@example.com>")
        return api.TestResult(api.Diagnosis("ok", None), (), (), verified=verified)
    code = "cancelled" if outcome == "cancelled" else "auth_failed"
    return api.TestResult(api.Diagnosis(code, None), (), ())


def exported_verification(draft: Draft) -> dict | None:
    settings = draft.settings
    if settings is None:
        return None
    document = json.loads(config_file.render_json(settings, verified=draft.verified))
    return document.get("verified")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_the_export_says_verified_iff_the_last_test_of_exactly_these_settings_passed(sequence):
    draft = Draft()
    draft.choose_provider("custom")
    for name in ("mode", "host", "security", "sender", "password", "display_name"):
        draft.set(name, EDITS[name][0])
    # The oracle: what the last test (or the opened file) vouched for; None when it vouches nothing.
    vouched: tuple[Current, str] | None = None
    with tempfile.TemporaryDirectory() as folder:
        for step in sequence:
            kind = step[0]
            if kind == "edit":
                draft.set(step[1], step[2])
            elif kind == "recipient":
                draft.set_recipient(step[1])
            elif kind == "test":
                try:
                    request = draft.test_request(login_only=step[1].startswith("login"))
                except Exception:
                    continue  # the wizard and the CLI do not start a test on invalid input
                tested = current(draft)
                outcome = step[1]
                draft.record_test(request, result_for(outcome, request))
                if outcome == "passed":
                    vouched = (tested, request.recipient)
                elif not (outcome == "login_passed" and vouched and same_login(vouched[0], tested)):
                    vouched = None
            else:
                path = Path(folder) / "export.json"
                settings_now = draft.settings
                if settings_now is None:
                    continue
                config_file.save(
                    path,
                    settings_now,
                    config_file.Format.JSON,
                    include_password=step[1],
                    verified=draft.verified,
                )
                exported = draft.verified
                draft = Draft()
                draft.load_file(path)
                vouched = (current(draft), exported.recipient) if exported and current(draft) else None
            now = current(draft)
            expected = vouched is not None and now is not None and vouched[0] == now
            shown = exported_verification(draft)
            assert (shown is not None) == expected, (sequence, step)
            if shown is not None:
                assert shown["recipient"] == vouched[1] == now.recipient
