// Before packing: the optional native addon, built here (native/build.mjs, node-gyp), is
// copied to prebuilds/<platform>-<arch>/ for the tarball, so consumers on the same platform
// get it without compiling anything at install. Elsewhere the library runs without it
// (see src/process/native.ts). A machine that cannot build it packs without it.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'build', 'Release', 'overseer_native.node');
rmSync(join(root, 'prebuilds'), { recursive: true, force: true });
if (process.platform !== 'linux' || !existsSync(built)) {
  console.log('prebuild: no native addon built here; the package ships without one');
} else {
  const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(built, join(dir, 'overseer_native.node'));
  console.log(`prebuild: native addon for ${process.platform}-${process.arch}`);
}
