"""Sender-domain checks against a real DNS server on loopback (tests/core/dns_server.py)."""

from __future__ import annotations

import pytest

from tests.core.dns_server import LocalDns
from wizard.core.catalog import load_catalog
from wizard.core.domain_check import check_domain

EXMAIL_SPF = '"v=spf1 include:spf.mail.qq.com ~all"'
QQ_INCLUDE = {("spf.mail.qq.com", "TXT"): ['"v=spf1 ip4:203.0.113.0/24 -all"']}
EXMAIL_MX = {"acme.cn": [(5, "mxbiz1.qq.com"), (10, "mxbiz2.qq.com")]}


def records(*zones):
    merged = dict(QQ_INCLUDE)
    for zone in zones:
        merged.update(zone)
    return merged


def run(dns: LocalDns, address="zhangsan@acme.cn", **options):
    options.setdefault("timeout", 5.0)
    return check_domain(address, nameserver=dns.address, **options)


def by_check(report):
    return {finding.check: finding for finding in report.findings}


def exmail():
    return load_catalog().get("exmail")


def test_spf_pass_for_the_preset_include_and_dmarc_aligned():
    zone = records(
        {("acme.cn", "TXT"): [EXMAIL_SPF, '"google-site-verification=abc"']},
        {("_dmarc.acme.cn", "TXT"): ['"v=DMARC1; p=reject"']},
    )
    with LocalDns(records=zone) as dns:
        report = run(dns, provider=exmail())
    found = by_check(report)
    assert found["spf"].status == "pass" and found["spf"].code == "spf_include_ok"
    assert found["spf"].evidence[0] == (
        'TXT acme.cn: "google-site-verification=abc" | "v=spf1 include:spf.mail.qq.com ~all"'
    )
    assert found["spf_policy"].code == "spf_all_softfail" and found["spf_policy"].status == "pass"
    assert found["dmarc"].status == "pass" and found["dmarc"].code == "dmarc_aligned"
    assert "p=reject" in found["dmarc"].message("en")
    assert found["dkim"].status == "warning"  # exmail signs only after DKIM setup
    assert "--dkim-selector" in found["dkim"].fix("zh_CN", "cli")  # the command line names its option
    assert "--" not in found["dkim"].fix("zh_CN")  # the wizard has no options to type


def test_preset_found_from_the_domains_mx_when_no_relay_is_named():
    zone = records({("acme.cn", "TXT"): [EXMAIL_SPF]})
    with LocalDns(zones=EXMAIL_MX, records=zone) as dns:
        report = run(dns)
    assert report.provider.id == "exmail" and report.relay == "smtp.exmail.qq.com"
    assert by_check(report)["spf"].code == "spf_include_ok"


@pytest.mark.parametrize(
    "lang, text, fix",
    [
        (
            "zh_CN",
            "没有包含 include:spf.mail.qq.com",
            "在 acme.cn 的 DNS 里把 SPF 记录改为:v=spf1 include:spf.163.com include:spf.mail.qq.com -all",
        ),
        (
            "en",
            "does not include include:spf.mail.qq.com",
            (
                "In the DNS of acme.cn, change the SPF record to: "
                "v=spf1 include:spf.163.com include:spf.mail.qq.com -all"
            ),
        ),
    ],
)
def test_missing_include_is_a_problem_with_the_corrected_record(lang, text, fix):
    zone = records(
        {("acme.cn", "TXT"): ['"v=spf1 include:spf.163.com -all"']},
        {("spf.163.com", "TXT"): ['"v=spf1 ip4:198.51.100.0/24 -all"']},
        {("_dmarc.acme.cn", "TXT"): ['"v=DMARC1; p=reject; rua=mailto:d@acme.cn"']},
    )
    with LocalDns(records=zone) as dns:
        report = run(dns, provider=exmail())
    spf = by_check(report)["spf"]
    assert spf.status == "problem" and spf.code == "spf_include_missing"
    assert text in spf.message(lang)
    assert spf.fix(lang) == fix
    dmarc = by_check(report)["dmarc"]  # p=reject and nothing aligned: refused
    assert dmarc.status == "problem" and dmarc.code == "dmarc_misaligned"
    assert {"zh_CN": "被拒收", "en": "refused"}[lang] in dmarc.message(lang)
    assert report.status == "problem"


@pytest.mark.parametrize("lang, word", [("zh_CN", "2 条 SPF 记录"), ("en", "2 SPF records")])
def test_two_spf_records_are_a_problem_and_the_fix_merges_them(lang, word):
    zone = records({("acme.cn", "TXT"): [EXMAIL_SPF, '"v=spf1 ip4:198.51.100.7 -all"']})
    with LocalDns(records=zone) as dns:
        report = run(dns, provider=exmail())
    spf = by_check(report)["spf"]
    assert spf.code == "spf_multiple" and spf.status == "problem"
    assert word in spf.message(lang)
    assert spf.fix(lang).endswith("v=spf1 include:spf.mail.qq.com ip4:198.51.100.7 ~all")


