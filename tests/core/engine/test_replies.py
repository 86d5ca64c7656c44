"""Server replies at every stage -> one diagnosis code: the table with real replies (replies.md) and
invented variants, then the same replies live from aiosmtpd and a scripted server (GBK bytes)."""

from __future__ import annotations

import pytest

from tests.support.servers import USER, make_request
from wizard.core.engine.api import Stage
from wizard.core.engine.diagnosis import Failure, classify
from wizard.core.engine.session import run_test
from wizard.core.engine.transcript import decode_reply

QQ_535 = (
    "Login Fail. Please enter your authorization code to login. More information in "
    "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256"
)
EXMAIL_FORCED_GBK = "系统已强制开启安全登录,请登录exmail.qq.com在微信绑定后使用客户端专用密码".encode(
    "gb18030"
)

TABLE = [
    # (stage, reply code, text, provider secret kind, expected code)
    (Stage.LOGIN, 535, QQ_535, "auth_code", "auth_code_required"),
    (Stage.LOGIN, 535, QQ_535, "account_password", "auth_code_required"),  # the words alone decide
    (Stage.LOGIN, 535, "登录失败,请使用授权码登录", "", "auth_code_required"),  # invented Chinese variant
    (Stage.LOGIN, 535, "Error: authentication failed, system busy", "client_password", "auth_code_required"),
    (Stage.LOGIN, 535, "Error: authentication failed", "auth_code", "auth_code_required"),  # 163
    (Stage.LOGIN, 535, "Error: authentication failed", "account_password", "auth_failed"),
    (
        Stage.LOGIN,
        535,
        (
            "5.7.8 Username and Password not accepted. https://support.google.com/mail/"
            "?p=BadCredentials - gsmtp"
        ),
        "app_password",
        "auth_code_required",
    ),
    (Stage.LOGIN, 534, "5.7.9 Application-specific password required.", "", "auth_code_required"),
    (Stage.LOGIN, 535, "5.7.8 Authentication credentials invalid", "", "auth_failed"),
    (Stage.LOGIN, 550, "User has no permission", "auth_code", "smtp_disabled"),
    (
        Stage.LOGIN,
        535,
        (
            "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
            "Tenant. Visit https://aka.ms/smtp_auth_disabled"
        ),
        "account_password",
        "smtp_disabled",
    ),
    (
        Stage.LOGIN,
        535,
        "5.7.139 Authentication unsuccessful, basic authentication is disabled.",
        "",
        "smtp_disabled",
    ),
    (Stage.LOGIN, 535, "该账号未开启SMTP服务", "", "smtp_disabled"),
    (Stage.LOGIN, 454, "4.7.0 Temporary authentication failure", "", "temporary_failure"),
    (Stage.LOGIN, 504, "5.5.4 Unrecognized authentication type", "", "auth_unsupported"),
    (
        Stage.LOGIN,
        538,
        "5.7.11 Encryption required for requested authentication mechanism",
        "",
        "encryption_required",
    ),
    (
        Stage.LOGIN,
        530,
        "Login fail. A secure connection is requiered(such as ssl)",
        "auth_code",
        "encryption_required",
    ),
    (Stage.SENDER, 530, "5.7.0 Must issue a STARTTLS command first.", "", "encryption_required"),
    (
        Stage.SENDER,
        451,
        "5.7.3 STARTTLS is required to send mail [SG2PR01.prod.outlook.com]",
        "",
        "encryption_required",
    ),
    (
        Stage.SENDER,
        501,
        "mail from address must be same as authorization user",
        "auth_code",
        "sender_mismatch",
    ),
    (Stage.SENDER, 501, "发件人必须与登录账号一致", "", "sender_mismatch"),
    (
        Stage.SENDER,
        550,
        "5.7.60 SMTP; Client does not have permissions to send as this sender",
        "",
        "sender_mismatch",
    ),
    (Stage.SENDER, 501, decode_reply(EXMAIL_FORCED_GBK), "client_password", "auth_code_required"),
    (Stage.SENDER, 503, "Error: need EHLO and AUTH first !", "", "auth_failed"),
    (Stage.SENDER, 530, "Authentication required", "", "auth_failed"),
    (Stage.SENDER, 553, "Local user only,163 smtp5,GdxpCgD3_0Nh 1700000000", "auth_code", "sender_rejected"),
    (
        Stage.SENDER,
        550,
        "The from address does not match a verified Sender Identity.",
        "api_key",
        "sender_rejected",
    ),
    (Stage.SENDER, 552, "5.3.4 Message size exceeds fixed limit", "", "message_rejected"),
    (Stage.SENDER, 450, "4.7.1 Try again later", "", "temporary_failure"),
    (
        Stage.RECIPIENT,
        550,
        "5.1.1 <nobody@example.org>: Recipient address rejected: User unknown",
        "",
        "recipient_rejected",
    ),
    (Stage.RECIPIENT, 450, "4.2.0 Mailbox busy", "", "temporary_failure"),
    (Stage.RECIPIENT, 550, "Mailbox not found / 收件人不存在", "", "recipient_rejected"),
    (
        Stage.MESSAGE,
        554,
        (
            "DT:SPM 163 smtp12,EMCowAD3 1700000000,please see "
            "http://mail.163.com/help/help_spam_16.htm?ip=1.2.3.4"
        ),
        "auth_code",
        "message_rejected_spam",
    ),
    (Stage.MESSAGE, 554, "DT:SPM 126 smtp10,xx", "", "message_rejected_spam"),
    (Stage.MESSAGE, 550, "邮件被识别为垃圾邮件,已拒收", "", "message_rejected_spam"),
    (
        Stage.MESSAGE,
        554,
        (
            "Message rejected: Email address is not verified. The following identities failed "
            "the check in region CN-NORTH-1"
        ),
        "",
        "sender_rejected",
    ),
    (Stage.MESSAGE, 553, "template_validate not match", "api_key", "message_rejected"),
    (Stage.MESSAGE, 451, "4.3.0 Error: queue file write error", "", "temporary_failure"),
    (Stage.MESSAGE, 450, "发送频率过快,请稍后再试", "", "temporary_failure"),
    (Stage.EHLO, 554, "5.7.1 Your IP is blocked", "", "server_rejected"),
    (Stage.EHLO, 421, "4.3.2 Service not available, closing transmission channel", "", "temporary_failure"),
    (Stage.TLS, 454, "4.7.0 TLS not available due to temporary reason", "", "starttls_unavailable"),
]


