"""Item 5: the EHLO name is a fully qualified name or an address literal, never a short host name;
``--ehlo NAME`` chooses it, and a bad one is refused naming the field."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import cli_with_password as cli
from tests.support.cli import settings
from tests.support.servers import make_request
from wizard.core.addresses import InputError, normalize_ehlo
from wizard.core.engine.session import run_test
from wizard.core.engine.wire import ehlo_name


@pytest.mark.parametrize(
    ("host_name", "local", "expected"),
    [
        ("build01.corp.example", "10.0.0.5", "build01.corp.example"),
        ("vm", "10.0.0.5", "[10.0.0.5]"),
        ("vm", "fd00::5", "[IPv6:fd00::5]"),
        ("localhost", "127.0.0.1", "[127.0.0.1]"),
        ("bad_name.example", "10.0.0.5", "[10.0.0.5]"),
    ],
)
def test_default_ehlo_name(host_name, local, expected):
    assert ehlo_name(local, host_name) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("mail.example.com", "mail.example.com"),
        ("[10.0.0.5]", "[10.0.0.5]"),
        ("[IPv6:FD00::5]", "[IPv6:fd00::5]"),
    ],
)
def test_valid_ehlo_names(raw, expected):
    assert normalize_ehlo(raw) == expected


@pytest.mark.parametrize(
    "raw", ["vm", "10.0.0.5", "[10.0.0.300]", "[IPv6:10.0.0.5]", "a b.example", "x\r\nMAIL"]
)
def test_invalid_ehlo_names(raw):
    with pytest.raises(InputError):
        normalize_ehlo(raw)


def test_the_wire_says_the_chosen_and_the_default_name(scripted):
    server = scripted()
    chosen = run_test(
        make_request(server.port, "none", host="127.0.0.1", password="", ehlo="relay.corp.example")
    )
    assert chosen.ok, chosen.diagnosis
    default = run_test(make_request(server.port, "none", host="127.0.0.1", password=""))
    assert default.ok
    ehlos = [line.strip().decode() for line in server.lines if line.upper().startswith(b"EHLO")]
    assert ehlos[0] == "ehlo relay.corp.example"
    name = ehlos[1].split()[1]
    assert "." in name and (name == "[127.0.0.1]" or not name.startswith("["))


def test_cli_ehlo_option(scripted):
    server = scripted()
    args = ["test", *settings(server.port, "none"), "--host", "127.0.0.1", "--to", "ops@example.org"]
    args.append("--allow-plaintext-auth")
    good = cli(*args, "--ehlo", "[10.0.0.5]", "--json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert any(line.strip() == b"ehlo [10.0.0.5]" for line in server.lines)
    bad = cli(*args, "--ehlo", "vm", "--json")
    assert bad.returncode == 2
    issue = json.loads(bad.stdout)["issues"][0]
    assert (issue["code"], issue["field"]) == ("ehlo_invalid", "ehlo")
