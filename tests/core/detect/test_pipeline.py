"""Detection for company domains, one loopback case per way a provider can be found (issue 12).

A real DNS server on 127.0.0.1 answers MX/TXT/CNAME/A; autoconfig files come from a real HTTPS
server with a trustme certificate; guessing probes a real implicit-TLS SMTP server. Only loopback
addresses are ever contacted: every made-up name resolves to 127.0.0.1 or does not exist.
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.core.dns_server import LocalDns
from wizard.core.detect import detect
from wizard.core.engine.api import CancelToken
from wizard.core.settings import Endpoint, Security

LOCAL = ["127.0.0.1"]

MX = {
    "exmail-new.cn": [(5, "mxbiz1.qq.com"), (10, "mxbiz2.qq.com")],
    "exmail-old.cn": [(10, "mx.exmail.qq.com")],
    "exmail-qqdomain.cn": [(10, "mxdomain.qq.com")],
    "netease-hz.cn": [(10, "hzmx01.mxmail.netease.com"), (20, "hzmx02.mxmail.netease.com")],
    "netease-other-node.cn": [(10, "mx9.mxmail.netease.com")],
    "netease-new-name.cn": [(10, "mx.qiye-edge.netease.com")],
    "m365-new-name.cn": [(0, "m365-new-name-cn.mail.edge.partner.outlook.cn")],
    "netease-free.cn": [(5, "mx.ym.163.com")],
    "aliyun-corp.cn": [(5, "mx1.qiye.aliyun.com"), (10, "mx2.qiye.aliyun.com"), (15, "mx3.qiye.aliyun.com")],
    "m365-global.com": [(0, "m365-global-com.mail.protection.outlook.com")],
    "m365-21v.cn": [(0, "m365-21v-cn.mail.protection.partner.outlook.cn")],
    "m365-dnssec.com": [(0, "m365-dnssec-com.o-v1.mx.microsoft")],
    "gws-corp.com": [(1, "smtp.google.com")],
    "gws-legacy.com": [(1, "aspmx.l.google.com"), (5, "alt1.aspmx.l.google.com")],
    "huawei-corp.cn": [(5, "mx1.sparkspace.huaweicloud.com"), (10, "mx2.sparkspace.huaweicloud.com")],
    "feishu-corp.cn": [(1, "mx1.feishu.cn"), (5, "mx2.feishu.cn"), (10, "mx3.feishu.cn")],
    "corp263.cn": [(5, "mxwcom.263xmail.com"), (10, "mxcom.263xmail.com")],
    # a spam-filter gateway in front: only SPF tells
    "spf-only.cn": [(10, "mx.spamgw.example")],
    "autoconf-corp.cn": [(10, "mail.autoconf-corp.cn")],
    "hostile-corp.cn": [(10, "mail.hostile-corp.cn")],
    "guess-corp.cn": [(10, "mail.guess-corp.cn")],
    "coremail-corp.cn": [(10, "mail.coremail-corp.cn")],
}
RECORDS = {
    ("spf-only.cn", "TXT"): ['"v=spf1 ip4:192.0.2.1 include:spf.mail.qq.com -all"'],
    ("smtp.cname-only.cn", "CNAME"): ["smtp.sparkspace.huaweicloud.com."],
    ("autoconfig.autoconf-corp.cn", "A"): LOCAL,
    ("autoconfig.hostile-corp.cn", "A"): LOCAL,
    ("smtp.guess-corp.cn", "A"): LOCAL,
    ("mail.coremail-corp.cn", "A"): LOCAL,
}
NXDOMAIN = {
    "no-such-company.cn",
    "smtp.guess-corp.cn.invalid",
    "autoconfig.guess-corp.cn",
    "autoconfig.coremail-corp.cn",
    "autoconfig.cname-only.cn",
    "autoconfig.spf-only.cn",
}


@pytest.fixture(scope="module")
def dns_server():
    with LocalDns(MX, nxdomain=NXDOMAIN, silent={"offline-corp.cn"}, records=RECORDS) as server:
        yield server


def run(dns_server, address, **kwargs):
    kwargs.setdefault("timeout", 4)
    kwargs.setdefault("guess", False)
    return detect(address, nameserver=dns_server.address, **kwargs)


def step(result, name):
    return next(s for s in result.steps if s.name == name)


@pytest.mark.parametrize(
    "address, provider",
    [
        ("hr@exmail-new.cn", "exmail"),
        ("hr@exmail-old.cn", "exmail"),
        ("hr@exmail-qqdomain.cn", "exmail"),
        ("hr@netease-hz.cn", "netease_qiye"),
        ("hr@netease-free.cn", "netease_ym"),
        ("hr@aliyun-corp.cn", "aliyun_qiye"),
        ("it@m365-global.com", "office365"),
        ("it@m365-21v.cn", "office365_21v"),
        ("it@m365-dnssec.com", "office365"),
        ("it@gws-corp.com", "google_workspace"),
        ("it@gws-legacy.com", "google_workspace"),
        ("hr@huawei-corp.cn", "huawei_qiye"),
        ("hr@feishu-corp.cn", "feishu"),
        ("hr@corp263.cn", "qiye263"),
    ],
)
def test_company_domains_by_mx(dns_server, address, provider):
    result = run(dns_server, address)
    assert (result.provider.id, result.method, result.error) == (provider, "mx", None)
    mx = step(result, "mx")
    assert mx.asked == f"MX {result.domain}"
    assert result.mx_hosts[0] in mx.answered  # the evidence names what answered


@pytest.mark.parametrize(
    "address, provider",
    [
        ("hr@netease-other-node.cn", "netease_qiye"),  # next label: mxmail.netease.com
        ("hr@netease-new-name.cn", "netease_qiye"),  # registered domain: netease.com
        ("it@m365-new-name.cn", "office365_21v"),  # registered domain: outlook.cn
    ],
)
def test_mx_is_matched_by_its_next_label_or_registered_domain_not_only_by_pattern(
    dns_server, address, provider
):
    result = run(dns_server, address)
    assert (result.provider.id, result.method) == (provider, "mx")


def test_spf_include_finds_a_provider_behind_a_gateway(dns_server):
    result = run(dns_server, "hr@spf-only.cn")
    assert (result.provider.id, result.method) == ("exmail", "spf")
    spf = step(result, "spf")
    assert spf.asked == "TXT spf-only.cn" and "include:spf.mail.qq.com" in spf.answered
    assert step(result, "mx").status == "nothing"


def test_cname_of_smtp_host_finds_the_provider(dns_server):
    result = run(dns_server, "hr@cname-only.cn")
    assert (result.provider.id, result.method) == ("huawei_qiye", "cname")
    assert "smtp.cname-only.cn -> smtp.sparkspace.huaweicloud.com" in step(result, "cname").answered
    assert result.error == "dns_no_mx"


AUTOCONFIG = b"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="autoconf-corp.cn">
    <domain>autoconf-corp.cn</domain>
    <outgoingServer type="smtp">
      <hostname>mail.%EMAILDOMAIN%</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"""


