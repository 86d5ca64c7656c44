"""Time to an actionable answer when the chosen port is blackholed (cloud hosts dropping port 25).

Same run, same servers, alternately: the sequential way (the test times out after T, then the
other endpoints are probed for up to T: ``--probe-on-failure`` before the fallback) against the
parallel fallback (engine/fallback.py: probing starts once the connect has been silent for 2 s).
Figure: the fallback's time to a diagnosis carrying a working fix, in units of the connect
timeout T; target <= 1.15 T (one timeout, not two).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time

from benchmarks._common import Figure, report
from benchmarks._servers import USER, blackholed_port, starttls_server


def measure(timeout: float, rounds: int) -> Figure:
    from wizard.core.catalog import load_catalog
    from wizard.core.engine.api import TestRequest
    from wizard.core.engine.autofix import candidates_for
    from wizard.core.engine.fallback import run_test_with_fallback
    from wizard.core.engine.fixes import fix_from_probe
    from wizard.core.engine.probe import probe
    from wizard.core.engine.session import run_test
    from wizard.core.settings import Endpoint, MailSettings, Mode, Security, SmtpSettings

    ours, sequential, fixes = [], [], set()
    with starttls_server() as (port, ca_file), blackholed_port() as hole:
        working = Endpoint(port, Security.STARTTLS)
        provider = dataclasses.replace(
            load_catalog().find("qq"), endpoints=(Endpoint(hole, Security.SSL), working)
        )
        # The same endpoints the fallback tries: the port's other encryptions and the provider's.
        others = [
            c for c in candidates_for(hole, Security.SSL, provider) if c != Endpoint(hole, Security.SSL)
        ]
        smtp = SmtpSettings("qq", "localhost", hole, Security.SSL, USER, USER, "")
        request = TestRequest(
            MailSettings(Mode.SMTP, "bench", smtp),
            USER,
            login_only=True,
            connect_timeout=timeout,
            ca_file=ca_file,
        )
        for _ in range(rounds):
            started = time.perf_counter()
            result = run_test(request)
            found = probe("localhost", others, timeout=timeout, ca_file=ca_file)
            result = fix_from_probe(result, found, smtp)
            sequential.append(time.perf_counter() - started)
            fixes.add(str(result.diagnosis.fix))

            started = time.perf_counter()
            result = run_test_with_fallback(request, provider=provider)
            ours.append(time.perf_counter() - started)
            fixes.add(str(result.diagnosis.fix))
    median, before = statistics.median(ours), statistics.median(sequential)
    return Figure(
        "blackholed port: time to a working fix",
        median / timeout,
        1.15,
        "T",
        f"T={timeout:g}s: parallel fallback {median:.2f}s vs sequential {before:.2f}s "
        f"({before / timeout:.2f} T); fixes {sorted(fixes)}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report([measure(args.timeout, args.rounds)], as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
