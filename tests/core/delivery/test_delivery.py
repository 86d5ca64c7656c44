"""Delivery confirmation against a real Dovecot IMAP server on loopback (real TLS, real Maildir)."""

from __future__ import annotations

import threading
import time

import pytest

from tests.realservers.dovecot_imap import JUNK_TRIGGER
from tests.support.delivery import IMAP_PASSWORD, IMAP_USER
from tests.support.servers import der_sha256
from wizard.core.delivery import ImapRequest, confirm_delivery, junk_folders
from wizard.core.engine.api import CancelToken
from wizard.core.settings import Security

MESSAGE_ID = "<20261125.test.4a1b@smtp-wizard.local>"


def mail(message_id: str = MESSAGE_ID, subject: str = "测试邮件 / test") -> bytes:
    return (
        f"From: ops@example.com\r\nTo: {IMAP_USER}\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\n\r\n恭喜!您的邮件服务已经配置成功\r\n"
    ).encode()


def request(server, ca_file, **changes) -> ImapRequest:
    values = dict(
        host=server.host,
        port=server.port,
        security=Security.SSL,
        username=IMAP_USER,
        password=IMAP_PASSWORD,
        message_id=MESSAGE_ID,
        timeout=10.0,
        poll_interval=0.3,
        connect_timeout=5.0,
        ca_file=ca_file,
    )
    values.update(changes)
    return ImapRequest(**values)


def test_found_in_the_inbox(dovecot, imap_ca):
    dovecot.deliver(mail(message_id="<other@x>"))
    dovecot.deliver(mail())
    delivery = confirm_delivery(request(dovecot, imap_ca[1]))
    assert (delivery.where, delivery.folder) == ("inbox", "INBOX")
    assert delivery.seconds is not None and delivery.seconds < 5
    assert delivery.to_dict("en")["message"].startswith("The test mail arrived in the inbox (INBOX) after")
    assert "到达收件箱" in delivery.message("zh_CN")


def test_starttls_imap_is_upgraded_before_login(dovecot, imap_ca):
    dovecot.deliver(mail())
    starttls = request(dovecot, imap_ca[1], port=dovecot.starttls_port, security=Security.STARTTLS)
    assert confirm_delivery(starttls).where == "inbox"
    plain_as_tls = request(dovecot, imap_ca[1], port=dovecot.starttls_port)  # TLS on a plain port
    assert confirm_delivery(plain_as_tls).code == "tls_failed"  # WRONG_VERSION_NUMBER, nothing sent


def test_found_in_the_junk_folder(dovecot, imap_ca):
    assert dovecot.deliver(mail(subject=f"{JUNK_TRIGGER} 通知")) == "Junk"
    delivery = confirm_delivery(request(dovecot, imap_ca[1]))
    assert (delivery.where, delivery.folder) == ("junk", "Junk")
    assert "SPF / DKIM / DMARC" in delivery.message("en")
    assert "垃圾邮件文件夹「Junk」" in delivery.message("zh_CN")


def test_waits_for_a_mail_that_arrives_later(dovecot, imap_ca):
    timer = threading.Timer(1.2, dovecot.deliver, args=(mail(),))
    timer.start()
    try:
        delivery = confirm_delivery(request(dovecot, imap_ca[1]))
    finally:
        timer.cancel()
    assert delivery.where == "inbox" and delivery.seconds >= 1.2


def test_never_arrives_ends_within_the_limit(dovecot, imap_ca):
    start = time.monotonic()
    delivery = confirm_delivery(request(dovecot, imap_ca[1], timeout=1.5))
    assert delivery.where == "not_found" and delivery.folder is None
    assert 1.5 <= time.monotonic() - start < 4
    assert "退信" in delivery.message("zh_CN")


def test_wrong_password_is_auth_failed_and_never_shows_the_password(dovecot, imap_ca):
    wrong = "wrong-授权码-secret"
    delivery = confirm_delivery(request(dovecot, imap_ca[1], password=wrong))
    assert delivery.code == "auth_failed" and delivery.where is None
    assert wrong not in str(delivery.to_dict("en"))
    assert "AUTHENTICATIONFAILED" in delivery.detail


def test_untrusted_certificate_is_refused_before_login(dovecot):
    delivery = confirm_delivery(request(dovecot, None))  # the system trust store: trustme's CA is not in it
    assert delivery.code == "tls_untrusted"
    assert "not trusted" in delivery.message("en")


def test_a_pinned_certificate_is_trusted_and_a_wrong_pin_refused(dovecot, imap_ca, pki):
    import ssl

    pem = ssl.get_server_certificate((dovecot.host, dovecot.port))
    import hashlib

    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
    pin = ":".join(digest[i : i + 2] for i in range(0, 64, 2))
    dovecot.deliver(mail())
    assert confirm_delivery(request(dovecot, None, pinned_sha256=pin)).where == "inbox"
    wrong = confirm_delivery(request(dovecot, None, pinned_sha256=der_sha256(pki.good)))
    assert wrong.code == "tls_untrusted"


def test_cancel_returns_quickly(dovecot, imap_ca):
    cancel = CancelToken()
    threading.Timer(0.8, cancel.cancel).start()
    start = time.monotonic()
    delivery = confirm_delivery(request(dovecot, imap_ca[1], timeout=30.0, poll_interval=5.0), cancel)
    assert delivery.code == "cancelled"
    assert time.monotonic() - start < 2


def test_nothing_listening_is_connect_failed(imap_ca):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    delivery = confirm_delivery(
        ImapRequest("127.0.0.1", port, Security.SSL, IMAP_USER, IMAP_PASSWORD, MESSAGE_ID, ca_file=imap_ca[1])
    )
    assert delivery.code == "connect_failed"


def test_read_only_nothing_changes_in_the_maildir(dovecot, imap_ca):
    dovecot.deliver(mail())
    before = sorted(p.name for p in (dovecot.maildir / "new").iterdir())
    assert confirm_delivery(request(dovecot, imap_ca[1])).where == "inbox"
    assert sorted(p.name for p in (dovecot.maildir / "new").iterdir()) == before  # not even \\Seen


@pytest.mark.parametrize(
    "listing, expected",
    [
        ([((b"\\HasNoChildren", b"\\Junk"), b"/", "Spam"), ((), b"/", "INBOX")], ["Spam"]),
        ([((), b".", "INBOX.垃圾邮件"), ((), b".", "INBOX.Sent")], ["INBOX.垃圾邮件"]),
        (
            [((), b"/", "广告邮件"), ((), b"/", "Junk E-mail"), ((b"\\Noselect",), b"/", "Spam")],
            ["广告邮件", "Junk E-mail"],
        ),
    ],
)
def test_junk_folders_by_flag_then_by_name(listing, expected):
    assert junk_folders(listing) == expected


def test_a_junk_folder_named_in_modified_utf7_is_searched(dovecot, imap_ca):
    root = dovecot.maildir / ".&V4NXPpCuTvY-"  # 垃圾邮件 as IMAP's modified UTF-7 names it on disk
    dovecot.deliver(mail(), folder_dir=root)
    delivery = confirm_delivery(request(dovecot, imap_ca[1]))
    assert (delivery.where, delivery.folder) == ("junk", "垃圾邮件")
