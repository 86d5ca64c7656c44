"""Pack what the release workflow built into the files a release attaches.

    python scripts/package_release.py OUT_DIR

One archive of the wizard (the one-folder bundle; the .app on macOS) and the one-file command
line, both named with the version, the platform and the machine, e.g.
smtp-wizard-0.1.0-windows-x86_64.zip and smtp-wizard-cli-0.1.0-linux-x86_64.
"""

from __future__ import annotations

import platform
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wizard import __version__  # noqa: E402

PLATFORMS = {"win32": "windows", "darwin": "macos"}


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "release").resolve()
    out.mkdir(parents=True, exist_ok=True)
    system = PLATFORMS.get(sys.platform, "linux")
    tag = f"{__version__}-{system}-{platform.machine().lower().replace('amd64', 'x86_64')}"
    dist = ROOT / "dist"
    app = dist / "smtp-wizard.app" if system == "macos" else dist / "smtp-wizard"
    kind = "gztar" if system == "linux" else "zip"  # tar keeps the executable bits on Linux
    archive = shutil.make_archive(str(out / f"smtp-wizard-{tag}"), kind, app.parent, app.name)
    suffix = ".exe" if system == "windows" else ""
    cli = out / f"smtp-wizard-cli-{tag}{suffix}"
    shutil.copy2(dist / f"smtp-wizard-cli{suffix}", cli)
    for path in (Path(archive), cli):
        print(f"{path.name}: {path.stat().st_size / 1024 / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
