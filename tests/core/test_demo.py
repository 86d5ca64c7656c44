"""The demo server teaches what real submission servers do: no mail without a login."""

from __future__ import annotations

import smtplib
import ssl

import pytest

from wizard.core.catalog import load_catalog
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER, DemoServer, demo_provider
from wizard.core.draft import Draft
from wizard.core.engine.session import run_test


@pytest.fixture(scope="module")
def demo():
    with DemoServer() as server:
        yield server


def demo_draft(demo: DemoServer, password: str, security: str = "ssl") -> Draft:
    draft = Draft(load_catalog().with_extra(demo_provider(demo)))
    draft.choose_provider("demo")
    draft.set("mode", "smtp")
    draft.set("security", security)
    draft.set("sender", DEMO_USER)
    draft.set("password", password)
    draft.ca_file = demo.ca_file
    return draft


def test_mail_before_a_login_is_refused_with_530(demo):
    context = ssl.create_default_context(cafile=demo.ca_file)
    with smtplib.SMTP_SSL(demo.host, demo.ssl_port, context=context, timeout=10) as client:
        client.ehlo("client.example.net")
        code, reply = client.mail(DEMO_USER)
    assert (code, reply.decode()) == (530, "5.7.0 Authentication required")


@pytest.mark.parametrize("security", ["ssl", "starttls"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_test_without_a_password_fails_and_names_the_password(demo, security, lang):
    draft = demo_draft(demo, "", security)
    result = run_test(draft.test_request(lang=lang))
    diagnosis = result.diagnosis
    assert not result.ok and result.verified is None and not result.message_id
    assert (diagnosis.code, diagnosis.field) == ("auth_failed", "password")
    assert diagnosis.server_reply.startswith("530 5.7.0 Authentication required")
    fix = {"zh_CN": "请填写密码(或授权码)后重试", "en": "Enter the password (or authorization code)"}[lang]
    assert fix in diagnosis.message(lang)
    assert not demo.messages()


def test_the_demo_code_still_passes(demo):
    draft = demo_draft(demo, DEMO_PASSWORD)
    result = run_test(draft.test_request(lang="en"))
    assert result.ok and result.verified is not None
