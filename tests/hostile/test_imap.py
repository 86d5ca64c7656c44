"""Delivery confirmation against IMAP peers written to misbehave: one overall deadline for every
read, memory capped while reading, Cancel at every point, and no "delivered" without the mail."""

from __future__ import annotations

import json
import sys
import threading
import time

import pytest

from tests.hostile.imap_peer import MESSAGE_ID, answering, polite
from tests.support.cli import cli, settings
from tests.support.hostile import drip
from tests.support.servers import PASSWORD, USER
from wizard.core.delivery import ImapRequest, confirm_delivery
from wizard.core.engine.api import CancelToken
from wizard.core.settings import Security

SLACK = 1.0  # nothing may outlive the budget by more than this


def request(port: int, pki, **options) -> ImapRequest:
    values = dict(
        host="localhost",
        port=port,
        security=Security.SSL,
        username=USER,
        password=PASSWORD,
        message_id=MESSAGE_ID,
        timeout=2.0,
        poll_interval=0.2,
        ca_file=pki.ca_file,
    )
    return ImapRequest(**{**values, **options})


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


# -- 1. one overall deadline --------------------------------------------------------------------
def dripped_greeting(tls, tag, line):
    drip(tls, b"* OK " + b"x" * 100000, 0.05)


def dripped_search(tls, tag, line):
    drip(tls, b"* SEARCH " + b"1 " * 100000, 0.05)


def slow_answer(tls, tag, line):
    time.sleep(9)
    polite(tls, tag, line.split()[1].upper(), line)


@pytest.mark.parametrize(
    "overrides",
    [
        {"greeting": dripped_greeting},
        {"search": dripped_search},
        {"examine": slow_answer, "search": slow_answer},
    ],
    ids=["dripped greeting", "dripped SEARCH", "every EXAMINE/SEARCH after 9 s"],
)
def test_every_imap_read_ends_with_the_confirm_timeout(hostile, pki, overrides):
    server = hostile(answering(pki, **overrides))
    delivery, elapsed = timed(lambda: confirm_delivery(request(server.port, pki, timeout=2.0)))
    assert delivery.code == "timeout"
    assert elapsed < 2.0 + SLACK
    assert "时限" in delivery.message("zh_CN")


@pytest.mark.parametrize("module", ["wizard", "wizard.cli"], ids=["smtp-wizard", "server CLI"])
def test_confirm_timeout_holds_in_the_cli_and_the_server_cli(hostile, pki, smtp_server, module):
    imap = hostile(answering(pki, greeting=dripped_greeting))
    smtp = smtp_server("ssl")
    argv = ["test", *settings(smtp.port, "ssl", "--host", "127.0.0.1"), "--to", USER]
    argv += ["--ca-file", pki.ca_file]
    argv += ["--confirm-imap", "--imap-host", "localhost", "--imap-port", str(imap.port)]
    argv += ["--imap-password-env", "IMAP_PW", "--confirm-timeout", "3", "--json", "--lang", "en"]
    start = time.monotonic()
    result = cli_module(module, argv, env={"SMTP_PW": PASSWORD, "IMAP_PW": "imap-secret"})
    elapsed = time.monotonic() - start
    document = json.loads(result.stdout)
    assert document["ok"] is True
    assert document["delivery"]["code"] == "timeout"
    sent_and_started = document["stages"][-1]["ms"] / 1000 + 4.0  # the test itself and start-up
    assert elapsed < 3.0 + SLACK + sent_and_started


def cli_module(module: str, argv: list[str], env: dict):
    if module == "wizard":
        return cli(*argv, env=env)
    import os
    import subprocess

    full_env = {**os.environ, "LANG": "C.UTF-8", **env}
    command = [sys.executable, "-m", module, *argv]
    return subprocess.run(command, capture_output=True, text=True, env=full_env, timeout=60)


