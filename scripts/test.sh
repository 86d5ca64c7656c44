#!/usr/bin/env bash
# Set up everything and run the whole suite: lint, the Qt-free check, translations, pytest.
# This is the README's test command, and CI runs exactly this. Under CI=true (.ci/run, GitHub
# Actions) a system package the tests need that cannot be installed stops the run, and a skipped
# real-server, keyring or window-manager test fails it (tests/ci_skips.py).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_system_packages "$TEST_PACKAGES"
bash scripts/fetch_exim.sh
ensure_venv
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1

log "ruff"
"$VENV/bin/ruff" check wizard tests scripts benchmarks
"$VENV/bin/ruff" format --check wizard tests scripts benchmarks

log "release workflow (actionlint)"
# actionlint checks the run: scripts with shellcheck only when it finds it, and says nothing otherwise.
if ! command -v shellcheck >/dev/null 2>&1; then
  on_ci && { log "shellcheck is missing (CI=true: stopping)"; exit 1; }
  log "shellcheck is missing: actionlint checks the workflows without the shell in their run: steps"
fi
"$VENV/bin/actionlint" .github/workflows/*.yml

log "import contracts (pyproject.toml [tool.importlinter])"
"$VENV/bin/lint-imports"

log "Qt-free core and CLI"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/core/test_qt_free.py

if [ -f scripts/build_translations.py ]; then
  log "translations are complete and up to date"
  "$VENV/bin/python" scripts/build_translations.py --check
  "$VENV/bin/python" scripts/build_translations.py --release
fi

log "provider catalog age (warns, never fails)"
"$VENV/bin/python" scripts/check_catalog_age.py

log "pytest"
# A private D-Bus session lets the keyring tests use a real Secret Service (gnome-keyring).
runner=()
command -v dbus-run-session >/dev/null 2>&1 && runner=(dbus-run-session --)
"${runner[@]}" "$VENV/bin/python" -m pytest -n "${PYTEST_WORKERS:-2}" -p no:cacheprovider "$@"
