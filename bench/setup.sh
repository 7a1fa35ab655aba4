#!/usr/bin/env bash
# Installs what the benchmarks need on a fresh Debian machine (as root). Idempotent: a second
# run does nothing. Run by `npm run bench`; alone: `bash bench/setup.sh`.
set -euo pipefail
cd "$(dirname "$0")"

say() { echo "setup: $*" >&2; }

need_apt=()
command -v supervisord >/dev/null 2>&1 || need_apt+=(supervisor)
command -v ps >/dev/null 2>&1 || need_apt+=(procps) # forever-monitor and respawn kill via ps-tree
command -v mkfifo >/dev/null 2>&1 || need_apt+=(coreutils)

if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "missing ${need_apt[*]}; run as root (or: apt-get install -y ${need_apt[*]})"
    exit 1
  fi
  say "installing ${need_apt[*]} (apt)"
  # Debian's supervisor package starts a system-wide supervisord on install. The bench runs
  # its own, so forbid service starts during the install (policy-rc.d, the Debian way).
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

# Whatever started it, no system supervisord may stay running: stop the one the package knows.
for pidfile in /var/run/supervisord.pid /run/supervisord.pid; do
  if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    pid="$(cat "$pidfile")"
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q supervisord; then
      say "stopping the system supervisord (pid $pid)"
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
done

# The library's own dependencies (overseer is imported from ../src).
if [ ! -d ../node_modules ]; then
  say "installing the library's dependencies (npm ci in the repo root)"
  (cd .. && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
fi

# The peers and tsx, as locked in bench/package-lock.json.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the peers (npm ci in bench/)"
  npm ci --no-audit --no-fund >/dev/null
fi

say "ok: $(supervisord --version 2>/dev/null | head -1) (supervisord), node $(node --version)"
