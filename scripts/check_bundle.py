"""Run the frozen bundle as a user would, from a clean directory, and fail loudly if it misbehaves.

Checks: on Linux, that every library a bundled one links to is inside or one PyInstaller leaves
to the system (build.spec leaves out plugins and the libraries only they use; wayland is not
started here, so this is what catches a library it needs), ``--smoke`` offscreen (keyring backend
and translations reported) and, where xvfb-run is installed, on the xcb platform under Xvfb,
``providers --json`` (the data files are inside),
and ``test`` against a local TLS server, once with --ca-file and once with the CA only in the
"system" trust store (SSL_CERT_FILE), which proves the frozen app verifies with the OS store.
Usage: python scripts/check_bundle.py [dist/smtp-wizard | dist/smtp-wizard-onefile | smtp-wizard.app]
(the release workflow also runs it on what it unpacked from the archive it attaches)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._servers import PASSWORD, starttls_server, test_command  # noqa: E402

XVFB = ("xvfb-run", "--auto-servernum")


def run(
    exe: Path, *args: str, env: dict[str, str] | None = None, cwd: Path, under: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))}
    clean.update({"QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}, **(env or {}))
    result = subprocess.run(
        [*under, str(exe), *args], capture_output=True, text=True, env=clean, cwd=cwd, timeout=120
    )
    print(f"$ smtp-wizard {' '.join(args)} -> exit {result.returncode}")
    return result


def check(condition: bool, what: str, result: subprocess.CompletedProcess | None = None) -> None:
    if not condition:
        output = (
            f"\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}" if result else ""
        )
        print(f"FAILED: {what}{output}")
        raise SystemExit(1)
    print(f"  ok: {what}")


def unresolved_libraries(folder: Path) -> dict[str, set[str]]:
    """Linux: {library: {files linking to it}} for every library a bundled ELF file needs that is
    neither in ``folder`` nor one PyInstaller never bundles (glibc, GL, xcb, wayland). Empty
    elsewhere, or where PyInstaller or binutils' readelf is missing."""
    try:
        from PyInstaller.depend.dylib import include_library
    except ImportError:
        return {}
    if not sys.platform.startswith("linux") or shutil.which("readelf") is None:
        return {}
    inside = {path.name for path in folder.rglob("*")}
    missing: dict[str, set[str]] = {}
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
        for needed in re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic):
            if needed not in inside and include_library(needed) and not needed.startswith("ld-linux"):
                missing.setdefault(needed, set()).add(str(path.relative_to(folder)))
    return missing


def unpack(exe: Path, folder: Path) -> None:
    """Write a one-file program's files into ``folder``, as it does itself when it starts."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(exe))
    for name, (*_, typecode) in archive.toc.items():
        if typecode in "bxz":  # binaries, data files, the module archive
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extract(name))


def check_libraries(folder: Path) -> None:
    missing = unresolved_libraries(folder)
    what = "every library a bundled one needs is inside or left to the system"
    details = "; ".join(f"{lib} (needed by {', '.join(sorted(users)[:3])})" for lib, users in missing.items())
    check(not missing, f"{what}: missing {details}" if missing else what)


def main() -> int:
    bundle = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "smtp-wizard").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if bundle.is_dir():
            copy = work / bundle.name
            shutil.copytree(bundle, copy, symlinks=True)
            if bundle.suffix == ".app":  # macOS: what the release ships, run from inside the .app
                exe = copy / "Contents" / "MacOS" / "smtp-wizard"
            else:
                exe = copy / ("smtp-wizard-cli.exe" if os.name == "nt" else "smtp-wizard")
            check_libraries(copy)
        else:  # the one-file wizard (Linux and macOS: a windowed .exe has no output to check)
            exe = work / bundle.name
            shutil.copy2(bundle, exe)
            unpack(bundle, work / "unpacked")
            check_libraries(work / "unpacked")
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

        if shutil.which("xvfb-run"):  # the platform a Linux desktop uses, on a virtual X server
            xcb = run(exe, "--smoke", cwd=work, env={"HOME": str(home), "QT_QPA_PLATFORM": "xcb"}, under=XVFB)
            check(xcb.returncode == 0, "--smoke on the xcb platform (Xvfb)", xcb)

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
