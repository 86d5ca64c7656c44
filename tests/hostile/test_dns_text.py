"""DNS text, the SPF library's error text and the user's own options reach the terminal only
escaped, as server replies do: an SPF record with ESC/BEL from a loopback DNS server, in
``check-domain`` (text and JSON) and ``test --check-domain``; ``--relay``, ``--dkim-selector`` and
argparse's "unrecognized arguments"."""

from __future__ import annotations

import json

import pytest

from tests.core.dns_server import LocalDns
from tests.support.cli import cli, settings
from tests.support.servers import PASSWORD, USER

RAW = ("\x1b", "\x07", "\x9b")
# Four SPF records the SPF library refuses, each quoting the control characters in its error text.
BROKEN_SPF = [
    '"v=spf1 include:\\027[2J -all"',
    '"v=spf1 \\027]0;pwned\\007 -all"',
    '"v=spf1 exp=\\027[31m -all"',
    '"v=spf1 ip4:\\027[1A198.51.100.1 -all"',
]


def zone(domain: str, spf: str) -> dict:
    return {(domain, "TXT"): [spf], (f"_dmarc.{domain}", "TXT"): ['"v=DMARC1; p=none"']}


def assert_escaped(text: str) -> None:
    assert not any(ch in text for ch in RAW), repr(text)


@pytest.mark.parametrize("spf", BROKEN_SPF, ids=["include: ESC", "unknown ESC BEL", "exp= ESC", "ip4: ESC"])
def test_spf_library_text_is_escaped_in_check_domain(spf):
    with LocalDns(records=zone(USER.split("@")[1], spf)) as dns:
        text = cli("check-domain", USER, "--nameserver", dns.address, "--lang", "en")
        document = cli("check-domain", USER, "--nameserver", dns.address, "--json", "--lang", "en")
    assert_escaped(text.stdout + text.stderr)
    assert "\\x1b" in text.stdout  # shown, as an escape
    spf_finding = next(f for f in json.loads(document.stdout)["findings"] if f["check"] == "spf")
    assert spf_finding["code"] == "spf_syntax"
    assert_escaped(json.dumps(spf_finding, ensure_ascii=False))


def test_spf_library_text_is_escaped_in_test_check_domain(smtp_server, pki):
    server = smtp_server("ssl")
    with LocalDns(records=zone(USER.split("@")[1], BROKEN_SPF[1])) as dns:
        result = cli(
            "test", *settings(server.port, "ssl", "--host", "127.0.0.1"), "--to", "lisi@example.org",
            "--ca-file", pki.ca_file, "--check-domain", "--nameserver", dns.address, "--lang", "en",
            env={"SMTP_PW": PASSWORD},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert_escaped(result.stdout + result.stderr)
    assert "\\x1b" in result.stdout


def test_the_users_relay_and_selector_are_escaped():
    with LocalDns(records=zone(USER.split("@")[1], '"v=spf1 -all"')) as dns:
        result = cli(
            "check-domain", USER, "--nameserver", dns.address, "--relay", "smtp.\x1b[2Jevil.example",
            "--dkim-selector", "s\x1b]0;x\x07", "--lang", "en",
        )  # fmt: skip
    assert_escaped(result.stdout + result.stderr)


def test_argparse_unrecognized_arguments_are_escaped():
    result = cli("check-domain", USER, "--lang", "en", "--bogus", "\x1b]0;pwned\x07\x1b[2J")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr
    assert_escaped(result.stderr)
    assert "\\x1b" in result.stderr
