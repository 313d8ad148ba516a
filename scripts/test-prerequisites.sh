#!/bin/sh
# The system packages the test suite needs: installed when this runs as root on a machine with apt
# (as CI does), otherwise the suite stops here and names what to install. Never a silent skip.
#   chromium       the browser the end-to-end tests (test/e2e) drive through playwright-core
set -eu

missing=""
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$missing chromium"

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the system packages the tests need:$missing" >&2
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  exit 0
fi

echo "The tests need these system packages:$missing" >&2
echo "Install them (Debian/Ubuntu: sudo apt-get install$missing), or set CHROMIUM_PATH to a Chromium binary, then run npm test again." >&2
exit 1
