"""Company-domain shapes from the records providers publish (issue 22): 21Vianet, Lark, Zoho,
NetEase free enterprise mail, Huawei's SPF, Aliyun's webmail CNAME. Real DNS on loopback; every
made-up name either resolves to nothing or does not exist, so nothing leaves the machine."""

from __future__ import annotations

import pytest

from tests.core.dns_server import LocalDns
from wizard.core.detect import detect

GATEWAY = [(10, "mx.spamgw.example")]  # a spam-filter gateway: only SPF or CNAME tells

MX = {
    "m365-21v-corp.cn": [(0, "m365-21v-corp-cn.mail.protection.partner.outlook.cn")],
    "m365-21v-gw.cn": GATEWAY,
    "m365-global-gw.com": GATEWAY,
    "lark-corp.com": [(1, "mx1.larksuite.com"), (5, "mx2.larksuite.com"), (10, "mx3.larksuite.com")],
    "lark-gw.com": GATEWAY,
    "zoho-corp.com": [(10, "mx.zoho.com"), (20, "mx2.zoho.com"), (50, "mx3.zoho.com")],
    "zoho-cn-corp.cn": [(10, "mx.zoho.com.cn")],
    "zoho.com": [(10, "mx.zoho.com")],  # Zoho's own personal domain: the table knows its server
    "feishu-corp2.cn": [(1, "mx1.feishu.cn")],
    "huawei-gw.cn": GATEWAY,
    "aliyun-webmail.cn": GATEWAY,
    "ym-corp.cn": [(5, "mx.ym.163.com")],
}
TXT = {
    "m365-21v-gw.cn": "v=spf1 include:spf.protection.partner.outlook.cn -all",
    "m365-global-gw.com": "v=spf1 include:spf.protection.outlook.com -all",
    "lark-gw.com": "v=spf1 +include:spf.onlarksuite.com -all",
    "huawei-gw.cn": "v=spf1 include:spf.sparkspace.huaweicloud.com -all",
}
CNAME = {"mail.aliyun-webmail.cn": "qiye.aliyun.com."}  # Aliyun's documented webmail record


@pytest.fixture(scope="module")
def dns_server():
    records = {(name, "TXT"): [f'"{text}"'] for name, text in TXT.items()}
    records.update({(name, "CNAME"): [target] for name, target in CNAME.items()})
    nxdomain = {f"autoconfig.{name}" for name in {*MX, *TXT}}
    with LocalDns(MX, records=records, nxdomain=nxdomain) as server:
        yield server


def found(dns_server, address: str):
    result = detect(address, nameserver=dns_server.address, timeout=4, guess=False)
    return result.provider.id if result.provider else None, result.method


@pytest.mark.parametrize(
    "address, expected",
    [
        ("it@m365-21v-corp.cn", ("office365_21v", "mx")),
        ("it@m365-21v-gw.cn", ("office365_21v", "spf")),
        ("it@m365-global-gw.com", ("office365", "spf")),
    ],
)
def test_microsoft_365_operated_by_21vianet_is_not_the_global_service(dns_server, address, expected):
    assert found(dns_server, address) == expected


def test_21vianet_preset_fills_the_china_server():
    from wizard.core.catalog import load_catalog

    preset = load_catalog().get("office365_21v")
    assert (preset.host, str(preset.default_endpoint)) == ("smtp.partner.outlook.cn", "587:starttls")
    assert load_catalog().by_host("smtp.partner.outlook.cn").id == "office365_21v"


@pytest.mark.parametrize(
    "address, expected",
    [
        ("hr@lark-corp.com", ("lark", "mx")),
        ("hr@lark-gw.com", ("lark", "spf")),
        ("hr@feishu-corp2.cn", ("feishu", "mx")),  # Feishu in mainland China stays Feishu
        ("hr@zoho-corp.com", ("zoho", "mx")),
        ("hr@zoho-cn-corp.cn", ("zoho_cn", "mx")),
    ],
)
def test_lark_and_zoho_company_domains(dns_server, address, expected):
    assert found(dns_server, address) == expected


