/**
 * Compiles the harness (run.ts, lib/, scenarios/) to plain JavaScript in bench/.build, one file
 * per source file, so no host measured by a scenario carries tsx's loader thread or its
 * on-the-fly compiles in its CPU and memory figures. `npm run bench` runs .build/run.js;
 * `tsx run.ts` still runs the sources directly (hosts then fork under tsx too).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '.build');

function sources(dir) {
  return readdirSync(path.join(here, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const entryPoints = ['run.ts', ...sources('lib'), ...sources('scenarios')].map((f) =>
  path.join(here, f),
);
await build({
  entryPoints,
  outdir: out,
  outbase: here,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
process.stderr.write(`build: ${entryPoints.length} files compiled to bench/.build\n`);
