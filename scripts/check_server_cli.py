"""Run the one-file server CLI as an installer would on a customer's server, and fail loudly if
it misbehaves: copied alone into an empty folder, started with an empty environment (`env -i`:
no PATH, HOME, LANG or Python variables), against mail servers on loopback.

Checks: the file is within its size target and holds no Qt; on Linux, every library inside
finds the libraries it links to; every command once (build-cli.spec leaves out modules no
command imports; a command that did would fail here): ``providers --json``, ``detect`` and
``check-domain`` against a DNS server on loopback, ``export`` and ``validate --config``, a
``probe``, a TLS test send with ``--ca-file`` and the password on stdin, the same server refused
(``tls_untrusted``) without the CA, the scheduled ``check --nagios``; the password never in the
output. Usage:
python scripts/check_server_cli.py [dist/smtp-wizard-cli]
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

from check_bundle import check, check_libraries, unpack  # noqa: E402  (scripts/ is this script's own folder)

from benchmarks._servers import PASSWORD, starttls_server  # noqa: E402
from benchmarks._servers import USER as ACCOUNT  # noqa: E402
from tests.core.dns_server import LocalDns  # noqa: E402

# acme.cn: its MX is Tencent Exmail's, its SPF record lacks Exmail's include (check-domain's finding).
MX = {"acme.cn": [(5, "mxbiz1.qq.com")]}
RECORDS = {
    ("acme.cn", "TXT"): ['"v=spf1 include:spf.163.com -all"'],
    ("spf.163.com", "TXT"): ['"v=spf1 ip4:198.51.100.0/24 -all"'],
    ("_dmarc.acme.cn", "TXT"): ['"v=DMARC1; p=reject"'],
}

MAX_BYTES = 20 * 1024 * 1024  # the target in issue 13: small enough to copy anywhere


def empty_environment() -> dict[str, str]:
    # Windows cannot even create a socket without SYSTEMROOT; that is all it keeps.
    return {"SYSTEMROOT": os.environ["SYSTEMROOT"]} if os.name == "nt" else {}


def run(exe: Path, *args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess:
    command = [str(exe), *args]
    if os.name != "nt":
        command = ["env", "-i", *command]  # literally what the README tells installers to expect
    result = subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=empty_environment(), cwd=cwd, timeout=120
    )
    print(f"$ smtp-wizard-cli {' '.join(args)} -> exit {result.returncode}")
    return result


def bundled_names(exe: Path) -> list[str]:
    """The entries of the one-file archive (PyInstaller's reader; skipped where it is not installed)."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return []
    return list(CArchiveReader(str(exe)).toc)


def check_commands(exe: Path, work: Path) -> None:
    """The commands that need neither a mail server nor a password."""
    with LocalDns(MX, records=RECORDS) as dns:
        found = run(exe, "detect", "hr@acme.cn", "--nameserver", dns.address, "--json", cwd=work)
        provider = (json.loads(found.stdout).get("provider") or {}) if found.returncode == 0 else {}
        check(provider.get("id") == "exmail", "detect finds Exmail by the MX record", found)
        domain = run(exe, "check-domain", "hr@acme.cn", "--nameserver", dns.address, "--json", cwd=work)
        findings = json.loads(domain.stdout).get("findings", []) if domain.stdout else []
        spf = next((f.get("code") for f in findings if f.get("check") == "spf"), None)
        check(spf == "spf_include_missing", "check-domain finds the missing SPF include", domain)
    settings = ["--host", "smtp.exmail.qq.com", "--port", "465", "--security", "ssl"]
    settings += ["--username", ACCOUNT, "--sender", ACCOUNT]
    exported = run(exe, "export", *settings, "--out", "mail.env", "--format", "env", cwd=work)
    check(exported.returncode == 0 and (work / "mail.env").is_file(), "export writes mail.env", exported)
    valid = run(exe, "validate", "--config", "mail.env", "--json", cwd=work)
    ok = (
        valid.returncode == 0 and json.loads(valid.stdout)["settings"]["smtp"]["host"] == "smtp.exmail.qq.com"
    )
    check(ok, "validate --config reads it back", valid)


def main() -> int:
    name = "smtp-wizard-cli.exe" if os.name == "nt" else "smtp-wizard-cli"
    built = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / name).resolve()
    size = built.stat().st_size
    print(f"{built.name}: {size / 1024 / 1024:.1f} MiB")
    if size > MAX_BYTES:
        print(f"FAILED: {size} bytes is over the {MAX_BYTES} byte target")
        return 1
    qt = [entry for entry in bundled_names(built) if "pyside6" in entry.lower() or "libqt" in entry.lower()]
    if qt:
        print(f"FAILED: Qt inside the server build: {qt[:5]}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if sys.platform.startswith("linux") and bundled_names(built):
            unpack(built, work / "unpacked")
            check_libraries(work / "unpacked")
        exe = work / name
        shutil.copy2(built, exe)

        providers = run(exe, "providers", "--json", cwd=work)
        ids = (
            {p["id"] for p in json.loads(providers.stdout)["providers"]}
            if providers.returncode == 0
            else set()
        )
        check({"qq", "exmail", "custom"} <= ids, f"providers --json lists {len(ids)} presets", providers)
        check_commands(exe, work)

        with starttls_server() as (port, ca_file):
            settings = ["--host", "localhost", "--port", str(port), "--security", "starttls"]
            account = ["--username", ACCOUNT, "--sender", ACCOUNT, "--password-stdin", "--json"]
            common = ["test", "--to", ACCOUNT, *settings, *account]
            report = work / "support.html"
            sent = run(
                exe, *common, "--ca-file", ca_file, "--report", report.name, stdin=PASSWORD + "\n", cwd=work
            )
            ok = sent.returncode == 0 and json.loads(sent.stdout)["ok"]
            check(ok, "TLS test send with --ca-file, password on stdin", sent)
            written = report.read_text(encoding="utf-8") if report.is_file() else ""
            check("SHA-256" in written and PASSWORD not in written, "--report wrote the support report", sent)
            probe = ["probe", "--host", "localhost", "--candidates", f"{port}:starttls", "--ca-file", ca_file]
            probed = run(exe, *probe, "--json", cwd=work)
            best = (json.loads(probed.stdout).get("recommended") or {}) if probed.stdout else {}
            check(best.get("port") == port, "probe recommends the working port", probed)
            refused = run(exe, *common, stdin=PASSWORD + "\n", cwd=work)
            code = json.loads(refused.stdout).get("code") if refused.stdout else None
            check(refused.returncode == 1 and code == "tls_untrusted", "an unknown CA is refused", refused)
            scheduled = ["check", *settings, *account[:-1], "--ca-file", ca_file, "--no-domain-check"]
            checked = run(
                exe, *scheduled, "--state", "check.state.json", "--nagios", stdin=PASSWORD + "\n", cwd=work
            )
            ok = checked.returncode == 0 and checked.stdout.startswith("SMTP OK - ")
            check(
                ok and "login_ms=" in checked.stdout, "check --nagios: the login proves the password", checked
            )
            everything = sent.stdout + sent.stderr + refused.stdout + refused.stderr + checked.stdout
            check(PASSWORD not in everything, "no password in the output", sent)
    print("server CLI OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
