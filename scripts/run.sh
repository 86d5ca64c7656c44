#!/usr/bin/env bash
# Set up (first time only) and run smtp-wizard from this checkout; arguments pass through.
#   bash scripts/run.sh --demo          the wizard with a local demo mail server
#   bash scripts/run.sh providers       the headless CLI
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_system_packages "$RUN_PACKAGES"
ensure_venv
"$VENV/bin/python" scripts/build_translations.py --release  # .qm files are built, not committed
exec "$VENV/bin/smtp-wizard" "$@"
