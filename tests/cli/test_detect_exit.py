"""``detect`` exits 0 only when it found something to configure (a preset or a server), 1 when it
found nothing, whether DNS failed or answered (issue 22; README: exit codes)."""

from __future__ import annotations

import json

from tests.core.dns_server import LocalDns
from tests.support.cli import cli


def test_exit_code_says_whether_anything_was_found():
    zones = {
        "acme.cn": [(5, "mxbiz1.qq.com")],
        "yahoo.com": [(1, "mta.example")],
        "own-mx.cn": [(10, "mx.own-mx.cn")],
    }
    nxdomain = {"gone.cn", "autoconfig.yahoo.com", "autoconfig.own-mx.cn", "smtp.own-mx.cn", "mail.own-mx.cn"}
    with LocalDns(zones, nxdomain=nxdomain, silent={"offline.cn"}) as dns:

        def run(address: str, *extra: str):
            return cli("detect", address, "--nameserver", dns.address, "--no-guess", "--json", *extra)

        preset, server, nothing = run("hr@acme.cn"), run("hr@yahoo.com"), run("hr@own-mx.cn")
        missing, offline = run("hr@gone.cn"), run("hr@offline.cn", "--timeout", "1")
    assert (preset.returncode, json.loads(preset.stdout)["provider"]["id"]) == (0, "exmail")
    assert (server.returncode, json.loads(server.stdout)["server"]["host"]) == (0, "smtp.mail.yahoo.com")
    assert (nothing.returncode, json.loads(nothing.stdout)["method"]) == (1, "none")
    assert (missing.returncode, json.loads(missing.stdout)["error"]) == (1, "dns_no_domain")
    assert (offline.returncode, json.loads(offline.stdout)["error"]) == (1, "dns_timeout")
