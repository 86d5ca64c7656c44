"""A failed login to an enterprise provider points at what its mail admin must switch on (catalog data)."""

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
