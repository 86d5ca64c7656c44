"""No support report, Markdown or HTML, shows the password in any form a wire or a server could
carry it: plain, base64 (AUTH LOGIN), the AUTH PLAIN message with and without authorization
identity, each with and without padding; for secrets of every length from 1 to 64.

The policy is the shared redactor's (wizard/core/engine/transcript.py): a form of 8 or more
characters never appears at all; a shorter one never as a whole word (inside a longer word it
is not the secret, and masking every "a" would make the report unreadable). Short forms are
counted against a control report with another secret of the same length injected the same way,
so a word of the report's own text that happens to equal the secret is not mistaken for a leak.
"""

from __future__ import annotations

import html
import random
import re

import pytest

from wizard.core.engine import api
from wizard.core.engine.api import (
    Diagnosis,
    ProbeReport,
    ProbeResult,
    Stage,
    StageEvent,
    StageStatus,
    TlsInfo,
)
from wizard.core.engine.transcript import secret_forms
from wizard.core.report.facts import Environment
from wizard.core.report.render import render
from wizard.core.report.sections import build_sections
from wizard.core.settings import Endpoint, MailSettings, Mode, Security, SmtpSettings

USER = "zhangsan@example.com"
LONG = 8  # the shared redactor masks forms this long anywhere, shorter ones as whole words
ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-./:;<=>?@[]^_{|}~授权码密钥"


def _secret(length: int, seed: int) -> str:
    rng = random.Random(seed * 1000 + length)
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def _echoes(secret: str) -> str:
    """Every form as a whole word, as a hostile server would echo it."""
    return " ".join(f"[{form}] {form} ({form})" for form in sorted(secret_forms(secret, USER)))


def _report_texts(secret: str) -> list[str]:
    echo = _echoes(secret)
    tls = TlsInfo(
        "TLSv1.3", "TLS_AES_256_GCM_SHA384", f"CN={echo}", f"CN=issuer {echo}", "2030-01-01", "AB:CD"
    )
    result = api.TestResult(
        diagnosis=Diagnosis("auth_failed", "password", server_reply=f"535 {echo}", params={"detail": echo}),
        stages=(
            StageEvent(Stage.CONNECT, StageStatus.OK, 3, "127.0.0.1:465"),
            StageEvent(Stage.LOGIN, StageStatus.FAILED, 12, f"535 {echo}"),
        ),
        transcript=(f"    10 ms  C: AUTH PLAIN {echo}", f"    12 ms  S: 535 {echo}", f"S: 334 {echo}"),
        tls=tls,
    )
    probe = ProbeReport(
        host="smtp.example.com",
        results=(ProbeResult(Endpoint(465, Security.SSL), True, "ok", 40, tls, ("PLAIN",), None, echo),),
        recommended=Endpoint(465, Security.SSL),
    )
    smtp = SmtpSettings(
        provider="custom",
        host="smtp.example.com",
        port=465,
        security=Security.SSL,
        username=USER,
        sender=USER,
        password=secret,
    )
    settings = MailSettings(mode=Mode.SMTP, display_name="通知中心", smtp=smtp)
    environment = Environment("0.1.0", "Linux", "3.11", ("127.0.0.53",), ("HTTPS_PROXY",), "127.0.0.1")
    texts = []
    for lang in ("zh_CN", "en"):
        sections = build_sections(result, settings, environment, probe=probe, lang=lang)
        texts += [render(sections, "markdown", lang), render(sections, "html", lang)]
    return texts


def as_read(text: str) -> str:
    """What a reader sees: Markdown escapes and HTML entities undone."""
    return html.unescape(re.sub(r"\\([\\`*\[\]|~_])", r"\1", text))


def whole_words(form: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(form)}(?!\w)", text))


@pytest.mark.parametrize("length", range(1, 65))
def test_no_form_of_the_secret_reaches_either_format(length):
    secret, control = _secret(length, 1), _secret(length, 2)
    assert secret != control
    shown = [as_read(text) for text in _report_texts(secret)]
    baseline = [as_read(text) for text in _report_texts(control)]
    for form in secret_forms(secret, USER):
        for text, control_text in zip(shown, baseline, strict=True):
            if len(form) >= LONG:
                assert form not in text, (form, text)
            else:
                assert whole_words(form, text) <= whole_words(form, control_text), (form, text)
    # The report still says what happened, and that the password was entered but left out.
    assert all("auth_failed" in text for text in shown)
    assert "****" in shown[0]


def test_the_control_comparison_would_see_a_leak():
    """The short-form check is not vacuous: an unredacted short secret is counted."""
    leaked = f"535 wrong password q7 for {USER}"
    assert whole_words("q7", leaked) == 1 > whole_words("q7", "535 wrong password **** for you")
