#!/bin/sh
# Installs Debian packages with apt-get, as root or through passwordless sudo.
# Usage: sh apt-install.sh PACKAGE...   (the caller checks first whether it is needed)
set -eu

SUDO=
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "apt-install: $* missing and we are not root" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
