"""Run the frozen bundle as a user would, from a clean directory, and fail loudly if it misbehaves.

Checks: ``--smoke`` offscreen (keyring backend and translations reported), ``providers --json``
(the data files are inside), and ``test`` against a local TLS server, once with --ca-file and
once with the CA only in the "system" trust store (SSL_CERT_FILE), which proves the frozen
app verifies with the OS store. Usage: python scripts/check_bundle.py [dist/smtp-wizard]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._servers import PASSWORD, starttls_server, test_command  # noqa: E402


def run(exe: Path, *args: str, env: dict[str, str] | None = None, cwd: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))}
    clean.update({"QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}, **(env or {}))
    result = subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env=clean, cwd=cwd, timeout=120
    )
    print(f"$ smtp-wizard {' '.join(args)} -> exit {result.returncode}")
    return result


def check(condition: bool, what: str, result: subprocess.CompletedProcess) -> None:
    if not condition:
        print(f"FAILED: {what}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}")
        raise SystemExit(1)
    print(f"  ok: {what}")


def main() -> int:
    bundle = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "smtp-wizard").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        copy = work / "app"
        shutil.copytree(bundle, copy, symlinks=True)
        exe = copy / ("smtp-wizard-cli.exe" if os.name == "nt" else "smtp-wizard")
        home = work / "home"
        home.mkdir()

        smoke = run(exe, "--smoke", cwd=work, env={"HOME": str(home)})
        check(smoke.returncode == 0, "--smoke exits 0", smoke)
        report = json.loads(smoke.stdout.strip().splitlines()[-1])
        check(
            "keyring_backend" in report, f"keyring backend reported: {report.get('keyring_backend')}", smoke
        )
        check(
            "smtp_wizard" in report.get("translations", []),
            f"the app's own catalog loaded: {report.get('translations')}",
            smoke,
        )

        providers = run(exe, "providers", "--json", cwd=work)
        ids = (
            {p["id"] for p in json.loads(providers.stdout)["providers"]}
            if providers.returncode == 0
            else set()
        )
        check({"qq", "exmail", "custom"} <= ids, f"providers --json lists {len(ids)} presets", providers)

        with starttls_server() as (port, ca_file):
            common = [*test_command(port, "BUNDLE_PW"), "--json"]
            secret = {"BUNDLE_PW": PASSWORD}
            with_ca = run(exe, *common, "--ca-file", ca_file, cwd=work, env=secret)
            check(
                with_ca.returncode == 0 and json.loads(with_ca.stdout)["ok"],
                "test send with --ca-file",
                with_ca,
            )
            system = run(exe, *common, cwd=work, env={**secret, "SSL_CERT_FILE": ca_file})
            check(system.returncode == 0, "test send verified by the system trust store", system)
            untrusted = run(exe, *common, cwd=work, env=secret)
            code = json.loads(untrusted.stdout).get("code") if untrusted.stdout else None
            check(untrusted.returncode == 1 and code == "tls_untrusted", "unknown CA is refused", untrusted)
            check(PASSWORD not in with_ca.stdout + with_ca.stderr, "no password in the output", with_ca)
    print("bundle OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
