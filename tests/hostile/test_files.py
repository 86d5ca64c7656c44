"""Hostile files and numbers: devices, FIFOs, huge files, 5,000-digit integers, odd export targets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.cli import cli
from tests.support.hostile import EHLO, converse
from tests.support.servers import USER, make_request
from wizard.core import config_file
from wizard.core.engine.probe import probe
from wizard.core.engine.session import run_test
from wizard.core.settings import Endpoint, MailSettings, Mode, Security, SmtpSettings

HUGE = "9" * 5000  # past CPython's 4,300-digit int() limit
SETTINGS = ["--host", "smtp.example.com", "--port", "465", "--security", "ssl", "--sender", USER]
ROOT = Path(__file__).resolve().parents[2]


def _issues(done: subprocess.CompletedProcess) -> list[tuple[str, str]]:
    return [(i["code"], i["field"]) for i in json.loads(done.stdout)["issues"]]


# -- numbers ---------------------------------------------------------------------------------------
def test_huge_port_option_is_refused_with_exit_2():
    done = cli("validate", *SETTINGS, "--port", HUGE, "--json")
    assert done.returncode == 2
    assert _issues(done) == [("port_range", "port")]


def test_huge_number_in_json_is_refused_with_the_field_named(tmp_path):
    settings = MailSettings(Mode.SMTP, "x", SmtpSettings(host="smtp.example.com", sender=USER, username=USER))
    text = config_file.render_json(settings).replace('"port": 465', f'"port": {HUGE}')
    path = tmp_path / "in.json"
    path.write_text(text)
    done = cli("validate", "--config", str(path), "--json")
    assert done.returncode == 2
    assert "port" in [field for _, field in _issues(done)]
    version = tmp_path / "v.json"
    version.write_text(config_file.render_json(settings).replace('"version": 1', f'"version": {HUGE}'))
    assert cli("validate", "--config", str(version), "--json").returncode == 2


def test_huge_smtp_port_in_env_is_refused_with_the_field_named(tmp_path):
    path = tmp_path / "in.env"
    path.write_text(f"SMTP_HOST=smtp.example.com\nSMTP_PORT={HUGE}\nSMTP_SECURITY=ssl\nSMTP_SENDER={USER}\n")
    done = cli("validate", "--config", str(path), "--json")
    assert done.returncode == 2
    assert "port" in [field for _, field in _issues(done)]


def _huge_size_server(hostile):
    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        ehlo = EHLO.replace(b"SIZE 1000", b"SIZE " + HUGE.encode())
        replies = {b"EHLO": ehlo, b"MAIL": b"250 OK\r\n", b"RCPT": b"250 OK\r\n", b"DATA": b"354 go\r\n"}
        if converse(conn, {**replies, b"QUIT": b"221 bye\r\n"}) == b".":
            conn.sendall(b"250 queued\r\n")
            converse(conn, {b"QUIT": b"221 bye\r\n"})

    return hostile(talk)


def test_huge_size_keyword_does_not_break_a_working_endpoint(hostile):
    server = _huge_size_server(hostile)
    report = probe("127.0.0.1", [Endpoint(server.port, Security.NONE)], timeout=3)
    assert [(r.code, r.size_limit) for r in report.results] == [("ok", None)]
    assert run_test(make_request(server.port, "none", password="")).ok


# -- files that are not files ----------------------------------------------------------------------
def test_config_from_dev_zero_is_refused():
    done = cli("validate", "--config", "/dev/zero", "--json")
    assert done.returncode == 2
    assert _issues(done) == [("file_not_regular", "file")]


def test_config_from_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "mail.json"
    os.mkfifo(fifo)
    start = time.monotonic()
    done = cli("validate", "--config", str(fifo), "--json")
    assert done.returncode == 2
    assert _issues(done) == [("file_not_regular", "file")]
    assert time.monotonic() - start < 30


def test_config_over_one_mib_is_refused(tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"format": "smtp-wizard-config", "pad": "' + "x" * (1 << 20) + '"}')
    done = cli("validate", "--config", str(path), "--json", "--lang", "en")
    assert done.returncode == 2
    assert _issues(done) == [("file_too_large", "file")]


@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "text", "leaf"])
def test_ca_file_that_is_not_a_ca_is_refused_clearly(tmp_path, pki, kind):
    if kind == "dev_zero":
        path, code = "/dev/zero", "file_not_regular"
    elif kind == "fifo":
        path, code = str(tmp_path / "ca.pem"), "file_not_regular"
        os.mkfifo(path)
    elif kind == "text":
        path, code = str(tmp_path / "ca.pem"), "ca_file_not_pem"
        Path(path).write_text("this is not a certificate\n")
    else:
        path, code = str(tmp_path / "leaf.pem"), "ca_file_not_ca"
        pki.good.cert_chain_pems[0].write_to_path(path)
    done = cli("test", *SETTINGS, "--to", USER, "--ca-file", path, "--json", "--lang", "en")
    assert done.returncode == 2
    issues = json.loads(done.stdout)["issues"]
    assert [(i["code"], i["field"]) for i in issues] == [(code, "ca_file")]
    assert "line break" not in issues[0]["message"]


def test_engine_names_the_ca_file_problem(tmp_path, pki):
    leaf = tmp_path / "leaf.pem"
    pki.good.cert_chain_pems[0].write_to_path(str(leaf))
    result = run_test(make_request(1, "ssl", ca_file=str(leaf)))
    assert (result.diagnosis.code, result.diagnosis.field) == ("invalid_input", "ca_file")
    assert "--trust-fingerprint" in result.diagnosis.message("en", "cli")  # the command line's option
    assert "Trust this certificate" in result.diagnosis.message("en")  # the wizard's button
    assert "line break" not in result.diagnosis.message("en")


def test_password_from_endless_stdin_is_refused():
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "wizard", "validate", *SETTINGS, "--password-stdin", "--json"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert _issues(done) == [("too_long", "password")]


# -- exports ---------------------------------------------------------------------------------------
def test_longest_legal_target_name_can_be_written(tmp_path):
    target = tmp_path / ("a" * 250 + ".env")  # 254 bytes: a temporary name must be shorter
    done = cli("export", *SETTINGS, "--out", str(target))
    assert done.returncode == 0, done.stderr
    assert "SMTP_HOST=smtp.example.com" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


needs_root = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to switch users")


@needs_root
def test_overwriting_a_file_of_another_user_says_so(tmp_path):
    target = tmp_path / "mail.json"
    target.write_text("{}")
    os.chown(target, 65534, 65534)
    os.chmod(target, 0o664)
    done = cli("export", *SETTINGS, "--out", str(target), "--json", "--lang", "en")
    assert done.returncode == 0
    warning = [i for i in json.loads(done.stdout)["issues"] if i["code"] == "file_owner_changed"]
    assert warning and "0664" in warning[0]["message"] and "root" in warning[0]["message"]


def _as_nobody(call) -> tuple[int, str]:
    """Run ``call()`` in a forked child with uid/gid 65534; returns (exit status, its repr)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: everything it needs is imported already
        status = 0
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            os.write(write_end, repr(call()).encode())
        except BaseException as error:
            os.write(write_end, repr(error).encode())
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as stream:
        output = stream.read()
    return os.waitpid(pid, 0)[1], output


@needs_root
def test_write_and_execute_only_folder_reports_success_with_a_warning():
    base = Path(tempfile.mkdtemp(prefix="smtpw-wx-"))  # pytest's own tmp folders are root-only
    os.chmod(base, 0o755)
    folder = base / "drop"
    folder.mkdir()
    os.chown(folder, 65534, 65534)
    os.chmod(folder, 0o300)  # write + execute: files can be created, the folder cannot be listed
    target = folder / "mail.json"
    settings = MailSettings(Mode.SMTP, "x", SmtpSettings(host="smtp.example.com", sender=USER, username=USER))
    status, output = _as_nobody(lambda: config_file.save(target, settings, config_file.Format.JSON))
    assert status == 0, output
    assert "file_dir_not_synced" in output
    assert json.loads(target.read_text())["smtp"]["host"] == "smtp.example.com"
    shutil.rmtree(base)
