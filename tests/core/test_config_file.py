"""Export and import: the bytes of every format, round trips, atomicity, permissions."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard import __version__
from wizard.core import config_file, env_file
from wizard.core.config_file import ConfigError, Format
from wizard.core.draft import Draft
from wizard.core.paths import resource
from wizard.core.settings import Verification
from wizard.core.tested import ca_name, digest_of_test
from wizard.core.validation import validate

RAW = {
    "mode": "smtp",
    "provider": "exmail",
    "host": "smtp.exmail.qq.com",
    "port": 465,
    "security": "ssl",
    "username": "notice@acme.cn",
    "sender": "notice@acme.cn",
    "password": 'Pa#ss"$`\\word',
    "display_name": 'Acme 通知 "中心" #1',
}
SETTINGS = validate(RAW).settings
VERIFIED = Verification(
    "2026-11-24T03:00:00Z", "ops@acme.cn", "<abc@acme.cn>", digest_of_test(SETTINGS, "ops@acme.cn")
)
SCHEMA = json.loads(resource("schemas", "config.schema.json").read_text(encoding="utf-8"))


def load(path):
    """Open a file the way the wizard and the CLI do: into a draft (validated like user input)."""
    draft = Draft()
    return draft, draft.load_file(path)


def test_json_bytes_without_password():
    text = config_file.render_json(SETTINGS)
    assert json.loads(text) == {
        "format": "smtp-wizard-config",
        "version": 1,
        "mode": "smtp",
        "display_name": 'Acme 通知 "中心" #1',
        "smtp": {
            "provider": "exmail",
            "host": "smtp.exmail.qq.com",
            "port": 465,
            "security": "ssl",
            "username": "notice@acme.cn",
            "sender": "notice@acme.cn",
        },
        "generated_by": f"smtp-wizard {__version__}",
    }
    assert "Pa#ss" not in text and "password" not in text
    assert text.endswith("}\n") and "通知" in text  # UTF-8, not \\u escapes


def test_json_with_password_and_verification_matches_the_schema():
    document = config_file.to_document(SETTINGS, include_password=True, verified=VERIFIED)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(document, SCHEMA)
    assert document["smtp"]["password"] == RAW["password"]
    assert document["verified"] == {
        "time": VERIFIED.time,
        "recipient": "ops@acme.cn",
        "message_id": "<abc@acme.cn>",
        "digest": VERIFIED.digest,
    }


def test_platform_document_matches_the_schema_and_has_no_smtp():
    document = config_file.to_document(validate({"mode": "platform", "display_name": "通知"}).settings)
    jsonschema.validate(document, SCHEMA)
    assert "smtp" not in document and document["mode"] == "platform"


def test_env_bytes_quote_what_needs_quoting():
    text = config_file.render_env(SETTINGS, include_password=True)
    lines = text.splitlines()
    assert lines[0].startswith("# smtp-wizard-config v1")
    assert lines[1:] == [
        "MAIL_MODE=smtp",
        "MAIL_DISPLAY_NAME='Acme 通知 \"中心\" #1'",
        "SMTP_PROVIDER=exmail",
        "SMTP_HOST=smtp.exmail.qq.com",
        "SMTP_PORT=465",
        "SMTP_SECURITY=ssl",
        "SMTP_USERNAME=notice@acme.cn",
        "SMTP_SENDER=notice@acme.cn",
        "SMTP_PASSWORD='Pa#ss\"$`\\word'",
    ]


@pytest.mark.parametrize(
    "value", ["plain", "with space", "has#hash", "it's", 'say "hi"', "$HOME", "a\\b", "`x`", ""]
)
def test_env_quoting_survives_a_real_shell(value):
    line = f"X={env_file.env_quote(value)}"
    out = subprocess.run(["sh", "-c", f'{line}\nprintf %s "$X"'], capture_output=True, text=True, check=True)
    assert out.stdout == value
    assert env_file.parse_env(line) == {"X": value}


def test_sheet_has_the_admin_console_labels_in_order():
    text = config_file.render_sheet(SETTINGS, lang="zh_CN")
    labels = [line.split(":")[0] for line in text.splitlines() if ": " in line]
    assert labels == ["发送方式", "邮件服务器", "端口", "加密方式", "发件人邮箱", "密码", "显示姓名", "账号"]
    assert "邮件服务器: smtp.exmail.qq.com" in text
    assert "密码: (未导出" in text and RAW["password"] not in text
    assert "未验证" in text


def test_sheet_in_english_keeps_the_console_labels(beijing_time):
    text = config_file.render_sheet(SETTINGS, include_password=True, verified=VERIFIED, lang="en")
    assert "邮件服务器 (Mail server): smtp.exmail.qq.com" in text
    assert f"密码 (Password): {RAW['password']}" in text
    assert "Verified: 2026-11-24 11:00:00 +0800" in text  # local time, as the test mail's Date
    document = json.loads(config_file.render_json(SETTINGS, verified=VERIFIED))
    assert document["verified"]["time"] == VERIFIED.time  # files for machines stay UTC


def test_platform_sheet_has_nothing_to_verify():
    platform = validate({"mode": "platform", "display_name": "通知中心"}).settings
    text = config_file.render_sheet(platform, lang="zh_CN")
    assert "显示姓名: 通知中心" in text
    assert "未验证" not in text and "已验证" not in text


def test_sheet_shows_unicode_host_beside_the_wire_form():
    settings = validate({**RAW, "host": "smtp.例子.中国"}).settings
    assert "smtp.xn--fsqu00a.xn--fiqs8s (smtp.例子.中国)" in config_file.render_sheet(settings)


@pytest.mark.parametrize("fmt", [Format.JSON, Format.ENV])
@pytest.mark.parametrize("include_password", [True, False])
def test_round_trip(tmp_path, fmt, include_password):
    path = tmp_path / ("mail.json" if fmt is Format.JSON else "mail.env")
    config_file.save(path, SETTINGS, fmt, include_password=include_password, verified=VERIFIED)
    draft, validation = load(path)
    assert validation.ok
    expected = SETTINGS if include_password else SETTINGS.without_password()
    assert validation.settings == expected
    assert draft.verified == VERIFIED
    assert bool(draft.get("password")) is include_password


def test_round_trip_platform_env(tmp_path):
    settings = validate({"mode": "platform", "display_name": "平台 通知"}).settings
    config_file.save(tmp_path / ".env", settings, Format.ENV)
    assert load(tmp_path / ".env")[1].settings == settings


def test_format_from_file_name():
    assert Format.for_path(Path("a.json")) is Format.JSON
    assert Format.for_path(Path("a.env")) is Format.ENV
    assert Format.for_path(Path(".env")) is Format.ENV
    assert Format.for_path(Path("a.txt")) is Format.SHEET


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_file_with_password_is_owner_only_even_over_a_public_file(tmp_path):
    path = tmp_path / "mail.json"
    path.write_text("old")
    path.chmod(0o644)
    config_file.save(path, SETTINGS, Format.JSON, include_password=True)
    assert mode_of(path) == 0o600
    config_file.save(path, SETTINGS, Format.JSON)
    assert mode_of(path) == 0o644 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "mail.json"
    path.write_text("previous content")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ConfigError) as raised:
        config_file.save(path, SETTINGS, Format.JSON)
    assert raised.value.issues[0].code == "file_os_error"
    assert "No space left" in raised.value.issues[0].message("en")
    assert path.read_text() == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mail.json"]


def test_process_killed_before_the_rename_leaves_the_old_file(tmp_path):
    path = tmp_path / "mail.json"
    path.write_text("previous content")
    script = (
        "import os, signal\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from wizard.core import config_file\n"
        "from wizard.core.validation import validate\n"
        f"s = validate({RAW!r}).settings\n"
        f"config_file.save({str(path)!r}, s, config_file.Format.JSON)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode == -9
    assert path.read_text() == "previous content"


@pytest.mark.parametrize(
    "target, code",
    [
        ("missing-folder/mail.json", "file_folder_missing"),
        (".", "file_is_directory"),
    ],
)
def test_unwritable_targets_give_clear_errors(tmp_path, target, code):
    with pytest.raises(ConfigError) as raised:
        config_file.save(tmp_path / target, SETTINGS, Format.JSON)
    issue = raised.value.issues[0]
    assert (issue.code, issue.field) == (code, "file")
    assert str(tmp_path) in issue.message("zh_CN")


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs a read-only /sys")
def test_read_only_location_is_a_permission_error():
    with pytest.raises(ConfigError) as raised:
        config_file.save(Path("/sys/mail.json"), SETTINGS, Format.JSON)
    assert raised.value.issues[0].code in ("file_permission", "file_os_error")
    assert "/sys/mail.json" in raised.value.issues[0].message("en")


def write(tmp_path, name, content) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(
    "content, code, field",
    [
        ('{"format": "something-else", "version": 1}', "config_wrong_format", "format"),
        ("[1, 2]", "config_wrong_format", "format"),
        ('{"format": "smtp-wizard-config", "version": 2, "mode": "smtp"}', "config_newer_version", "version"),
        ('{"format": "smtp-wizard-config", "version": "1", "mode": "smtp"}', "config_bad_version", "version"),
        ('{"format": "smtp-wizard-config", "version": 1}', "required", "mode"),
        (
            '{"format": "smtp-wizard-config", "version": 1, "mode": "smtp", "smtp": 5}',
            "config_wrong_type",
            "smtp",
        ),
        ("{not json", "config_not_json", "file"),
        (b"\xff\xfe\x00", "config_not_utf8", "file"),
    ],
)
def test_foreign_or_broken_files_are_refused_clearly(tmp_path, content, code, field):
    with pytest.raises(ConfigError) as raised:
        load(write(tmp_path, "in.json", content))
    assert (code, field) in [(issue.code, issue.field) for issue in raised.value.issues]
    assert all(issue.message("zh_CN") and issue.message("en") for issue in raised.value.issues)


def test_newer_version_message_says_upgrade(tmp_path):
    path = write(tmp_path, "in.json", '{"format": "smtp-wizard-config", "version": 7, "mode": "smtp"}')
    with pytest.raises(ConfigError) as raised:
        load(path)
    assert "版本 7" in raised.value.issues[0].message("zh_CN")
    assert "upgrade" in raised.value.issues[0].message("en")


def test_import_validates_values_like_user_input(tmp_path):
    document = config_file.to_document(SETTINGS)
    document["smtp"].update(host="smtp://x", port=0, sender="not-an-address")
    with pytest.raises(ConfigError) as raised:
        load(write(tmp_path, "in.json", json.dumps(document)))
    assert {(i.code, i.field) for i in raised.value.issues} == {
        ("host_has_scheme", "host"),
        ("port_range", "port"),
        ("address_missing_at", "sender"),
    }


def test_env_file_that_is_not_ours(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load(write(tmp_path, "x.env", "FOO=bar\n"))
    assert raised.value.issues[0].code == "config_unreadable"


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load(tmp_path / "nope.json")
    assert raised.value.issues[0].code == "file_folder_missing"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_fuzz_import_never_crashes(tmp_path, content):
    for name in ("in.json", "in.env"):
        path = write(tmp_path, name, content)
        try:
            _, validation = load(path)
        except ConfigError as error:
            assert error.issues and all(i.message("en") for i in error.issues)
        else:
            assert validation.ok == (validation.settings is not None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["mode", "display_name", "smtp", "verified", "x"]), json_values, max_size=5
    ),
    st.dictionaries(
        st.sampled_from(["host", "port", "security", "sender", "username", "password", "provider"]),
        json_values,
        max_size=7,
    ),
)
def test_fuzz_structured_documents_never_crash(tmp_path, top, smtp):
    document = {"format": "smtp-wizard-config", "version": 1, **top}
    if "smtp" in top:
        document["smtp"] = smtp
    try:
        _, validation = load(write(tmp_path, "in.json", json.dumps(document)))
    except ConfigError as error:
        assert error.issues[0].message("zh_CN")
    else:
        for issue in validation.issues:
            assert issue.message("zh_CN")


def test_a_pinned_or_ca_file_pass_says_what_the_backend_will_need_in_every_format(tmp_path):
    pin = ":".join(["0F"] * 32)
    name = ca_name("/tmp/acme\nSMTP_HOST=evil.pem")  # a file name may hold a line break
    verified = Verification(
        VERIFIED.time, VERIFIED.recipient, VERIFIED.message_id, VERIFIED.digest, pin, name
    )
    document = config_file.to_document(SETTINGS, verified=verified)
    assert document["verified"]["pinned_sha256"] == pin
    sheet = config_file.render_sheet(SETTINGS, verified=verified, lang="en")
    assert f"Certificate trusted manually, SHA-256 {pin}." in sheet
    assert "import the CA that issued it there, or pin this SHA-256 fingerprint" in sheet
    assert "证书已手动信任,SHA-256 " + pin in config_file.render_sheet(
        SETTINGS, verified=verified, lang="zh_CN"
    )
    env = config_file.render_env(SETTINGS, verified=verified, lang="zh_CN")
    comments = [line for line in env.splitlines() if line.startswith("#")]
    assert any(line.startswith(f"# 证书已手动信任,SHA-256 {pin}") for line in comments)
    assert any("acme\\x0aSMTP_HOST=evil.pem" in line for line in comments)  # a file name cannot add a line
    assert env_file.parse_env(env)["SMTP_HOST"] == SETTINGS.smtp.host
    assert env_file.parse_env(env)["MAIL_VERIFIED_CA_FILE"] == "acme\\x0aSMTP_HOST=evil.pem"
