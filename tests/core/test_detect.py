"""Provider detection: by domain, else by MX records from a real DNS server on loopback."""

from __future__ import annotations

import time

import pytest

from tests.core.dns_server import LocalDns
from wizard.core.addresses import InputError
from wizard.core.detect import detect, parse_nameserver


@pytest.fixture(scope="module")
def dns_server():
    zones = {
        "acme.cn": [(10, "mxbiz2.qq.com"), (5, "mxbiz1.qq.com")],
        "ali-corp.cn": [(5, "mxn.mxhichina.com"), (10, "mxw.mxhichina.com")],
        "ms-corp.com": [(0, "ms-corp-com.mail.protection.outlook.com")],
        "own-mx.cn": [(10, "mail.own-mx.cn")],
        "xn--fiqs8s.xn--fiqs8s": [(5, "mxbiz1.qq.com")],
    }
    with LocalDns(zones, nxdomain={"no-such-company.cn"}, silent={"slow-dns.cn"}) as server:
        yield server


def test_known_domains_need_no_dns():
    result = detect("zhangsan@qq.com", use_dns=False)
    assert (result.provider.id, result.method) == ("qq", "domain")
    assert detect("a@foxmail.com", use_dns=False).provider.id == "foxmail"
    assert detect("a@163.com", use_dns=False).provider.id == "netease163"


def test_fullwidth_address_is_normalized_before_detection():
    assert detect("zhangsan＠163．com", use_dns=False).provider.id == "netease163"


@pytest.mark.parametrize(
    "address, provider",
    [
        ("hr@acme.cn", "exmail"),
        ("hr@ali-corp.cn", "aliyun_qiye"),
        ("it@ms-corp.com", "office365"),
        ("it@中国.中国", "exmail"),
    ],
)
def test_company_domains_by_mx(dns_server, address, provider):
    result = detect(address, nameserver=dns_server.address, timeout=2)
    assert (result.provider.id, result.method, result.error) == (provider, "mx", None)
    assert result.mx_hosts


def test_mx_hosts_are_in_preference_order(dns_server):
    assert detect("hr@acme.cn", nameserver=dns_server.address).mx_hosts == ("mxbiz1.qq.com", "mxbiz2.qq.com")


def test_own_mail_server_is_not_a_known_provider(dns_server):
    result = detect("hr@own-mx.cn", nameserver=dns_server.address)
    assert (result.provider, result.method, result.error, result.mx_hosts) == (
        None,
        "none",
        None,
        ("mail.own-mx.cn",),
    )


@pytest.mark.parametrize(
    "address, error", [("hr@no-such-company.cn", "dns_no_domain"), ("hr@no-mx.cn", "dns_no_mx")]
)
def test_dns_failures_are_reported_not_raised(dns_server, address, error):
    result = detect(address, nameserver=dns_server.address, timeout=2)
    assert (result.provider, result.error) == (None, error)


def test_dns_timeout_is_bounded(dns_server):
    started = time.monotonic()
    result = detect("hr@slow-dns.cn", nameserver=dns_server.address, timeout=0.5)
    assert result.error == "dns_timeout"
    assert time.monotonic() - started < 2


def test_unreachable_nameserver_is_a_failure_not_a_crash():
    result = detect("hr@acme.cn", nameserver="127.0.0.1:9", timeout=0.5)
    assert result.provider is None and result.error in ("dns_timeout", "dns_failure")


def test_malformed_address_raises_input_error():
    with pytest.raises(InputError) as raised:
        detect("not an address", use_dns=False)
    assert raised.value.code == "address_missing_at"


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("1.2.3.4", ("1.2.3.4", 53)),
        ("127.0.0.1:5353", ("127.0.0.1", 5353)),
        ("[::1]:53", ("::1", 53)),
        ("::1", ("::1", 53)),
    ],
)
def test_parse_nameserver(text, parsed):
    assert parse_nameserver(text) == parsed


@pytest.mark.parametrize(
    "text, code",
    [
        ("abc", "nameserver_not_address"),
        ("dns.alidns.com", "nameserver_not_address"),  # a host name needs the DNS that fails
        ("dns.alidns.com:53", "nameserver_not_address"),
        ("[::1]x", "nameserver_not_address"),
        ("1.2.3.4:x", "nameserver_port"),
        ("1.2.3.4:", "nameserver_port"),
        ("223.5.5.5:99999", "nameserver_port"),
        ("[::1]:0", "nameserver_port"),
    ],
)
def test_a_dns_server_must_be_an_address(text, code):
    """Issue 19 item 7: refused with a reason, before any question; never a ValueError."""
    from wizard.core.addresses import InputError
    from wizard.core.nameserver import make_resolver

    with pytest.raises(InputError) as raised:
        parse_nameserver(text)
    assert raised.value.code == code
    with pytest.raises(InputError):
        detect("hr@acme.cn", nameserver=text, timeout=1)
    with pytest.raises(InputError):
        make_resolver(text)


def test_a_resolver_that_denies_every_name_is_not_a_missing_domain():
    # offline stubs and captive networks answer NXDOMAIN for everything: "could not ask"
    with LocalDns({}, nxdomain={"acme.cn", "qq.com"}) as lying:
        result = detect("hr@acme.cn", nameserver=lying.address, timeout=2, guess=False)
    assert (result.provider, result.error) == (None, "dns_timeout")  # "could not ask", not "does not exist"
