"""A failed login to an enterprise provider points at what its mail admin must switch on (catalog data);
a DNS failure says whether the name does not exist or the DNS server did not answer."""

import pytest

from wizard.core.catalog import load_catalog
from wizard.core.engine.api import Stage
from wizard.core.engine.diagnosis import Failure, diagnose
from wizard.core.settings import Security, SmtpSettings

EXMAIL_BUSY = (535, "Error: authentication failed, system busy")


def smtp_for(provider_id: str) -> SmtpSettings:
    provider = load_catalog().get(provider_id)
    return SmtpSettings(
        provider=provider_id,
        host=provider.host,
        port=465,
        security=Security.SSL,
        username="hr@acme.cn",
        sender="hr@acme.cn",
    )


@pytest.mark.parametrize(
    "lang, words", [("zh_CN", "协作 › 安全管理 › 客户端访问限制"), ("en", "Client access restriction")]
)
def test_exmail_system_busy_points_to_the_admin_setting(lang, words):
    provider = load_catalog().get("exmail")
    diag = diagnose(Failure("reply", Stage.LOGIN, *EXMAIL_BUSY), smtp_for("exmail"), provider=provider)
    assert diag.code in ("auth_failed", "auth_code_required")
    assert words in diag.hint(lang)


def test_providers_without_admin_prerequisites_get_no_admin_text():
    provider = load_catalog().get("qq")
    diag = diagnose(Failure("reply", Stage.LOGIN, 535, "Login fail"), smtp_for("qq"), provider=provider)
    assert "管理员" not in diag.hint("zh_CN")


def test_the_admin_hint_is_not_shown_for_network_failures():
    provider = load_catalog().get("aliyun_qiye")
    diag = diagnose(
        Failure("timeout", Stage.CONNECT, None, "timed out"), smtp_for("aliyun_qiye"), provider=provider
    )
    assert "允许使用第三方客户端" not in diag.hint("zh_CN")


@pytest.mark.parametrize(
    "text, says",
    [
        ("[Errno -3] Temporary failure in name resolution", "did not answer"),
        ("DNS lookup of smtp.acme.cn timed out", "did not answer"),
        ("[Errno -2] Name or service not known", "does not exist"),
    ],
)
def test_dns_failure_tells_no_network_from_a_missing_name(text, says):
    diag = diagnose(Failure("dns", Stage.RESOLVE, None, text), smtp_for("exmail"))
    assert diag.code == "dns_failure" and diag.field == "host"
    message = diag.message("en")
    assert says in message
    other = "does not exist" if says == "did not answer" else "did not answer"
    assert other not in message
