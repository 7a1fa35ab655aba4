#!/usr/bin/env bash
# Installs what the benchmarks need on a fresh Debian machine (as root). Idempotent: a second
# run does nothing. Run by `npm run bench`; alone: `bash bench/setup.sh`.
set -euo pipefail
cd "$(dirname "$0")"

say() { echo "setup: $*" >&2; }

# supervisord: the installer the conformance suite uses (Debian's package, no system daemon
# left running; a no-op when supervisord is there).
sh ../test/conformance/install-supervisord.sh >&2

need_apt=()
command -v ps >/dev/null 2>&1 || need_apt+=(procps) # forever-monitor and respawn kill via ps-tree
command -v mkfifo >/dev/null 2>&1 || need_apt+=(coreutils)
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "missing ${need_apt[*]}; run as root (or: apt-get install -y ${need_apt[*]})"
    exit 1
  fi
  say "installing ${need_apt[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# The library's own dependencies (its build tools: overseer is packed from this repository).
if [ ! -d ../node_modules ]; then
  say "installing the library's dependencies (npm ci in the repo root)"
  (cd .. && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
fi

# The peers and tsx, as locked in bench/package-lock.json.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the peers (npm ci in bench/)"
  npm ci --no-audit --no-fund >/dev/null
fi

# overseer as users get it: npm pack of the work tree (BENCH_OVERSEER=head: of HEAD), the
# tarball installed into bench/.tmp/overseer-pkg; every scenario imports it from there.
bash pack-overseer.sh

say "ok: $(supervisord --version 2>/dev/null | head -1) (supervisord), node $(node --version)"
