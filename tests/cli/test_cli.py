"""The command-line contract: exit codes, --json documents, stderr messages, no secrets in argv."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.dns_server import LocalDns
from tests.support.cli import cli


def test_providers_json_lists_the_catalog():
    result = cli("providers", "--json")
    assert result.returncode == 0, result.stderr
    providers = {p["id"]: p for p in json.loads(result.stdout)["providers"]}
    assert {"qq", "exmail", "netease163", "aliyun", "mail189", "sendgrid", "custom"} <= providers.keys()
    assert providers["qq"]["host"] == "smtp.qq.com"
    assert providers["qq"]["endpoints"][0] == {"port": 465, "security": "ssl"}
    assert providers["qq"]["secret_name"]["zh_CN"] == "授权码"


def test_providers_table_is_grouped_and_localized():
    zh = cli("providers", "--lang", "zh_CN").stdout
    en = cli("providers", "--lang", "en").stdout
    assert zh.splitlines()[0] == "个人邮箱:" and "企业邮箱:" in zh and "自定义服务器:" in zh
    assert en.splitlines()[0] == "Personal mail:" and "Sending services:" in en


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_providers_table_columns_line_up_on_a_terminal(lang):
    import unicodedata

    def cells(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    rows = [line for line in cli("providers", "--lang", lang).stdout.splitlines() if line.startswith("  ")]
    secret_names = {
        p["id"]: p["secret_name"][lang] for p in json.loads(cli("providers", "--json").stdout)["providers"]
    }
    starts = set()
    for row in rows:
        provider_id = row.split()[0]
        name = secret_names[provider_id]
        assert row.endswith(name)
        starts.add(cells(row[: -len(name)]))
    assert len(starts) == 1, starts  # the last column starts at the same terminal cell on every row


def test_chinese_is_the_default_language_on_a_c_locale():
    assert cli("providers").stdout.startswith("个人邮箱:")


def test_detect_by_domain():
    result = cli("detect", "zhangsan@qq.com", "--json")
    document = json.loads(result.stdout)
    assert result.returncode == 0
    assert (document["provider"]["id"], document["method"], document["error"]) == ("qq", "domain", None)


def test_detect_by_mx_with_a_local_nameserver():
    with LocalDns({"acme.cn": [(5, "mxbiz1.qq.com")]}, nxdomain={"gone.cn"}) as server:
        found = cli("detect", "hr@acme.cn", "--nameserver", server.address, "--lang", "en")
        missing = cli("detect", "hr@gone.cn", "--nameserver", server.address, "--json", "--lang", "en")
    assert found.returncode == 0
    assert "Tencent Exmail" in found.stdout and "exmail" in found.stdout and "mxbiz1.qq.com" in found.stdout
    assert missing.returncode == 1  # nothing found: nothing to configure (issue 22)
    document = json.loads(missing.stdout)
    assert (document["provider"], document["error"]) == (None, "dns_no_domain")
    assert "does not exist" in missing.stderr


def test_detect_json_lists_every_step_with_its_evidence():
    zones = {"gw-corp.cn": [(10, "mx.spamgw.example")]}
    records = {("gw-corp.cn", "TXT"): ['"v=spf1 include:spf.qiye.aliyun.com ~all"']}
    with LocalDns(zones, records=records, nxdomain={"autoconfig.gw-corp.cn"}) as server:
        result = cli("detect", "hr@gw-corp.cn", "--nameserver", server.address, "--json", "--timeout", "3")
        text = cli(
            "detect", "hr@gw-corp.cn", "--nameserver", server.address, "--lang", "en", "--timeout", "3"
        )
    document = json.loads(result.stdout)
    assert (document["provider"]["id"], document["method"]) == ("aliyun_qiye", "spf")
    steps = {step["step"]: step for step in document["steps"]}
    assert list(steps) == ["domain", "mx", "spf", "cname", "autoconfig", "ispdb", "guess"]
    assert steps["mx"]["asked"] == "MX gw-corp.cn" and steps["mx"]["answered"] == "10 mx.spamgw.example"
    assert steps["spf"]["status"] == "found" and "include:spf.qiye.aliyun.com" in steps["spf"]["answered"]
    assert document["mx_hosts"] == ["mx.spamgw.example"]  # the old fields stay
    assert "Alibaba Cloud Enterprise Mail" in text.stdout and "by the SPF record" in text.stdout


def test_detect_says_no_network_rather_than_no_such_domain():
    with LocalDns({}, silent={"offline.cn"}) as server:
        result = cli(
            "detect", "hr@offline.cn", "--nameserver", server.address, "--timeout", "1", "--lang", "en"
        )
    assert result.returncode == 1  # DNS failed and nothing was found (issue 22)
    assert "did not answer (no network, or DNS is filtered)" in result.stderr
    assert "does not exist" not in result.stderr.replace("whether offline.cn exists", "")


def test_detect_rejects_a_malformed_address():
    result = cli("detect", "zhangsan", "--lang", "en")
    assert result.returncode == 2
    assert "[sender]" in result.stderr and "the @ is missing" in result.stderr


def test_export_json_from_a_preset_with_password_from_stdin(tmp_path):
    out = tmp_path / "mail.json"
    result = cli(
        "export",
        "--provider",
        "qq",
        "--sender",
        "zhangsan@qq.com",
        "--display-name",
        "张三",
        "--out",
        str(out),
        "--include-password",
        "--password-stdin",
        "--json",
        stdin="abcd efgh ijkl mnop\n",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["ok"] and document["includes_password"] and document["format"] == "json"
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["smtp"] == {
        "provider": "qq",
        "host": "smtp.qq.com",
        "port": 465,
        "security": "ssl",
        "username": "zhangsan@qq.com",
        "sender": "zhangsan@qq.com",
        "password": "abcdefghijklmnop",
    }
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert "abcd" not in result.stdout + result.stderr


def test_export_env_with_password_from_environment(tmp_path):
    out = tmp_path / "mail.env"
    result = cli(
        "export",
        "--provider",
        "sendgrid",
        "--sender",
        "noreply@acme.cn",
        "--out",
        str(out),
        "--password-env",
        "SG_KEY",
        "--include-password",
        env={"SG_KEY": "SG.secret-key"},
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "SMTP_USERNAME=apikey" in text and "SMTP_PASSWORD=SG.secret-key" in text
    assert "SG.secret" not in result.stderr


def test_export_sheet_without_password(tmp_path):
    out = tmp_path / "mail.txt"
    result = cli(
        "export",
        "--provider",
        "netease163",
        "--sender",
        "a@163.com",
        "--out",
        str(out),
        "--password-env",
        "P",
        env={"P": "code"},
    )
    assert result.returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "邮件服务器: smtp.163.com" in text and "code" not in text
    assert "不含密码" in result.stderr


def test_export_from_a_config_file_with_overrides(tmp_path):
    base = tmp_path / "base.json"
    cli("export", "--provider", "exmail", "--sender", "hr@acme.cn", "--out", str(base))
    out = tmp_path / "changed.json"
    result = cli(
        "export",
        "--config",
        str(base),
        "--display-name",
        "人事部",
        "--port",
        "587",
        "--security",
        "starttls",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    written = json.loads(out.read_text())
    assert (written["display_name"], written["smtp"]["port"], written["smtp"]["security"]) == (
        "人事部",
        587,
        "starttls",
    )
    assert written["smtp"]["host"] == "smtp.exmail.qq.com"


def test_invalid_input_lists_every_problem_and_exits_2(tmp_path):
    out = tmp_path / "never.json"
    result = cli(
        "export",
        "--mode",
        "smtp",
        "--host",
        "smtp://x",
        "--port",
        "0",
        "--security",
        "tls",
        "--sender",
        "bad",
        "--out",
        str(out),
        "--json",
        "--lang",
        "en",
    )
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["ok"] is False and document["code"] == "invalid_input"
    assert {(i["code"], i["field"]) for i in document["issues"]} == {
        ("host_has_scheme", "host"),
        ("port_range", "port"),
        ("security_invalid", "security"),
        ("address_missing_at", "sender"),
    }
    assert "[host]" in result.stderr and "[port]" in result.stderr
    assert not out.exists()


def test_include_password_without_a_password_is_invalid(tmp_path):
    result = cli(
        "export",
        "--provider",
        "qq",
        "--sender",
        "a@qq.com",
        "--out",
        str(tmp_path / "x.json"),
        "--include-password",
        "--lang",
        "zh_CN",
    )
    assert result.returncode == 2
    assert "请填写「密码」" in result.stderr


@pytest.mark.parametrize("value", ["abcdefghijklmnop", "NOT_SET_ANYWHERE", "x1", "z"])
def test_missing_password_env_names_the_field_and_never_the_value(tmp_path, value):
    """Issue 19 item 9: the value may be the code itself (a common slip), whatever its length."""
    for lang, words in (("en", "--password-env SMTP_PASSWORD"), ("zh_CN", "不要写密码本身")):
        args = ["--provider", "qq", "--sender", "a@qq.com", "--password-env", value, "--lang", lang]
        result = cli("export", *args, "--out", str(tmp_path / "x.json"))
        assert result.returncode == 2 and not (tmp_path / "x.json").exists()
        assert "[password]" in result.stderr and words in result.stderr
        shown = (
            result.stderr.replace("--password-env", "").replace("SMTP_PASSWORD", "").replace("[password]", "")
        )
        assert value not in shown, result.stderr
        result = cli("validate", *args, "--json")
        assert result.returncode == 2 and value not in result.stdout.replace("--password-env", "")
    imap = ["test", "--provider", "qq", "--sender", "a@qq.com", "--password-env", "PW", "--to", "b@163.com"]
    imap += ["--confirm-imap", "--imap-password-env", value, "--lang", "en"]
    result = cli(*imap, env={"PW": "a-code"})  # refused before anything is sent
    assert result.returncode == 2 and "[imap_password]" in result.stderr
    assert value not in result.stderr.replace("--imap-password-env", "").replace("[imap_password]", "")


def test_there_is_no_password_option():
    result = cli("export", "--password", "x", "--out", "x.json")
    assert result.returncode == 2
    assert "--password-env" in result.stderr and "--password-stdin" in result.stderr
    assert "shell history" in result.stderr


def test_unwritable_target_is_a_failure_with_the_path(tmp_path):
    target = tmp_path / "no" / "such" / "dir.json"
    result = cli(
        "export", "--mode", "platform", "--display-name", "通知", "--out", str(target), "--lang", "en"
    )
    assert result.returncode == 1
    assert "folder does not exist" in result.stderr and str(target) in result.stderr


def test_bad_config_file_is_invalid_input(tmp_path):
    bad = tmp_path / "other.json"
    bad.write_text('{"format": "x"}')
    result = cli("validate", "--config", str(bad), "--json", "--lang", "en")
    assert result.returncode == 2
    assert json.loads(result.stdout)["issues"][0]["code"] == "config_wrong_format"


def test_validate_prints_normalized_settings_and_notices():
    result = cli("validate", "--provider", "qq", "--sender", "zhangsan＠qq．com", "--json", "--lang", "en")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["settings"]["smtp"]["sender"] == "zhangsan@qq.com"
    assert [i["code"] for i in document["issues"]] == ["fullwidth_folded"]


def test_python_dash_m_and_console_script_agree():
    script = Path(sys.executable).with_name("smtp-wizard")
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    direct = subprocess.run([str(script), "providers", "--json"], capture_output=True, text=True)
    assert direct.returncode == 0 and direct.stdout == cli("providers", "--json").stdout


def test_usage_errors_exit_2():
    assert cli("export").returncode == 2
    assert cli("no-such-command").returncode in (1, 2)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


VERIFIED_QQ_FILE = {
    "format": "smtp-wizard-config",
    "version": 1,
    "mode": "smtp",
    "display_name": "通知中心",
    "smtp": {
        "provider": "qq",
        "host": "smtp.qq.com",
        "port": 465,
        "security": "ssl",
        "username": "zhangsan@qq.com",
        "sender": "zhangsan@qq.com",
    },
}


def digest_of_file(document: dict, verified: dict) -> str:
    """The digest a passed test of this file's settings would have written."""
    from wizard.core.tested import digest_of_test
    from wizard.core.validation import validate

    values = {"mode": document["mode"], "display_name": document["display_name"], **document["smtp"]}
    return digest_of_test(validate(values).settings, verified["recipient"])