@pytest.mark.parametrize(("stage", "code", "text", "secret", "expected"), TABLE)
def test_reply_table(stage, code, text, secret, expected):
    assert classify(Failure("reply", stage, code, text), secret).code == expected


def test_gbk_reply_is_decoded():
    assert "强制开启" in decode_reply(EXMAIL_FORCED_GBK)
    assert decode_reply("授权码".encode()) == "授权码"


@pytest.mark.parametrize(
    ("hook", "reply", "expected", "field"),
    [
        (
            "login_reply",
            "535 Login Fail. Please enter your authorization code to login.",
            "auth_code_required",
            "password",
        ),
        ("login_reply", "535 5.7.8 Authentication credentials invalid", "auth_failed", "password"),
        ("login_reply", "550 User has no permission", "smtp_disabled", "username"),
        (
            "mail_reply",
            "501 mail from address must be same as authorization user",
            "sender_mismatch",
            "sender",
        ),
        ("mail_reply", "553 Local user only,163 smtp5,abc 1700000000", "sender_rejected", "sender"),
        ("rcpt_reply", "550 5.1.1 User unknown", "recipient_rejected", "recipient"),
        ("rcpt_reply", "450 4.2.1 Mailbox busy, try later", "temporary_failure", None),
        (
            "data_reply",
            "554 DT:SPM 163 smtp12,abc 1700000000,please see http://mail.163.com/help",
            "message_rejected_spam",
            None,
        ),
        ("data_reply", "451 4.3.0 Local error in processing", "temporary_failure", None),
    ],
)
def test_live_replies(smtp_server, pki, hook, reply, expected, field):
    server = smtp_server("ssl")
    setattr(server.handler, hook, reply)
    password = "wrong-code" if hook == "login_reply" else None
    request = make_request(
        server.port, "ssl", ca_file=pki.ca_file, **({"password": password} if password else {})
    )
    result = run_test(request)
    assert (result.diagnosis.code, result.diagnosis.field) == (expected, field)
    assert result.diagnosis.server_reply == reply