def over_https(dns_server, web_server, detect_pki, closed_port, address, body):
    """Serve ``body`` as the autoconfig file over trusted HTTPS (http: nothing listens) and detect."""
    web = web_server({"/mail/config-v1.1.xml": (200, body)})
    return web, run(
        dns_server, address, ca_file=detect_pki.ca_file, https_port=web.port, http_port=closed_port
    )


def test_autoconfig_file_over_https_gives_the_server(dns_server, web_server, detect_pki, closed_port):
    web, result = over_https(
        dns_server, web_server, detect_pki, closed_port, "hr@autoconf-corp.cn", AUTOCONFIG
    )
    assert (result.provider, result.method) == (None, "autoconfig")
    server = result.server
    assert (server.host, server.port, server.security, server.username) == (
        "mail.autoconf-corp.cn",
        465,
        Security.SSL,
        "address",
    )
    assert (
        step(result, "autoconfig").asked
        == f"https://autoconfig.autoconf-corp.cn:{web.port}/mail/config-v1.1.xml"
    )
    assert web.requests == [
        f"autoconfig.autoconf-corp.cn:{web.port}/mail/config-v1.1.xml?emailaddress=hr%40autoconf-corp.cn"
    ]


def test_autoconfig_certificate_is_verified(dns_server, web_server, closed_port):
    web = web_server({"/mail/config-v1.1.xml": (200, AUTOCONFIG)})
    result = run(
        dns_server, "hr@autoconf-corp.cn", https_port=web.port, http_port=closed_port
    )  # CA not trusted
    assert result.method == "none"
    assert "TLS" in step(result, "autoconfig").asked
    assert web.requests == []


def test_autoconfig_falls_back_to_http_without_sending_the_address(dns_server, web_server, closed_port):
    web = web_server({"/mail/config-v1.1.xml": (200, AUTOCONFIG)}, tls=False)
    result = run(dns_server, "hr@autoconf-corp.cn", https_port=closed_port, http_port=web.port)
    assert (result.method, result.server.host) == ("autoconfig", "mail.autoconf-corp.cn")
    assert web.requests == [f"autoconfig.autoconf-corp.cn:{web.port}/mail/config-v1.1.xml"]


