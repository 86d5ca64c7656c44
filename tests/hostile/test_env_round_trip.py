"""The ``.env`` export reads back identically in POSIX sh, docker compose's rules and python-dotenv,
or the value is refused: fuzzed with hostile values (``${HOME}``, ``\\$``, quotes, backslashes,
newlines), and end to end through ``export`` with a display name that would inject the consuming
app's environment into every From header."""

from __future__ import annotations

import io
import re
import subprocess

import dotenv
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cli import cli
from wizard.core.env_file import env_quote

HOSTILE = ["${HOME}", "\\$HOME", "$HOME", "it's", 'say "hi"', "a\\b", "a\\\\b", "end\\", "`id`", "#x", "a\nb"]
ENVIRONMENT = {"HOME": "/root", "SECRET_KEY": "leaked", "PATH": "/usr/bin:/bin"}


def compose_reads(quoted: str) -> str:
    """One value as docker compose reads an env file (https://docs.docker.com/compose/env-file/):
    single quotes literal (``\\'`` escapes a quote), double quotes with ``\\n \\r \\t \\\\ \\"`` and
    interpolation, unquoted with interpolation and `` #`` comments."""

    def interpolate(text: str) -> str:
        pattern = r"\$(?:\{([^}:]*)(?::?-([^}]*))?\}|([_a-zA-Z][_a-zA-Z0-9]*))"
        return re.sub(pattern, lambda m: ENVIRONMENT.get(m[1] or m[3], m[2] or ""), text)

    if len(quoted) >= 2 and quoted[0] == quoted[-1] == "'":
        return quoted[1:-1].replace("\\'", "'")
    if len(quoted) >= 2 and quoted[0] == quoted[-1] == '"':
        escapes = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"', "$": "$"}
        parts = re.split(r"(\\.)", quoted[1:-1])
        return "".join(
            escapes.get(p[1], p) if p.startswith("\\") and len(p) == 2 else interpolate(p) for p in parts
        )
    return interpolate(quoted.split(" #", 1)[0])


def readings(values: list[str]) -> list[tuple[str, str | None, dict[str, str]]]:
    """Each value, its quoted form, and what sh, compose and python-dotenv read back."""
    quoted = [env_quote(value) for value in values]
    lines = [f"X{i}={q}" for i, q in enumerate(quoted) if q is not None]
    text = "\n".join(lines) + "\n"
    names = [f"X{i}" for i, q in enumerate(quoted) if q is not None]
    script = text + "".join(f'printf "%s\\0" "${name}"\n' for name in names)
    sh = subprocess.run(["sh", "-c", script], capture_output=True, env=ENVIRONMENT, check=True).stdout
    sh_values = dict(zip(names, sh.decode().split("\0"), strict=False))
    with pytest.MonkeyPatch.context() as patch:
        for key, value in ENVIRONMENT.items():
            patch.setenv(key, value)
        python = dotenv.dotenv_values(stream=io.StringIO(text))
    result = []
    for i, (value, q) in enumerate(zip(values, quoted, strict=True)):
        name = f"X{i}"
        reads = (
            {} if q is None else {"sh": sh_values[name], "compose": compose_reads(q), "dotenv": python[name]}
        )
        result.append((value, q, reads))
    return result


def test_hostile_values_read_back_identically_or_are_refused():
    for value, quoted, reads in readings(HOSTILE):
        assert quoted is None or reads == {"sh": value, "compose": value, "dotenv": value}, (value, quoted)
    refused = {value for value, quoted, _ in readings(HOSTILE) if quoted is None}
    assert {"${HOME}", "a\nb"} <= refused


VALUES = st.lists(
    st.sampled_from([*"aZ09 _-.@#'\"\\$`{}()!*?;|&<>~=中", "${HOME}", "\\$", "\\\\", "\t"]), max_size=12
).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(st.lists(VALUES, min_size=1, max_size=12))
def test_fuzzed_values_read_back_identically_in_all_three_or_are_refused(values):
    for value, quoted, reads in readings(values):
        if quoted is not None:
            assert reads == {"sh": value, "compose": value, "dotenv": value}, (value, quoted)


@pytest.mark.parametrize("name", ["${SECRET_KEY}", "Acme's $HOME", "a`id`'"])
def test_export_refuses_a_display_name_that_cannot_be_written_safely(tmp_path, name):
    out = tmp_path / "mail.env"
    settings_options = [
        "--host",
        "127.0.0.1",
        "--port",
        "465",
        "--security",
        "ssl",
        "--sender",
        "a@example.com",
    ]
    result = cli("export", *settings_options, "--display-name", name, "--out", str(out), "--lang", "en")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "[display_name]" in result.stderr
    assert not out.exists()


def test_an_exported_display_name_reads_back_in_python_dotenv(tmp_path):
    out = tmp_path / "mail.env"
    name = 'Acme "通知" #1 $5 \\ off'
    settings_options = [
        "--host",
        "127.0.0.1",
        "--port",
        "465",
        "--security",
        "ssl",
        "--sender",
        "a@example.com",
    ]
    result = cli("export", *settings_options, "--display-name", name, "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert dotenv.dotenv_values(out)["MAIL_DISPLAY_NAME"] == name
