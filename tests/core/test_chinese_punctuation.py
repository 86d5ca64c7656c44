"""One punctuation and spacing convention for every Chinese string (README, Development):
the .ts translations, the core messages, the command line's help and the catalog's texts."""

from __future__ import annotations

import pytest

from tests.chinese_text import all_chinese_texts, violations


def test_every_chinese_string_follows_the_convention():
    found = [f"{where}: {problem}" for where, text in all_chinese_texts() for problem in violations(text)]
    assert found == [], "\n".join(found)


def test_all_sources_are_read():
    names = {where.split(":")[0].split(".")[0].split("[")[0] for where, _ in all_chinese_texts()}
    assert {"smtp_wizard_zh_CN", "core", "engine", "usage_zh", "providers"} <= names, names


@pytest.mark.parametrize(
    "text",
    [
        "获取QQ 邮箱的授权码",  # no space before a Latin run
        "端口465",  # nor before digits
        "获取 QQ  邮箱",  # two spaces
        "请检查，然后重试",  # full-width comma
        "密码（授权码）",  # full-width brackets
        "注意：没有状态文件",  # full-width colon
        "服务器 地址",  # a space between two Chinese characters
        "请检查 ,然后重试",  # a space before punctuation
    ],
)
def test_a_violation_is_found(text):
    assert violations(text)


@pytest.mark.parametrize(
    "text",
    [
        "获取 QQ 邮箱的授权码",
        "密码(授权码)(&P):",
        "在{provider}控制台里复制记录",  # a placeholder may stand for Chinese
        "PEM 证书 (*.pem *.crt *.cer);;所有文件 (*)",  # Qt's file-dialog filter syntax
        "连接被拒绝、超时。「确认收到」",
        "%(prog)s: 错误:%(message)s",
    ],
)
def test_the_convention_itself_passes(text):
    assert violations(text) == []
