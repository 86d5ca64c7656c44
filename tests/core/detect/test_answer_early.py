"""Nested SPF, guessing the MX host and the parent domain, and no waiting once the answer is known
(issue 22, items 4 and 5). Real DNS on loopback, a real TLS SMTP server, and listeners that accept
a connection and never say a word (a hanging web server, a filtered port 25)."""

from __future__ import annotations

import itertools
import time

import pytest

from tests.core.dns_server import LocalDns
from wizard.core.detect import detect
from wizard.core.settings import Endpoint, Security

LOCAL = ["127.0.0.1"]
CHAIN = [f"l{i}.deep-spf.cn" for i in range(1, 12)]  # l1 includes l2 … l10 includes l11

MX = {
    "nested-spf.cn": [(10, "mx.spamgw.example")],
    "deep-spf.cn": [(10, "mx.spamgw.example")],
    "tenth-spf.cn": [(10, "mx.spamgw.example")],
    "selfhost-corp.cn": [(10, "mx.selfhost-corp.net")],
    "hang-web.cn": [(5, "mxbiz1.qq.com")],
}
TXT = {
    "nested-spf.cn": "v=spf1 include:_spf.nested-spf.cn -all",
    "_spf.nested-spf.cn": "v=spf1 ip4:192.0.2.0/24 include:spf.mail.qq.com ~all",
    "deep-spf.cn": f"v=spf1 include:{CHAIN[0]} -all",
    # the provider as the 11th include: past RFC 7208's limit of 10 lookups
    **{name: f"v=spf1 include:{following} -all" for name, following in itertools.pairwise(CHAIN)},
    CHAIN[-1]: "v=spf1 include:spf.mail.qq.com -all",
    # the provider as the 10th include: within the limit
    "tenth-spf.cn": f"v=spf1 include:{CHAIN[2]} -all",
}
A = [
    "smtp.early-corp.cn",
    "mail.univ-corp.edu.cn",
    "mx.selfhost-corp.net",
    "autoconfig.hang-web.cn",
    "hang-web.cn",
]
NXDOMAIN = {
    "smtp.stu.univ-corp.edu.cn",
    "mail.stu.univ-corp.edu.cn",
    "smtp.univ-corp.edu.cn",
    "autoconfig.stu.univ-corp.edu.cn",
    "smtp.selfhost-corp.cn",
    "mail.selfhost-corp.cn",
    "autoconfig.selfhost-corp.cn",
    "mail.early-corp.cn",
    "autoconfig.early-corp.cn",
}


@pytest.fixture(scope="module")
def dns_server():
    records = {(name, "TXT"): [f'"{text}"'] for name, text in TXT.items()}
    records.update({(name, "A"): LOCAL for name in A})
    with LocalDns(MX, nxdomain=NXDOMAIN, records=records) as server:
        yield server


def step(result, name):
    return next(s for s in result.steps if s.name == name)


# ---------------------------------------------------------------- item 4: SPF includes are followed


def test_spf_include_of_an_include_finds_the_provider(dns_server):
    result = detect("hr@nested-spf.cn", nameserver=dns_server.address, timeout=4, guess=False)
    assert (result.provider.id, result.method) == ("exmail", "spf")
    answered = step(result, "spf").answered
    assert "include:_spf.nested-spf.cn" in answered
    assert "include:spf.mail.qq.com (via _spf.nested-spf.cn)" in answered


def test_spf_includes_are_followed_to_the_rfc_7208_lookup_limit_and_no_further(dns_server):
    within = detect("hr@tenth-spf.cn", nameserver=dns_server.address, timeout=4, guess=False)
    assert (within.provider.id, within.method) == ("exmail", "spf")  # the 10th include
    beyond = detect("hr@deep-spf.cn", nameserver=dns_server.address, timeout=4, guess=False)
    assert (beyond.provider, beyond.method) == (None, "none")  # the 11th include
    spf = step(beyond, "spf")
    assert spf.status == "nothing" and spf.answered.endswith("(lookup limit reached)")
    assert f"include:{CHAIN[-1]}" not in spf.answered


