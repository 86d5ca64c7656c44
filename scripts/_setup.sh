# Shared by scripts/run.sh and scripts/test.sh: install what a fresh Debian machine lacks.
# Sourced, not executed. Idempotent and quick when everything is already there.

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

# Qt's xcb/offscreen platforms need these shared libraries; Chinese text needs a CJK font.
RUN_PACKAGES="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  libxcb-xinerama0 libxcb-xkb1 fonts-wqy-microhei"
# Tests also run a real Secret Service keyring on a private D-Bus session, and private Postfix +
# Dovecot instances on loopback (tests/realservers: what real mail servers answer, the IMAP side of
# delivery confirmation).
TEST_PACKAGES="$RUN_PACKAGES dbus dbus-x11 gnome-keyring postfix dovecot-core dovecot-imapd"
# (Exim for the same tests: scripts/fetch_exim.sh unpacks Debian's binary, since the package would
# replace Postfix, and installs the libraries that package depends on, e.g. libidn12.)
# actionlint (scripts/test.sh) checks the shell in the workflows' run: steps with shellcheck.
TEST_PACKAGES="$TEST_PACKAGES shellcheck"
# Postfix delivers over LMTP to Dovecot, whose Sieve rule files junk (tests/realservers/delivery_loop.py).
TEST_PACKAGES="$TEST_PACKAGES dovecot-lmtpd dovecot-sieve"
# `openssl x509 -hash` names a CA the way a hashed system directory does (tests/core/engine/test_tls.py).
TEST_PACKAGES="$TEST_PACKAGES openssl ca-certificates"
# The window-manager tests and scripts/screenshots.py: Xvfb with Openbox, whose frames and work
# area show what the offscreen platform cannot (tests/support/wm.py).
TEST_PACKAGES="$TEST_PACKAGES xvfb xauth openbox x11-utils"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# CI=true (GitHub Actions, .ci/run): a system package the tests need that cannot be installed
# fails the run; elsewhere it is named and the run goes on (those tests then skip and say why).
on_ci() { case "${CI:-}" in true | TRUE | True | 1 | yes) return 0 ;; *) return 1 ;; esac; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "not root and no sudo: cannot run $*"; return 1
  fi
}

# Another apt (unattended upgrades on a fresh machine, another checkout's setup) may hold the
# dpkg lock: wait for it, up to APT_LOCK_TIMEOUT seconds, instead of failing at once.
APT_LOCK_TIMEOUT="${APT_LOCK_TIMEOUT:-900}"

apt_get() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT" "$@"
}

# `apt-get update` does not wait for the package lists' lock (DPkg::Lock::Timeout is the dpkg
# lock only): retry while apt says the lock is held. apt's own error is printed when it fails.
apt_update() {
  local waited=0 error
  while ! error=$(apt_get update -qq 2>&1 >/dev/null); do
    case "$error" in
      *"Could not get lock"*) [ "$waited" -lt "$APT_LOCK_TIMEOUT" ] || { printf '%s\n' "$error" >&2; return 1; } ;;
      *) printf '%s\n' "$error" >&2; return 1 ;;
    esac
    [ "$waited" = 0 ] && log "apt-get update: waiting up to ${APT_LOCK_TIMEOUT}s for another apt to finish"
    sleep 2
    waited=$((waited + 2))
  done
  [ -z "$error" ] || printf '%s\n' "$error" >&2  # warnings
}

# The packages of "$@" that are not installed, each after a space.
missing_packages() {
  local pkg
  for pkg in "$@"; do
    case "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)" in
      ii*) ;;
      *) printf ' %s' "$pkg" ;;
    esac
  done
}

# install_packages PKG...: apt-get update (the lists of a fresh container may be missing or
# old), then install; apt's own messages go to stderr.
install_packages() {
  apt_update || log "apt-get update failed (apt's error above); installing from the package lists there are"
  apt_get install -y -qq --no-install-recommends "$@" >/dev/null
}

# report_missing " PKG..." [" for WHAT"]: packages still missing after an install stop the run
# under CI; elsewhere they are named.
report_missing() {
  local missing="$1" needed_for="${2:-}"
  [ -z "$missing" ] && return 0
  if on_ci; then
    log "missing system packages$needed_for:$missing (CI=true: stopping; apt's error is above)"
    exit 1
  fi
  log "still missing$needed_for:$missing (apt's error above); continuing without them"
}

ensure_system_packages() {
  command -v dpkg >/dev/null 2>&1 || { log "not Debian/Ubuntu: install the Qt runtime libraries yourself"; return 0; }
  local missing
  # shellcheck disable=SC2086 # one word per package
  missing=$(missing_packages $1)
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing="$missing python3-venv"
  fi
  [ -z "$missing" ] && return 0
  log "installing system packages:$missing"
  # shellcheck disable=SC2086
  install_packages $missing || true
  # shellcheck disable=SC2086
  report_missing "$(missing_packages $missing)"
}

ensure_python() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    log "Python 3.11 or newer is required ($PYTHON is $("$PYTHON" -V 2>&1))"; exit 2; }
}

# ensure_venv: create .venv and install the project (editable) with every extra of pyproject.toml
# (test, bundle, icons, release), once: run.sh, test.sh and the build scripts share it, and it is
# reinstalled only when pyproject.toml, setup.py or the lock change. What the program and its
# build use comes from requirements/release.lock first (pinned, hashes checked), so the tests, CI
# and the release builds run the versions the SBOM lists. Sets VENV_BIN: .venv/bin, or .venv/Scripts on
# Windows (the release workflow runs these scripts in Git Bash there).
ensure_venv() {
  local stamp extras
  ensure_python
  [ -d "$VENV/bin" ] || [ -d "$VENV/Scripts" ] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
  VENV_BIN="$VENV/bin"
  [ -d "$VENV/Scripts" ] && VENV_BIN="$VENV/Scripts"
  stamp="$VENV/.installed-$(cat pyproject.toml setup.py requirements/release.lock | "$PYTHON" -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')"
  if [ ! -e "$stamp" ]; then
    extras=$("$PYTHON" -c 'import tomllib; print(",".join(sorted(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"])))')
    log "installing smtp-wizard[$extras] into $VENV"
    "$VENV_BIN/python" -m pip install -q --upgrade pip "setuptools>=77"
    "$VENV_BIN/python" -m pip install -q --require-hashes -r requirements/release.lock
    "$VENV_BIN/python" -m pip install -q -e ".[$extras]"
    rm -f "$VENV"/.installed-* && touch "$stamp"
  fi
}
