"""The engine against a real Postfix 3.x (+ Dovecot SASL): what a user sees for each server setup.

Every case runs the same ``run_test`` the CLI and the wizard use, over real TLS with a CA made for
the run, and asserts the diagnosis code, the field and the fix; passes assert that the message
landed in the recipient's Maildir with the headers the test mail promises.
"""

from __future__ import annotations

import email
import email.policy
import smtplib
import ssl
import warnings

import pytest

from tests.realservers.mailhost import ALICE, BLOCKED_HELO, BOB, GREYLISTED, PASSWORDS
from tests.support.servers import make_request
from wizard.core.engine.session import run_test


def request(postfix, variant, security="starttls", *, ca=True, **options):
    options.setdefault("username", ALICE)
    options.setdefault("password", PASSWORDS[ALICE])
    options.setdefault("sender", ALICE)
    options.setdefault("recipient", BOB)
    options.setdefault("connect_timeout", 10.0)
    options.setdefault("timeout", 30.0)
    return make_request(postfix.port(variant), security, ca_file=postfix.ca_file if ca else None, **options)


def delivered(postfix, result, address=BOB):
    raw = postfix.wait_for_message(address, result.message_id)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Message-ID"] == result.message_id
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["From"].addresses[0].addr_spec == ALICE
    assert message["To"].addresses[0].addr_spec == address
    assert message["Date"] and message["Subject"]
    return message


@pytest.mark.parametrize(
    ("variant", "security"), [("submission", "starttls"), ("smtps", "ssl"), ("tls13_only", "starttls")]
)
def test_a_good_setup_passes_and_the_mail_lands_in_the_maildir(postfix, variant, security):
    result = run_test(request(postfix, variant, security))
    assert result.diagnosis.code == "ok", (result.diagnosis, result.transcript)
    assert result.verified is not None
    assert result.tls is not None and result.tls.version.startswith("TLSv1.")
    if variant == "tls13_only":
        assert result.tls.version == "TLSv1.3"
    message = delivered(postfix, result)
    assert "张三" in str(message["From"])