def test_plain_server_from_an_http_file_is_not_suggested(dns_server, web_server, closed_port):
    plain = AUTOCONFIG.replace(b"<port>465", b"<port>25").replace(b"<socketType>SSL", b"<socketType>plain")
    web = web_server({"/mail/config-v1.1.xml": (200, plain)}, tls=False)
    result = run(dns_server, "hr@autoconf-corp.cn", https_port=closed_port, http_port=web.port)
    assert (result.method, result.server) == ("none", None)
    assert "unencrypted server from an unauthenticated file, ignored" in step(result, "autoconfig").asked


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<clientConfig><emailProvider><outgoingServer type="smtp"><hostname>&lol2;</hostname>
<port>465</port><socketType>SSL</socketType></outgoingServer></emailProvider></clientConfig>"""


@pytest.mark.parametrize(
    "body",
    [
        BOMB,
        AUTOCONFIG + b"<!--" + b"x" * 70_000 + b"-->",
        AUTOCONFIG.replace(b"mail.%EMAILDOMAIN%", b"evil.example\r\nX-Injected: 1"),
        AUTOCONFIG.replace(b"<port>465", b"<port>99999"),
    ],
    ids=["entities", "oversize", "bad-host", "bad-port"],
)
def test_hostile_autoconfig_is_refused(dns_server, web_server, detect_pki, closed_port, body):
    web, result = over_https(dns_server, web_server, detect_pki, closed_port, "hr@hostile-corp.cn", body)
    assert web.requests  # it was asked, and what it said was refused
    assert (result.method, result.server) == ("none", None)
    assert step(result, "autoconfig").status == "nothing"


def test_ispdb_table_knows_domains_outside_the_catalog():
    from wizard.core.detect import ispdb

    server = ispdb.lookup("yahoo.com")
    assert (server.host, server.port, server.security) == ("smtp.mail.yahoo.com", 465, Security.SSL)
    assert ispdb.lookup("qq.com") is None  # the catalog covers it


def test_guess_probes_smtp_host_when_nothing_else_answers(dns_server, tls_smtp, detect_pki):
    port = tls_smtp()
    result = run(
        dns_server,
        "hr@guess-corp.cn",
        guess=True,
        ca_file=detect_pki.ca_file,
        https_port=port,  # nothing speaks HTTP there: autoconfig finds nothing
        http_port=port,
        guess_candidates=[Endpoint(port, Security.SSL)],
    )
    assert (result.method, result.provider) == ("guess", None)
    assert (result.server.host, result.server.port, result.server.security) == (
        "smtp.guess-corp.cn",
        port,
        Security.SSL,
    )
    guess = step(result, "guess")
    assert f"smtp.guess-corp.cn (127.0.0.1): {port}:ssl ok" in guess.answered


def test_guess_recognizes_a_self_hosted_coremail_by_its_greeting(dns_server, tls_smtp, detect_pki):
    port = tls_smtp(
        "mail.coremail-corp.cn", ident="Anti-spam GT for Coremail System (coremail-corp[20260101])"
    )
    result = run(
        dns_server,
        "hr@coremail-corp.cn",
        guess=True,
        ca_file=detect_pki.ca_file,
        https_port=port,
        http_port=port,
        guess_candidates=[Endpoint(port, Security.SSL)],
    )
    assert (result.method, result.provider.id, result.server.host) == (
        "guess",
        "coremail_self",
        "mail.coremail-corp.cn",
    )
    assert result.provider.host_for(result.domain) == "mail.coremail-corp.cn"


def test_domain_that_does_not_exist_is_not_guessed(dns_server):
    result = run(dns_server, "hr@no-such-company.cn", guess=True)
    assert result.error == "dns_no_domain"
    assert step(result, "mx").status == "no_domain"
    assert step(result, "guess").status == "skipped"


def test_silent_dns_is_no_network_not_a_missing_domain(dns_server):
    started = time.monotonic()
    result = run(dns_server, "hr@offline-corp.cn", timeout=1.0, guess=True)
    assert time.monotonic() - started < 2.0  # one budget for all steps
    assert result.error == "dns_timeout"
    assert {step(result, name).status for name in ("mx", "spf")} == {"no_network"}
    assert step(result, "guess").status == "skipped"


def test_cancel_stops_every_step(dns_server):
    cancel = CancelToken()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    result = run(dns_server, "hr@offline-corp.cn", timeout=10, cancel=cancel)
    assert time.monotonic() - started < 1.5
    assert step(result, "mx").status == "cancelled"


def test_every_step_is_reported_in_order(dns_server):
    result = run(dns_server, "hr@exmail-new.cn")
    assert [s.name for s in result.steps] == ["domain", "mx", "spf", "cname", "autoconfig", "ispdb", "guess"]
    assert step(result, "guess").status == "skipped"
