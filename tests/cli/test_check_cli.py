"""`smtp-wizard check` on the command line: where the password may come from, what a scheduler's
stop does, and the systemd units of --install-timer (checked by systemd-analyze itself)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.servers import PASSWORD, USER
from wizard.cli import run

SECRET = PASSWORD


def base(server, pki, state: Path) -> list[str]:
    args = ["check", "--provider", "custom", "--host", "localhost", "--port", str(server.port)]
    args += ["--security", "ssl", "--sender", USER, "--username", USER]
    return [*args, "--ca-file", pki.ca_file, "--state", str(state), "--no-domain-check", "--lang", "en"]


def secret_file(tmp_path: Path, mode: int) -> Path:
    path = tmp_path / "smtp-password"
    path.write_text(SECRET + "\n")
    path.chmod(mode)
    return path


def test_a_credential_file_others_can_read_is_refused_with_the_chmod_to_run(
    tmp_path, capsys, smtp_server, pki
):
    server = smtp_server("ssl")
    path = secret_file(tmp_path, 0o640)
    assert run([*base(server, pki, tmp_path / "s.json"), "--password-file", str(path)]) == 2
    err = capsys.readouterr().err
    assert "mode 0640" in err and f"chmod 600 {path}" in err
    assert run([*base(server, pki, tmp_path / "s.json"), "--password-file", str(path), "--nagios"]) == 3
    assert capsys.readouterr().out.startswith("SMTP UNKNOWN - ")
    assert server.handler.logins == []  # nothing was tried with a refused secret


def test_an_owner_only_credential_file_logs_in_and_nothing_is_sent(tmp_path, capsys, smtp_server, pki):
    server = smtp_server("ssl")
    path = secret_file(tmp_path, 0o600)
    state = tmp_path / "s.json"
    assert run([*base(server, pki, state), "--password-file", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    document = json.loads(out)
    assert document["status"] == "OK" and SECRET not in out + state.read_text()
    assert len(server.handler.logins) == 1 and server.handler.envelopes == []


def test_send_to_also_sends_a_real_test_mail(tmp_path, capsys, smtp_server, pki, monkeypatch):
    server = smtp_server("ssl")
    monkeypatch.setenv("SMTP_PW", SECRET)
    args = [
        *base(server, pki, tmp_path / "s.json"),
        "--password-env",
        "SMTP_PW",
        "--send-to",
        "ops@example.com",
    ]
    assert run([*args, "--json"]) == 0
    checks = {c["check"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["send"]["status"] == "OK"
    assert [e.rcpt_tos for e in server.handler.envelopes] == [["ops@example.com"]]


def test_two_password_sources_are_refused(tmp_path, capsys, smtp_server, pki, monkeypatch):
    server = smtp_server("ssl")
    monkeypatch.setenv("SMTP_PW", SECRET)
    path = secret_file(tmp_path, 0o600)
    args = [
        *base(server, pki, tmp_path / "s.json"),
        "--password-env",
        "SMTP_PW",
        "--password-file",
        str(path),
    ]
    assert run(args) == 2
    assert "one source only" in capsys.readouterr().err


def test_sigterm_ends_the_check_at_once_and_writes_nothing(tmp_path, blackhole_port):
    state = tmp_path / "state.json"
    args = [sys.executable, "-m", "wizard", "check", "--host", "127.0.0.1", "--port", str(blackhole_port)]
    args += ["--security", "ssl", "--sender", "user@example.com", "--password-env", "SMTP_PW"]
    args += ["--state", str(state), "--no-domain-check", "--connect-timeout", "60", "--timeout", "120"]
    process = subprocess.Popen(
        args, env={**os.environ, "SMTP_PW": SECRET}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(1.5)  # connecting to a port that never answers
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=10)
    assert time.monotonic() - sent < 1.5
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "stopped" in err or "中止" in err
    assert not state.exists() and SECRET not in out + err


def timer_args(tmp_path: Path) -> list[str]:
    config = tmp_path / "smtp.json"
    assert run(["export", "--out", str(config), "--provider", "qq", "--sender", "ops@qq.com"]) == 0
    return ["check", "--config", str(config), "--install-timer", "--prometheus", str(tmp_path / "smtp.prom")]


def test_install_timer_prints_units_that_take_the_password_from_load_credential(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SMTP_PW", SECRET)
    args = timer_args(tmp_path)
    capsys.readouterr()
    assert run([*args, "--password-env", "SMTP_PW"]) == 0
    out = capsys.readouterr().out
    assert SECRET not in out
    assert f"LoadCredential=smtp-password:{tmp_path}/config/smtp-wizard/smtp-password" in out
    assert "--password-file ${CREDENTIALS_DIRECTORY}/smtp-password" in out
    assert f"--config {tmp_path}/smtp.json --state {tmp_path}/smtp.json.check-state.json" in out
    assert "OnCalendar=hourly" in out and "systemctl --user enable --now smtp-wizard-check.timer" in out
    assert not (tmp_path / "config" / "systemd").exists()  # printed only


def test_install_timer_write_installs_units_that_systemd_analyze_verifies(tmp_path, capsys, monkeypatch):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed") if not os.environ.get("CI") else pytest.fail(
            "no systemd"
        )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert run([*timer_args(tmp_path), "--write"]) == 0
    folder = tmp_path / "config" / "systemd" / "user"
    service, timer = folder / "smtp-wizard-check.service", folder / "smtp-wizard-check.timer"
    assert service.exists() and timer.exists()
    credential = tmp_path / "config" / "smtp-wizard" / "smtp-password"
    credential.parent.mkdir(parents=True)
    credential.write_text(SECRET)
    credential.chmod(0o600)
    verify = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(service), str(timer)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    problems = [line for line in verify.stderr.splitlines() if "smtp-wizard-check" in line]
    assert verify.returncode == 0 and not problems, verify.stderr


@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon"))
    and not os.environ.get("CI"),
    reason="needs dbus-run-session and gnome-keyring-daemon (Debian: dbus, gnome-keyring)",
)
def test_the_password_the_wizard_saved_in_the_keyring(tmp_path, smtp_server, pki):
    """A real Secret Service (gnome-keyring on a private session bus): the wizard's saved
    password is what `check --password-keyring` logs in with; it never reaches the output."""
    server = smtp_server("ssl")
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    store = "from wizard.core import credentials; "
    store += f"print(credentials.store('localhost', {server.port}, {USER!r}, {SECRET!r}).code)"
    check = [
        sys.executable,
        "-m",
        "wizard",
        *base(server, pki, tmp_path / "s.json"),
        "--password-keyring",
        "--json",
    ]
    shell = (
        'eval "$(printf ci-only-keyring | gnome-keyring-daemon --unlock --components=secrets)"; '
        f'"{sys.executable}" -c "$STORE" && {shlex.join(check)}; status=$?; '
        'kill "$GNOME_KEYRING_PID" 2>/dev/null; exit $status'
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS")
    }
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(home / "share"), STORE=store)
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell], capture_output=True, text=True, env=env, timeout=90
    )
    stored, _, document = result.stdout.partition("\n")
    assert stored == "stored" and result.returncode == 0, result.stderr[-2000:]
    assert json.loads(document)["status"] == "OK" and len(server.handler.logins) == 1
    assert SECRET not in result.stdout + result.stderr


def test_a_certificate_for_another_name_is_critical_with_its_days(
    tmp_path, capsys, smtp_server, pki, monkeypatch
):
    server = smtp_server("ssl", cert=pki.wrong_name)
    monkeypatch.setenv("SMTP_PW", SECRET)
    assert run([*base(server, pki, tmp_path / "s.json"), "--password-env", "SMTP_PW", "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    tls = {c["check"]: c for c in document["checks"]}["tls"]
    assert (document["status"], tls["status"], tls["code"]) == (
        "CRITICAL",
        "CRITICAL",
        "tls_hostname_mismatch",
    )
    assert document["metrics"]["cert_days"] is not None  # the certificate the server presented
    assert server.handler.logins == []  # no password to a server that is not the one named


def test_a_hostile_reply_reaches_the_nagios_line_escaped(tmp_path, capsys, smtp_server, pki, monkeypatch):
    server = smtp_server("ssl")
    server.handler.password = "another"
    server.handler.login_reply = "535 5.7.8 \x1b]0;pwned\x07 | fake=1"
    monkeypatch.setenv("SMTP_PW", SECRET)
    assert run([*base(server, pki, tmp_path / "s.json"), "--password-env", "SMTP_PW", "--nagios"]) == 2
    line = capsys.readouterr().out
    assert "\x1b" not in line and "\x07" not in line and line.count("\n") == 1
    assert line.count(" | ") == 1 and "fake=1" not in line.split(" | ")[1]
