"""`smtp-wizard check` against a private Postfix + Dovecot through the changes that break a working
setup after installation day: the password changed, the certificate nearly expired, the SPF
include dropped on the (loopback) DNS, the port blackholed. Each step runs the real CLI with its
state file and asserts what the operator and the monitoring see: text, JSON, the Nagios line,
the Prometheus file and the exit codes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import smtplib
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
import trustme

from tests.core.dns_server import LocalDns
from tests.realservers import mailhost
from tests.realservers.instance import private_instance
from tests.realservers.mailhost import ALICE, PASSWORDS
from wizard.cli import run
from wizard.core.health.model import parse_iso
from wizard.core.health.outputs import when

RELAY_SPF = ("_spf.relay.example.test", "TXT")
GOOD_SPF = ['"v=spf1 include:_spf.relay.example.test -all"']
SECRET = PASSWORDS[ALICE]


@pytest.fixture(scope="module")
def host():
    """A private instance: this module changes its password file and certificate."""
    yield from private_instance(
        mailhost.missing_requirements,
        lambda root: mailhost.start(root, variants=("submission",)),
        mailhost.stop,
        "smtp-wizard-check-",
    )


@pytest.fixture(scope="module")
def ca(host):
    """Our own CA replaces the instance's, so that the test can issue the next certificate."""
    authority = trustme.CA()
    authority.cert_pem.write_to_path(host.ca_file)
    install_certificate(host, authority.issue_cert("localhost", "127.0.0.1"))
    return authority


def install_certificate(host, leaf) -> None:
    chain = host.root / "good.pem"
    chain.write_bytes(b"".join([leaf.private_key_pem.bytes(), *(p.bytes() for p in leaf.cert_chain_pems)]))
    subprocess.run(["postfix", "-c", str(host.root / "postfix"), "reload"], check=True, capture_output=True)


def set_password(host, password: str) -> None:
    """Dovecot re-reads a passwd-file whose mtime changed, at most about once a second: wait
    until the server takes the new password before checking."""
    users = host.root / "dovecot" / "users"
    lines = [f"{u}:{{PLAIN}}{password if u == ALICE else p}::::::\n" for u, p in PASSWORDS.items()]
    users.write_text("".join(lines))
    end = time.monotonic() + 10
    while not logs_in(host, password):
        assert time.monotonic() < end, "Dovecot did not take the new password"
        time.sleep(0.2)


def logs_in(host, password: str) -> bool:
    context = ssl.create_default_context(cafile=host.ca_file)
    with smtplib.SMTP("127.0.0.1", host.port("submission"), timeout=5) as client:
        client.starttls(context=context)
        try:
            client.login(ALICE, password)
        except smtplib.SMTPAuthenticationError:
            return False
    return True


@pytest.fixture
def dns():
    records = {
        ("example.test", "TXT"): list(GOOD_SPF),
        RELAY_SPF: ['"v=spf1 ip4:127.0.0.1 -all"'],
        ("_dmarc.example.test", "TXT"): ['"v=DMARC1; p=reject"'],
    }
    with LocalDns(records=records) as server:
        yield server


@pytest.fixture
def setup(host, ca, dns, tmp_path, capsys):
    config = tmp_path / "smtp.json"
    args = ["export", "--out", str(config), "--provider", "custom", "--host", "127.0.0.1"]
    args += ["--port", str(host.port("submission")), "--security", "starttls", "--sender", ALICE]
    args += ["--username", ALICE]
    assert run(args) == 0
    secret = tmp_path / "smtp-password"
    secret.write_text(SECRET + "\n")
    secret.chmod(0o600)
    capsys.readouterr()
    return config, secret


class Check:
    def __init__(self, setup, host, dns, tmp_path, capsys):
        self.config, self.secret = setup
        self.host, self.dns, self.capsys = host, dns, capsys
        self.prom = tmp_path / "smtp.prom"
        self.base = ["check", "--config", str(self.config), "--password-file", str(self.secret)]
        self.base += ["--ca-file", host.ca_file, "--nameserver", dns.address, "--lang", "zh_CN"]
        self.base += ["--connect-timeout", "3", "--timeout", "10", "--prometheus", str(self.prom)]

    def __call__(self, *extra: str) -> tuple[int, str]:
        code = run([*self.base, *extra])
        out, err = self.capsys.readouterr()
        assert SECRET not in out + err
        return code, out

    def json(self, *extra):
        code, out = self(*extra, "--json")
        return code, json.loads(out)


@pytest.fixture
def check(setup, host, dns, tmp_path, capsys):
    return Check(setup, host, dns, tmp_path, capsys)


def prometheus(path: Path) -> dict[str, float]:
    """name{stage} -> value, parsed from the exposition text the way the textfile collector reads it."""
    samples = {}
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(
            r'(\w+)\{host="127\.0\.0\.1",port="\d+",account="[^"]+"(?:,stage="(\w+)")?\} (\S+)', line
        )
        assert match, line
        name, stage, value = match.groups()
        samples[f"{name}{{{stage}}}" if stage else name] = float(value)
    return samples


