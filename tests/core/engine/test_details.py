"""The detail beside a failed stage is the server's reply or a plain sentence, never a Python
class name, and a cancelled stage says cancelled."""

from __future__ import annotations

import re
import threading
import time

import pytest

from tests.support.servers import make_request
from wizard.core.engine.api import CancelToken, StageStatus
from wizard.core.engine.session import run_test

CLASS_NAME = re.compile(r"[A-Z][a-zA-Z]+(Error|Exception|EOF)\b|Errno")


def failed_detail(result) -> str:
    (failed,) = [e for e in result.stages if e.status is StageStatus.FAILED]
    return failed.detail


@pytest.mark.parametrize("lang, words", [("en", "connection refused"), ("zh_CN", "连接被拒绝")])
def test_refused_connect_says_so_in_words(closed_port, lang, words):
    detail = failed_detail(run_test(make_request(closed_port, "ssl", host="127.0.0.1", lang=lang)))
    assert detail.startswith(words) and not CLASS_NAME.search(detail)


def test_rejected_login_shows_the_servers_reply(scripted):
    server = scripted({"AUTH": b"535 Login Fail. Please enter your authorization code to login."})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert failed_detail(result) == "535 Login Fail. Please enter your authorization code to login."


def test_plain_server_on_an_ssl_setting_names_the_handshake(scripted):
    server = scripted({})
    detail = failed_detail(run_test(make_request(server.port, "ssl", host="127.0.0.1", lang="en")))
    assert detail.startswith("encryption handshake failed") and not CLASS_NAME.search(detail)


def test_cancelled_stage_says_cancelled(silent_port):
    request = make_request(silent_port, "ssl", host="127.0.0.1", connect_timeout=5, timeout=10, lang="en")
    cancel, outcome = CancelToken(), {}
    thread = threading.Thread(target=lambda: outcome.update(result=run_test(request, cancel=cancel)))
    thread.start()
    time.sleep(0.5)
    cancel.cancel()
    thread.join(5)
    assert outcome["result"].diagnosis.code == "cancelled"
    assert failed_detail(outcome["result"]) == "cancelled"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_ssl_handshake_timeout_does_not_advise_choosing_ssl(silent_port, lang):
    result = run_test(make_request(silent_port, "ssl", host="127.0.0.1", connect_timeout=1.0, lang=lang))
    diagnosis = result.diagnosis
    assert (diagnosis.code, diagnosis.field, diagnosis.fix) == ("tls_failed", "security", None)
    message = diagnosis.message(lang)
    assert "SSL/TLS" in message
    assert "改为 SSL/TLS" not in message and "Set the encryption to SSL/TLS" not in message
    assert ("探测端口" if lang == "zh_CN" else "Detect ports") in message


@pytest.mark.parametrize("lang, button", [("zh_CN", "「探测端口」"), ("en", '"Detect ports"')])
def test_refused_hint_names_the_button_as_labelled(closed_port, lang, button):
    result = run_test(make_request(closed_port, "ssl", host="127.0.0.1", lang=lang))
    assert button in result.diagnosis.hint(lang)


def test_a_presets_host_that_does_not_resolve_means_no_dns_not_a_typo():
    from wizard.core.catalog import load_catalog
    from wizard.core.engine.api import Stage
    from wizard.core.engine.diagnosis import Failure, diagnose
    from wizard.core.settings import Security, SmtpSettings

    qq = load_catalog().get("qq")
    smtp = SmtpSettings(provider="qq", host="smtp.qq.com", port=465, security=Security.SSL)
    unknown_name = Failure("dns", Stage.RESOLVE, text="[Errno -2] Name or service not known")
    offline = diagnose(unknown_name, smtp, provider=qq)
    assert (offline.code, offline.field) == ("dns_failure", "host")
    for lang in ("zh_CN", "en"):
        text = offline.message(lang) + offline.hint(lang)
        assert "拼写" not in text and "spelling" not in text and "IP" not in text
    assert "无法访问互联网" in offline.message("zh_CN")
    # the resolver itself not answering, even for a custom server: no spelling or IP advice
    custom = SmtpSettings(provider="custom", host="mail.acme.cn", port=465, security=Security.SSL)
    no_answer = Failure("dns", Stage.RESOLVE, text="[Errno -3] Temporary failure in name resolution")
    silent = diagnose(no_answer, custom)
    assert "IP" not in silent.hint("en") and "spelling" not in silent.hint("en")
    # a typed name that does not exist is still a typo to check
    typo = diagnose(Failure("dns", Stage.RESOLVE, text="[Errno -2] Name or service not known"), custom)
    assert "spelling" in typo.message("en")


def test_the_named_dns_server_finds_the_mail_server(scripted, monkeypatch):
    from tests.core.dns_server import LocalDns

    server = scripted({})
    records = {("mail.acme-intranet.test", "A"): ["127.0.0.1"]}
    with LocalDns(
        {}, nxdomain={"typo.acme-intranet.test"}, silent={"slow.acme-intranet.test"}, records=records
    ) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)  # the system resolver would not know it
        found = run_test(
            make_request(
                server.port, "none", host="mail.acme-intranet.test", allow_plaintext_auth=True, lang="en"
            )
        )
        assert found.diagnosis.code == "ok", found.diagnosis.message("en")
        typo = run_test(make_request(server.port, "none", host="typo.acme-intranet.test", lang="en"))
        assert (typo.diagnosis.code, typo.diagnosis.params.get("variant")) == ("dns_failure", None)
        silent = run_test(
            make_request(server.port, "none", host="slow.acme-intranet.test", lang="en", connect_timeout=1.0)
        )
        assert (silent.diagnosis.code, silent.diagnosis.params.get("variant")) == (
            "dns_failure",
            "no_network",
        )


def test_a_named_dns_server_that_is_no_address_is_a_dns_failure_not_a_crash(scripted, monkeypatch):
    """Issue 19 item 7: a host name as the DNS server is said, not blamed on a proxy or firewall."""
    server = scripted({})
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "dns.alidns.com")
    result = run_test(make_request(server.port, "none", host="mail.acme-intranet.test", lang="en"))
    assert result.diagnosis.code == "dns_failure", result.diagnosis
    assert "SMTP_WIZARD_NAMESERVER=dns.alidns.com is not an IP address" in result.diagnosis.params["detail"]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_no_greeting_after_an_ssl_handshake_does_not_advise_choosing_ssl(lang):
    from wizard.core.engine.api import Stage
    from wizard.core.engine.diagnosis import Failure, diagnose
    from wizard.core.settings import Security, SmtpSettings

    smtp = SmtpSettings(provider="custom", host="mail.example.com", port=465, security=Security.SSL)
    diagnosis = diagnose(Failure("no_greeting", Stage.EHLO), smtp)
    assert (diagnosis.code, diagnosis.field, diagnosis.fix) == ("greeting_timeout", "security", None)
    message = diagnosis.message(lang)
    assert "改为 SSL/TLS" not in message and "Set the encryption to SSL/TLS" not in message
    assert ("探测端口" if lang == "zh_CN" else "Detect ports") in message


def test_handshake_failure_is_a_chinese_sentence_and_openssls_text_is_in_the_transcript(scripted):
    server = scripted({})
    result = run_test(make_request(server.port, "ssl", host="127.0.0.1", lang="zh_CN"))
    detail = failed_detail(result)
    assert detail.startswith("加密握手失败") and not re.search(r"[A-Z_]{6,}|wrong|version number", detail)
    notes = [line for line in result.transcript if "TLS handshake failed: [SSL" in line]
    assert notes, result.transcript  # OpenSSL's own words, for support
