// The published package.json runs nothing on a consumer's install. In this repository
// `install` builds the optional native addon for development; `npm pack` / `npm publish`
// read package.json after `prepack`, so prepack takes the install-time scripts out
// (`strip`, keeping a copy) and postpack puts the file back (`restore`). The tarball ships
// the addon prebuilt instead (scripts/prebuild-native.mjs). Usage: node pack-manifest.mjs strip|restore
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = join(root, 'package.json');
const kept = join(root, '.package.json.unpacked');
const INSTALL_TIME = ['preinstall', 'install', 'postinstall', 'prepare'];

if (process.argv[2] === 'strip') {
  const text = readFileSync(manifest, 'utf8');
  writeFileSync(kept, text);
  const pkg = JSON.parse(text);
  for (const name of INSTALL_TIME) delete pkg.scripts?.[name];
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (process.argv[2] === 'restore') {
  if (existsSync(kept)) renameSync(kept, manifest);
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}
