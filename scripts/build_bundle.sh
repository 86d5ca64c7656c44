#!/usr/bin/env bash
# Build the frozen bundle from this checkout: dist/smtp-wizard/ (one folder) and,
# with --onefile, dist/smtp-wizard-onefile. Translations are compiled first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_system_packages "$RUN_PACKAGES binutils"
ensure_venv "bundle"
if [ -f scripts/build_translations.py ]; then
  "$VENV/bin/python" scripts/build_translations.py --release
fi
extra=()
[ "${1:-}" = "--onefile" ] && extra=(-- --onefile)
"$VENV/bin/pyinstaller" --clean --noconfirm --log-level WARN build.spec "${extra[@]}"
log "built: $(ls -d dist/smtp-wizard* | tr '\n' ' ')"
