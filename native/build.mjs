// Builds overseer's optional native addon (native/overseer.c) with node-gyp at install.
// Never fails the install: without a compiler or Node's headers the library works without
// the addon (no child subreaper, no reaping of orphans; see docs/reliability.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
if (process.env.OVERSEER_SKIP_NATIVE === '1') {
  console.log('overseer: OVERSEER_SKIP_NATIVE=1, the native addon is not built');
  process.exit(0);
}
if (process.platform !== 'linux') {
  console.log(`overseer: no native addon on ${process.platform} (it serves Linux only)`);
  process.exit(0);
}
// npm passes its own node-gyp; otherwise the one next to npm, or on PATH.
const bundled = join(
  dirname(process.execPath),
  '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
);
const gyp = process.env.npm_config_node_gyp || (existsSync(bundled) ? bundled : undefined);
// Node's own headers (installed with Node under <prefix>/include/node): no download needed.
const prefix = dirname(dirname(process.execPath));
const local =
  existsSync(join(prefix, 'include/node/node_api.h')) && !process.env.npm_config_nodedir;
const gypArgs = ['rebuild', ...(local ? [`--nodedir=${prefix}`] : [])];
const [command, args] = gyp ? [process.execPath, [gyp, ...gypArgs]] : ['node-gyp', gypArgs];
const result = spawnSync(command, args, {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (result.status === 0) {
  console.log('overseer: native addon built (child subreaper and orphan reaping on)');
} else {
  const why = (result.stderr || result.error?.message || '')
    .trim()
    .split('\n')
    .slice(-3)
    .join(' | ');
  console.warn(
    `overseer: native addon not built; running without it (see docs/reliability.md). ${why}`,
  );
}
