"""``smtp-wizard check-domain`` and ``test --check-domain`` as subprocesses, DNS on loopback."""

from __future__ import annotations

import json

import pytest

from tests.core.dns_server import LocalDns
from tests.support.cli import cli, settings
from tests.support.servers import PASSWORD, USER

ZONE = {
    ("acme.cn", "TXT"): ['"v=spf1 include:spf.163.com -all"'],
    ("spf.163.com", "TXT"): ['"v=spf1 ip4:198.51.100.0/24 -all"'],
    ("_dmarc.acme.cn", "TXT"): ['"v=DMARC1; p=reject"'],
}
EXMAIL_MX = {"acme.cn": [(5, "mxbiz1.qq.com")]}


def test_check_domain_json_names_the_missing_include():
    with LocalDns(zones=EXMAIL_MX, records=ZONE) as dns:
        result = cli(
            "check-domain", "zhangsan@acme.cn", "--nameserver", dns.address, "--json", "--lang", "en"
        )
    assert result.returncode == 1, result.stderr  # a problem with the domain
    document = json.loads(result.stdout)
    assert document["provider"] == "exmail" and document["status"] == "problem"
    spf = next(f for f in document["findings"] if f["check"] == "spf")
    assert spf["code"] == "spf_include_missing"
    assert spf["fix"].endswith("v=spf1 include:spf.163.com include:spf.mail.qq.com -all")
    assert spf["evidence"] == [
        'TXT acme.cn: "v=spf1 include:spf.163.com -all"',
        'TXT spf.163.com: "v=spf1 ip4:198.51.100.0/24 -all"',
    ]
    assert next(f for f in document["findings"] if f["check"] == "dmarc")["code"] == "dmarc_misaligned"


def test_check_domain_text_in_chinese_with_relay_and_recipient():
    zone = {
        **ZONE,
        ("acme.cn", "TXT"): ['"v=spf1 include:spf.mail.qq.com ~all"'],
        ("spf.mail.qq.com", "TXT"): ['"v=spf1 ip4:203.0.113.0/24 -all"'],
    }
    with LocalDns(records=zone) as dns:
        result = cli(
            "check-domain",
            "zhangsan@acme.cn",
            "--relay",
            "smtp.exmail.qq.com",
            "--to",
            "ops@nowhere.cn",
            "--nameserver",
            dns.address,
            "--lang",
            "zh_CN",
        )
    assert result.returncode == 1  # the recipient domain has no MX
    assert "发件域名检查:acme.cn(中继 smtp.exmail.qq.com)" in result.stdout
    assert "[通过] SPF: acme.cn 的 SPF 记录包含 include:spf.mail.qq.com" in result.stdout
    assert "[有问题] 收件域 MX" in result.stdout


def test_check_domain_through_a_dns_server_that_denies_every_name_says_it_could_not_check():
    with LocalDns(deny_all=True) as dns:
        result = cli(
            "check-domain", "zhangsan@acme.cn", "--to", "ops@partner-corp.cn", "--nameserver", dns.address
        )
    assert result.returncode == 0, result.stdout + result.stderr  # nothing is wrong with the domain
    assert "[无法检查] SPF" in result.stdout and "[无法检查] 收件域 MX" in result.stdout
    assert "没有 SPF 记录" not in result.stdout and "不存在" not in result.stdout
    assert "[有问题]" not in result.stdout


def test_check_domain_unreachable_dns_is_not_a_failure():
    with LocalDns(silent=["acme.cn", "_dmarc.acme.cn"]) as dns:
        result = cli(
            "check-domain",
            "zhangsan@acme.cn",
            "--relay",
            "smtp.exmail.qq.com",
            "--nameserver",
            dns.address,
            "--timeout",
            "1.5",
            "--json",
        )
    assert result.returncode == 0
    statuses = {f["check"]: f["status"] for f in json.loads(result.stdout)["findings"]}
    assert statuses["spf"] == statuses["dmarc"] == "not_checked"


def test_check_domain_rejects_a_malformed_address():
    result = cli("check-domain", "not-an-address", "--json")
    assert result.returncode == 2 and json.loads(result.stdout)["code"] == "invalid_input"


@pytest.mark.parametrize(
    "spf, code", [("ip4:127.0.0.1", "spf_address_ok"), ("ip4:198.51.100.1", "spf_address_not_allowed")]
)
def test_test_with_check_domain_evaluates_the_address_it_connected_to(smtp_server, pki, spf, code):
    server = smtp_server("ssl")
    zone = {("example.com", "TXT"): [f'"v=spf1 {spf} -all"'], ("example.org", "MX"): ["10 mx.example.org."]}
    with LocalDns(records=zone) as dns:
        result = cli(
            "test",
            *settings(server.port, "ssl", "--host", "127.0.0.1"),
            "--to",
            "lisi@example.org",
            "--ca-file",
            pki.ca_file,
            "--check-domain",
            "--nameserver",
            dns.address,
            "--json",
            env={"SMTP_PW": PASSWORD},
        )
    assert result.returncode == 0, result.stderr  # the test passed; the domain finding is extra
    document = json.loads(result.stdout)
    assert document["ok"] is True
    check = document["domain_check"]
    assert check["address"] == USER and check["relay_address"] == "127.0.0.1"
    assert next(f for f in check["findings"] if f["check"] == "spf")["code"] == code
    assert next(f for f in check["findings"] if f["check"] == "mx")["code"] == "mx_ok"


def test_an_included_domain_without_spf_is_not_called_a_syntax_error():
    """Issue 19 item 9: RFC 7208 §5.2 makes it a permerror, but the record's syntax is fine."""
    zone = {("acme.cn", "TXT"): ['"v=spf1 include:spf.old-provider.cn include:spf.mail.qq.com ~all"']}
    with LocalDns(records=zone, nxdomain={"spf.old-provider.cn"}) as dns:
        args = ("check-domain", "zhangsan@acme.cn", "--relay", "203.0.113.5", "--nameserver", dns.address)
        text = cli(*args)
        document = json.loads(cli(*args, "--json", "--lang", "en").stdout)
    assert text.returncode == 1  # a real problem: receivers treat SPF as broken
    assert "语法错误" not in text.stdout and "spf.old-provider.cn 没有 SPF 记录" in text.stdout, text.stdout
    spf = next(f for f in document["findings"] if f["check"] == "spf")
    assert spf["code"] == "spf_target_no_record" and "syntax" not in spf["message"]
    assert "TXT spf.old-provider.cn: no_domain" in spf["evidence"]


@pytest.mark.parametrize("server", ["abc", "dns.alidns.com", "223.5.5.5:99999"])
def test_a_dns_server_that_is_not_an_address_is_an_input_error(server):
    """Issue 19 item 7: detect, check-domain and test refuse it (exit 2, the field named)."""
    commands = [
        ("detect", "hr@acme.cn", "--nameserver", server),
        ("check-domain", "hr@acme.cn", "--nameserver", server),
        ("test", "--login-only", *settings(25, "starttls"), "--nameserver", server),
    ]
    for args in commands:
        result = cli(*args, "--lang", "en")
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and "[nameserver]" in result.stderr
        assert "IP address" in result.stderr or "1 to 65535" in result.stderr
    result = cli("detect", "hr@acme.cn", env={"SMTP_WIZARD_NAMESERVER": server})  # support's variable
    assert result.returncode == 2 and "「DNS 服务器」" in result.stderr and "Traceback" not in result.stderr
