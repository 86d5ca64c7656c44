"""Fuzzed imports: 0 crashes and 0 accepted schema violations (hypothesis, derandomized, bounded).

Documents start from a valid export and get mutated the way a hostile or broken file would be:
values of the wrong type, huge numbers, control and invisible characters, encoded words,
unknown and duplicate keys, a platform file with an smtp block, the verified block poisoned.
Every accepted file must satisfy the schema (checked with jsonschema, independently of the
import code) and its settings must export and read back unchanged.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import dotenv
import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.core import config_file
from wizard.core.paths import resource
from wizard.core.settings import Verification
from wizard.core.validation import Validation, validate

SCHEMA = json.loads(resource("schemas", "config.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
FOLDER = Path(tempfile.mkdtemp(prefix="smtpw-fuzz-"))
CASES = int(
    os.environ.get("FUZZ_CASES", "2500")
)  # per format: 5,000 in all, well under a minute on a slow machine
FUZZ = settings(
    max_examples=CASES,
    deadline=None,
    derandomize=True,  # the same cases in CI every time: a failure is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

VALID = {
    "format": "smtp-wizard-config",
    "version": 1,
    "mode": "smtp",
    "display_name": "通知中心",
    "smtp": {
        "provider": "qq",
        "host": "smtp.qq.com",
        "port": 465,
        "security": "ssl",
        "username": "zhangsan@qq.com",
        "sender": "zhangsan@qq.com",
    },
    "verified": {"time": "2026-11-24T03:00:00Z", "recipient": "ops@acme.cn", "message_id": "<1.2@qq.com>"},
    "generated_by": "smtp-wizard 0.1.0",
}
PATHS = [
    ("format",),
    ("version",),
    ("mode",),
    ("display_name",),
    ("generated_by",),
    ("smtp",),
    ("verified",),
    *(("smtp", key) for key in (*VALID["smtp"], "password", "extra")),
    *(("verified", key) for key in (*VALID["verified"], "extra")),
    ("extra",),
]
NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "SMTP",
        "platform",
        "none",
        "starttls",
        "=?utf-8?q?Ops=0D=0ABcc:_x@evil.test?=",
        "ops@acme.cn'\nSMTP_HOST=mail.evil.example",
        "a\u202eb",
        "a\u200bb",
        "\x1b[2J",
        "x" * 300,
        "9" * 5000,
        "465",
        "smtp://x",
        "张三@例子.中国",
        "<a@b>",
        "2026-13-45T99:99:99Z",
        "$(reboot)",
        "a\\b'c\"d`e$f",
    ]
)
VALUES = st.one_of(
    NASTY_TEXT,
    st.sampled_from([None, True, False, 0, -1, 1, 25, 465, 65535, 65536, 10**30, -(10**30), 4.65e2, [], {}]),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.text(max_size=12),
    st.lists(NASTY_TEXT, max_size=2),
    st.dictionaries(st.sampled_from(["host", "port", "x"]), NASTY_TEXT, max_size=2),
)
MUTATION = st.tuples(st.sampled_from(PATHS), st.one_of(st.just("delete"), VALUES))


def mutated(document: dict, mutations) -> dict:
    document = json.loads(json.dumps(document))
    for path, value in mutations:
        target = document
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        if value == "delete":
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
    return document


def load(path: Path) -> tuple[Validation, Verification | None]:
    """Read a file as the wizard and the CLI do: strict reading, then validation as user input."""
    draft = config_file.read_draft(path)
    return validate(draft.values), draft.verified


def check(path: Path) -> Validation | None:
    """Load ``path``: either refused with messages naming fields, or accepted and consistent."""
    try:
        validation, verified = load(path)
    except config_file.ConfigError as error:
        assert error.issues
        for issue in error.issues:
            assert issue.field and issue.message("en") and issue.message("zh_CN")
        return None
    if validation.ok:
        settings_ = validation.settings
        exported = config_file.to_document(settings_, include_password=True, verified=verified)
        assert not list(VALIDATOR.iter_errors(exported)), exported
        for fmt in (config_file.Format.JSON, config_file.Format.ENV):
            again = FOLDER / f"again.{fmt.value}"
            try:
                text = config_file.render(settings_, fmt, include_password=True, verified=verified)
            except config_file.ConfigError as error:  # .env only: a value no quoting reads back the same
                assert fmt is config_file.Format.ENV
                assert [issue.code for issue in error.issues] == ["env_not_round_trip"]
                continue
            again.write_text(text)
            assert load(again)[0].settings == settings_
            if fmt is config_file.Format.ENV:  # and a consuming app reads the same (issue 21)
                assert dotenv.dotenv_values(again) == config_file.parse_env(text)
    return validation


@FUZZ
@given(st.lists(MUTATION, max_size=4), st.booleans())
def test_fuzzed_json_imports(mutations, duplicate):
    document = mutated(VALID, mutations)
    text = json.dumps(document, ensure_ascii=False)
    if duplicate and '"host": ' in text:
        text = text.replace('"host": ', '"host": "smtp.evil.example", "host": ', 1)
    path = FOLDER / "in.json"
    path.write_text(text, encoding="utf-8")
    loaded = check(path)
    if loaded is not None:
        # Accepted: the file itself was within the schema (no key given twice, nothing extra).
        assert not duplicate or '"host": ' not in text
        assert not list(VALIDATOR.iter_errors(document)), document


ENV_KEYS = [
    "MAIL_MODE",
    "MAIL_DISPLAY_NAME",
    "SMTP_PROVIDER",
    "SMTP_HOST",
    "SMTP_PORT",
    "SMTP_SECURITY",
    "SMTP_USERNAME",
    "SMTP_SENDER",
    "SMTP_PASSWORD",
    "MAIL_VERIFIED_AT",
    "MAIL_VERIFIED_RECIPIENT",
    "MAIL_VERIFIED_MESSAGE_ID",
]
_BASE = config_file.draft_from_document(VALID)
BASE_ENV = config_file.render_env(validate(_BASE.values).settings, verified=_BASE.verified)
ENV_VALUES = NASTY_TEXT | st.text(max_size=12) | st.integers(-(10**6), 10**6).map(str)
QUOTING = st.sampled_from(["{}", "'{}'", '"{}"', "export {}", " {} # note"])


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(ENV_KEYS), ENV_VALUES, QUOTING), max_size=5))
def test_fuzzed_env_imports(entries):
    lines = [BASE_ENV]
    for key, value, quoting in entries:
        lines.append(
            quoting.format(f"{key}={value}")
            if quoting.startswith("export")
            else f"{key}={quoting.format(value)}"
        )
    path = FOLDER / "in.env"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check(path)
