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

from wizard.core import config_file, env_file
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


# -- a verified file's claim holds only for exactly what was tested --------------------------------
PIN = ":".join(["AB"] * 32)
OTHER_PIN = ":".join(["CD"] * 32)
# Every value a verified file holds, a different value it could be edited to (None: the key removed).
FILE_EDITS = {
    ("smtp", "provider"): ["qq", "exmail"],
    ("smtp", "host"): ["mail.example.com", "127.0.0.2", "smtp.example.org"],
    ("smtp", "port"): [587, 2525, 25],
    ("smtp", "security"): ["starttls", "none"],
    ("smtp", "username"): ["relay-user", "hr@example.com"],
    ("smtp", "sender"): ["hr@example.com", "ops@example.org"],
    (None, "display_name"): ["Ops", ""],
    ("verified", "recipient"): ["boss@example.com", "ops@example.com"],
    ("verified", "ehlo"): ["other.example.net", "[10.0.0.5]", None],
    ("verified", "pinned_sha256"): [OTHER_PIN, None],
    ("verified", "ca_file"): ["other-ca.pem", None],
}
ENV_NAMES = {
    "provider": "SMTP_PROVIDER",
    "host": "SMTP_HOST",
    "port": "SMTP_PORT",
    "security": "SMTP_SECURITY",
    "username": "SMTP_USERNAME",
    "sender": "SMTP_SENDER",
    "display_name": "MAIL_DISPLAY_NAME",
    "recipient": "MAIL_VERIFIED_RECIPIENT",
    "ehlo": "MAIL_VERIFIED_EHLO",
    "pinned_sha256": "MAIL_VERIFIED_PINNED_SHA256",
    "ca_file": "MAIL_VERIFIED_CA_FILE",
}


def verified_draft(password: str = "demo-code-2026") -> Draft:
    """A draft whose last test passed, through a pinned certificate, a CA file and an EHLO name."""
    draft = Draft()
    draft.choose_provider("custom")
    values = {"mode": "smtp", "host": "smtp.example.com", "security": "ssl", "port": 465}
    values |= {"sender": "ops@example.com", "password": password, "display_name": "运维中心"}
    for name, value in values.items():
        draft.set(name, value)
    draft.set_recipient("ops@example.net")
    draft.ehlo, draft.pinned_sha256, draft.ca_file = "mail.example.net", PIN, "/etc/ssl/acme-ca.pem"
    request = draft.test_request()
    draft.record_test(request, result_for("passed", request))
    assert draft.verified is not None
    return draft


def export(draft: Draft, path: Path) -> None:
    fmt = config_file.Format.for_path(path)
    config_file.save(path, draft.settings, fmt, verified=draft.verified)


def edit_file(path: Path, where: str | None, name: str, value) -> None:
    """Change one value in a text editor's way: the rest of the file, the claim included, stays."""
    if path.suffix == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        section = document if where is None else document[where]
        if value is None:
            section.pop(name, None)
        else:
            section[name] = value
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return
    key = ENV_NAMES[name]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}=")]
    if value is not None:
        lines.append(f"{key}={env_file.env_quote(str(value))}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_untouched_verified_file_keeps_its_claim_and_test_options(tmp_path):
    draft = verified_draft()
    for path in (tmp_path / "mail.json", tmp_path / "mail.env"):
        export(draft, path)
        opened = Draft()
        validation = opened.load_file(path)
        assert opened.verified == draft.verified and not opened.claim_dropped
        assert not validation.warnings
        assert opened.ehlo == "mail.example.net"
        assert opened.trust == (PIN, "acme-ca.pem")  # what the claim relied on, for the export and command
        assert (opened.pinned_sha256, opened.ca_file) == (None, None)  # but no test trusts it unasked
        assert exported_verification(opened)["pinned_sha256"] == PIN
        assert opened.test_request().pinned_sha256 is None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edit=st.sampled_from(sorted(FILE_EDITS, key=str)).flatmap(
        lambda key: st.tuples(st.just(key), st.sampled_from(FILE_EDITS[key]))
    ),
    suffix=st.sampled_from([".json", ".env"]),
)
def test_every_edit_of_a_verified_file_voids_its_claim(edit, suffix):
    (where, name), value = edit
    draft = verified_draft()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mail{suffix}"
        export(draft, path)
        edit_file(path, where, name, value)
        opened = Draft()
        validation = opened.load_file(path)
        assert opened.verified is None, (name, value)
        assert opened.claim_dropped
        assert [i.code for i in validation.warnings if i.field == "file"] == ["verification_mismatch"]
        assert opened.trust == (None, None)  # a pin is never carried to settings it was not tested with
        if opened.settings is not None:
            assert exported_verification(opened) is None


def test_a_file_without_a_digest_is_not_taken_at_its_word(tmp_path):
    """Files from before the digest, or a block pasted from elsewhere, say nothing checkable."""
    path = tmp_path / "mail.json"
    export(verified_draft(), path)
    edit_file(path, "verified", "digest", None)
    opened = Draft()
    opened.load_file(path)
    assert opened.verified is None and opened.claim_dropped


def test_the_password_is_not_part_of_the_digest_in_any_form(tmp_path):
    """Anyone can recompute the digest, so it must not let anyone test guesses of the password:
    two tests that differ only in the password write the same digest, and no unkeyed hash of the
    password appears anywhere in the exported files."""
    import hashlib

    password = "s3cret-authorization-code"
    one, other = verified_draft(password), verified_draft("a-completely-different-one")
    assert one.verified.digest == other.verified.digest
    assert one.verified.digest.startswith("sha256:")
    encoded = password.encode()
    hashes = {
        getattr(hashlib, name)(encoded).hexdigest()
        for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "blake2b")
    }
    for suffix in (".json", ".env"):
        path = tmp_path / f"mail{suffix}"
        export(one, path)
        text = path.read_text(encoding="utf-8").lower()
        assert password not in text
        assert not any(h in text for h in hashes)


def test_an_opened_claim_holds_until_a_test_trusts_something_else(tmp_path):
    path = tmp_path / "mail.json"
    export(verified_draft(), path)
    opened = Draft()
    opened.load_file(path)
    opened.pinned_sha256 = PIN  # the user trusted the same certificate again
    assert opened.verified is not None
    opened.pinned_sha256 = OTHER_PIN  # ... or another one
    assert opened.verified is None


def test_changing_a_test_option_after_a_pass_voids_the_stamp():
    for change in (
        lambda d: setattr(d, "ehlo", "other.example.net"),
        lambda d: setattr(d, "pinned_sha256", OTHER_PIN),
        lambda d: setattr(d, "ca_file", "/tmp/other-ca.pem"),
    ):
        draft = verified_draft()
        change(draft)
        assert draft.verified is None
