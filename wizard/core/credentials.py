"""Keeping the SMTP password in the operating system's keyring, or honestly not at all.

Policy: only a real secure backend counts. The fail and null backends,
chainers without members, anything of priority < 1 and every ``keyrings.alt`` plaintext
backend mean "unavailable": the password is then not stored anywhere, and the UI says so.
Writes are read back, because the null backend drops them silently. Keyring calls can block
on an unlock prompt, so callers run these functions off the GUI thread; nothing here raises
for a keyring problem.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from wizard.core.i18n import tr

MAX_SECRET_CHARS = 1280  # Windows Credential Manager: 2560 bytes of UTF-16
_LOCK = threading.Lock()


def service_name(host: str, port: int) -> str:
    """One entry per server; the login is the keyring username."""
    return f"smtp-wizard/smtp/{host}:{port}"


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    backend: str  # dotted class name of the selected backend
    code: str  # ok | keyring_unavailable | keyring_locked | keyring_failed

    def message(self, lang: str | None = None) -> str:
        key = "keyring.ok" if self.available else f"keyring.{self.code.removeprefix('keyring_')}"
        return tr(key, lang, backend=self.backend.rsplit(".", 2)[-2] if "." in self.backend else self.backend)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    code: str  # stored | loaded | not_found | forgotten | keyring_*

    def message(self, lang: str | None = None) -> str:
        return tr(f"keyring.{self.code.removeprefix('keyring_')}", lang)


def _dotted(backend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def _usable(backend) -> bool:
    module = type(backend).__module__
    if module.startswith("keyrings.alt") or module in ("keyring.backends.fail", "keyring.backends.null"):
        return False
    members = getattr(backend, "backends", None)
    if members is not None:  # a chainer: usable only through a usable member
        return any(_usable(member) for member in members)
    try:
        return float(backend.priority) >= 1
    except Exception:  # a backend whose priority check fails is not viable
        return False


FAIL_BACKEND = "keyring.backends.fail.Keyring"


def _keyringrc() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "python_keyring" / "keyringrc.cfg"


def _user_configured() -> bool:
    """The user chose a backend for keyring (environment or keyringrc): theirs wins."""
    return bool(os.environ.get("PYTHON_KEYRING_BACKEND")) or _keyringrc().exists()


def certainly_no_secure_store() -> bool:
    """True where keyring could only end on its fail backend, decided without importing it.

    On Linux every secure backend (Secret Service, KWallet, libsecret) talks to a D-Bus
    session. Without one, keyring would take ~150 ms of imports and ~15 MiB (SecretStorage,
    cryptography) to reach the same answer. Any explicit configuration takes the long way.
    """
    if not sys.platform.startswith("linux") or os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    if _user_configured():
        return False
    core = sys.modules.get("keyring.core")
    return core is None or _nobody_chose(core)


def _nobody_chose(core) -> bool:
    """No backend set yet. keyring.set_keyring() (tests, embedding apps) sets this; a missing
    attribute means a keyring version we do not know, so we do not guess."""
    return getattr(core, "_keyring_backend", True) is None


def _platform_backend():
    """This platform's secure backend, named rather than discovered: keyring's discovery loads
    every backend's entry point (KWallet, libsecret, chainer ...) at each start, ~70 ms
    (https://keyring.readthedocs.io/en/latest/#configuring)."""
    if sys.platform.startswith("linux"):  # GNOME Keyring and KWallet both serve the Secret Service API
        from keyring.backends.SecretService import Keyring
    elif sys.platform == "win32":
        from keyring.backends.Windows import WinVaultKeyring as Keyring
    elif sys.platform == "darwin":
        from keyring.backends.macOS import Keyring
    else:
        return None
    backend = Keyring()
    return backend if _usable(backend) else None


def _choose_backend(keyring) -> None:
    """Pick the platform's backend unless one is chosen already (``keyring.set_keyring`` by tests
    or an embedding app) or the user configured keyring; otherwise keyring discovers as usual."""
    if not _nobody_chose(keyring.core) or _user_configured():
        return
    backend = _platform_backend()
    if backend is not None:
        keyring.set_keyring(backend)


def backend_status() -> KeyringStatus:
    if certainly_no_secure_store():
        return KeyringStatus(False, FAIL_BACKEND, "keyring_unavailable")
    try:
        import keyring

        with _LOCK:
            _choose_backend(keyring)
            backend = keyring.get_keyring()
    except Exception:
        return KeyringStatus(False, "unknown", "keyring_unavailable")
    usable = _usable(backend)
    return KeyringStatus(usable, _dotted(backend), "ok" if usable else "keyring_unavailable")


def _failure(error: BaseException) -> Outcome:
    from keyring.errors import InitError, KeyringLocked, NoKeyringError

    if isinstance(error, KeyringLocked):
        return Outcome(False, "keyring_locked")
    if isinstance(error, NoKeyringError | InitError):
        return Outcome(False, "keyring_unavailable")
    return Outcome(False, "keyring_failed")


def store(host: str, port: int, username: str, password: str) -> Outcome:
    if len(password) > MAX_SECRET_CHARS:
        return Outcome(False, "keyring_too_long")
    if not backend_status().available:
        return Outcome(False, "keyring_unavailable")
    import keyring

    service = service_name(host, port)
    try:
        with _LOCK:
            keyring.set_password(service, username, password)
            stored = keyring.get_password(service, username)
    except Exception as error:  # every keyring failure becomes a code, never a crash
        return _failure(error)
    return Outcome(True, "stored") if stored == password else Outcome(False, "keyring_failed")


def load(host: str, port: int, username: str) -> tuple[str | None, Outcome]:
    if not backend_status().available:
        return None, Outcome(False, "keyring_unavailable")
    import keyring

    try:
        with _LOCK:
            password = keyring.get_password(service_name(host, port), username)
    except Exception as error:
        return None, _failure(error)
    return (password, Outcome(True, "loaded")) if password else (None, Outcome(False, "not_found"))


def forget(host: str, port: int, username: str) -> Outcome:
    if not backend_status().available:
        return Outcome(False, "keyring_unavailable")
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        with _LOCK:
            keyring.delete_password(service_name(host, port), username)
    except PasswordDeleteError:
        return Outcome(True, "forgotten")  # nothing was stored: the goal is reached
    except Exception as error:
        return _failure(error)
    return Outcome(True, "forgotten")