def test_wrong_password(postfix):
    result = run_test(request(postfix, "submission", password="not-the-password"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("auth_failed", "password")
    assert result.diagnosis.server_reply.startswith("535 5.7.8")


def test_untrusted_certificate_is_shown_not_used(postfix):
    result = run_test(request(postfix, "submission", ca=False))
    assert (result.diagnosis.code, result.diagnosis.field, result.diagnosis.fix) == (
        "tls_untrusted",
        "host",
        None,
    )
    assert result.tls is not None and len(result.tls.sha256) == 95
    assert not any("AUTH" in line for line in result.transcript)


def test_wrong_name_certificate(postfix):
    result = run_test(request(postfix, "wrong_name"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("tls_hostname_mismatch", "host")
    assert "other.example" in result.diagnosis.message("en")


def test_expired_certificate(postfix):
    result = run_test(request(postfix, "expired"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("tls_expired", "host")


def test_server_that_speaks_only_tls_1_0(postfix):
    # The fixture really speaks TLS 1.0 (with OpenSSL's security level 0), so the refusal below
    # is the wizard's TLS 1.2 floor (RFC 8997), not a broken server.
    legacy = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    legacy.load_verify_locations(postfix.ca_file)
    with warnings.catch_warnings():  # TLSv1 is deprecated: exactly what this server is made of
        warnings.simplefilter("ignore", DeprecationWarning)
        legacy.minimum_version = ssl.TLSVersion.TLSv1
    legacy.set_ciphers("ALL:@SECLEVEL=0")
    with smtplib.SMTP(
        "localhost", postfix.port("tls10_only"), local_hostname="client.example.test"
    ) as client:
        client.starttls(context=legacy)
        assert client.sock.version() == "TLSv1"
    result = run_test(request(postfix, "tls10_only"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("tls_failed", "security")
    assert result.diagnosis.params.get("variant") == "old"


def test_no_auth_offered_with_a_password(postfix):
    result = run_test(request(postfix, "no_auth"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("auth_unsupported", "username")


def test_no_auth_server_without_a_password_delivers(postfix):
    result = run_test(request(postfix, "no_auth", password=""))
    assert result.diagnosis.code == "ok"
    delivered(postfix, result)


def test_clear_text_auth_needs_consent(postfix):
    blocked = run_test(request(postfix, "cleartext_auth", "none"))
    assert (blocked.diagnosis.code, blocked.diagnosis.field) == ("plaintext_auth_blocked", "security")
    allowed = run_test(request(postfix, "cleartext_auth", "none", allow_plaintext_auth=True))
    assert allowed.diagnosis.code == "ok"
    delivered(postfix, allowed)


def test_starttls_offered_auth_only_after_it(postfix):
    """Item 2: EHLO lists STARTTLS and no AUTH (smtpd_tls_auth_only): encrypt, do not drop the password."""
    result = run_test(request(postfix, "starttls_may", "none", allow_plaintext_auth=True))
    assert (result.diagnosis.code, result.diagnosis.field) == ("encryption_required", "security")
    assert result.diagnosis.fix == {"security": "starttls"}


def test_required_starttls_on_a_plain_session(postfix):
    result = run_test(request(postfix, "submission", "none", password=""))
    assert (result.diagnosis.code, result.diagnosis.field) == ("encryption_required", "security")
    assert result.diagnosis.fix == {"security": "starttls"}
    assert result.diagnosis.server_reply.startswith("530 5.7.0")


def test_message_size_limit(postfix):
    result = run_test(request(postfix, "size_limit"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("message_rejected", None)
    assert result.diagnosis.params.get("variant") == "size"
    assert result.diagnosis.server_reply.startswith("552 5.3.4")


def test_greylisting_is_temporary(postfix):
    result = run_test(request(postfix, "greylist", recipient=GREYLISTED))
    assert (result.diagnosis.code, result.diagnosis.field) == ("temporary_failure", None)
    assert result.diagnosis.server_reply.startswith("450 4.7.1")


def test_client_rejected_at_connect(postfix):
    result = run_test(request(postfix, "client_reject_connect"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("server_rejected", "host")
    assert "Client host rejected" in result.diagnosis.server_reply


def test_client_rejected_at_rcpt_is_not_the_recipients_fault(postfix):
    result = run_test(request(postfix, "client_reject_rcpt"))
    assert [e.stage.value for e in result.stages if e.status.value == "failed"] == ["recipient"]
    assert (result.diagnosis.code, result.diagnosis.field) == ("server_rejected", "host")
    assert "Client host rejected" in result.diagnosis.server_reply


def test_fully_qualified_ehlo_passes_reject_non_fqdn_helo(postfix):
    result = run_test(request(postfix, "fqdn_helo"))
    assert result.diagnosis.code == "ok", result.transcript
    delivered(postfix, result)


def test_a_refused_ehlo_name_is_blamed_on_the_ehlo_name(postfix):
    result = run_test(request(postfix, "fqdn_helo", ehlo=BLOCKED_HELO))
    assert (result.diagnosis.code, result.diagnosis.field) == ("helo_rejected", "ehlo")
    assert "Helo command rejected" in result.diagnosis.server_reply


def test_sender_login_mismatch_is_fixed_by_the_login(postfix):
    result = run_test(request(postfix, "login_mismatch", sender=BOB, recipient=ALICE))
    assert (result.diagnosis.code, result.diagnosis.field) == ("sender_mismatch", "sender")
    assert result.diagnosis.fix == {"sender": ALICE}


def test_content_filter_rejects_as_spam(postfix):
    result = run_test(request(postfix, "spam_filter"))
    assert (result.diagnosis.code, result.diagnosis.field) == ("message_rejected_spam", None)
    assert result.diagnosis.server_reply.startswith("550 5.7.1")
