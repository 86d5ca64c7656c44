"""Each command imports what it uses and nothing more (issue 13: start-up on a server).

Run as the user runs them, each in a fresh interpreter, against a real loopback server where the
command talks to one; the check is on ``sys.modules`` afterwards, so a module-level import that
drags in the address parser, DNS, IMAP, the report or the config-file code fails here instead of
quietly costing every start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.support.servers import PASSWORD, RECIPIENT, USER

_RUN = """
import contextlib, io, json, sys
from wizard.cli import run
with contextlib.redirect_stdout(io.StringIO()):
    code = run(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# Only some commands need these; each costs 10-40 ms to import.
HEAVY = {
    "email_validator": "the full address parser (plain addresses take the fast path)",
    "jsonschema": "the schema check of an opened file",
    "dns": "dnspython (detection, domain checks, a named DNS server)",
    "http.client": "autoconfig lookups",
    "imapclient": "delivery confirmation",
    "wizard.core.config_file": "reading or writing a settings file",
    "wizard.core.detect": "provider detection",
    "wizard.core.delivery": "delivery confirmation",
    "wizard.core.report": "the support report",
    "wizard.core.domain_check": "sender-domain checks",
}


def loaded(*argv: str, env: dict[str, str] | None = None) -> set[str]:
    environ = {**os.environ, **(env or {})}
    environ.pop("SSL_CERT_FILE", None)  # as on a customer's server
    out = subprocess.run(
        [sys.executable, "-c", _RUN, *argv], capture_output=True, text=True, env=environ, timeout=60
    )
    document = json.loads(out.stdout.splitlines()[-1])
    assert document["code"] == 0, out.stderr
    return set(document["modules"])


def heavy_in(modules: set[str]) -> dict[str, str]:
    def present(name: str) -> bool:
        return any(m == name or m.startswith(name + ".") for m in modules)

    return {name: why for name, why in HEAVY.items() if present(name)}


def test_providers_loads_the_catalog_only():
    modules = loaded("providers", "--json")
    assert heavy_in(modules) == {}
    assert not {"wizard.core.draft", "wizard.core.validation", "wizard.core.engine", "ssl"} & modules


def test_validate_without_a_file_reads_no_file():
    modules = loaded("validate", "--provider", "qq", "--sender", "zhangsan@qq.com")
    assert heavy_in(modules).keys() == {"wizard.core.config_file"}  # it prints the settings sheet


def test_a_test_send_loads_the_engine_and_nothing_it_does_not_use(smtp_server, pki):
    server = smtp_server("starttls")
    argv = ["test", "--host", "localhost", "--port", str(server.port), "--security", "starttls"]
    argv += ["--sender", USER, "--password-env", "PW", "--to", RECIPIENT, "--ca-file", pki.ca_file]
    modules = loaded(*argv, env={"PW": PASSWORD})
    assert heavy_in(modules) == {}
    assert {"smtplib", "ssl", "wizard.core.engine.session"} <= modules
    assert [e.rcpt_tos for e in server.handler.envelopes] == [[RECIPIENT]]  # the mail really went
