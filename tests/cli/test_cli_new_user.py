"""The command line as a new user tries it (issue 24, item 9): global options anywhere, usage
errors in the user's language and as JSON, unknown presets with suggestions, `-` for stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ZH = {"LANG": "zh_CN.UTF-8", "PYTHONPATH": str(ROOT)}
EN = {"PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("fmt", ["json", "env", "sheet"])
def test_export_out_dash_writes_to_standard_output(tmp_path, fmt):
    args = ("export", "--provider", "qq", "--sender", "zhangsan@qq.com", "--out", "-", "--format", fmt)
    result = cli(*args, "--lang", "en", env=EN, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "-").exists()
    assert "smtp.qq.com" in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["smtp"]["sender"] == "zhangsan@qq.com"


def test_export_out_dash_with_json_is_refused_in_the_users_language(tmp_path):
    args = ("export", "--provider", "qq", "--sender", "zhangsan@qq.com", "--out", "-", "--json")
    zh = cli(*args, env=ZH, cwd=tmp_path)
    assert zh.returncode == 2
    assert json.loads(zh.stdout)["issues"][0]["code"] == "stdout_with_json"
    assert "错误 [out]" in zh.stderr and "标准输出" in zh.stderr
    en = cli(*args, "--lang", "en", env=EN, cwd=tmp_path)
    assert "error [out]" in en.stderr and "standard output" in en.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "words", [("--lang", "en", "providers"), ("--lang=en", "providers"), ("providers", "--lang", "en")]
)
def test_global_options_work_before_or_after_the_command(words):
    result = cli(*words, env=ZH)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Personal mail:"


def test_json_before_the_command_prints_json():
    result = cli("--json", "--lang", "en", "providers", env=ZH)
    assert result.returncode == 0, result.stderr
    assert "qq" in {p["id"] for p in json.loads(result.stdout)["providers"]}


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (("export",), "缺少必需的参数:--out", "the following arguments are required: --out"),
        (("providers", "--bogus"), "无法识别的参数:--bogus", "unrecognized arguments: --bogus"),
        (("validate", "--mode", "x"), "无效的选择:'x'", "invalid choice: 'x'"),
        (
            ("validate", "--provider"),
            "参数 --provider:需要一个值",
            "argument --provider: expected one argument",
        ),
        (("nonsense-command",), "无效的选择", "invalid choice"),
    ],
)
def test_usage_errors_speak_the_users_language(args, zh, en):
    chinese = cli(*args, env=ZH)
    assert chinese.returncode == 2
    assert chinese.stderr.startswith("用法:") and zh in chinese.stderr and ": 错误:" in chinese.stderr
    assert "Traceback" not in chinese.stderr
    english = cli(*args, "--lang", "en", env=ZH)
    assert english.returncode == 2
    assert english.stderr.startswith("usage:") and en in english.stderr and ": error:" in english.stderr


def test_usage_error_with_json_prints_a_json_document():
    result = cli("--json", "export", "--provider", "qq", env=ZH)
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["ok"] is False and document["code"] == "usage"
    assert "--out" in document["error"] and "缺少必需的参数" in document["error"]
    assert "缺少必需的参数" in result.stderr


def test_help_is_chinese_under_a_chinese_locale_and_english_with_lang_en():
    chinese = cli("test", "--help", env=ZH)
    assert chinese.returncode == 0
    for words in ("用法:", "选项:", "显示本帮助并退出", "测试邮件的收件人", "设置:", "确认收到:"):
        assert words in chinese.stdout, words
    english = cli("test", "--help", "--lang", "en", env=ZH)
    assert "usage:" in english.stdout and "recipient of the test mail" in english.stdout
    assert "测试邮件" not in english.stdout


def test_every_help_text_has_a_chinese_translation():
    import argparse

    from wizard.cli.parsers import build_parser
    from wizard.usage_zh import ARGPARSE, HELP

    texts: set[str] = set()

    def walk(parser: argparse.ArgumentParser) -> None:
        texts.update(t for t in (parser.description,) if t)
        texts.update(g.title for g in parser._action_groups if g.title)
        for action in parser._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                texts.add(action.help)
            if isinstance(action, argparse._SubParsersAction):
                texts.update(a.help for a in action._choices_actions if a.help)
                for sub in action.choices.values():
                    walk(sub)

    for server in (False, True):
        walk(build_parser(server=server))
    assert sorted(texts - HELP.keys() - ARGPARSE.keys()) == []


def test_the_server_build_names_itself_and_mentions_no_desktop_wizard():
    import subprocess
    import sys

    env = {"LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)}
    for lang, words in (("en", "for servers"), ("zh_CN", "服务器版命令行")):
        result = subprocess.run(
            [sys.executable, "-m", "wizard.cli", "--lang", lang, "--help"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "smtp-wizard-cli [-h]" in result.stdout and words in result.stdout
        assert "desktop" not in result.stdout and "桌面" not in result.stdout
    version = subprocess.run(
        [sys.executable, "-m", "wizard.cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert version.stdout.startswith("smtp-wizard-cli ")


@pytest.mark.parametrize(
    ("typed", "meant", "zh", "en"),
    [
        (
            "163",
            "netease163",
            "是不是要用 netease163(网易 163 邮箱)",
            "Did you mean netease163 (NetEase 163 Mail)",
        ),
        ("qqmail", "qq", "是不是要用 qq(QQ 邮箱)?", "Did you mean qq (QQ Mail)?"),
    ],
)
def test_an_unknown_provider_is_one_error_with_suggestions(typed, meant, zh, en):
    args = ("validate", "--provider", typed, "--sender", "zhangsan@163.com")
    chinese = cli(*args, env=ZH)
    assert chinese.returncode == 2
    assert chinese.stderr.count("错误") == 1, chinese.stderr
    assert f"错误 [provider] 没有 ID 为「{typed}」的邮件服务商" in chinese.stderr and zh in chinese.stderr
    english = cli(*args, "--lang", "en", "--json", env=ZH)
    assert english.returncode == 2
    issues = json.loads(english.stdout)["issues"]
    assert [(i["code"], i["field"]) for i in issues] == [("provider_unknown", "provider")]
    assert en in issues[0]["message"] and meant in issues[0]["message"]


def test_a_preset_with_another_providers_sender_domain_is_warned():
    args = ("validate", "--provider", "qq", "--sender", "zhangsan@163.com")
    chinese = cli(*args, env=ZH)
    assert chinese.returncode == 0
    assert "警告 [sender] QQ 邮箱只能用 qq.com" in chinese.stderr and "网易 163 邮箱" in chinese.stderr
    english = json.loads(cli(*args, "--json", "--lang", "en", env=ZH).stdout)
    warning = [i for i in english["issues"] if i["code"] == "sender_domain_not_provider"]
    assert warning and warning[0]["field"] == "sender" and warning[0]["severity"] == "warning"
    assert "choose NetEase 163 Mail (netease163)" in warning[0]["message"]
    same = json.loads(
        cli("validate", "--provider", "qq", "--sender", "a@vip.qq.com", "--json", env=ZH).stdout
    )
    assert not [i for i in same["issues"] if i["code"] == "sender_domain_not_provider"]


def test_the_wizards_own_options_speak_the_users_language_too():
    chinese = cli("--demo", "--bogus", env=ZH)
    assert chinese.returncode == 2
    assert chinese.stderr.startswith("用法:smtp-wizard") and "错误:无法识别的参数:--bogus" in chinese.stderr
    english = cli("--lang", "en", "--bogus", env=ZH)
    assert english.returncode == 2 and "error: unrecognized arguments: --bogus" in english.stderr
    assert "启动本机演示邮件服务器" in cli("--demo", "--help", env=ZH).stdout


def test_wrapped_chinese_usage_lines_up_on_a_terminal():
    import unicodedata

    first, second = cli("export", env=ZH).stderr.splitlines()[:2]
    head = first[: first.index("[")]
    cells = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in head)
    assert head.startswith("用法:") and len(second) - len(second.lstrip(" ")) == cells
