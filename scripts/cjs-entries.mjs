// After `tsc -p tsconfig.build.json`: the CommonJS face of the ES module build, so that
// `require('overseer')` works and is typed for CommonJS callers. For each entry in
// package.json `exports` with a `require` condition, writes a one-line CommonJS file that
// require()s the ES module (Node 20.19+ / 22.12+ load ES modules from require), so both
// faces share one module instance: no dual-package hazard. The declarations are copied
// under dist/cjs/, whose package.json says "commonjs", so TypeScript reads them as CommonJS.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const cjs = join(dist, 'cjs');

function copyDeclarations(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (source === cjs) continue;
    if (entry.isDirectory()) copyDeclarations(source, join(to, entry.name));
    else if (entry.name.endsWith('.d.ts')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, entry.name));
    }
  }
}

copyDeclarations(dist, cjs);
writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');
const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let count = 0;
for (const [subpath, conditions] of Object.entries(exports)) {
  if (typeof conditions !== 'object' || !conditions.require) continue;
  const esm = join(root, conditions.import.default);
  const wrapper = join(root, conditions.require.default);
  let target = relative(dirname(wrapper), esm);
  if (!target.startsWith('.')) target = `./${target}`;
  mkdirSync(dirname(wrapper), { recursive: true });
  writeFileSync(
    wrapper,
    `'use strict';\n// ${subpath} for require(): the ES module itself (Node 20.19+, 22.12+).\nmodule.exports = require('${target}');\n`,
  );
  count++;
  if (subpath !== '.') writeLegacyStub(subpath, conditions);
}

/**
 * `<subpath>/package.json` at the package root, for resolvers that do not read `exports`
 * (TypeScript's `moduleResolution: node` / node10, older bundlers): main and types of the
 * CommonJS face. Listed in package.json `files`; not kept in git.
 */
function writeLegacyStub(subpath, conditions) {
  const dir = join(root, subpath);
  const up = relative(dir, root) || '.';
  const stub = {
    main: `${up}/${conditions.require.default.replace(/^\.\//, '')}`,
    types: `${up}/${conditions.require.types.replace(/^\.\//, '')}`,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(stub, null, 2)}\n`);
}
console.log(`cjs entries: ${count} written, declarations copied to dist/cjs`);
