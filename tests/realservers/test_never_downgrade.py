"""Never a downgrade: probing and one-click fixes against a real Postfix never trade encryption
for a certificate the machine does not trust yet; "none" only when no TLS endpoint answers."""

from __future__ import annotations

import json

from tests.realservers.mailhost import ALICE, PASSWORDS
from tests.realservers.test_postfix import request
from tests.support.cli import cli
from wizard.core.engine.fallback import run_test_with_fallback
from wizard.core.engine.probe import probe
from wizard.core.settings import Endpoint, Security


def every_pair(port: int) -> list[Endpoint]:
    return [Endpoint(port, security) for security in (Security.NONE, Security.STARTTLS, Security.SSL)]


def test_probe_without_the_ca_recommends_tls_with_the_trust_problem(postfix):
    candidates = [*every_pair(postfix.port("submission")), Endpoint(postfix.port("smtps"), Security.SSL)]
    report = probe("localhost", candidates, timeout=10.0)
    codes = {
        str(r.candidate.security): r.code
        for r in report.results
        if r.candidate.port == postfix.port("submission")
    }
    assert codes["none"] == "ok"  # greeting and EHLO work in clear ...
    assert report.recommended == Endpoint(postfix.port("smtps"), Security.SSL)  # ... but TLS is recommended
    assert (report.trust_problem, report.insecure) == ("tls_untrusted", False)
    chosen = next(r for r in report.results if r.candidate == report.recommended)
    assert chosen.tls is not None and len(chosen.tls.sha256) == 95  # the certificate, for explicit trust


def test_probe_with_the_ca_recommends_tls_and_logs_in(postfix):
    report = probe(
        "localhost",
        every_pair(postfix.port("submission")),
        timeout=10.0,
        ca_file=postfix.ca_file,
        credentials=(ALICE, PASSWORDS[ALICE]),
    )
    assert report.recommended == Endpoint(postfix.port("submission"), Security.STARTTLS)
    assert (report.trust_problem, report.insecure) == (None, False)
    assert report.login is not None and report.login.ok


def test_probe_recommends_a_tls_endpoint_in_every_configuration(postfix):
    for variant in ("submission", "starttls_may", "smtps", "wrong_name", "expired", "tls13_only", "no_auth"):
        report = probe("localhost", every_pair(postfix.port(variant)), timeout=10.0, ca_file=postfix.ca_file)
        assert report.recommended is not None, variant
        assert report.recommended.security is not Security.NONE, (variant, report.results)
        assert not report.insecure


def test_none_only_when_no_tls_endpoint_answers(postfix):
    report = probe("localhost", every_pair(postfix.port("cleartext_auth")), timeout=10.0)
    assert report.recommended == Endpoint(postfix.port("cleartext_auth"), Security.NONE)
    assert report.insecure and report.trust_problem is None


def test_issue_scenario_ssl_on_a_starttls_port_without_the_ca(postfix):
    """`test --security ssl --probe-on-failure` on a STARTTLS-required port, no --ca-file:
    the fix is STARTTLS (with the trust problem explained), never {"security": "none"}."""
    result = run_test_with_fallback(request(postfix, "submission", "ssl", ca=False), probe_on_failure=True)
    diagnosis = result.diagnosis
    assert (diagnosis.code, diagnosis.field) == ("tls_on_plain_port", "security")
    assert diagnosis.fix == {"security": "starttls"}
    assert diagnosis.params["probed_trust"] == "tls_untrusted"
    assert "trust" in diagnosis.hint("en") and "信任" in diagnosis.hint("zh_CN")


def test_a_clear_text_only_server_gets_no_one_click_switch_off(postfix):
    result = run_test_with_fallback(request(postfix, "cleartext_auth", "starttls"), probe_on_failure=True)
    assert result.diagnosis.code == "starttls_unavailable"
    assert result.diagnosis.fix is None or result.diagnosis.fix.get("security") != "none"


def test_cli_issue_scenario_fix_is_starttls_not_none(postfix):
    """The issue's command line, as a user runs it: `test --security ssl --probe-on-failure` on a
    submission port that requires STARTTLS, without --ca-file."""
    result = cli(
        "test",
        "--host", "localhost",
        "--port", str(postfix.port("submission")),
        "--security", "ssl",
        "--username", ALICE,
        "--sender", ALICE,
        "--password-env", "ALICE_PW",
        "--to", ALICE,
        "--probe-on-failure",
        "--json",
        env={"ALICE_PW": PASSWORDS[ALICE]},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert (document["code"], document["fix"]) == ("tls_on_plain_port", {"security": "starttls"})
    assert "信任" in document["hint"]  # the trust problem is explained (Chinese: C locale)
    assert not any("C: AUTH" in line for line in document["transcript"])  # no password went out
