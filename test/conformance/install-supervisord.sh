#!/bin/sh
# Installs Debian's supervisor package when supervisord is missing, without leaving the
# system service running. Idempotent; needs root (or passwordless sudo) and apt-get.
set -eu

if command -v supervisord >/dev/null 2>&1; then
  exit 0
fi

SUDO=
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "install-supervisord: supervisord is missing and we are not root" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive

# Forbid the package's maintainer scripts from starting the service (invoke-rc.d honours
# policy-rc.d: exit 101 = action not allowed). Keep any pre-existing policy untouched.
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  OWN_POLICY=1
fi
cleanup() {
  if [ "$OWN_POLICY" = 1 ]; then $SUDO rm -f "$POLICY"; fi
}
trap cleanup EXIT

$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends supervisor >/dev/null

# Belt and braces: if a system supervisord got started anyway, stop it.
if command -v service >/dev/null 2>&1; then
  $SUDO service supervisor stop >/dev/null 2>&1 || true
fi
if [ -f /var/run/supervisord.pid ]; then
  PID=$(cat /var/run/supervisord.pid 2>/dev/null || true)
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    $SUDO kill -TERM "$PID" 2>/dev/null || true
    i=0
    while kill -0 "$PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
    $SUDO kill -KILL "$PID" 2>/dev/null || true
  fi
fi

command -v supervisord >/dev/null 2>&1 || {
  echo "install-supervisord: supervisord still missing after apt-get install" >&2
  exit 1
}
echo "install-supervisord: installed $(supervisord --version)"
