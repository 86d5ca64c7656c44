"""Demo mode shows the whole loop: the demo SMTP server accepts, its IMAP side is searched."""

from __future__ import annotations

import socket
import ssl

import pytest

from wizard.core.catalog import load_catalog
from wizard.core.delivery import ImapRequest, confirm_delivery, guess_mailbox
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER, JUNK_RECIPIENT, DemoServer, demo_provider
from wizard.core.draft import Draft
from wizard.core.engine.session import run_test
from wizard.core.settings import Security


@pytest.fixture(scope="module")
def demo():
    with DemoServer() as server:
        yield server


def send(demo, recipient: str):
    catalog = load_catalog().with_extra(demo_provider(demo))
    draft = Draft(catalog=catalog)
    draft.choose_provider("demo")
    draft.set("sender", DEMO_USER)
    draft.set("password", DEMO_PASSWORD)
    draft.set_recipient(recipient)
    result = run_test(draft.test_request(ca_file=demo.ca_file))
    assert result.ok, result.diagnosis
    return draft, catalog, result


@pytest.mark.parametrize(
    "recipient, password, where, folder",
    [(DEMO_USER, None, "inbox", "INBOX"), (JUNK_RECIPIENT, DEMO_PASSWORD, "junk", "垃圾邮件")],
)
def test_demo_confirms_inbox_and_junk(demo, recipient, password, where, folder):
    draft, catalog, result = send(demo, recipient)
    guess = guess_mailbox(draft.settings, recipient, catalog)
    assert (guess.host, guess.port) == ("localhost", demo.imap_port)
    assert guess.reuse_smtp_secret is (recipient == DEMO_USER)
    request = ImapRequest(
        guess.host,
        guess.port,
        guess.security,
        recipient,
        password or DEMO_PASSWORD,
        result.message_id,
        timeout=5,
        poll_interval=0.2,
        ca_file=demo.ca_file,
    )
    delivery = confirm_delivery(request)
    assert (delivery.where, delivery.folder) == (where, folder)


def test_demo_imap_refuses_a_wrong_code_and_an_untrusted_client_view(demo):
    request = ImapRequest(
        "localhost",
        demo.imap_port,
        Security.SSL,
        DEMO_USER,
        "my-web-password",
        "<x@y>",
        timeout=2,
        ca_file=demo.ca_file,
    )
    assert confirm_delivery(request).code == "auth_failed"
    without_ca = ImapRequest("localhost", demo.imap_port, Security.SSL, DEMO_USER, DEMO_PASSWORD, "<x@y>")
    assert confirm_delivery(without_ca).code == "tls_untrusted"


def test_demo_imap_bounds_a_line(demo):
    context = ssl.create_default_context(cafile=demo.ca_file)
    with socket.create_connection(("127.0.0.1", demo.imap_port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as sock:
            sock.recv(1024)
            sock.sendall(b"a " + b"x" * 10000 + b"\r\n")
            assert sock.recv(1024) == b""  # closed, not buffered forever