@pytest.mark.parametrize("lang, word", [("zh_CN", "超过 10 次 DNS 查询"), ("en", "more than 10 DNS lookups")])
def test_too_many_lookups(lang, word):
    includes = " ".join(f"include:s{i}.acme.cn" for i in range(11))
    zone = records({("acme.cn", "TXT"): [f'"v=spf1 {includes} include:spf.mail.qq.com ~all"']})
    for i in range(11):
        zone[(f"s{i}.acme.cn", "TXT")] = ['"v=spf1 ip4:198.51.100.1 -all"']
    with LocalDns(records=zone) as dns:
        report = run(dns, provider=exmail())
    spf = by_check(report)["spf"]
    assert spf.code == "spf_too_many_lookups" and spf.status == "problem"
    assert word in spf.message(lang)


def test_syntax_error():
    zone = records({("acme.cn", "TXT"): ['"v=spf1 include:spf.mail.qq.com ip4:999.1.1.1 ~all"']})
    with LocalDns(records=zone) as dns:
        spf = by_check(run(dns, provider=exmail()))["spf"]
    assert spf.code == "spf_syntax" and spf.status == "problem"
    assert "999.1.1.1" in spf.message("en")


def test_no_spf_record_gives_the_record_to_add():
    with LocalDns(records=records()) as dns:
        spf = by_check(run(dns, provider=exmail()))["spf"]
    assert spf.code == "spf_missing"
    assert (
        spf.fix("zh_CN")
        == "在 acme.cn 的 DNS 里添加 TXT 记录(主机记录 @):v=spf1 include:spf.mail.qq.com ~all"
    )


@pytest.mark.parametrize(
    "lang, text, fix",
    [
        ("zh_CN", "acme.cn 没有 DMARC 记录", "v=DMARC1; p=none; rua=mailto:postmaster@acme.cn"),
        ("en", "acme.cn has no DMARC record", "v=DMARC1; p=none; rua=mailto:postmaster@acme.cn"),
    ],
)
def test_no_dmarc_is_a_warning(lang, text, fix):
    with LocalDns(records=records({("acme.cn", "TXT"): [EXMAIL_SPF]})) as dns:
        dmarc = by_check(run(dns, provider=exmail()))["dmarc"]
    assert dmarc.status == "warning" and dmarc.code == "dmarc_missing"
    assert text in dmarc.message(lang) and fix in dmarc.fix(lang)
    assert dmarc.evidence == ("TXT _dmarc.acme.cn: no_records",)


def test_dmarc_of_the_organizational_domain_applies_to_a_subdomain():
    zone = records(
        {("notify.acme.com.cn", "TXT"): [EXMAIL_SPF]},
        {("_dmarc.acme.com.cn", "TXT"): ['"v=DMARC1; p=none; sp=quarantine"']},
    )
    with LocalDns(records=zone, nxdomain=["_dmarc.notify.acme.com.cn"]) as dns:
        dmarc = by_check(run(dns, "ops@notify.acme.com.cn", provider=exmail()))["dmarc"]
    assert dmarc.code == "dmarc_aligned" and "p=quarantine" in dmarc.message("en")


@pytest.mark.parametrize("lang, word", [("zh_CN", "无法检查"), ("en", "Could not check")])
def test_dns_unreachable_is_could_not_check_never_a_problem(lang, word):
    with LocalDns(silent=["acme.cn", "_dmarc.acme.cn", "mail.cn"]) as dns:
        report = run(dns, provider=exmail(), recipient="ops@mail.cn", timeout=1.5)
    statuses = {f.check: f.status for f in report.findings}
    assert statuses == {"spf": "not_checked", "dkim": "warning", "dmarc": "not_checked", "mx": "not_checked"}
    assert word in by_check(report)["spf"].message(lang)
    assert "problem" not in statuses.values()


def test_servfail_is_could_not_check():
    with LocalDns(servfail=["acme.cn"]) as dns:
        assert by_check(run(dns, provider=exmail()))["spf"].status == "not_checked"


def test_custom_relay_is_evaluated_against_the_address_the_test_connected_to():
    zone = {
        ("acme.cn", "TXT"): ['"v=spf1 ip4:127.0.0.0/8 -all"'],
        ("_dmarc.acme.cn", "TXT"): ['"v=DMARC1; p=quarantine"'],
    }
    with LocalDns(records=zone) as dns:
        ok = run(dns, relay="mail.acme.cn", relay_address="127.0.0.1")
        refused = run(dns, relay="mail.acme.cn", relay_address="198.51.100.9")
    assert by_check(ok)["spf"].code == "spf_address_ok" and by_check(ok)["dmarc"].status == "pass"
    spf = by_check(refused)["spf"]
    assert spf.code == "spf_address_not_allowed" and "fail" in spf.message("en")
    assert spf.fix("en").startswith("In the DNS of acme.cn, change the SPF record to: v=spf1 ip4:127.0.0.0/8")
    assert "ip4:198.51.100.9 -all" in spf.fix("en")
    assert by_check(refused)["dmarc"].code == "dmarc_misaligned"


