"""Bundle size: our one-folder bundle (build.spec) against a minimal PySide6 QWizard bundle
built by the same PyInstaller in the same run. Target: at most 1.0x. Also reports the
one-file size and the compressed one-folder size."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from benchmarks._common import PYTHON, ROOT, Figure, report


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def pyinstaller(*args: str, cwd: Path) -> None:
    subprocess.run(
        [PYTHON, "-m", "PyInstaller", "--clean", "--noconfirm", "--log-level", "WARN", *args],
        cwd=cwd,
        check=True,
    )


def targz_size(folder: Path, out: Path) -> int:
    with tarfile.open(out, "w:gz") as archive:
        archive.add(folder, arcname=folder.name)
    return out.stat().st_size


def measure(work: Path) -> list[Figure]:
    ours_dist, base_dist = work / "ours", work / "base"
    pyinstaller(
        "--distpath",
        str(ours_dist),
        "--workpath",
        str(work / "build-ours"),
        str(ROOT / "build.spec"),
        cwd=ROOT,
    )
    pyinstaller(
        "--distpath",
        str(base_dist),
        "--workpath",
        str(work / "build-base"),
        "--specpath",
        str(work),
        "--windowed",
        "--name",
        "baseline",
        str(ROOT / "benchmarks" / "baseline_wizard.py"),
        cwd=work,
    )
    ours = folder_size(ours_dist / "smtp-wizard")
    base = folder_size(base_dist / "baseline")
    mb = 1024 * 1024
    figures = [
        Figure(
            "one-folder bundle vs minimal QWizard",
            ours / base,
            1.0,
            "x",
            f"{ours / mb:.1f} MiB vs {base / mb:.1f} MiB",
        )
    ]
    pyinstaller(
        "--distpath",
        str(ours_dist),
        "--workpath",
        str(work / "build-onefile"),
        str(ROOT / "build.spec"),
        "--",
        "--onefile",
        cwd=ROOT,
    )
    onefile = ours_dist / ("smtp-wizard-onefile.exe" if sys.platform == "win32" else "smtp-wizard-onefile")
    figures.append(Figure("one-file bundle size", onefile.stat().st_size / mb, float("inf"), "MiB"))
    compressed = targz_size(ours_dist / "smtp-wizard", work / "ours.tar.gz")
    figures.append(Figure("one-folder bundle, .tar.gz", compressed / mb, float("inf"), "MiB"))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        return report(measure(Path(tmp)), as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
