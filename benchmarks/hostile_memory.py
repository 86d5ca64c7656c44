"""Memory against a hostile server: peak RSS of ``test --timeout 4 --json`` while the server sends an
endless ``250-`` continuation reply, against the same command and a server that says one EHLO line.
Target: at most 1.5x (issue 10 measured 1.6 GiB before the reply limits; the absolute cap is 200 MiB).
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import statistics
import sys
import threading

from benchmarks._common import PYTHON, Figure, peak_rss_kib, report


@contextlib.contextmanager
def ehlo_server(endless: bool):
    """Greets, then answers EHLO with one line or with ``250-`` lines for ever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def talk(conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            conn.sendall(b"220 bench.test\r\n")
            conn.recv(1024)
            if not endless:
                conn.sendall(b"250 bench.test\r\n")
                conn.recv(1024)
                return
            while True:
                conn.sendall(b"250-" + b"Z" * 1000 + b"\r\n")

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=talk, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def send_peak_rss_kib(port: int) -> int:
    argv = [PYTHON, "-m", "wizard", "test", "--host", "127.0.0.1", "--port", str(port), "--security", "none"]
    argv += ["--sender", "bench@example.com", "--login-only", "--timeout", "4", "--json"]
    return peak_rss_kib(argv, check=False)  # the test fails (exit 1): the figure is its memory


def measure(rounds: int = 3) -> Figure:
    hostile, polite = [], []
    with ehlo_server(True) as endless_port, ehlo_server(False) as polite_port:
        for _ in range(rounds):
            hostile.append(send_peak_rss_kib(endless_port))
            polite.append(send_peak_rss_kib(polite_port))
    h, p = statistics.median(hostile), statistics.median(polite)
    return Figure(
        "peak RSS, endless 250- reply",
        h / p,
        1.5,
        "x",
        f"{h / 1024:.0f} MiB vs polite server {p / 1024:.0f} MiB",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    return report([measure()], as_json=parser.parse_args().json)


if __name__ == "__main__":
    sys.exit(main())
