"""Every core text exists in zh_CN and en with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from wizard.core.i18n import message_keys, normalize_language, system_language, tr


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys():
    assert message_keys("zh_CN") == message_keys("en")


@pytest.mark.parametrize("key", sorted(message_keys("en")))
def test_same_placeholders_in_both_languages(key):
    assert placeholders(tr(key, "zh_CN")) == placeholders(tr(key, "en"))
    assert tr(key, "zh_CN").strip() and tr(key, "en").strip()


def test_chinese_texts_are_chinese():
    issues = [k for k in message_keys("zh_CN") if k.startswith("issue.")]
    assert all(re.search(r"[\u4e00-\u9fff]", tr(k, "zh_CN").format_map(_Any())) for k in issues)


class _Any(dict):
    def __missing__(self, key):
        return "x"


@pytest.mark.parametrize(
    "value, lang",
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-TW", "zh_CN"),
        ("en_US.UTF-8", "en"),
        ("en", "en"),
        ("de_DE", "zh_CN"),
        (None, "zh_CN"),
        ("", "zh_CN"),
    ],
)
def test_normalize_language(value, lang):
    assert normalize_language(value) == lang


@pytest.mark.parametrize(
    "env, lang",
    [
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "C.UTF-8"}, "zh_CN"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "en:zh"}, "en"),
    ],
)
def test_system_language(monkeypatch, env, lang):
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert system_language() == lang
