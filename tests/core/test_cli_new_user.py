"""The command line as a new user tries it (issue 24, item 9): global options anywhere, usage
errors in the user's language and as JSON, unknown presets with suggestions, `-` for stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import cli

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
