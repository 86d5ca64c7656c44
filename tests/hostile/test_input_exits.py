"""Bad input ends with exit 2 and a localized message naming the field, never a traceback:
huge or non-ASCII-digit IMAP ports, bytes that are not UTF-8 in the password (environment and
stdin), the account and the display name, infinite DNS time limits, an encoded word in the
sender's local part. The IMAP options are fuzzed: no input makes them raise or pass unchecked."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.imap_peer import answering
from wizard.cli.delivery_options import imap_request
from wizard.core.settings import MailSettings, SmtpSettings

NOT_UTF8 = b"ab\xffcd"
TARGET = ["--host", "127.0.0.1", "--port", "9", "--security", "ssl", "--sender", "a@example.com"]


def run(
    *argv: bytes | str, env: dict | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    """``python -m wizard`` with raw bytes arguments, as a shell would pass them."""
    full_env = {**os.environb, b"LANG": b"C.UTF-8"}
    full_env.pop(b"LC_ALL", None)
    full_env.update({k.encode(): v if isinstance(v, bytes) else v.encode() for k, v in (env or {}).items()})
    args = [a if isinstance(a, bytes) else a.encode() for a in argv]
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"wizard", *args],
        input=stdin,
        capture_output=True,
        env=full_env,
        timeout=60,
    )


def refused(result, field: bytes) -> None:
    assert result.returncode == 2, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr
    assert b"[" + field + b"]" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "port", ["9" * 5000, "²", "٣"], ids=["5,000 digits", "superscript two", "Arabic three"]
)
def test_imap_port_that_is_not_a_port(hostile, pki, port):
    server = hostile(answering(pki))
    result = run(
        "test", *TARGET, "--to", "b@example.com", "--password-env", "PW", "--confirm-imap",
        "--imap-host", "127.0.0.1", "--imap-port", port, "--imap-password-env", "PW", "--lang", "en",
        env={"PW": "x"},
    )  # fmt: skip
    refused(result, b"imap_port")
    assert server.connections == 0


@pytest.mark.parametrize(
    ("extra", "env", "stdin", "field"),
    [
        (["--password-env", "PW"], {"PW": NOT_UTF8}, None, b"password"),
        (["--password-stdin"], {}, NOT_UTF8 + b"\n", b"password"),
        (["--password-env", "PW", "--username", NOT_UTF8], {"PW": "x"}, None, b"username"),
        (["--password-env", "PW", "--display-name", NOT_UTF8], {"PW": "x"}, None, b"display_name"),
    ],
    ids=["--password-env", "--password-stdin", "--username", "--display-name"],
)
def test_bytes_that_are_not_utf8_are_refused_by_field(hostile, extra, env, stdin, field):
    server = hostile(lambda conn, n: conn.sendall(b"220 hostile.test\r\n"))
    target = [*TARGET[:3], str(server.port), *TARGET[4:]]
    refused(
        run("test", *target, "--to", "b@example.com", *extra, "--lang", "en", env=env, stdin=stdin), field
    )
    assert server.connections == 0  # refused before anything was sent


@pytest.mark.parametrize("command", ["detect", "check-domain"])
@pytest.mark.parametrize("seconds", ["inf", "nan", "0", "-5", "1e9"])
def test_dns_time_limits_are_range_checked(command, seconds):
    result = run(
        command, "a@example.com", "--timeout", seconds, "--nameserver", "127.0.0.1:9", "--lang", "en"
    )
    refused(result, b"timeout")


def test_an_encoded_word_in_the_senders_local_part_is_refused_on_the_sender_field(hostile):
    server = hostile(lambda conn, n: conn.sendall(b"220 hostile.test\r\n"))
    target = ["--host", "127.0.0.1", "--port", str(server.port), "--security", "none"]
    sender = "=?utf-8?q?ceo=40bank.example?=@example.com"
    result = run("test", *target, "--sender", sender, "--to", "b@example.com", "--lang", "en")
    refused(result, b"sender")
    assert b"encoded word" in result.stdout + result.stderr
    assert server.connections == 0


# -- fuzzing the IMAP options -----------------------------------------------------------------
TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=("Cs",)) | st.sampled_from("\udcff\x00²٣")
)
OPTIONS = st.fixed_dictionaries(
    {
        "imap_host": st.none()
        | TEXT
        | st.sampled_from(["imap.qq.com", "IMAP.QQ.COM.", "127.0.0.1", "evil.example"]),
        "imap_port": st.none() | TEXT | st.integers(-5, 10**6).map(str) | st.just("9" * 5000),
        "imap_username": st.none() | TEXT,
        "imap_password_env": st.none() | st.sampled_from(["FUZZ_PW", "FUZZ_MISSING", "FUZZ_BAD"]),
    }
)
SETTINGS = MailSettings(
    smtp=SmtpSettings(provider="qq", sender="zs@qq.com", username="zs@qq.com", password="code")
)


@settings(max_examples=1500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(OPTIONS)
def test_fuzzed_imap_options_are_refused_or_sound(options):
    os.environ["FUZZ_PW"], os.environb[b"FUZZ_BAD"] = "imap-pw", NOT_UTF8
    issues: list = []
    args = argparse.Namespace(confirm_imap=True, **options)
    imap = imap_request(args, SETTINGS, "zs@qq.com", None, 30.0, issues)
    if imap is None:
        assert issues
        return
    assert 0 < imap.port < 65536 and imap.host
    imap.password.encode("utf-8")
    imap.username.encode("utf-8")
    if imap.password == "code":  # the SMTP secret: only for the provider's own IMAP host and port
        assert (imap.host, imap.port) == ("imap.qq.com", 993)
