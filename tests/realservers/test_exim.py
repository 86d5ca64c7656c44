"""The engine against a real Exim 4 (Debian's binary): the replies Exim gives and Postfix does not.

Exim writes its replies without enhanced status codes, and its ACLs answer with whatever message
the administrator wrote, so these cases lean on the diagnosis layers below the status code: the
stage, what already succeeded, and what the reply says is rejected. Each runs the same
``run_test`` as the CLI and the wizard over real TLS, and asserts the code, field and fix a user
sees; the pass asserts that the message landed in the Maildir with the promised headers.
"""

from __future__ import annotations

import base64
import smtplib
import ssl

from tests.realservers.exim import (
    AUTH_REFUSED_TEXT,
    BLOCKED_SENDER,
    BLOCKED_SENDER_TEXT,
    MISMATCH_TEXT,
    PASSWORD,
    REFUSED_RECIPIENT,
    REFUSED_RECIPIENT_TEXT,
    UNKNOWN_SENDER,
)
from tests.realservers.mailhost import ALICE, BOB
from tests.realservers.test_postfix import delivered, request
from wizard.core.engine.api import Stage
from wizard.core.engine.probe import probe
from wizard.core.engine.rules import Reading, classify
from wizard.core.engine.session import run_test
from wizard.core.settings import Endpoint, Security


def failed_stages(result):
    return [event.stage.value for event in result.stages if event.status.value == "failed"]


def test_starttls_and_login_pass_and_the_mail_lands_in_the_maildir(exim):
    result = run_test(request(exim, "submission"))
    assert result.diagnosis.code == "ok", (result.diagnosis, result.transcript)
    assert result.verified is not None and result.tls is not None
    assert any(line.endswith("235 Authentication succeeded") for line in result.transcript)
    message = delivered(exim, result)
    # Exim's own trace: the message came in over TLS after a login (RFC 3848 "ESMTPSA").
    assert "with esmtpsa" in message["Received"]


def test_wrong_password(exim):
    result = run_test(request(exim, "submission", password="not-the-password"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("auth_failed", "password")
    assert result.diagnosis.server_reply == "535 Incorrect authentication data"


def test_auth_refused_before_tls_asks_for_starttls(exim):
    """AUTH advertised in clear text, refused there by the AUTH ACL with a 503: encrypt, keep the password."""
    result = run_test(request(exim, "auth_in_clear", "none", allow_plaintext_auth=True))
    assert failed_stages(result) == ["login"]
    assert result.diagnosis.server_reply == f"503 {AUTH_REFUSED_TEXT}"
    assert (result.diagnosis.code, result.diagnosis.field) == ("encryption_required", "security")
    assert result.diagnosis.fix == {"security": "starttls"}
    assert result.verified is None
    assert any("C: AUTH PLAIN" in line for line in result.transcript)  # the user allowed it in clear text


def test_auth_when_not_advertised_is_read_as_no_login_offered(exim):
    """The engine never sends AUTH unless EHLO lists it; a client that does meets Exim's 503."""
    with smtplib.SMTP("localhost", exim.port("submission"), local_hostname="client.example.test") as client:
        client.ehlo()
        assert not client.has_extn("auth")
        plain = base64.b64encode(f"\0{ALICE}\0{PASSWORD}".encode()).decode()
        code, text = client.docmd("AUTH", f"PLAIN {plain}")
    assert (code, text) == (503, b"AUTH command used when not advertised")
    rule = classify(Reading("reply", Stage.LOGIN, code, text.decode(), "", False))
    assert (rule.code, rule.field) == ("auth_unsupported", "username")
    # ... and the engine itself, on the same port without TLS, asks for STARTTLS instead.
    result = run_test(request(exim, "submission", "none", allow_plaintext_auth=True))
    assert (result.diagnosis.code, result.diagnosis.fix) == ("encryption_required", {"security": "starttls"})
    assert not any("C: AUTH" in line for line in result.transcript)


def test_relay_refused_without_a_login_asks_for_the_login(exim):
    result = run_test(request(exim, "submission", password="", recipient="someone@example.org"))
    assert failed_stages(result) == ["recipient"]
    assert result.diagnosis.server_reply == "550 relay not permitted"
    assert (result.diagnosis.code, result.diagnosis.field) == ("auth_failed", "password")


def test_acl_deny_at_mail_is_about_the_sender(exim):
    result = run_test(request(exim, "submission", sender=BLOCKED_SENDER))
    assert failed_stages(result) == ["sender"]
    assert result.diagnosis.server_reply == f"550 {BLOCKED_SENDER_TEXT}"
    assert (result.diagnosis.code, result.diagnosis.field) == ("sender_rejected", "sender")


def test_acl_deny_at_rcpt_is_about_the_recipient(exim):
    result = run_test(request(exim, "submission", recipient=REFUSED_RECIPIENT))
    assert failed_stages(result) == ["recipient"]
    assert result.diagnosis.server_reply == f"550 {REFUSED_RECIPIENT_TEXT}"
    assert (result.diagnosis.code, result.diagnosis.field) == ("recipient_rejected", "recipient")


def test_unknown_local_user_at_rcpt(exim):
    result = run_test(request(exim, "submission", recipient=f"nobody-here@{ALICE.split('@')[1]}"))
    assert result.diagnosis.server_reply == "550 Unrouteable address"
    assert (result.diagnosis.code, result.diagnosis.field) == ("recipient_rejected", "recipient")


def test_sender_verify_failure_at_rcpt_is_the_senders(exim):
    """Exim's default configuration verifies the sender in the RCPT ACL: the refusal names the sender."""
    result = run_test(request(exim, "submission", sender=UNKNOWN_SENDER))
    assert failed_stages(result) == ["recipient"]
    assert "Sender verify failed" in result.diagnosis.server_reply
    assert (result.diagnosis.code, result.diagnosis.field) == ("sender_rejected", "sender")


def test_sender_other_than_the_login_is_fixed_by_the_login(exim):
    """Exim has no reject_sender_login_mismatch: the MAIL ACL says it in the administrator's words."""
    result = run_test(request(exim, "login_match", sender=BOB))
    assert failed_stages(result) == ["sender"]
    assert result.diagnosis.server_reply == f"550 {MISMATCH_TEXT}"
    assert (result.diagnosis.code, result.diagnosis.field) == ("sender_mismatch", "sender")
    assert result.diagnosis.fix == {"sender": ALICE}


def test_message_size_limit_without_an_enhanced_status_code(exim):
    result = run_test(request(exim, "size_limit"))
    assert result.diagnosis.server_reply == "552 Message size exceeds maximum permitted"
    assert (result.diagnosis.code, result.diagnosis.field) == ("message_rejected", None)
    assert result.diagnosis.params.get("variant") == "size"


def test_probe_recommends_starttls_where_auth_is_offered_in_clear_too(exim):
    port = exim.port("auth_in_clear")
    candidates = [Endpoint(port, security) for security in (Security.NONE, Security.STARTTLS, Security.SSL)]
    report = probe("localhost", candidates, timeout=10.0, ca_file=exim.ca_file, credentials=(ALICE, PASSWORD))
    assert report.recommended == Endpoint(port, Security.STARTTLS), report.results
    assert not report.insecure
    assert report.login is not None and report.login.ok


def test_the_fixture_speaks_real_tls(exim):
    context = ssl.create_default_context(cafile=exim.ca_file)
    with smtplib.SMTP("localhost", exim.port("submission"), local_hostname="client.example.test") as client:
        client.starttls(context=context)
        assert client.sock.version().startswith("TLSv1.")
        client.ehlo()
        assert "PLAIN" in client.esmtp_features["auth"]
