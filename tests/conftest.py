"""Shared test setup: no test touches the developer's real state, keyring or locale; under
CI=true a test that needs a real server, keyring or window manager fails instead of skipping.
The fixtures several test packages share live here; the classes behind them in tests/support/."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme

from tests import ci_skips
from tests.ci_skips import require
from tests.realservers.dovecot_imap import DovecotImap, available
from tests.support.delivery import IMAP_PASSWORD, IMAP_USER
from tests.support.detect import NAMES, DetectPki, WebServer
from tests.support.hostile import Hostile, Talk
from tests.support.servers import (
    IDENTITIES,
    Handler,
    LoopbackController,
    Pki,
    ScriptedServer,
    Server,
    server_context,
)
from wizard.core.settings import Security


def pytest_configure(config):
    for kind, needs in ci_skips.KINDS.items():
        config.addinivalue_line("markers", f"{kind}: {needs}; under CI=true a skip fails (tests/ci_skips.py)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    return ci_skips.enforce(item, call, report)


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path_factory, monkeypatch):
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("SMTP_WIZARD_STATE_DIR", str(state))
    monkeypatch.setenv("NO_COLOR", "1")
    yield


@pytest.fixture
def beijing_time(monkeypatch):
    """Local time is UTC+8 (as on the customers' machines) for tests of displayed times."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# -- loopback SMTP servers, certificates and odd ports (tests/support/servers.py) --------------------
@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Pki:
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("pki") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    return Pki(
        ca_file=str(path),
        good=ca.issue_cert(*IDENTITIES),
        wrong_name=ca.issue_cert("other.example"),
        expired=ca.issue_cert(*IDENTITIES, not_before=past - dt.timedelta(days=60), not_after=past),
        untrusted=trustme.CA().issue_cert(*IDENTITIES),
    )


@pytest.fixture
def smtp_server(pki) -> Iterator:
    """``smtp_server(kind="starttls"|"ssl"|"plain", cert=None, **smtp_kwargs) -> Server``."""
    controllers: list[LoopbackController] = []

    def start(kind: str = "starttls", cert: trustme.LeafCert | None = None, **kwargs) -> Server:
        handler = Handler()
        cert = cert or pki.good
        options = dict(authenticator=handler.authenticator, auth_require_tls=False, enable_SMTPUTF8=False)
        security = {"starttls": Security.STARTTLS, "ssl": Security.SSL, "plain": Security.NONE}[kind]
        if kind == "starttls":
            options.update(tls_context=server_context(cert), require_starttls=True, auth_require_tls=True)
        elif kind == "ssl":
            options.update(ssl_context=server_context(cert))
        options.update(kwargs)
        controller = LoopbackController(handler, server_hostname="localhost", ready_timeout=5.0, **options)
        controller.start()
        controllers.append(controller)
        return Server(controller.port, handler, security)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def scripted() -> Iterator:
    servers: list[ScriptedServer] = []

    def start(script: dict[str, bytes | None] | None = None, **kwargs) -> ScriptedServer:
        server = ScriptedServer(script or {}, **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Accepts TCP connections (the kernel does) but never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


@pytest.fixture
def blackhole_port() -> Iterator[int]:
    """A listen(0) socket whose backlog is already full: further SYNs are dropped, connect hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname(), timeout=2)
    yield listener.getsockname()[1]
    filler.close()
    listener.close()


@pytest.fixture
def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


# -- detection peers: autoconfig web server and SMTP under made-up names (tests/support/detect.py) -----
@pytest.fixture(scope="session")
def detect_pki(tmp_path_factory) -> DetectPki:
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("detect-pki") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return DetectPki(str(path), ca.issue_cert(*NAMES))


@pytest.fixture
def web_server(detect_pki) -> Iterator:
    """``web_server(pages, tls=True) -> WebServer``."""
    servers: list[WebServer] = []

    def start(pages: dict[str, tuple[int, bytes]], tls: bool = True) -> WebServer:
        server = WebServer(pages, server_context(detect_pki.leaf) if tls else None)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def tls_smtp(detect_pki) -> Iterator:
    """An implicit-TLS (or ``starttls=True``) aiosmtpd on 127.0.0.1 with a certificate for the
    made-up names; its port."""
    controllers = []

    def start(
        banner_name: str = "smtp.guess-corp.cn", ident: str | None = None, starttls: bool = False
    ) -> int:
        extra = {"ident": ident} if ident else {}
        context = server_context(detect_pki.leaf)
        extra.update(
            {"tls_context": context, "require_starttls": True} if starttls else {"ssl_context": context}
        )
        controller = LoopbackController(
            Handler(),
            server_hostname=banner_name,
            **extra,
            ready_timeout=5.0,
            auth_require_tls=False,
        )
        controller.start()
        controllers.append(controller)
        return controller.port

    yield start
    for controller in controllers:
        controller.stop()


# -- hostile raw-socket servers (tests/support/hostile.py) ------------------------------------------
@pytest.fixture
def hostile() -> Iterator[Callable[[Talk], Hostile]]:
    servers: list[Hostile] = []

    def start(talk: Talk) -> Hostile:
        server = Hostile(talk)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


# -- a private Dovecot IMAP server per test (tests/realservers/dovecot_imap.py) ----------------------
@pytest.fixture
def imap_ca(tmp_path) -> tuple[trustme.CA, str]:
    ca = trustme.CA()
    path = tmp_path / "imap-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, str(path)


@pytest.fixture
def start_dovecot() -> Iterator:
    """``start_dovecot(ca) -> DovecotImap``; ``ca`` issues its certificate (``issue_cert(*names)``)."""
    if not available():
        require("realserver", "Dovecot is not installed (scripts/_setup.sh installs dovecot-imapd)")
    started: list[tuple[DovecotImap, Path]] = []

    def start(ca) -> DovecotImap:
        # Not pytest's tmp_path: its parents are private to root, and Dovecot's mail process is not root.
        base = Path(tempfile.mkdtemp(prefix="smtp-wizard-imap-"))
        server = DovecotImap(base, ca, IMAP_USER, IMAP_PASSWORD)
        started.append((server, base))
        return server.start()

    yield start
    for server, base in started:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def dovecot(start_dovecot, imap_ca) -> DovecotImap:
    return start_dovecot(imap_ca[0])