# ---------------------------------------------------------------- item 4: more hosts are guessed


def guess_on(dns_server, address, port, ca_file, closed_port, **kwargs):
    return detect(
        address,
        nameserver=dns_server.address,
        guess=True,
        ca_file=ca_file,
        https_port=closed_port,  # nothing serves autoconfig
        http_port=closed_port,
        guess_candidates=kwargs.pop("candidates", [Endpoint(port, Security.SSL)]),
        timeout=kwargs.pop("timeout", 6),
    )


def test_a_sub_domain_is_served_by_its_parent_domain(dns_server, tls_smtp, detect_pki, closed_port):
    port = tls_smtp("mail.univ-corp.edu.cn")
    result = guess_on(dns_server, "li@stu.univ-corp.edu.cn", port, detect_pki.ca_file, closed_port)
    assert (result.method, result.server.host, result.server.port) == ("guess", "mail.univ-corp.edu.cn", port)
    hosts = step(result, "guess").asked.split(" @ ")[0].split(", ")
    # the address domain's own names first, then the parent's, the bare domain last
    assert hosts == [
        "smtp.stu.univ-corp.edu.cn",
        "mail.stu.univ-corp.edu.cn",
        "smtp.univ-corp.edu.cn",
        "mail.univ-corp.edu.cn",
        "stu.univ-corp.edu.cn",
    ]


def test_the_parent_is_never_a_public_suffix():
    from wizard.core.detect.pipeline import parent_domain

    assert (parent_domain("acme.cn"), parent_domain("univ-corp.edu.cn")) == (None, None)
    assert parent_domain("stu.univ-corp.edu.cn") == "univ-corp.edu.cn"


def test_the_best_mx_host_itself_is_guessed(dns_server, tls_smtp, detect_pki, closed_port):
    port = tls_smtp("mx.selfhost-corp.net")
    result = guess_on(dns_server, "hr@selfhost-corp.cn", port, detect_pki.ca_file, closed_port)
    assert (result.method, result.server.host) == ("guess", "mx.selfhost-corp.net")
    assert f"mx.selfhost-corp.net (127.0.0.1): {port}:ssl ok" in step(result, "guess").answered


# ---------------------------------------------------------------- item 5: no waiting once known


def test_a_hanging_web_server_does_not_hold_an_mx_answer(dns_server, silent_port):
    started = time.monotonic()
    result = detect(
        "hr@hang-web.cn",
        nameserver=dns_server.address,
        timeout=8,
        https_port=silent_port,  # accepts, never answers: autoconfig would wait the whole budget
        http_port=silent_port,
    )
    elapsed = time.monotonic() - started
    assert (result.provider.id, result.method) == ("exmail", "mx")
    assert elapsed < 4.0, f"{elapsed:.1f}s: detection waited for a step that could not beat the MX match"
    autoconfig = step(result, "autoconfig")
    assert (autoconfig.status, autoconfig.answered) == ("skipped", "not needed: mx answered first")
    assert step(result, "guess").status == "skipped"


def test_a_filtered_port_does_not_hold_a_guess_that_answered(
    dns_server, tls_smtp, detect_pki, closed_port, silent_port
):
    port = tls_smtp("smtp.early-corp.cn", starttls=True)
    candidates = [  # the guess order: 465 refused, 587 answers, 25 filtered (accepts, never greets)
        Endpoint(closed_port, Security.SSL),
        Endpoint(port, Security.STARTTLS),
        Endpoint(silent_port, Security.STARTTLS),
    ]
    started = time.monotonic()
    result = guess_on(
        dns_server,
        "hr@early-corp.cn",
        port,
        detect_pki.ca_file,
        closed_port,
        candidates=candidates,
        timeout=8,
    )
    elapsed = time.monotonic() - started
    assert (result.method, result.server.host, result.server.port) == ("guess", "smtp.early-corp.cn", port)
    assert result.server.security is Security.STARTTLS
    assert elapsed < 4.0, f"{elapsed:.1f}s: the guess waited for a port that could not beat the answer"
    assert f"{silent_port}:starttls cancelled" in step(result, "guess").answered
