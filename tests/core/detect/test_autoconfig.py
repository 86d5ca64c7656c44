"""Reading an autoconfig file from a hostile or slow server: bounded in time and size."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.support.servers import server_context
from wizard.core.detect import autoconfig
from wizard.core.engine.tls import client_context

URL = "https://autoconfig.autoconf-corp.cn:{port}/mail/config-v1.1.xml"


@pytest.fixture
def stalling_server(detect_pki):
    """Answers the request late, then sends the headers and goes silent."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    context = server_context(detect_pki.leaf)
    stop = threading.Event()

    def serve():
        conn, _ = listener.accept()
        with context.wrap_socket(conn, server_side=True) as tls:
            tls.recv(4096)
            stop.wait(0.7)
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<clientConfig>")
            stop.wait(10)

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()


def test_a_server_that_goes_silent_cannot_hold_the_read_past_the_deadline(stalling_server, detect_pki):
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        autoconfig.fetch(
            URL.format(port=stalling_server),
            address="127.0.0.1",
            deadline=started + 1.0,
            context=client_context(detect_pki.ca_file),
        )
    assert time.monotonic() - started < 1.4  # not 0.7 s + another full second


def test_no_time_left_means_no_connection():
    with pytest.raises(TimeoutError):
        autoconfig.fetch(
            URL.format(port=9), address="127.0.0.1", deadline=time.monotonic() - 1, context=client_context()
        )
