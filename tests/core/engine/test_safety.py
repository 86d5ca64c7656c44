"""No secret in anything the engine returns; header injection refused before any connection;
provider send limits."""

from __future__ import annotations

import base64
import json

import pytest

from tests.support.servers import PASSWORD, USER, make_request
from wizard.core.engine import limits
from wizard.core.engine.session import run_test
from wizard.core.engine.transcript import Redactor


def secret_forms(password: str = PASSWORD, user: str = USER) -> list[str]:
    raw = password.encode()
    return [
        password,
        base64.b64encode(raw).decode(),
        base64.b64encode(b"\0" + user.encode() + b"\0" + raw).decode(),
    ]


def everything(result) -> str:
    diag = result.diagnosis
    parts = [
        *result.transcript,
        *(e.detail for e in result.stages),
        str(diag.server_reply),
        str(diag.params),
        diag.message("zh_CN"),
        diag.message("en"),
        diag.hint("en"),
        repr(result),
    ]
    return "\n".join(parts)


@pytest.mark.parametrize("login", ["PLAIN", "LOGIN"])
def test_no_secret_in_transcript_details_or_replies(scripted, login):
    # A hostile server echoes what it got: the password shows up in its replies.
    echo = base64.b64encode(b"\0" + USER.encode() + b"\0" + PASSWORD.encode())
    server = scripted(
        {
            "EHLO": b"250-scripted\r\n250 AUTH " + login.encode(),
            "AUTH": b"535 bad credentials " + echo + b" / " + PASSWORD.encode(),
        }
    )
    result = run_test(make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True))
    assert result.diagnosis.code == "auth_failed"
    text = everything(result)
    for form in secret_forms():
        assert form not in text
    assert any(
        line.endswith(f"C: AUTH {login} ****") or line.endswith(f"C: AUTH {login}")
        for line in result.transcript
    )


def test_redactor_masks_every_form():
    redact = Redactor(PASSWORD, USER)
    for form in secret_forms():
        assert redact(f"x {form} y") == "x **** y"
    assert Redactor("", USER)("nothing to hide") == "nothing to hide"


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("display_name", {"display_name": "Eve\r\nBcc: evil@example.com"}),
        ("sender", {"sender": "a@example.com\r\nRCPT TO:<evil@example.com>"}),
        ("recipient", {"recipient": "ok@example.com\r\nRCPT TO:<evil@example.com>"}),
        ("recipient", {"recipient": "ok@example.com\x00"}),
        ("username", {"username": "user\nname"}),
        ("recipient", {"recipient": "not-an-address"}),
        ("timeout", {"timeout": 0}),
        ("timeout", {"connect_timeout": -1}),
        ("fingerprint", {"pinned_sha256": "abc"}),
        ("ca_file", {"ca_file": "/no/such/ca.pem"}),
    ],
)
def test_invalid_input_is_refused_before_any_connection(scripted, field, changes):
    server = scripted()
    result = run_test(
        make_request(server.port, "none", host="127.0.0.1", allow_plaintext_auth=True, **changes)
    )
    assert (result.diagnosis.code, result.diagnosis.field) == ("invalid_input", field)
    assert result.stages == () and result.transcript == () and server.commands == []
    assert result.diagnosis.message("zh_CN")


def test_rate_limit_refuses_the_eleventh_test(smtp_server, pki):
    server = smtp_server("ssl")
    request = make_request(server.port, "ssl", ca_file=pki.ca_file, provider="tencent_ses")
    for _ in range(10):
        limits.record(limits_provider("tencent_ses"), USER, USER, request.recipient)
    result = run_test(request)
    assert (result.diagnosis.code, result.diagnosis.field) == ("rate_limited", "recipient")
    assert server.commands == [] or server.commands == ["EHLO"][:0]
    message = result.diagnosis.message("zh_CN")
    assert result.diagnosis.params["retry_at"] in message and "10 封" in message
    # Another recipient is a different sender+recipient pair: allowed.
    other = make_request(
        server.port, "ssl", ca_file=pki.ca_file, provider="tencent_ses", recipient="x@example.net"
    )
    assert run_test(other).ok


def test_successful_sends_are_counted(smtp_server, pki):
    server = smtp_server("ssl")
    request = make_request(server.port, "ssl", ca_file=pki.ca_file, provider="tencent_ses")
    assert run_test(request).ok
    ledger = json.loads((limits.state_dir() / limits.LEDGER_NAME).read_text())
    assert len(ledger["sent"]) == 1 and "tencent_ses" in ledger["sent"][0]["k"]


def test_a_broken_ledger_never_blocks(smtp_server, pki):
    limits.state_dir().mkdir(parents=True, exist_ok=True)
    (limits.state_dir() / limits.LEDGER_NAME).write_text("{not json")
    server = smtp_server("ssl")
    assert run_test(make_request(server.port, "ssl", ca_file=pki.ca_file, provider="tencent_ses")).ok


def limits_provider(provider_id: str):
    from wizard.core.catalog import load_catalog

    return load_catalog().get(provider_id)
