"""Every diagnosis code has a message and a hint-free fallback in both languages, with no
unfilled placeholder; engine.json matches core.json's shape."""

from __future__ import annotations

import json

import pytest

from wizard.core.engine.api import Diagnosis
from wizard.core.engine.rules import FALLBACK, RULES
from wizard.core.paths import resource

CODES = sorted({rule.code for rule in (*RULES, FALLBACK)} | {"ok"})
VARIANTS = sorted({(rule.code, rule.variant) for rule in RULES if rule.variant})


def test_engine_json_has_both_languages_and_no_collisions():
    engine = json.loads(resource("messages", "engine.json").read_text(encoding="utf-8"))
    core = json.loads(resource("messages", "core.json").read_text(encoding="utf-8"))
    assert engine.keys() == {"zh_CN", "en"} and engine["zh_CN"].keys() == engine["en"].keys()
    assert not engine["zh_CN"].keys() & core["zh_CN"].keys()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("code", CODES)
def test_every_code_renders(code, lang):
    diag = Diagnosis(code, "host", params={"host": "smtp.example.com", "port": 465, "stage": "login"})
    text = diag.message(lang)
    assert text and "{" not in text and text != f"diag.{code}"
    assert "{" not in diag.hint(lang)


@pytest.mark.parametrize(("code", "variant"), VARIANTS)
def test_variants_have_their_own_text(code, variant):
    plain = Diagnosis(code, None).message("en")
    assert Diagnosis(code, None, params={"variant": variant}).message("en") != plain
