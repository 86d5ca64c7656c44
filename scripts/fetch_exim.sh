#!/usr/bin/env bash
# Unpack Debian's Exim binary into .cache/exim/ for tests/realservers/test_exim.py, without
# installing the exim4 package: Debian's mail-transport-agent conflict would remove Postfix,
# which the other real-server tests need. Idempotent and quick once done; never fails the caller
# (the Exim tests then skip and say why).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 0
target=.cache/exim
binary="$target/usr/sbin/exim4"

note() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ ! -x "$binary" ]; then
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
    note "exim: not Debian/Ubuntu, the Exim tests will skip"
    exit 0
  fi
  note "exim: downloading exim4-daemon-light (unpacked into $target, not installed)"
  download=$(mktemp -d)
  if (cd "$download" && apt-get download -q exim4-daemon-light >/dev/null 2>&1); then
    mkdir -p "$target" && dpkg-deb -x "$download"/exim4-daemon-light_*.deb "$target"
  else
    note "exim: apt-get download failed (no network to the Debian mirror?), the Exim tests will skip"
  fi
  rm -rf "$download"
fi

# The binary looks its compiled-in user up at start, before reading any configuration: create
# that system user as the exim4-base package would (its postinst runs adduser --system).
if [ -x "$binary" ] && ! getent passwd Debian-exim >/dev/null && [ "$(id -u)" = 0 ]; then
  note "exim: creating the system user Debian-exim"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin Debian-exim
fi
exit 0