def test_exmail_system_busy_means_client_password_for_exmail(smtp_server, pki):
    server = smtp_server("ssl")
    server.handler.login_reply = "535 Error: authentication failed, system busy"
    result = run_test(
        make_request(server.port, "ssl", ca_file=pki.ca_file, password="x" * 8, provider="exmail")
    )
    assert result.diagnosis.code == "auth_code_required"
    assert "客户端专用密码" in result.diagnosis.message("zh_CN")


def test_qq_auth_code_message_names_the_code_and_help_page(smtp_server, pki):
    server = smtp_server("ssl")
    server.handler.login_reply = "535 Login Fail. Please enter your authorization code to login."
    result = run_test(
        make_request(server.port, "ssl", ca_file=pki.ca_file, password="web-password", provider="qq")
    )
    assert "授权码" in result.diagnosis.message("zh_CN")
    assert "service.mail.qq.com" in result.diagnosis.hint("zh_CN")


def test_sender_mismatch_fix_uses_the_login(smtp_server, pki):
    server = smtp_server("ssl")
    server.handler.mail_reply = "501 mail from address must be same as authorization user"
    result = run_test(make_request(server.port, "ssl", ca_file=pki.ca_file, sender="boss@example.com"))
    assert result.diagnosis.fix == {"sender": USER}


def test_gbk_reply_on_the_wire(scripted):
    server = scripted({"AUTH": b"535 " + "授权码错误,请使用授权码登录".encode("gbk")})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert result.diagnosis.code == "auth_code_required"
    assert "授权码错误" in result.diagnosis.server_reply
    assert any("授权码错误" in line for line in result.transcript)


@pytest.mark.parametrize("reply", [b"554 5.7.1 Client host rejected", b"421 4.7.0 Too busy, try later"])
def test_greeting_and_ehlo_errors(scripted, reply):
    server = scripted({"EHLO": reply})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert result.diagnosis.code == ("server_rejected" if reply.startswith(b"5") else "temporary_failure")


def test_login_falls_back_to_auth_login(scripted):
    server = scripted({"EHLO": b"250-scripted\r\n250 AUTH LOGIN"})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert result.ok, result.diagnosis
    assert server.commands[:4] == ["EHLO", "AUTH", "AUTH-CONT", "AUTH-CONT"]
    assert sum("C: ****" in line for line in result.transcript) == 2


def test_no_usable_auth_mechanism(scripted):
    server = scripted({"EHLO": b"250-scripted\r\n250 AUTH XOAUTH2"})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert (result.diagnosis.code, result.diagnosis.params["detail"]) == ("auth_unsupported", "XOAUTH2")


def test_drop_after_the_body_may_have_sent(scripted):
    server = scripted({".": None})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert (result.diagnosis.code, result.diagnosis.may_have_sent) == ("connection_lost", True)
    assert "可能已经送达" in result.diagnosis.message("zh_CN")
    assert result.message_id is not None


def test_drop_before_the_body_has_not_sent(scripted):
    server = scripted({"DATA": None})
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert (result.diagnosis.code, result.diagnosis.may_have_sent) == ("connection_lost", False)
    assert result.message_id is None