def test_new_presets_fill_their_servers():
    from wizard.core.catalog import load_catalog

    catalog = load_catalog()
    lark = catalog.get("lark")
    assert (lark.host, str(lark.default_endpoint), lark.secret.name.get("zh_CN")) == (
        "smtp.larksuite.com",
        "465:ssl",
        "专用密码",
    )
    assert lark.imap.host == "imap.larksuite.com" and lark.admin is not None
    zoho, zoho_cn = catalog.get("zoho"), catalog.get("zoho_cn")
    assert (zoho.host, [a.host for a in zoho.alt_hosts]) == ("smtppro.zoho.com", ["smtp.zoho.com"])
    assert (zoho_cn.host, [a.host for a in zoho_cn.alt_hosts]) == (
        "smtppro.zoho.com.cn",
        ["smtp.zoho.com.cn"],
    )
    assert [str(e) for e in zoho.endpoints] == ["465:ssl", "587:starttls"]
    assert zoho.login.must_equal_sender and zoho.secret.kind == "app_password"
    mailgun = catalog.get("mailgun")
    assert (mailgun.host, [a.host for a in mailgun.alt_hosts]) == (
        "smtp.mailgun.org",
        ["smtp.eu.mailgun.org"],
    )
    assert mailgun.login.rule == "separate"  # per-domain SMTP credentials, not the account
    ses = catalog.get("amazon_ses")
    assert ses.host == "email-smtp.us-east-1.amazonaws.com"
    assert "email-smtp.eu-west-1.amazonaws.com" in [a.host for a in ses.alt_hosts]
    assert "IAM" in ses.warnings.get("en")[0] and "per region" in ses.warnings.get("en")[0]
    assert all(e.security.value != "none" for e in ses.endpoints)


def test_zoho_china_addresses_are_in_the_bundled_table(dns_server):
    from wizard.core.detect import ispdb

    server = ispdb.lookup("zoho.com.cn")
    assert (server.host, server.port, server.security.value) == ("smtp.zoho.com.cn", 465, "ssl")
    result = detect("li@zoho.com.cn", nameserver=dns_server.address, timeout=4, guess=False)
    assert (result.method, result.server.host) == ("ispdb", "smtp.zoho.com.cn")


@pytest.mark.parametrize(
    "address, expected",
    [
        ("hr@huawei-gw.cn", ("huawei_qiye", "spf")),
        ("hr@aliyun-webmail.cn", ("aliyun_qiye", "cname")),
        ("hr@ym-corp.cn", ("netease_ym", "mx")),
    ],
)
def test_catalog_records_that_were_missing(dns_server, address, expected):
    assert found(dns_server, address) == expected


def test_netease_free_enterprise_mail_gets_its_own_server(dns_server):
    result = detect("hr@ym-corp.cn", nameserver=dns_server.address, timeout=4, guess=False)
    assert result.provider.host_for(result.domain) == "smtp.ym.163.com"


@pytest.mark.parametrize(
    "lang, words", [("zh_CN", "登录密码不再能用于客户端"), ("en", "login password no longer works")]
)
def test_aliyun_535_hint_says_when_the_login_password_stops_working(lang, words):
    from wizard.core.catalog import load_catalog
    from wizard.core.engine.api import Stage
    from wizard.core.engine.diagnosis import Failure, diagnose
    from wizard.core.settings import Security, SmtpSettings

    provider = load_catalog().get("aliyun_qiye")
    smtp = SmtpSettings(
        provider="aliyun_qiye",
        host=provider.host,
        port=465,
        security=Security.SSL,
        username="hr@acme.cn",
        sender="hr@acme.cn",
    )
    diag = diagnose(
        Failure("reply", Stage.LOGIN, 535, "Error: authentication failed"), smtp, provider=provider
    )
    assert words in diag.hint(lang)


@pytest.mark.parametrize(
    "address, host", [("li@zoho.com", "smtp.zoho.com"), ("li@zoho.com.cn", "smtp.zoho.com.cn")]
)
def test_a_personal_zoho_address_gets_the_personal_server_not_the_paid_preset(dns_server, address, host):
    result = detect(address, nameserver=dns_server.address, timeout=4, guess=False)
    assert (result.method, result.provider, result.server.host) == ("ispdb", None, host)
    assert [s.name for s in result.steps] == ["domain", "ispdb"]  # a table entry: no DNS asked
