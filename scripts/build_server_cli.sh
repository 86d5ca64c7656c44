#!/usr/bin/env bash
# Build the headless command line as one file for servers: dist/smtp-wizard-cli (no Qt inside).
# Copy that one file to the server and run it: ./smtp-wizard-cli test --config mail.json --password-stdin --to ...
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_system_packages "binutils"
ensure_venv
# Reproducible: the same commit builds the same files (PyInstaller orders some of its archives by
# hash, https://pyinstaller.readthedocs.io/en/stable/advanced-topics.html#creating-a-reproducible-build;
# times come from the last commit). scripts/package_release.py packs them the same way.
export PYTHONHASHSEED="${PYTHONHASHSEED:-1}"
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}"
export SOURCE_DATE_EPOCH
"$VENV_BIN/pyinstaller" --clean --noconfirm --log-level WARN build-cli.spec
log "built: $(ls -l dist/smtp-wizard-cli* | awk '{print $5, $9}')"
