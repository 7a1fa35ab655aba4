#!/usr/bin/env bash
# Builds the overseer the benchmarks measure: the package as users get it. A snapshot of the
# repository (the work tree's files by default; with BENCH_OVERSEER=head the HEAD commit) is
# copied to a temp dir and packed there with `npm pack` (prepack: tsc build, CJS entries, the
# native addon prebuilt), so the work tree is never touched; the tarball is then installed
# with npm into bench/.tmp/overseer-pkg, beside two entry files that import 'overseer' and
# 'overseer/control' through the exports map, as a user's code does. measured.json there
# says what was packed (version, commit, dirty or not); bench/run.ts puts it in the report.
# Run by bench/setup.sh; alone: `bash bench/pack-overseer.sh`.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
out="$bench/.tmp/overseer-pkg"
say() { echo "pack-overseer: $*" >&2; }

snap="$(mktemp -d "${TMPDIR:-/tmp}/overseer-bench-pack-XXXXXX")"
trap 'rm -rf "$snap"' EXIT
mkdir -p "$snap/src" "$snap/tarball"
head="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ "${BENCH_OVERSEER:-}" = "head" ]; then
  git -C "$repo" archive HEAD | tar -x -C "$snap/src"
  source="npm pack of commit $head"
else
  # Tracked and untracked (not ignored) files as they are in the work tree.
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard |
    tar --null --files-from=- --ignore-failed-read -c -f - 2>/dev/null) | tar -x -C "$snap/src"
  if [ -n "$(git -C "$repo" status --porcelain -- src package.json native scripts tsconfig.build.json 2>/dev/null)" ]; then
    source="npm pack of the work tree at $head, with uncommitted changes"
  else
    source="npm pack of the work tree at $head (clean)"
  fi
fi
# The build tools (tsc, node-gyp via npm) come from the repository's own node_modules.
ln -s "$repo/node_modules" "$snap/src/node_modules"

say "packing ($source)"
(cd "$snap/src" && npm pack --silent --pack-destination "$snap/tarball" >"$snap/pack.log" 2>&1) || {
  cat "$snap/pack.log" >&2
  exit 1
}
tarball="$(ls "$snap"/tarball/overseer-*.tgz)"
version="$(tar -xzOf "$tarball" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).version')"
native="$(tar -tzf "$tarball" | grep -c '^package/prebuilds/.*\.node$' || true)"

rm -rf "$out"
mkdir -p "$out"
cp "$tarball" "$out/overseer.tgz"
cat >"$out/package.json" <<'JSON'
{ "name": "overseer-bench-install", "private": true, "type": "module" }
JSON
(cd "$out" && npm install --no-audit --no-fund --prefer-offline --silent ./overseer.tgz >/dev/null 2>"$snap/install.log") || {
  cat "$snap/install.log" >&2
  exit 1
}
# Each entry also says where its import resolved to (checked by lib/overseer-source.ts).
for entry in overseer overseer/control; do
  file="$out/$(echo "$entry" | tr / -).mjs"
  printf "export * from '%s';\nexport const resolvedFrom = import.meta.resolve('%s');\n" \
    "$entry" "$entry" >"$file"
done
node -e '
  const [out, version, source, native] = process.argv.slice(1);
  const info = { version, source, nativeAddon: Number(native) > 0, packedAt: new Date().toISOString() };
  require("fs").writeFileSync(out + "/measured.json", JSON.stringify(info, null, 2) + "\n");
' "$out" "$version" "$source" "$native"
say "overseer $version installed in ${out#"$repo/"} ($source; native addon: $([ "$native" -gt 0 ] && echo prebuilt || echo none))"
