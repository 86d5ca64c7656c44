"""A server that echoes the password back, whole, without padding, truncated or very short."""

from __future__ import annotations

import base64
import json

import pytest

from tests.support.hostile import EHLO, command
from tests.support.servers import USER, make_request
from wizard.cli.send_commands import result_document
from wizard.core.engine.session import run_test
from wizard.core.engine.transcript import Redactor


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _echo_server(hostile, mechanism: str):
    """Offers only ``mechanism`` and answers the login with 535 + everything the client sent."""

    def talk(conn, n):
        conn.sendall(b"220 hostile.test\r\n")
        command(conn)  # EHLO
        conn.sendall(EHLO.replace(b"AUTH PLAIN LOGIN", f"AUTH {mechanism}".encode()))
        seen = []
        line = command(conn)
        while line and not line.upper().startswith(b"QUIT"):
            seen.append(line.strip().split(b" ")[-1].decode())
            if mechanism == "LOGIN" and len(seen) < 3:
                conn.sendall(b"334 VXNlcm5hbWU6\r\n")
            else:
                echoes = [s for s in seen if s.upper() not in ("PLAIN", "LOGIN")]
                parts = [f"535-you sent {e} / {e.rstrip('=')} / {e[:12]} / {e[:-3]}" for e in echoes]
                conn.sendall(("\r\n".join(parts) + "\r\n535 denied\r\n").encode())
                return
            line = command(conn)

    return hostile(talk)


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
@pytest.mark.parametrize("password", ["correct-horse-battery", "p@ss1", "7x", "x"])
def test_echoed_secret_forms_never_reach_the_result(hostile, mechanism, password):
    server = _echo_server(hostile, mechanism)
    request = make_request(server.port, "none", password=password, allow_plaintext_auth=True, login_only=True)
    result = run_test(request)
    assert result.diagnosis.code == "auth_failed"
    shown = json.dumps(result_document(result, "en"), ensure_ascii=False)
    raw = password.encode()
    for form in (b64(raw), b64(b"\0" + USER.encode() + b"\0" + raw)):
        for piece in (form, form.rstrip("="), form[:12], form[:-3]):
            if len(piece) >= 8:
                assert piece not in shown, piece
    if len(password) >= 4:
        assert password not in shown
    assert "you sent ****" in shown


def test_a_very_short_secret_is_masked_where_it_stands_as_a_word():
    redact = Redactor("7x", USER)
    assert redact("535 wrong password 7x for you") == "535 wrong password **** for you"
    assert redact("password=7x;") == "password=****;"
    assert redact("RCPT 27x9 stays") == "RCPT 27x9 stays"  # inside a longer word it is not the secret
    assert Redactor("p@ss1", USER)("535 xp@ss1y") == "535 x****y"  # 4+ characters: masked anywhere


def test_every_prefix_of_eight_or_more_is_masked_in_any_text():
    secret = "abcdefghijklmnopqrstuvwxyz"
    redact = Redactor(secret, USER)
    for cut in range(8, len(secret) + 1):
        assert secret[:cut] not in redact(f"echo {secret[:cut]}!")
    assert redact("abcdefg is fine") == "abcdefg is fine"  # 7 characters: too short to say