@pytest.mark.parametrize(
    ("lang", "notice"),
    [("zh_CN", "文件中的验证记录与设置不符,已忽略"), ("en", "does not match its settings and was ignored")],
)
def test_a_hand_edited_file_loses_its_verification_with_a_notice(tmp_path, lang, notice):
    verified = {"time": "2026-11-25T06:00:00Z", "recipient": "ops@acme.cn", "message_id": "<1@qq.com>"}
    verified["digest"] = digest_of_file(VERIFIED_QQ_FILE, verified)
    edited = json.loads(json.dumps(VERIFIED_QQ_FILE))
    edited["smtp"] |= {"provider": "custom", "host": "127.0.0.1", "port": closed_port()}  # by hand
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(edited | {"verified": verified}), encoding="utf-8")
    out = tmp_path / "out.json"

    exported = cli("export", "--config", str(source), "--out", str(out), "--lang", lang, "--json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["verified"] is False
    assert "verified" not in json.loads(out.read_text(encoding="utf-8"))
    assert notice in exported.stderr

    code = {"SMTP_CODE": "abcdefghijklmnop"}
    tested = cli(
        "test",
        "--config",
        str(source),
        "--to",
        "ops@acme.cn",
        "--lang",
        lang,
        "--password-env",
        "SMTP_CODE",
        env=code,
    )
    assert tested.returncode == 1  # nothing listens there; the notice came before the attempt
    assert notice in tested.stderr + tested.stdout


def test_a_hand_edited_env_file_loses_its_verification_too(tmp_path):
    verified = {"time": "2026-11-25T06:00:00Z", "recipient": "ops@acme.cn", "message_id": "<1@qq.com>"}
    verified["digest"] = digest_of_file(VERIFIED_QQ_FILE, verified)
    source = tmp_path / "mail.json"
    source.write_text(json.dumps(VERIFIED_QQ_FILE | {"verified": verified}), encoding="utf-8")
    env = tmp_path / "mail.env"
    assert cli("export", "--config", str(source), "--out", str(env)).returncode == 0
    assert "MAIL_VERIFIED_DIGEST=" + verified["digest"] in env.read_text(encoding="utf-8")
    env.write_text(
        env.read_text(encoding="utf-8").replace("SMTP_PORT=465", "SMTP_PORT=2525"), encoding="utf-8"
    )
    out = tmp_path / "out.json"
    exported = cli("export", "--config", str(env), "--out", str(out), "--lang", "en", "--json")
    assert exported.returncode == 0 and json.loads(exported.stdout)["verified"] is False
    assert "does not match its settings and was ignored" in exported.stderr


def test_export_keeps_a_files_verification_only_while_nothing_changes(tmp_path):
    verified = {"time": "2026-11-25T06:00:00Z", "recipient": "ops@acme.cn", "message_id": "<1@qq.com>"}
    verified["digest"] = digest_of_file(VERIFIED_QQ_FILE, verified)
    source = tmp_path / "verified.json"
    source.write_text(json.dumps(VERIFIED_QQ_FILE | {"verified": verified}), encoding="utf-8")

    def export(*options, env=None):
        out = tmp_path / "out.json"
        result = cli("export", "--config", str(source), *options, "--out", str(out), "--json", env=env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["verified"], json.loads(out.read_text(encoding="utf-8")).get(
            "verified"
        )

    assert export() == (True, verified)
    assert export("--display-name", "通知中心") == (True, verified)  # the same value: no change
    assert export("--port", "587", "--security", "starttls") == (False, None)
    code = {"QQ_CODE": "abcdefghijklmnop"}
    assert export("--password-env", "QQ_CODE", "--include-password", env=code) == (False, None)
