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
# area show what the offscreen platform cannot (tests/support_wm.py).
TEST_PACKAGES="$TEST_PACKAGES xvfb xauth openbox x11-utils"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

ensure_system_packages() {
  command -v dpkg >/dev/null 2>&1 || { log "not Debian/Ubuntu: install the Qt runtime libraries yourself"; return 0; }
  local wanted="$1" missing="" pkg
  for pkg in $wanted; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing="$missing python3-venv"
  fi
  [ -z "$missing" ] && return 0
  log "installing system packages:$missing"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
     ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
    log "could not install:$missing (need root or sudo); continuing, Qt may fail to start"
  fi
}

ensure_python() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    log "Python 3.11 or newer is required ($PYTHON is $("$PYTHON" -V 2>&1))"; exit 2; }
}

# ensure_venv EXTRAS: create .venv and install the project (editable) with the given extras.
# Sets VENV_BIN: .venv/bin, or .venv/Scripts on Windows (the release workflow runs these scripts
# in Git Bash there).
ensure_venv() {
  local spec=".${1:+[$1]}" stamp
  ensure_python
  [ -d "$VENV/bin" ] || [ -d "$VENV/Scripts" ] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
  VENV_BIN="$VENV/bin"
  [ -d "$VENV/Scripts" ] && VENV_BIN="$VENV/Scripts"
  stamp="$VENV/.installed-$( (cat pyproject.toml setup.py; echo "$spec") | "$PYTHON" -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')"
  if [ ! -e "$stamp" ]; then
    log "installing smtp-wizard${1:+[$1]} into $VENV"
    "$VENV_BIN/python" -m pip install -q --upgrade pip "setuptools>=77"
    "$VENV_BIN/python" -m pip install -q -e "$spec"
    rm -f "$VENV"/.installed-* && touch "$stamp"
  fi
}
