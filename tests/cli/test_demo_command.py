"""``smtp-wizard demo``: the demo mail server without the wizard (issue 24). Its example
commands work against it, it speaks the user's language, and Ctrl-C/SIGTERM leave nothing in
the temporary folder."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def start_demo(tmp_path: Path, *args: str, lang: str = "C.UTF-8") -> subprocess.Popen:
    env = {**os.environ, "LANG": lang, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("LC_ALL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "wizard", "demo", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def read_until(stream, last_line: str) -> str:
    lines = []
    for line in stream:
        lines.append(line)
        if line.rstrip("\n") == last_line or (len(last_line) > 1 and last_line in line):
            break
    return "".join(lines)


def stop(process: subprocess.Popen, number: int) -> tuple[int, str]:
    process.send_signal(number)
    try:
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:  # it ignored the signal: do not leave it running
            process.kill()
            process.wait()
    return process.returncode, err


def run_example(command: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    """An example line as a shell would run it: VAR=value smtp-wizard ARGS."""
    words = shlex.split(command)
    assignment, program, *args = words
    name, _, value = assignment.partition("=")
    assert program == "smtp-wizard"
    return cli(*args, *extra, "--lang", "en", env={name: value, "PYTHONPATH": str(ROOT)}, cwd=tmp_path)


def test_demo_examples_work_and_ctrl_c_cleans_up(tmp_path):
    process = start_demo(tmp_path, "--json")
    try:
        document = json.loads(read_until(process.stdout, "}"))
        assert document["username"] == "demo@example.com" and Path(document["ca_file"]).parent == tmp_path
        assert {e["security"] for e in document["smtp"]} == {"ssl", "starttls"}
        passing, wrong_code, spam, *_ = document["examples"]
        result = run_example(passing, tmp_path)
        assert result.returncode == 0, result.stderr
        assert "Test passed" in result.stdout
        failing = run_example(wrong_code, tmp_path, "--json")
        assert failing.returncode == 1 and '"auth_code_required"' in failing.stdout
        rejected = run_example(spam, tmp_path, "--json")
        assert rejected.returncode == 1 and '"message_rejected_spam"' in rejected.stdout
    finally:
        code, err = stop(process, signal.SIGINT)
    assert code == 0 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # the CA file is gone


@pytest.mark.parametrize(
    ("lang", "args", "words", "stopped"),
    [
        (
            "zh_CN.UTF-8",
            (),
            ("本机演示邮件服务器已启动", "演示账号:demo@example.com", "按 Ctrl-C 停止"),
            "演示服务器已停止",
        ),
        (
            "zh_CN.UTF-8",
            ("--lang", "en"),
            ("demo mail server is running", "Press Ctrl-C"),
            "Demo server stopped",
        ),
    ],
)
def test_demo_speaks_the_users_language_and_sigterm_cleans_up(tmp_path, lang, args, words, stopped):
    process = start_demo(tmp_path, *args, lang=lang)
    try:
        text = read_until(process.stdout, "Ctrl-C")
    finally:
        code, err = stop(process, signal.SIGTERM)
    for word in words:
        assert word in text, text
    assert "smtp-wizard test --host localhost" in text and "--ca-file" in text
    assert code == 0 and stopped in err
    assert list(tmp_path.iterdir()) == []


def test_the_server_build_has_no_demo_command():
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "wizard.cli", "demo", "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and "invalid choice: 'demo'" in result.stderr
