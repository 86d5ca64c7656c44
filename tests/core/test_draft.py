"""The draft: every rule that changes a configuration, and the verification stamp."""

from __future__ import annotations

import json

import pytest

from wizard.core import config_file
from wizard.core.draft import Draft
from wizard.core.engine import api
from wizard.core.settings import Security, Verification
from wizard.core.validation import Severity

CUSTOM = {
    "mode": "smtp",
    "host": "smtp.example.com",
    "security": "ssl",  # before the port: a new encryption takes the preset's port
    "port": 465,
    "sender": "ops@example.com",
    "password": "demo-code-2026",
    "display_name": "运维中心",
}


def custom_draft(**changes) -> Draft:
    draft = Draft()
    draft.choose_provider("custom")
    for name, value in {**CUSTOM, **changes}.items():
        draft.set(name, value)
    return draft


def passed(request) -> api.TestResult:
    verification = Verification("2026-11-25T06:00:00Z", request.recipient, "<1@example.com>")
    return api.TestResult(api.Diagnosis("ok", None), (), (), "<1@example.com>", verified=verification)


def failed(code: str = "auth_failed") -> api.TestResult:
    return api.TestResult(api.Diagnosis(code, "password"), (), ())


# -- presets and the login rule ---------------------------------------------------------------
def test_a_preset_fills_server_port_encryption_and_login_once():
    draft = Draft()
    draft.set("sender", "a@qq.com")
    draft.choose_provider("qq")
    smtp = draft.settings.smtp
    assert (smtp.host, smtp.port, smtp.security, smtp.username) == (
        "smtp.qq.com",
        465,
        Security.SSL,
        "a@qq.com",
    )


def test_the_login_follows_the_sender_until_the_user_types_another():
    draft = Draft()
    draft.choose_provider("qq")
    draft.set("sender", "a@qq.com")
    assert draft.get("username") == "a@qq.com"
    draft.set("username", "other@qq.com")
    draft.set("sender", "b@qq.com")
    assert draft.get("username") == "other@qq.com"
    draft.choose_provider("netease163")  # a new preset brings its rule back
    assert draft.get("username") == "b@qq.com"


def test_the_provider_can_say_otherwise():
    draft = Draft()
    draft.choose_provider("sendgrid")
    draft.set("sender", "noreply@acme.cn")
    assert draft.get("username") == "apikey"
    draft.choose_provider("sendcloud")  # a separate API user: typed by the user
    assert draft.get("username") == ""
    assert ("required", "username") in {(i.code, i.field) for i in draft.validation().errors}


def test_a_new_encryption_takes_the_presets_port_and_a_fix_keeps_its_own_port():
    draft = Draft()
    draft.choose_provider("qq")
    draft.set("security", "starttls")
    assert draft.get("port") == 587
    draft.apply_fix({"port": 2525, "security": "starttls"})
    assert (draft.get("port"), draft.get("security")) == (2525, "starttls")


def test_a_fix_changes_only_what_it_names_and_a_chosen_port_stays():
    """Issue 19 item 8: a custom server's correct non-standard port survives STARTTLS."""
    draft = Draft()
    draft.choose_provider("custom")
    draft.set("host", "mail.acme-intranet.test")
    draft.set("port", 2526)
    draft.apply_fix({"security": "starttls"})  # 应用并重试: STARTTLS
    assert (draft.get("port"), draft.get("security")) == (2526, "starttls")
    draft.set("security", "ssl")  # 加密方式 changed by hand: the chosen port stays too
    assert draft.get("port") == 2526
    draft.set("port", 465)  # back on a preset port, the port follows the encryption again
    draft.set("security", "starttls")
    assert draft.get("port") == 587
    draft.set("port", 25)
    draft.set("security", "none")  # 25 without encryption is the preset's pair: it stays
    draft.set("security", "starttls")  # and so is 25 with STARTTLS
    assert draft.get("port") == 25
    draft.set("port", 465)
    draft.apply_fix({"security": "starttls"})  # a fix never moves the port it did not name
    assert draft.get("port") == 465


