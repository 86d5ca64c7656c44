#!/usr/bin/env bash
# Unpack Debian's Exim binary into .cache/exim/ for tests/realservers/test_exim.py, without
# installing the exim4 package: Debian's mail-transport-agent conflict would remove Postfix,
# which the other real-server tests need. Installs the shared libraries the package depends on
# (libraries do not conflict) and the system user the binary expects. Idempotent and quick once
# done. When Exim cannot be set up the Exim tests skip and say why; under CI=true this script
# fails instead (tests/ci_skips.py would fail those tests anyway, this says why earlier).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 0
# shellcheck source=scripts/_setup.sh
. scripts/_setup.sh
target=.cache/exim
binary="$target/usr/sbin/exim4"

# Exim could not be set up: stop under CI, else go on without it.
give_up() {
  if on_ci; then log "exim: $1 (CI=true: stopping)"; exit 1; fi
  log "exim: $1; the Exim tests will skip"
  exit 0
}

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  give_up "not Debian/Ubuntu"
fi

if [ ! -x "$binary" ]; then
  log "exim: downloading exim4-daemon-light (unpacked into $target, not installed)"
  download=$(mktemp -d)
  fetched() { (cd "$download" && apt-get download -q exim4-daemon-light >/dev/null); }
  # A fresh container may have no package lists yet (apt's own error is shown either way).
  fetched || { apt_update && fetched; } || log "exim: apt-get download failed (apt's error above)"
  deb=$(find "$download" -name 'exim4-daemon-light_*.deb' | head -n 1)
  if [ -n "$deb" ]; then
    # The package's own Depends, first alternative, without versions: its shared libraries.
    libraries=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' |
      grep -v -e '^exim4' -e '^debconf' -e '^$')
    # shellcheck disable=SC2086 # one word per package
    missing=$(missing_packages $libraries)
    if [ -n "$missing" ]; then
      log "exim: installing its libraries:$missing"
      # shellcheck disable=SC2086
      apt_get install -y -qq --no-install-recommends $missing >/dev/null
      # shellcheck disable=SC2086
      missing=$(missing_packages $missing)
    fi
    # Unpacked only with its libraries, so the next run tries again.
    [ -z "$missing" ] && mkdir -p "$target" && dpkg-deb -x "$deb" "$target"
  fi
  rm -rf "$download"
  [ -n "${missing:-}" ] && give_up "could not install its libraries:$missing (apt's error above)"
  [ -x "$binary" ] || give_up "no binary at $binary (apt-get download failed, apt's error above)"
fi

# The binary looks its compiled-in user up at start, before reading any configuration: create
# that system user as the exim4-base package would (its postinst runs adduser --system).
if [ -x "$binary" ] && ! getent passwd Debian-exim >/dev/null && [ "$(id -u)" = 0 ]; then
  log "exim: creating the system user Debian-exim"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin Debian-exim ||
    give_up "could not create the system user Debian-exim"
fi
exit 0
