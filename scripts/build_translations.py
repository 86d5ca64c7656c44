"""Extract the UI strings into resources/i18n/*.ts and compile them to .qm.

    python scripts/build_translations.py           update the .ts files, then build the .qm files
    python scripts/build_translations.py --check   fail if a .ts is stale or a zh_CN string is untranslated
    python scripts/build_translations.py --release [--out DIR]   only compile the .ts files to .qm

The .ts files are the committed source; .qm files are built, never committed (binary files
that every branch touching a tr() string would make conflict). Every build runs --release:
the wheel's build_py (setup.py), build.spec, run.sh and test.sh; a missing catalog fails them.
lupdate runs without source locations so that moving code does not churn the .ts files.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)  # English is the source language
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """The Qt tool of the importable PySide6 (a build environment has no pyside6-* scripts on
    PATH unless pip put them there), else the pyside6-* wrapper script."""
    spec = importlib.util.find_spec("PySide6")
    if spec and spec.submodule_search_locations:
        package = Path(next(iter(spec.submodule_search_locations)))
        for binary in (package / name, package / f"{name}.exe"):
            if binary.is_file():
                return str(binary)
    found = shutil.which(f"pyside6-{name}", path=str(BIN)) or shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials")
    return found


def sources() -> list[str]:
    # lupdate needs explicit .py files (a directory yields "0 source texts").
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "wizard" / "ui").rglob("*.py"))


def ts_path(lang: str, directory: Path = I18N) -> Path:
    return directory / f"smtp_wizard_{lang}.ts"


def lupdate(target: Path) -> None:
    subprocess.run(
        [tool("lupdate"), "-silent", "-locations", "none", "-no-obsolete", *sources(), "-ts", str(target)],
        cwd=ROOT,
        check=True,
    )


def problems(path: Path) -> list[str]:
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source")
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not (translation.text or "").strip()
            ):
                found.append(f"{name}: {source!r}")
    return found


def hidden_strings() -> list[str]:
    """tr() inside an f-string is invisible to lupdate: the string would silently stay English."""
    found = []
    for source in sources():
        for number, line in enumerate((ROOT / source).read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""\bf(["']).*\btr\(""", line):
                found.append(f"{source}:{number}: tr() inside an f-string is not extracted; use a variable")
    return found


def check() -> int:
    hidden = hidden_strings()
    for item in hidden:
        print(item)
    failed = bool(hidden)
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGUAGES:
            fresh = ts_path(lang, Path(tmp))
            shutil.copy(ts_path(lang), fresh)
            lupdate(fresh)
            if fresh.read_bytes() != ts_path(lang).read_bytes():
                print(
                    f"{ts_path(lang).name} is stale: run python scripts/build_translations.py and commit it"
                )
                failed = True
            missing = problems(fresh)
            for item in missing:
                print(f"untranslated ({lang}): {item}")
            failed = failed or bool(missing)
    if not failed:
        print("translations complete and up to date")
    return 1 if failed else 0


def release(out: Path = I18N, source: Path = I18N) -> list[Path]:
    """Compile the committed .ts files to .qm (what the app loads) in ``out``; fail if one is missing."""
    out.mkdir(parents=True, exist_ok=True)
    built = []
    for lang in LANGUAGES:
        ts = ts_path(lang, source)
        if not ts.is_file():
            raise SystemExit(f"translation source {ts} is missing")
        qm = out / ts.with_suffix(".qm").name
        qm.unlink(missing_ok=True)
        subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        if not qm.is_file() or qm.stat().st_size == 0:
            raise SystemExit(f"lrelease did not write {qm}")
        built.append(qm)
    return built


def build() -> int:
    I18N.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        lupdate(ts_path(lang))
        missing = problems(ts_path(lang))
        if missing:
            print(f"{len(missing)} {lang} strings still need a translation (see --check)")
    release()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail on stale or untranslated strings")
    parser.add_argument("--release", action="store_true", help="only compile the .ts files to .qm")
    parser.add_argument("--out", type=Path, default=I18N, help="where --release writes the .qm files")
    args = parser.parse_args()
    if args.release:
        release(args.out.resolve())
        return 0
    return check() if args.check else build()


if __name__ == "__main__":
    sys.exit(main())
