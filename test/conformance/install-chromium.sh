#!/bin/sh
# Installs Debian's chromium (for the status-page tests in headless Chromium) when it is
# missing. Idempotent; needs root (or passwordless sudo) and apt-get.
set -eu

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
sh "$(dirname "$0")/apt-install.sh" chromium
command -v chromium >/dev/null 2>&1 || {
  echo "install-chromium: chromium still missing after apt-get install" >&2
  exit 1
}
echo "install-chromium: installed $(chromium --version)"
