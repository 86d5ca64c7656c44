"""Every validation rule, with good and bad input, in both languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core.settings import Mode, Security
from wizard.core.validation import Severity, validate

GOOD = {
    "mode": "smtp",
    "provider": "custom",
    "host": "smtp.example.com",
    "port": 465,
    "security": "ssl",
    "username": "ops@example.com",
    "sender": "ops@example.com",
    "password": "s3cret",
    "display_name": "运维中心",
}


def codes(validation, severity=Severity.ERROR):
    return {(i.code, i.field) for i in validation.issues if i.severity is severity}


def test_good_settings_pass_and_are_normalized():
    v = validate(GOOD)
    assert v.ok and v.issues == ()
    smtp = v.settings.smtp
    assert (smtp.host, smtp.port, smtp.security, smtp.sender) == (
        "smtp.example.com",
        465,
        Security.SSL,
        "ops@example.com",
    )
    assert v.settings.mode is Mode.SMTP and v.settings.display_name == "运维中心"


def test_every_problem_is_reported_at_once():
    v = validate({"mode": "smtp", "host": "", "port": "", "security": "", "sender": "", "username": ""})
    assert codes(v) == {
        ("required", "host"),
        ("required", "port"),
        ("required", "security"),
        ("required", "sender"),
    }
    assert v.settings is None


@pytest.mark.parametrize(
    "lang, text", [("zh_CN", "请填写「邮件服务器」。"), ("en", "Mail server is required.")]
)
def test_messages_are_localized_and_name_the_field(lang, text):
    issue = validate({**GOOD, "host": "  "}).errors[0]
    assert issue.message(lang) == text
    assert issue.to_dict(lang) == {"code": "required", "field": "host", "severity": "error", "message": text}


@pytest.mark.parametrize(
    "port, code",
    [
        ("0", "port_range"),
        (65536, "port_range"),
        ("-1", "port_not_number"),
        ("465a", "port_not_number"),
        ("４６５x", "port_not_number"),
        (True, "wrong_type"),
    ],
)
def test_bad_ports(port, code):
    assert codes(validate({**GOOD, "port": port})) == {(code, "port")}


@pytest.mark.parametrize(
    "port, expected", [("465", 465), (" 587 ", 587), ("４６５", 465), (1, 1), (65535, 65535)]
)
def test_good_ports(port, expected):
    v = validate({**GOOD, "port": port, "security": "starttls" if expected == 587 else "ssl"})
    assert v.ok and v.settings.smtp.port == expected


@pytest.mark.parametrize(
    "host, code",
    [
        ("smtp://smtp.qq.com", "host_has_scheme"),
        ("smtps:smtp.qq.com", "host_has_scheme"),
        ("smtp.qq.com/", "host_has_path"),
        ("smtp.qq .com", "host_has_space"),
        ("user@qq.com", "host_is_address"),
        ("smtp.qq.com:465", "host_has_port"),
        ("-smtp.qq.com", "host_invalid"),
        ("smtp", "host_invalid"),
        ("a" * 64 + ".com", "host_invalid"),
    ],
)
def test_bad_hosts(host, code):
    assert codes(validate({**GOOD, "host": host})) == {(code, "host")}


@pytest.mark.parametrize(
    "host, wire, shown",
    [
        ("  SMTP.QQ.COM  ", "smtp.qq.com", "smtp.qq.com"),
        ("ｓｍｔｐ．ｑｑ．ｃｏｍ", "smtp.qq.com", "smtp.qq.com"),
        ("smtp.例子.中国", "smtp.xn--fsqu00a.xn--fiqs8s", "smtp.例子.中国"),
        ("127.0.0.1", "127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1", "::1"),
        ("smtp.qq.com.", "smtp.qq.com", "smtp.qq.com"),
    ],
)
def test_hosts_are_normalized_to_a_labels_and_shown_as_u_labels(host, wire, shown):
    smtp = validate({**GOOD, "host": host}).settings.smtp
    assert (smtp.host, smtp.host_display) == (wire, shown)


@pytest.mark.parametrize(
    "field", ["host", "username", "sender", "display_name", "security", "mode", "provider"]
)
@pytest.mark.parametrize("bad", ["\r", "\n", "\r\n", "\x00", "\x1b", "\u2028"])
def test_control_characters_are_rejected_in_every_field(field, bad):
    value = f"{GOOD.get(field, 'x')}{bad}Bcc: evil@example.com"
    v = validate({**GOOD, field: value})
    assert ("control_chars", field) in codes(v)
    assert not v.ok


@pytest.mark.parametrize("password", ["ab\x00cd", "secret\n"])
def test_control_characters_in_password_are_rejected(password):
    assert codes(validate({**GOOD, "password": password})) == {("control_chars", "password")}


@pytest.mark.parametrize(
    "sender, code",
    [
        ("zhangsan", "address_missing_at"),
        ("@qq.com", "address_incomplete"),
        ("zhangsan@", "address_incomplete"),
        ("张三@qq.com", "address_non_ascii_local"),
        ("zhang san@qq.com", "address_bad_local"),
        ("zhang..san@qq.com", "address_bad_local"),
        ("zhangsan@qq..com", "address_bad_domain"),
        ("zhangsan@qq", "address_bad_domain"),
        ("zhangsan@@qq.com", "address_two_at"),
        ("a@b@qq.com", "address_two_at"),
        ("张三 <zhangsan@qq.com>", "address_with_name"),
    ],
)
def test_malformed_addresses(sender, code):
    assert (code, "sender") in codes(validate({**GOOD, "sender": sender, "username": "x"}))


@pytest.mark.parametrize(
    "sender, wire, shown",
    [
        ("zhangsan＠qq．com", "zhangsan@qq.com", "zhangsan@qq.com"),
        (" zhangsan@qq。com ", "zhangsan@qq.com", "zhangsan@qq.com"),
        ("Ops@Example.COM", "Ops@example.com", "Ops@example.com"),
        ("ops@例子.中国", "ops@xn--fsqu00a.xn--fiqs8s", "ops@例子.中国"),
    ],
)
def test_addresses_are_normalized(sender, wire, shown):
    v = validate({**GOOD, "sender": sender, "username": "ops"})
    assert v.ok, v.issues
    assert (v.settings.smtp.sender, v.settings.smtp.sender_display) == (wire, shown)


def test_fullwidth_folding_is_announced():
    v = validate({**GOOD, "sender": "ops＠example．com"})
    assert ("fullwidth_folded", "sender") in codes(v, Severity.NOTICE)


def test_display_name_length_limit():
    assert validate({**GOOD, "display_name": "名" * 64}).ok
    v = validate({**GOOD, "display_name": "名" * 65})
    assert codes(v) == {("display_name_too_long", "display_name")}
    assert "64" in v.errors[0].message("zh_CN")


@pytest.mark.parametrize("security", ["tls", "SSL/TLS", "starttls2", "加密"])
def test_security_must_be_one_of_three(security):
    assert codes(validate({**GOOD, "security": security})) == {("security_invalid", "security")}


def test_security_is_case_insensitive():
    assert (
        validate({**GOOD, "security": " STARTTLS ", "port": 587}).settings.smtp.security is Security.STARTTLS
    )


def test_password_required_only_when_asked():
    assert validate({**GOOD, "password": ""}).ok
    assert codes(validate({**GOOD, "password": ""}, require_password=True)) == {("required", "password")}


def test_warnings_do_not_block():
    v = validate(
        {
            **GOOD,
            "provider": "qq",
            "host": "smtp.qq.com",
            "sender": "a@qq.com",
            "username": "b@qq.com",
            "security": "none",
            "port": 465,
        }
    )
    assert v.ok
    assert codes(v, Severity.WARNING) == {
        ("sender_differs_from_login", "sender"),
        ("plaintext_password", "security"),
        ("port_security_mismatch", "port"),
    }
    messages = {i.code: i.message("en") for i in v.warnings}
    assert "QQ Mail requires the sender address to equal the account" in messages["sender_differs_from_login"]
    assert "QQ 邮箱要求发件人邮箱与账号一致" in v.warnings[0].message("zh_CN")


def test_ssl_on_587_warns_about_the_port():
    v = validate({**GOOD, "port": 587})
    assert codes(v, Severity.WARNING) == {("port_security_mismatch", "port")}
    assert "465" in v.warnings[0].message("en")


def test_unusual_port_without_known_meaning_is_silent():
    assert validate({**GOOD, "port": 10465}).warnings == []


def test_oauth_only_provider_warns():
    v = validate({**GOOD, "provider": "outlook", "sender": "a@outlook.com"})
    assert ("provider_oauth_only", "provider") in codes(v, Severity.WARNING)


def test_unknown_provider_and_mode():
    assert codes(validate({**GOOD, "provider": "nope"})) == {("provider_unknown", "provider")}
    assert codes(validate({**GOOD, "mode": "fax"})) == {("mode_invalid", "mode")}


def test_platform_mode_needs_only_the_display_name():
    v = validate({"mode": "platform", "display_name": " 简道云通知 "})
    assert v.ok and v.settings.mode is Mode.PLATFORM and v.settings.display_name == "简道云通知"
    assert codes(validate({"mode": "platform", "display_name": ""})) == {("required", "display_name")}


def test_mode_is_inferred_from_smtp_values():
    assert validate({k: v for k, v in GOOD.items() if k != "mode"}).settings.mode is Mode.SMTP
    assert validate({"display_name": "x"}).settings.mode is Mode.PLATFORM


def test_password_never_in_repr():
    v = validate(GOOD)
    assert "s3cret" not in repr(v.settings)


_any_value = st.one_of(
    st.none(), st.text(max_size=80), st.integers(), st.booleans(), st.floats(), st.lists(st.text())
)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional={f: _any_value for f in GOOD}))
def test_fuzz_never_crashes_and_errors_name_known_fields(draft):
    v = validate(draft)
    assert (v.settings is None) == bool(v.errors)
    for issue in v.issues:
        assert issue.field in GOOD
        assert issue.message("zh_CN") and issue.message("en")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_fuzz_addresses_either_normalize_or_name_the_sender(text):
    v = validate({**GOOD, "sender": text, "username": "u"})
    if v.ok:
        sender = v.settings.smtp.sender
        assert sender.isascii() and sender.count("@") == 1 and sender == sender.strip()
    else:
        assert {i.field for i in v.errors} == {"sender"}


@pytest.mark.parametrize(
    ("address", "normalized"),
    [
        ("alice@example.test", "alice@example.test"),
        ("ops@corp.local", "ops@corp.local"),
        ("it@home.arpa", "it@home.arpa"),
        ("Ops@Mail.Corp.LOCAL", "Ops@mail.corp.local"),
    ],
)
def test_intranet_domains_are_addresses_for_a_custom_relay(address, normalized):
    v = validate({**GOOD, "username": address, "sender": address})
    assert v.ok and v.issues == ()
    assert v.settings.smtp.sender == normalized


def test_intranet_sender_with_a_public_provider_is_only_a_warning():
    v = validate({**GOOD, "provider": "qq", "username": "ops@corp.local", "sender": "ops@corp.local"})
    assert v.ok
    assert codes(v, Severity.WARNING) >= {("sender_intranet_domain", "sender")}
    assert "home.arpa" in next(i.message("en") for i in v.issues if i.code == "sender_intranet_domain")


@pytest.mark.parametrize("address", ["a@localhost", "a@x.invalid", "a@test", "a@b..local"])
def test_reserved_names_that_no_relay_serves_stay_refused(address):
    assert codes(validate({**GOOD, "sender": address})) == {("address_bad_domain", "sender")}


def test_unknown_provider_suggests_close_presets_and_hides_the_cascade():
    from wizard.core.catalog import load_catalog

    catalog = load_catalog()
    assert [p.id for p in catalog.suggest("qqmail")] == ["qq"]
    assert catalog.suggest("163")[0].id == "netease163"
    assert catalog.suggest("企业微信")[0].id == "exmail"  # an alias
    assert catalog.suggest("zzzzzz") == []
    issues = validate(
        {"mode": "smtp", "provider": "163", "sender": "a@163.com", "username": "a@163.com"}
    ).issues
    assert [(i.code, i.field) for i in issues] == [("provider_unknown", "provider")]
    assert "netease163" in issues[0].message("en")


def test_sender_outside_the_presets_domains_is_a_warning_on_the_sender():
    result = validate(
        {**GOOD, "provider": "qq", "host": "smtp.qq.com", "sender": "a@163.com", "username": "a@163.com"}
    )
    assert result.ok
    assert ("sender_domain_not_provider", "sender") in {(i.code, i.field) for i in result.warnings}
