#!/usr/bin/env bash
# Unpack Debian's Exim binary into .cache/exim/ for tests/realservers/test_exim.py, without
# installing the exim4 package: Debian's mail-transport-agent conflict would remove Postfix,
# which the other real-server tests need. Installs the shared libraries the package depends on
# (libraries do not conflict) and the system user the binary expects. Idempotent and quick once
# done; never fails the caller (the Exim tests then skip and say why).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 0
# shellcheck source=scripts/_setup.sh
. scripts/_setup.sh
target=.cache/exim
binary="$target/usr/sbin/exim4"

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  log "exim: not Debian/Ubuntu, the Exim tests will skip"
  exit 0
fi

if [ ! -x "$binary" ]; then
  log "exim: downloading exim4-daemon-light (unpacked into $target, not installed)"
  download=$(mktemp -d)
  fetched() { (cd "$download" && apt-get download -q exim4-daemon-light >/dev/null 2>&1); }
  # A fresh container may have no package lists yet.
  fetched || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq && fetched; } ||
    log "exim: apt-get download failed (no network to the Debian mirror?), the Exim tests will skip"
  deb=$(find "$download" -name 'exim4-daemon-light_*.deb' | head -n 1)
  if [ -n "$deb" ]; then
    # The package's own Depends, first alternative, without versions: its shared libraries.
    libraries=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' |
      grep -v -e '^exim4' -e '^debconf' -e '^$')
    missing=""
    for pkg in $libraries; do
      dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    # shellcheck disable=SC2086 # one word per package
    if [ -n "$missing" ] && ! { log "exim: installing its libraries:$missing" &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; }; then
      log "exim: could not install:$missing; the Exim tests will skip"  # and the next run tries again
    else
      mkdir -p "$target" && dpkg-deb -x "$deb" "$target"
    fi
  fi
  rm -rf "$download"
fi

# The binary looks its compiled-in user up at start, before reading any configuration: create
# that system user as the exim4-base package would (its postinst runs adduser --system).
if [ -x "$binary" ] && ! getent passwd Debian-exim >/dev/null && [ "$(id -u)" = 0 ]; then
  log "exim: creating the system user Debian-exim"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin Debian-exim
fi
exit 0