def test_custom_relay_host_is_resolved_with_the_same_dns_server():
    zone = {("acme.cn", "TXT"): ['"v=spf1 a:mail.acme.cn -all"'], ("mail.acme.cn", "A"): ["127.0.0.5"]}
    with LocalDns(records=zone) as dns:
        report = run(dns, relay="mail.acme.cn")
    assert report.relay_address == "127.0.0.5"
    assert by_check(report)["spf"].code == "spf_address_ok"


def test_open_all_is_a_problem():
    with LocalDns(records=records({("acme.cn", "TXT"): ['"v=spf1 include:spf.mail.qq.com +all"']})) as dns:
        policy = by_check(run(dns, provider=exmail()))["spf_policy"]
    assert policy.code == "spf_all_open" and policy.fix("en").endswith("include:spf.mail.qq.com ~all")


def test_personal_mailbox_domains_are_skipped_with_a_note():
    with LocalDns(zones={"acme.cn": [(5, "mxbiz1.qq.com")]}) as dns:
        report = run(dns, "zhangsan@qq.com", recipient="ops@acme.cn")
    assert [f.status for f in report.findings] == ["skipped", "pass"]
    assert "QQ 邮箱" in report.findings[0].message("zh_CN")
    assert report.findings[1].code == "mx_ok" and "mxbiz1.qq.com" in report.findings[1].message("en")


@pytest.mark.parametrize(
    "zone, code",
    [
        ({("acme.cn", "A"): ["127.0.0.9"]}, "mx_implicit"),
        ({}, "mx_missing"),
    ],
)
def test_recipient_domain_without_mx(zone, code):
    with LocalDns(records=zone) as dns:
        report = run(dns, "zhangsan@qq.com", recipient="ops@acme.cn")
    assert report.findings[-1].code == code


def test_recipient_domain_that_does_not_exist():
    with LocalDns(nxdomain=["acme.cn"]) as dns:
        report = run(dns, "zhangsan@qq.com", recipient="ops@acme.cn")
    assert report.findings[-1].code == "mx_no_domain" and report.findings[-1].status == "problem"


@pytest.mark.parametrize("provider", [None, "exmail"])
def test_a_dns_server_that_denies_every_name_blames_nothing_on_the_domain(provider):
    """Issue 19 item 6: NXDOMAIN even for qq.com is the resolver's fault, not the customer's."""
    with LocalDns(deny_all=True) as dns:
        report = run(
            dns,
            relay="smtp.acme.cn",
            provider=exmail() if provider else None,
            recipient="ops@partner-corp.cn",
            dkim_selector="s1",
        )
    found = by_check(report)
    assert {f.status for f in report.findings} == {"not_checked"}, [f.code for f in report.findings]
    assert {f.code for f in report.findings} == {"not_checked"}
    assert set(found) == {"spf", "dkim", "dmarc", "mx"} and report.status == "not_checked"
    assert "无法检查" in found["spf"].message("zh_CN") and "SPF" not in found["spf"].message("zh_CN")
    assert "不存在" not in found["mx"].message("zh_CN")


def test_a_missing_dmarc_record_is_still_a_finding_where_dns_works():
    """The denial test asks a domain that exists; a working server's NXDOMAIN keeps its meaning."""
    zone = records({("acme.cn", "TXT"): [EXMAIL_SPF]})
    with LocalDns(records=zone, nxdomain=["_dmarc.acme.cn"]) as dns:
        dmarc = by_check(run(dns, provider=exmail()))["dmarc"]
    assert (dmarc.status, dmarc.code) == ("warning", "dmarc_missing")


@pytest.mark.parametrize(
    "value, code",
    [
        ('"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"', "dkim_ok"),
        ('"v=DKIM1; k=rsa; p="', "dkim_revoked"),
        (None, "dkim_missing"),
    ],
)
def test_dkim_record_for_a_named_selector(value, code):
    zone = records({("acme.cn", "TXT"): [EXMAIL_SPF]})
    if value:
        zone[("s1._domainkey.acme.cn", "TXT")] = [value]
    with LocalDns(records=zone) as dns:
        dkim = by_check(run(dns, provider=exmail(), dkim_selector="s1"))["dkim"]
    assert dkim.code == code
    assert "s1._domainkey.acme.cn" in dkim.message("en")


def test_hostile_records_reach_the_user_escaped():
    zone = records(
        {
            ("acme.cn", "TXT"): ['"v=spf1 include:spf.mail.qq.com \\027[2J\\226\\128\\174 ~all"']
        },  # ESC[2J, U+202E
    )
    with LocalDns(records=zone) as dns:
        report = run(dns, provider=exmail())
    shown = " ".join(" ".join(f.evidence) + f.message("en") + f.fix("en") for f in report.findings)
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[2J" in shown and "\\u202e" in shown
