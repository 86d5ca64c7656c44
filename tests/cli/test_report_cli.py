"""``smtp-wizard test --report FILE`` against real loopback servers: what support receives."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import pytest

from tests.support.cli import cli as run_cli
from tests.support.cli import cli_with_password as cli
from tests.support.cli import settings
from tests.support.hostile import EHLO, command
from tests.support.servers import PASSWORD, RECIPIENT, USER


def _echo_login(hostile, mechanism: str, extra: str = ""):
    """Offers only ``mechanism`` and answers the login with 535 + everything the client sent;
    ``extra`` goes into the greeting and the 535 reply."""

    def talk(conn, n):
        conn.sendall(f"220 hostile.test {extra}\r\n".encode())
        command(conn)
        conn.sendall(EHLO.replace(b"AUTH PLAIN LOGIN", f"AUTH {mechanism}".encode()))
        seen = []
        while (line := command(conn)) and not line.upper().startswith(b"QUIT"):
            seen.append(line.strip().split(b" ")[-1].decode())
            if mechanism == "LOGIN" and len(seen) < 3:
                conn.sendall(b"334 VXNlcm5hbWU6\r\n")
                continue
            echoes = " ".join(s for s in seen if s.upper() not in ("PLAIN", "LOGIN"))
            conn.sendall(f"535 5.7.8 you sent {echoes} {extra}".strip().encode() + b"\r\n")
            return

    return hostile(talk)


def _forms(password: str) -> list[str]:
    raw, user = password.encode(), USER.encode()
    encoded = [base64.b64encode(data).decode() for data in (raw, b"\0" + user + b"\0" + raw)]
    return [password, *encoded, *(form.rstrip("=") for form in encoded)]


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_report_of_a_failed_login_names_the_cause_and_hides_the_secret(hostile, tmp_path, mechanism, suffix):
    password = "web-password-123"
    server = _echo_login(hostile, mechanism)
    out = tmp_path / f"support{suffix}"
    args = settings(server.port, "none", "--allow-plaintext-auth", "--login-only", "--report", str(out))
    result = cli("test", *args, "--lang", "en", env={"SMTP_PW": password})
    assert result.returncode == 1, result.stderr
    assert f"Support report saved: {out}" in result.stderr
    text = html.unescape(out.read_text(encoding="utf-8"))
    # the code and the field
    assert "auth_failed" in text and re.search(r"Setting at fault(?:</?t[hd]>|\W)+Password\W", text)
    assert "(password)" not in text  # the field in words, as the wizard labels it
    assert "535 5.7.8 you sent ****" in text  # the echo is there, the secret is not
    assert "entered (not included in this report)" in text
    for form in _forms(password):
        assert form not in text, form


def test_report_of_a_passed_tls_test_has_every_section(smtp_server, pki, tmp_path):
    server = smtp_server("ssl")
    out = tmp_path / "support.md"
    args = settings(server.port, "ssl", "--ca-file", pki.ca_file, "--report", str(out))
    result = cli("test", "--to", RECIPIENT, *args, "--lang", "zh_CN", "--json")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for title in ("运行环境", "设置(不含密码)", "诊断", "各阶段与耗时", "服务器证书", "SMTP 会话记录"):
        assert f"## {title}" in text
    assert "**本机地址(连向邮件服务器)**: 127.0.0.1" in text  # the route the OS picked
    assert re.search(r"\| 建立加密连接 \| 成功 \| \d+ \|", text)  # each stage with its time, in words
    assert "**加密方式**: SSL/TLS\n" in text and "**发送方式**: 自有 SMTP 服务\n" in text
    assert "**结果**: 测试通过" in text and "| ok |" not in text
    assert "SHA-256" in text and "trustme" in text  # the certificate the server presented
    assert "C: AUTH PLAIN ****\n" in text  # the redacted transcript, in a code block
    assert "**端口**: " + str(server.port) in text


def test_reports_are_self_contained_and_escape_what_the_server_said(hostile, tmp_path):
    evil = '<img src="http://evil.example/x.png"> <script>alert(1)</script> [x](http://evil.example) ```'
    server = _echo_login(hostile, "PLAIN", extra=evil)
    for suffix in (".html", ".md"):
        out = tmp_path / f"support{suffix}"
        args = settings(server.port, "none", "--allow-plaintext-auth", "--login-only", "--report", str(out))
        cli("test", *args, "--lang", "en")
    page = (tmp_path / "support.html").read_text(encoding="utf-8")
    assert "<img" not in page and "<script" not in page and "&lt;img src=" in page  # tags as text
    assert "default-src 'none'" in page  # the page may load nothing from anywhere
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page, re.IGNORECASE)
    markdown = (tmp_path / "support.md").read_text(encoding="utf-8")
    # The transcript is one code block whose fence is longer than the server's backticks,
    # so nothing the server sent can end it and become Markdown (a link, an image).
    _fence, transcript = re.search(r"^(`{4,})\n(.*?)^\1$", markdown, re.MULTILINE | re.DOTALL).groups()
    assert "[x](http://evil.example) ```" in transcript
    outside = markdown.replace(transcript, "")
    assert "[x](" not in outside and "<img" not in outside and "&lt;img src=" in outside


def test_report_name_is_checked_before_the_test_runs(tmp_path, closed_port):
    out = tmp_path / "support.pdf"
    result = cli(
        "test", "--to", RECIPIENT, *settings(closed_port, "ssl", "--report", str(out)), "--lang", "en"
    )
    assert result.returncode == 2
    assert "[report]" in result.stderr and ".md" in result.stderr and ".html" in result.stderr
    assert not out.exists()


def test_report_that_cannot_be_written_fails_clearly(tmp_path, closed_port):
    out = tmp_path / "missing-folder" / "support.md"
    result = cli(
        "test", "--to", RECIPIENT, *settings(closed_port, "ssl", "--report", str(out)), "--lang", "en"
    )
    assert result.returncode == 1
    assert "[file]" in result.stderr and "the folder does not exist" in result.stderr
    assert not out.parent.exists()


def test_report_shows_what_the_parallel_fallback_tried(tmp_path):
    from benchmarks._servers import blackholed_port

    out = tmp_path / "support.md"
    with blackholed_port() as port:
        args = settings(port, "ssl", "--connect-timeout", "3", "--report", str(out))
        result = cli("test", "--to", RECIPIENT, *args, "--lang", "en")
    assert result.returncode == 1
    text = out.read_text(encoding="utf-8")
    assert "**Code**: connect_timeout" in text
    # The other encryptions on this port and the usual pairs were tried while the connect hung.
    assert "## Port probe: localhost (recommended: none)" in text
    assert f"| {port} STARTTLS |" in text and "| 587 STARTTLS |" in text


ROOT = Path(__file__).resolve().parents[2]


def test_report_dash_prints_the_report_on_standard_output(smtp_server, pki, tmp_path):
    server = smtp_server("ssl")
    args = settings(server.port, "ssl", "--ca-file", pki.ca_file, "--report", "-")
    env = {"SMTP_PW": PASSWORD, "PYTHONPATH": str(ROOT)}
    result = run_cli("test", "--to", RECIPIENT, *args, "--lang", "en", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "## Settings (without the password)" in result.stdout
    assert "C: AUTH PLAIN ****" in result.stdout
    assert not (tmp_path / "-").exists()  # no file named "-"
    with_json = run_cli("test", "--to", RECIPIENT, *args, "--lang", "zh_CN", "--json", env=env, cwd=tmp_path)
    assert with_json.returncode == 2
    assert json.loads(with_json.stdout)["issues"][0]["code"] == "stdout_with_json"
    assert "[report]" in with_json.stderr and "--json" in with_json.stderr
