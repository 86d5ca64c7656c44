"""Extract the UI strings into resources/i18n/*.ts and compile them to .qm.

    python scripts/build_translations.py           update the .ts files, then build the .qm files
    python scripts/build_translations.py --check   fail if a .ts is stale or a zh_CN string is untranslated

The .ts files are the committed source; .qm files are built (CI, the bundle script, run.sh).
lupdate runs without source locations so that moving code does not churn the .ts files.
"""

from __future__ import annotations

import argparse
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


def release() -> None:
    """Compile the committed .ts files to .qm (what the app loads)."""
    for lang in LANGUAGES:
        subprocess.run(
            [tool("lrelease"), "-silent", str(ts_path(lang)), "-qm", str(ts_path(lang).with_suffix(".qm"))],
            check=True,
        )


def build() -> int:
    I18N.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        lupdate(ts_path(lang))
        subprocess.run(
            [tool("lrelease"), "-silent", str(ts_path(lang)), "-qm", str(ts_path(lang).with_suffix(".qm"))],
            check=True,
        )
        missing = problems(ts_path(lang))
        if missing:
            print(f"{len(missing)} {lang} strings still need a translation (see --check)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail on stale or untranslated strings")
    parser.add_argument("--release", action="store_true", help="only compile the .ts files to .qm")
    args = parser.parse_args()
    if args.release:
        release()
        return 0
    return check() if args.check else build()


if __name__ == "__main__":
    sys.exit(main())
