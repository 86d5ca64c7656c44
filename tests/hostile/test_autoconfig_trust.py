"""Detection never hands the password to a server an unauthenticated answer named: an autoconfig
file fetched over plain http naming a host outside the domain is shown as unverified and never
used, a host outside the domain is said in words, an https file naming ``plain`` is marked
insecure, and a guessed endpoint whose certificate failed verification comes with that problem."""

from __future__ import annotations

import pytest

from tests.core.dns_server import LocalDns
from wizard.core.detect import detect
from wizard.core.detect.autoconfig import server_notes
from wizard.core.settings import Endpoint, Security

LOCAL = ["127.0.0.1"]
RECORDS = {
    ("autoconfig.autoconf-corp.cn", "A"): LOCAL,
    ("autoconf-corp.cn", "A"): LOCAL,
    ("smtp.guess-corp.cn", "A"): LOCAL,
}
MX = {"autoconf-corp.cn": [(10, "mx.autoconf-corp.cn")], "guess-corp.cn": [(10, "mx.guess-corp.cn")]}


def config(host: str, port: int = 465, socket_type: str = "SSL") -> bytes:
    return f"""<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="x">
<outgoingServer type="smtp"><hostname>{host}</hostname><port>{port}</port>
<socketType>{socket_type}</socketType><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>""".encode()


@pytest.fixture
def dns():
    with LocalDns(MX, records=RECORDS) as server:
        yield server


def detect_over_http(dns, web, closed, host):
    return detect("hr@autoconf-corp.cn", nameserver=dns.address, timeout=4, guess=False,
                  https_port=closed, http_port=web.port)  # fmt: skip


def test_an_http_file_naming_a_foreign_server_is_shown_unverified_and_never_used(
    dns, web_server, closed_port
):
    web = web_server({"/mail/config-v1.1.xml": (200, config("smtp.someone-else.net"))}, tls=False)
    result = detect_over_http(dns, web, closed_port, "smtp.someone-else.net")
    assert (result.method, result.server, result.provider) == ("none", None, None)  # nothing prefilled
    step = next(s for s in result.steps if s.name == "autoconfig")
    assert step.status == "unverified"
    assert step.server.host == "smtp.someone-else.net" and step.to_dict()["server"]["verified"] is False
    notes = server_notes(step.server, result.domain, "zh_CN")
    assert any("服务器不在 autoconf-corp.cn 域名下" in note for note in notes)
    from wizard.ui.widgets.detection_panel import step_lines

    assert any("服务器不在 autoconf-corp.cn 域名下" in line for line in step_lines(result, "zh_CN"))


@pytest.mark.parametrize(
    "host", ["mail.autoconf-corp.cn", "smtp.exmail.qq.com"], ids=["in the domain", "catalog"]
)
def test_an_http_file_naming_the_domains_own_or_a_catalog_host_is_used(dns, web_server, closed_port, host):
    web = web_server({"/mail/config-v1.1.xml": (200, config(host))}, tls=False)
    result = detect_over_http(dns, web, closed_port, host)
    assert result.method == "autoconfig" and result.server.host == host


def test_a_foreign_host_from_a_verified_file_is_said_in_words(dns, web_server, detect_pki, closed_port):
    web = web_server({"/mail/config-v1.1.xml": (200, config("smtp.hosting.example"))})
    result = detect("hr@autoconf-corp.cn", nameserver=dns.address, timeout=4, guess=False,
                    ca_file=detect_pki.ca_file, https_port=web.port, http_port=closed_port)  # fmt: skip
    assert result.server.host == "smtp.hosting.example"  # https: authenticated, offered
    assert any(
        "not under the domain autoconf-corp.cn" in n for n in server_notes(result.server, result.domain, "en")
    )


def test_an_https_file_naming_plain_is_marked_insecure(dns, web_server, detect_pki, closed_port):
    web = web_server({"/mail/config-v1.1.xml": (200, config("mail.autoconf-corp.cn", 25, "plain"))})
    result = detect("hr@autoconf-corp.cn", nameserver=dns.address, timeout=4, guess=False,
                    ca_file=detect_pki.ca_file, https_port=web.port, http_port=closed_port)  # fmt: skip
    assert result.server.security is Security.NONE
    assert result.server.to_dict()["insecure"] is True
    assert any("plain" in n for n in server_notes(result.server, result.domain, "en"))
    assert "insecure" in next(s for s in result.steps if s.name == "autoconfig").answered


def test_a_guess_with_an_untrusted_certificate_comes_with_the_trust_problem(dns, tls_smtp):
    port = tls_smtp()
    candidates = [Endpoint(port, Security.SSL)]
    result = detect("hr@guess-corp.cn", nameserver=dns.address, timeout=6, guess=True,
                    https_port=port, http_port=port, guess_candidates=candidates)  # fmt: skip
    assert result.method == "guess"
    assert result.server.trust_problem in ("tls_untrusted", "tls_hostname_mismatch")
    assert result.server.to_dict()["trust_problem"] == result.server.trust_problem
    assert any("failed verification" in n for n in server_notes(result.server, result.domain, "en"))
