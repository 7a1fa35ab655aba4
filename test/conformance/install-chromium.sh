#!/bin/sh
# Installs Debian's chromium (for the status-page tests in headless Chromium) when it is
# missing. Idempotent; needs root (or passwordless sudo) and apt-get.
set -eu

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi

SUDO=
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "install-chromium: chromium is missing and we are not root" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null 2>&1 || {
  echo "install-chromium: chromium still missing after apt-get install" >&2
  exit 1
}
echo "install-chromium: installed $(chromium --version)"