# -- 2. memory capped while reading -----------------------------------------------------------
def huge_literal(tls, tag, line):
    tls.sendall(b"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (MESSAGE-ID)] {1500000000}\r\n")
    chunk = b"A" * 65536
    for _ in range(6400):  # 400 MiB, if the client keeps reading
        tls.sendall(chunk)


def endless(prefix: bytes):
    def talk(tls, tag, line):
        number = 0
        while True:
            number += 1
            tls.sendall(prefix % number)

    return talk


def search_hit(tls, tag, line):
    tls.sendall(b"* SEARCH 1\r\n" + tag + b" OK done\r\n")


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({"search": search_hit, "fetch": huge_literal}, "literal"),
        ({"list": endless(b'* LIST () "/" folder%d\r\n')}, "folders"),
        ({"search": endless(b"* OK still searching %d\r\n")}, "SEARCH"),
    ],
    ids=["1.5 GB literal", "endless LIST", "endless untagged OK during SEARCH"],
)
def test_imap_memory_is_capped_while_reading(hostile, pki, overrides, said):
    server = hostile(answering(pki, **overrides))
    delivery, elapsed = timed(lambda: confirm_delivery(request(server.port, pki, timeout=20.0)))
    assert delivery.code == "imap_error"
    assert said in delivery.detail and "dropped" in delivery.detail
    assert elapsed < 10


# -- 3. Cancel at every point ---------------------------------------------------------------
def cancelled_after(req: ImapRequest, delay: float = 0.4):
    token = CancelToken()
    threading.Timer(delay, token.cancel).start()
    delivery, elapsed = timed(lambda: confirm_delivery(req, token))
    return delivery, elapsed - delay


def test_cancel_during_connect_ends_within_half_a_second(pki, blackhole_port):
    delivery, after_cancel = cancelled_after(request(blackhole_port, pki, timeout=60, connect_timeout=10))
    assert delivery.code == "cancelled"
    assert after_cancel < 0.5


def test_cancel_during_the_tls_handshake_ends_within_half_a_second(pki, silent_port):
    delivery, after_cancel = cancelled_after(request(silent_port, pki, timeout=60, connect_timeout=10))
    assert delivery.code == "cancelled"
    assert after_cancel < 0.5


def test_cancel_during_a_dripped_greeting_ends_within_half_a_second(hostile, pki):
    server = hostile(answering(pki, greeting=dripped_greeting))
    delivery, after_cancel = cancelled_after(request(server.port, pki, timeout=60), delay=1.0)
    assert delivery.code == "cancelled"
    assert after_cancel < 0.5


# -- 4. a hit counts only with the test mail's own Message-ID -------------------------------
def fetch_other(tls, tag, line):
    header = b"Message-ID: <someone-else@example.net>\r\n\r\n"
    tls.sendall(b"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (MESSAGE-ID)] {%d}\r\n" % len(header))
    tls.sendall(header + b")\r\n" + tag + b" OK done\r\n")


def fetch_ours(tls, tag, line):
    header = b"Message-ID: " + MESSAGE_ID.encode() + b"\r\n\r\n"
    tls.sendall(b"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (MESSAGE-ID)] {%d}\r\n" % len(header))
    tls.sendall(header + b")\r\n" + tag + b" OK done\r\n")


def test_a_server_that_matches_every_search_is_not_delivered(hostile, pki):
    fetched: list[bytes] = []

    def fetch(tls, tag, line):
        fetched.append(line)
        fetch_other(tls, tag, line)

    server = hostile(answering(pki, search=search_hit, fetch=fetch))
    delivery = confirm_delivery(request(server.port, pki, timeout=1.0))
    assert delivery.code == "not_found"
    assert fetched and b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]" in fetched[0]  # read-only: PEEK


def test_a_hit_with_the_test_mails_message_id_is_delivered(hostile, pki):
    server = hostile(answering(pki, search=search_hit, fetch=fetch_ours))
    delivery = confirm_delivery(request(server.port, pki, timeout=5.0))
    assert (delivery.code, delivery.folder) == ("inbox", "INBOX")