def test_an_outcome_holds_only_while_the_draft_still_has_what_was_tested():
    """Issue 19 item 5: the test page asks the draft whether a shown outcome still applies."""
    draft = custom_draft()
    draft.set_recipient("lisi@example.org")
    full, login = draft.test_request(), draft.test_request(login_only=True)
    assert draft.still_holds(full) and draft.still_holds(login)
    draft.set_recipient("wangwu@example.org")
    assert not draft.still_holds(full) and draft.still_holds(login)  # a login check has no recipient
    draft.set_recipient("lisi@example.org")
    assert draft.still_holds(full)
    draft.set("port", 2525)  # a probe's table (every port, this login) does not depend on it
    assert draft.still_holds(login, apart_from=("port", "security")) and not draft.still_holds(login)
    draft.set("port", 465)
    for change in (
        lambda d: d.set("password", "another-code"),
        lambda d: d.set("port", 587),
        lambda d: d.set("display_name", "Ops"),
        lambda d: setattr(d, "pinned_sha256", "AB" * 32),
        lambda d: setattr(d, "ehlo", "app01.acme.cn"),
    ):
        changed = custom_draft()
        changed.set_recipient("lisi@example.org")
        change(changed)
        assert not changed.still_holds(full) and not changed.still_holds(login)


# -- the secret -------------------------------------------------------------------------------
def test_pasted_codes_lose_blanks_with_a_notice_once():
    draft = Draft()
    draft.choose_provider("qq")
    assert draft.set("password", " abcd efgh\r\nijkl mnop \n") == "abcdefghijklmnop"
    notices = [(i.code, i.field) for i in draft.validation().issues if i.severity is Severity.NOTICE]
    assert notices == [("password_whitespace_removed", "password")]
    draft.set("password", "abcdefghijklmnop")
    assert draft.validation().notices == []


def test_a_real_password_is_taken_exactly_as_typed():
    draft = custom_draft(password=" correct horse ")
    assert draft.settings.smtp.password == " correct horse "
    assert draft.validation().notices == []


# -- verification -----------------------------------------------------------------------------
def test_a_passed_test_verifies_exactly_what_was_tested():
    draft = custom_draft()
    request = draft.test_request()
    draft.record_test(request, passed(request))
    assert draft.verified is not None and draft.verified.recipient == "ops@example.com"
    for name, value in (("password", "totally-wrong"), ("port", 587), ("display_name", "x")):
        changed = custom_draft(**{name: value})
        changed._stamp = draft._stamp
        assert changed.verified is None, name
    draft.set_recipient("someone@example.com")
    assert draft.verified is None
    draft.set_recipient("")  # back to the sender: exactly what was tested
    assert draft.verified is not None


@pytest.mark.parametrize("outcome", [failed(), failed("cancelled"), None])
def test_a_failed_cancelled_or_crashed_test_voids_the_stamp(outcome):
    draft = custom_draft()
    request = draft.test_request()
    draft.record_test(request, passed(request))
    draft.record_test(draft.test_request(), outcome)
    assert draft.verified is None


def test_the_issue_scenario_pass_then_wrong_code_then_failure():
    draft = custom_draft()
    request = draft.test_request()
    draft.record_test(request, passed(request))
    draft.set("password", "totally-wrong")
    assert draft.verified is None
    draft.record_test(draft.test_request(), failed())
    draft.set("password", "demo-code-2026")
    assert draft.verified is None  # the last test failed


def test_a_test_that_ends_after_the_user_changed_something_does_not_verify_the_change():
    draft = custom_draft()
    request = draft.test_request()
    draft.set("port", 587)  # while the test runs
    draft.record_test(request, passed(request))
    assert draft.verified is None
    draft.set("port", 465)
    assert draft.verified is not None


def test_the_secret_is_kept_only_as_a_keyed_hash():
    draft = custom_draft()
    request = draft.test_request()
    draft.record_test(request, passed(request))
    tested, _ = draft._stamp
    assert tested.settings.smtp.password == ""
    assert b"demo-code-2026" not in tested.secret and len(tested.secret) == 32


def test_an_imported_stamp_holds_while_nothing_changes(tmp_path):
    draft = custom_draft(password="")
    request = draft.test_request()
    draft.record_test(request, passed(request))
    path = tmp_path / "mail.json"
    config_file.save(path, draft.settings, config_file.Format.JSON, verified=draft.verified)

    opened = Draft()
    assert opened.load_file(path).ok
    assert opened.stamp is not None and opened.stamp.imported
    assert opened.recipient == "ops@example.com"
    opened.set("display_name", "运维中心")  # the same value: nothing changed
    assert opened.verified == draft.verified
    opened.set("password", "typed-later")
    assert opened.verified is None
    document = json.loads(config_file.render_json(opened.settings, verified=opened.verified))
    assert "verified" not in document
