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
}
TXT = {
    "m365-21v-gw.cn": "v=spf1 include:spf.protection.partner.outlook.cn -all",
    "m365-global-gw.com": "v=spf1 include:spf.protection.outlook.com -all",
}


@pytest.fixture(scope="module")
def dns_server():
    records = {(name, "TXT"): [f'"{text}"'] for name, text in TXT.items()}
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