def test_the_check_follows_a_setup_through_the_changes_that_break_it(check, host, ca, dns):
    state = Path(f"{check.config}.check-state.json")

    # 1. All good: exit 0, the login proved the secret, nothing was sent.
    code, doc = check.json()
    assert code == 0, doc
    assert doc["status"] == "OK" and doc["first_run"] is True
    checks = {c["check"]: c for c in doc["checks"]}
    assert checks["login"]["code"] == "ok" and "235" in checks["login"]["message"]
    assert checks["tls"]["status"] == "OK" and doc["metrics"]["cert_days"] > 300
    assert checks["domain"]["status"] == "OK"
    assert "send" not in checks and host.messages("bob@example.test") == []
    first_success = parse_iso(doc["checked_at"])
    assert doc["last_success"] == doc["checked_at"]
    assert (state.stat().st_mode & 0o777) == 0o600
    assert SECRET not in state.read_text() and "Secret" not in state.read_text()
    code, line = check("--nagios")
    assert code == 0 and line.startswith("SMTP OK - ")
    assert re.search(
        r"\| connect_ms=\d+ms;3000;10000;0 login_ms=\d+ms;3000;10000;0 cert_days=\d+\.\d;30:;7:;$",
        line.strip(),
    )
    metrics = prometheus(check.prom)
    assert metrics["smtp_wizard_check_success"] == 1 and metrics["smtp_wizard_check_status"] == 0
    assert (
        metrics["smtp_wizard_check_cert_expiry_timestamp_seconds"] > first_success.timestamp() + 300 * 86400
    )
    assert metrics["smtp_wizard_check_stage_duration_seconds{login}"] < 10
    assert oct(check.prom.stat().st_mode & 0o777) == "0o644"
    # The Nagios run worked too and may have ended a second later: it is the last success.
    first_success = parse_iso(json.loads(state.read_text())["last_success"])

    # 2. The mailbox password is changed: the login fails, the report names the revoked
    #    password, when it last worked, and since when it fails (kept across runs).
    set_password(host, "changed-by-the-owner-2026")
    try:
        code, text = check()
        assert code == 1
        last = when(first_success, first_success, "zh_CN", full=True)
        assert f"上次成功:{last}" in text
        assert re.search(
            r"从 \d\d-\d\d \d\d:\d\d 起登录失败\(535\):密码已不再被接受,常见原因是密码被修改", text
        )
        assert "变化:登录 OK → CRITICAL(auth_failed)" in text
        code, doc = check.json()
        assert code == 1 and doc["status"] == "CRITICAL"
        assert doc["last_success"] == first_success.strftime("%Y-%m-%dT%H:%M:%SZ")
        failing_since = doc["since"]
        code, line = check("--nagios")
        assert code == 2 and line.startswith("SMTP CRITICAL - 上次成功:")
        assert json.loads(state.read_text())["since"] == failing_since  # the first failure, not the last
        assert prometheus(check.prom)["smtp_wizard_check_success"] == 0
        assert (
            prometheus(check.prom)["smtp_wizard_check_last_success_timestamp_seconds"]
            == first_success.timestamp()
        )
    finally:
        set_password(host, SECRET)
    code, text = check()
    assert code == 0 and "已恢复" in text

    # 3. The certificate is replaced by one that expires in 5 days.
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=5, minutes=5)
    install_certificate(host, ca.issue_cert("localhost", "127.0.0.1", not_after=soon))
    code, doc = check.json()
    tls = {c["check"]: c for c in doc["checks"]}["tls"]
    assert (code, doc["status"], tls["code"]) == (1, "CRITICAL", "cert_expiring"), doc
    assert "还有 5 天到期" in tls["message"] and 4.9 < doc["metrics"]["cert_days"] < 5.1
    code, line = check("--nagios", "--cert-crit-days", "3")
    assert code == 1 and line.startswith("SMTP WARNING - ") and "还有 5 天到期" in line
    assert re.search(r"cert_days=5\.0;30:;3:;$", line.strip())
    assert (
        abs(prometheus(check.prom)["smtp_wizard_check_cert_expiry_timestamp_seconds"] - soon.timestamp()) < 2
    )
    install_certificate(host, ca.issue_cert("localhost", "127.0.0.1"))

    # 4. The DNS admin rewrites the SPF record without the relay's include.
    dns.records[("example.test", "TXT")] = ['"v=spf1 mx -all"']
    code, doc = check.json()
    assert code == 1 and doc["status"] == "WARNING", doc
    spf = [c for c in doc["checks"] if c["check"] == "domain:spf"]
    assert spf and spf[0]["status"] == "WARNING" and "127.0.0.1" in spf[0]["message"] + spf[0]["fix"]
    code, line = check("--nagios")
    assert code == 1 and "发件域名问题" in line
    dns.records[("example.test", "TXT")] = list(GOOD_SPF)

    # 5. The port is blackholed (the cloud host drops it): connect failure, and since when.
    port = host.port("submission")
    mailhost.stop(host)
    with blackholed(port):
        code, doc = check.json()
        assert code == 1 and doc["checks"][0]["code"] == "connect_timeout", doc
        started = doc["since"]
        code, text = check()
        start_text = when(parse_iso(started), parse_iso(started), "zh_CN")
        assert code == 1 and f"从 {start_text} 起连接失败:" in text
        code, line = check("--nagios")
        assert code == 2 and "| " not in line.split(" | ")[0] and "login_ms" not in line
        assert json.loads(state.read_text())["since"] == started
        assert prometheus(check.prom)["smtp_wizard_check_success"] == 0


class blackholed:
    """A listener whose backlog is full on the server's port: SYNs are dropped, connects hang."""

    def __init__(self, port: int) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(0)
        self.filler = socket.create_connection(("127.0.0.1", port), timeout=2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.filler.close()
        self.listener.close()
