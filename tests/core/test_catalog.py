"""The catalog loader turns every data entry into typed presets the rest of the code relies on."""

from __future__ import annotations

import json

import pytest

from wizard.core.catalog import load_catalog, parse_catalog
from wizard.core.paths import resource
from wizard.core.settings import Security

CATALOG = load_catalog()


def test_every_entry_loads():
    raw = json.loads(resource("providers.json").read_text(encoding="utf-8"))
    assert len(CATALOG) == len(raw["providers"]) >= 21


@pytest.mark.parametrize(
    "provider_id, host, port, security",
    [
        ("qq", "smtp.qq.com", 465, Security.SSL),
        ("exmail", "smtp.exmail.qq.com", 465, Security.SSL),
        ("netease163", "smtp.163.com", 465, Security.SSL),
        ("aliyun", "smtp.aliyun.com", 465, Security.SSL),
        ("mail189", "smtp.189.cn", 465, Security.SSL),
        ("office365", "smtp.office365.com", 587, Security.STARTTLS),
    ],
)
def test_seed_presets(provider_id, host, port, security):
    provider = CATALOG.get(provider_id)
    assert (provider.host, provider.default_endpoint.port, provider.default_endpoint.security) == (
        host,
        port,
        security,
    )


def test_lookup_by_domain_mx_and_host():
    assert CATALOG.by_domain("QQ.com").id == "qq"
    assert CATALOG.by_domain("unknown.example") is None
    assert CATALOG.by_mx(["mail.acme.cn", "mxbiz1.qq.com."]).id == "exmail"
    assert CATALOG.by_host("smtp.163.com").id == "netease163"


def test_text_falls_back_by_language():
    qq = CATALOG.get("qq")
    assert qq.name.get("zh_CN") == "QQ 邮箱" and qq.name.get("en") == "QQ Mail"
    assert qq.steps.get("en") and len(qq.steps.get("en")) == len(qq.steps.get("zh_CN"))
    assert qq.secret.name.get("zh-CN") == "授权码"


def test_login_rules():
    assert CATALOG.get("qq").login.username_for("a@qq.com") == "a@qq.com"
    assert CATALOG.get("sendgrid").login.username_for("a@acme.cn") == "apikey"
    assert CATALOG.get("sendcloud").login.username_for("a@acme.cn") is None


def test_custom_and_extra_providers():
    assert CATALOG.custom.is_custom and CATALOG.custom.host == ""
    demo = parse_catalog(
        {
            "format": "smtp-wizard-providers",
            "providers": [
                {
                    "id": "demo",
                    "name": {"zh_CN": "演示", "en": "Demo"},
                    "category": "custom",
                    "endpoints": [{"port": 2525, "security": "starttls"}],
                    "login": {"rule": "address"},
                    "secret": {"kind": "smtp_password"},
                }
            ],
        }
    ).get("demo")
    extended = CATALOG.with_extra(demo)
    assert "demo" in extended and "demo" not in CATALOG and len(extended) == len(CATALOG) + 1


def test_foreign_catalog_is_refused():
    with pytest.raises(ValueError):
        parse_catalog({"format": "other", "providers": []})


def test_template_host_is_built_from_the_sender_domain():
    catalog = load_catalog()
    coremail = catalog.get("coremail_self")
    assert coremail.is_template and not catalog.get("qq").is_template
    assert coremail.host_for("Corp.CN.") == "mail.corp.cn"
    assert coremail.host_for("") == ""  # no sender yet: the user types the server
    assert catalog.get("mail35").host_for("corp.cn") == "smtp.corp.cn"
    assert catalog.get("exmail").host_for("corp.cn") == "smtp.exmail.qq.com"


def test_a_template_preset_fills_the_host_from_the_sender_until_the_user_types_one():
    from wizard.core.draft import Draft

    draft = Draft()
    draft.choose_provider("qq")
    draft.set("sender", "hr@corp.cn")
    draft.choose_provider("coremail_self")  # replaces smtp.qq.com
    assert (draft.get("host"), draft.get("port"), draft.get("security")) == ("mail.corp.cn", 465, "ssl")
    draft.set("sender", "hr@other.cn")
    assert draft.get("host") == "mail.other.cn"  # still the template's: follows the sender
    draft.set("host", "smtp.intranet.local")
    draft.set("sender", "hr@third.cn")
    assert draft.get("host") == "smtp.intranet.local"  # typed by the user: kept
    draft.choose_provider("qq")
    assert draft.get("host") == "smtp.qq.com"


def test_detection_lookups_by_mx_domain_spf_cname_and_banner():
    catalog = load_catalog()
    assert catalog.by_mx_domain("mxmail.netease.com").id == "netease_qiye"
    assert catalog.by_mx_domain("mx.microsoft").id == "office365"
    assert catalog.by_mx_domain("qq.com") is None  # ambiguous between QQ and exmail: patterns decide
    assert catalog.by_spf_include("SPF.MAIL.QQ.COM.").id == "exmail"
    assert catalog.by_cname("smtpcom.263xmail.com").id == "qiye263"
    assert [p.id for p in catalog.by_banner("220 mail.x.cn Anti-spam GT for Coremail System")] == [
        "coremail_hosted",
        "coremail_self",
    ]
    exmail = catalog.get("exmail")
    assert "WeCom Mail" in exmail.aliases.get("en")
    assert exmail.admin is not None and "535" in exmail.admin.login_failure_hint.get("en")
    assert catalog.get("feishu").confidence.level == "unconfirmed"
