#!/usr/bin/env bash
# Build the headless command line as one file for servers: dist/smtp-wizard-cli (no Qt inside).
# Copy that one file to the server and run it: ./smtp-wizard-cli test --config mail.json --password-stdin --to ...
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_system_packages "binutils"
ensure_venv
"$VENV_BIN/pyinstaller" --clean --noconfirm --log-level WARN build-cli.spec
log "built: $(ls -l dist/smtp-wizard-cli* | awk '{print $5, $9}')"
