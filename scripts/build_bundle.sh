#!/usr/bin/env bash
# Build the frozen bundle from this checkout: dist/smtp-wizard/ (one folder) and,
# with --onefile, dist/smtp-wizard-onefile. build.spec compiles the translations itself.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_system_packages "$RUN_PACKAGES binutils xvfb xauth"  # readelf, strip; Xvfb for check_bundle.py
ensure_venv
extra=()
[ "${1:-}" = "--onefile" ] && extra=(-- --onefile)
"$VENV_BIN/pyinstaller" --clean --noconfirm --log-level WARN build.spec "${extra[@]}"
log "built: $(ls -d dist/smtp-wizard* | tr '\n' ' ')"
