#!/usr/bin/env bash
# Build the frozen bundle from this checkout: dist/smtp-wizard/ (one folder) and,
# with --onefile, dist/smtp-wizard-onefile. build.spec compiles the translations itself.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_system_packages "$RUN_PACKAGES binutils xvfb xauth"  # readelf, strip; Xvfb for check_bundle.py
ensure_venv
# Reproducible: the same commit builds the same files (PyInstaller orders some of its archives by
# hash, https://pyinstaller.readthedocs.io/en/stable/advanced-topics.html#creating-a-reproducible-build;
# times come from the last commit). scripts/package_release.py packs them the same way.
export PYTHONHASHSEED="${PYTHONHASHSEED:-1}"
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}"
export SOURCE_DATE_EPOCH
extra=()
[ "${1:-}" = "--onefile" ] && extra=(-- --onefile)
"$VENV_BIN/pyinstaller" --clean --noconfirm --log-level WARN build.spec "${extra[@]}"
log "built: $(ls -d dist/smtp-wizard* | tr '\n' ' ')"
