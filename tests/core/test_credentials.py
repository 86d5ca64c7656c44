"""Keyring policy with real backends: in-memory, fail, null, locked, broken, and a real
Secret Service (gnome-keyring on a private D-Bus session) where it can run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.errors import KeyringLocked, PasswordSetError

from tests.support.keyring import MemoryKeyring
from wizard.core import credentials

ROOT = Path(__file__).resolve().parents[2]
SECRET = "授权码-abcd efgh"


class LockedKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise KeyringLocked("locked")


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        raise PasswordSetError("the stub received bad data")


class PlaintextLookalike(MemoryKeyring):
    """Stands for keyrings.alt's plaintext file backend, which must never count as secure."""


PlaintextLookalike.__module__ = "keyrings.alt.file"


@pytest.fixture
def backend():
    previous = keyring.get_keyring()

    def install(instance):
        keyring.set_keyring(instance)
        return instance

    yield install
    keyring.set_keyring(previous)


def test_round_trip_with_a_secure_backend(backend):
    store = backend(MemoryKeyring())
    status = credentials.backend_status()
    assert status.available and status.code == "ok" and status.backend.endswith("MemoryKeyring")
    assert credentials.store("smtp.qq.com", 465, "a@qq.com", SECRET) == credentials.Outcome(True, "stored")
    assert store.items == {("smtp-wizard/smtp/smtp.qq.com:465", "a@qq.com"): SECRET}
    assert credentials.load("smtp.qq.com", 465, "a@qq.com") == (SECRET, credentials.Outcome(True, "loaded"))
    assert credentials.load("smtp.qq.com", 587, "a@qq.com")[0] is None  # one entry per server
    credentials.store("smtp.qq.com", 465, "a@qq.com", "new-code")
    assert credentials.load("smtp.qq.com", 465, "a@qq.com")[0] == "new-code"
    assert credentials.forget("smtp.qq.com", 465, "a@qq.com").ok
    assert credentials.load("smtp.qq.com", 465, "a@qq.com") == (None, credentials.Outcome(False, "not_found"))
    assert credentials.forget("smtp.qq.com", 465, "a@qq.com").ok  # forgetting twice is fine


def test_no_backend_is_unavailable_and_nothing_raises(backend):
    backend(keyring.backends.fail.Keyring())
    status = credentials.backend_status()
    assert (status.available, status.code) == (False, "keyring_unavailable")
    assert "不会被保存" in status.message("zh_CN") and "will not be saved" in status.message("en")
    assert credentials.store("h", 25, "u", SECRET).code == "keyring_unavailable"
    assert credentials.load("h", 25, "u") == (None, credentials.Outcome(False, "keyring_unavailable"))


def test_null_backend_is_not_secure(backend):
    backend(keyring.backends.null.Keyring())
    assert not credentials.backend_status().available
    assert credentials.store("h", 25, "u", SECRET).code == "keyring_unavailable"


def test_a_backend_that_drops_writes_is_caught_by_reading_back(backend):
    class Forgetful(MemoryKeyring):
        def set_password(self, service, username, password):
            pass  # what the null backend does, at a "secure" priority

    backend(Forgetful())
    outcome = credentials.store("h", 25, "u", SECRET)
    assert (outcome.ok, outcome.code) == (False, "keyring_failed")
    assert "not saved anywhere" in outcome.message("en")


def test_plaintext_backends_never_count(backend):
    backend(PlaintextLookalike())
    assert not credentials.backend_status().available
    assert credentials.store("h", 25, "u", SECRET).code == "keyring_unavailable"


def test_locked_keyring(backend):
    backend(LockedKeyring())
    outcome = credentials.store("h", 25, "u", SECRET)
    assert outcome.code == "keyring_locked"
    assert "unlock" in outcome.message("en") and "解锁" in outcome.message("zh_CN")
    assert credentials.load("h", 25, "u")[1].code == "keyring_locked"


def test_failing_write(backend):
    backend(BrokenKeyring())
    assert credentials.store("h", 25, "u", SECRET).code == "keyring_failed"


def test_windows_sized_limit(backend):
    store = backend(MemoryKeyring())
    assert credentials.store("h", 25, "u", "x" * 1281).code == "keyring_too_long"
    assert store.items == {}


def test_messages_never_carry_the_secret(backend):
    backend(LockedKeyring())
    for lang in ("zh_CN", "en"):
        assert SECRET not in credentials.store("h", 25, "u", SECRET).message(lang)
        assert SECRET not in repr(credentials.store("h", 25, "u", SECRET))


CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from wizard.core import credentials
    status = credentials.backend_status()
    stored = credentials.store("smtp.exmail.qq.com", 465, "hr@acme.cn", {secret!r})
    loaded, outcome = credentials.load("smtp.exmail.qq.com", 465, "hr@acme.cn")
    print(status.available, stored.code, outcome.code, loaded == {secret!r})
    # Named, not discovered: discovery would have imported every backend module.
    print(status.backend, "keyring.backends.kwallet" in sys.modules)
    """
)


@pytest.mark.keyring
@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus-run-session and gnome-keyring-daemon (Debian: dbus, gnome-keyring)",
)
def test_real_secret_service(tmp_path):
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT), secret=SECRET), encoding="utf-8")
    # A throwaway login keyring, unlocked with a throwaway password, on a private session bus.
    shell = (
        'eval "$(printf ci-only-keyring | gnome-keyring-daemon --unlock --components=secrets)"; '
        f'"{sys.executable}" "{script}"; status=$?; kill "$GNOME_KEYRING_PID" 2>/dev/null; exit $status'
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"},
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "DISPLAY": "",
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.split() == [
        "True",
        "stored",
        "loaded",
        "True",
        "keyring.backends.SecretService.Keyring",
        "False",
    ], result.stderr[-2000:]
    assert SECRET not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus shortcut is Linux-only")
def test_no_dbus_session_means_unavailable_without_loading_keyring(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")
    }
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    code = (
        "import sys; from wizard.core import credentials; s = credentials.backend_status(); "
        "print(s.available, s.backend, 'keyring' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["False", "keyring.backends.fail.Keyring", "False"]


def test_explicit_configuration_takes_the_long_way(tmp_path, monkeypatch):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "python_keyring").mkdir()
    (tmp_path / "python_keyring" / "keyringrc.cfg").write_text("[backend]\ndefault-keyring=x\n")
    assert not credentials.certainly_no_secure_store()
