/**
 * Which overseer the bench measures: the package as users get it. bench/pack-overseer.sh (run
 * by setup.sh) packs a snapshot of the repository with `npm pack` (the work tree's files, or
 * the HEAD commit with BENCH_OVERSEER=head) and installs the tarball into
 * bench/.tmp/overseer-pkg. Every host imports 'overseer' and 'overseer/control' from there,
 * resolved through the package's exports map (dist/, the prebuilt native addon), never src/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir } from './context.js';

/** Where pack-overseer.sh installs the tarball. */
export const overseerPackageDir = path.join(benchDir, '.tmp', 'overseer-pkg');

export interface MeasuredOverseer {
  readonly version: string;
  /** e.g. 'npm pack of the work tree at 1a2b3c4, with uncommitted changes'. */
  readonly source: string;
  readonly nativeAddon: boolean;
  readonly packedAt: string;
}

const HOW = 'run `bash bench/setup.sh` (or `npm run bench`), which packs and installs it';

/** What pack-overseer.sh installed; throws when nothing is installed. */
export function measuredOverseer(): MeasuredOverseer {
  const file = path.join(overseerPackageDir, 'measured.json');
  if (!existsSync(file)) throw new Error(`no packed overseer in ${overseerPackageDir}: ${HOW}`);
  return JSON.parse(readFileSync(file, 'utf8')) as MeasuredOverseer;
}

/** The versions-table entry: '0.1.0 (npm pack of commit 1a2b3c4; prebuilt native addon)'. */
export function describeOverseer(): string {
  const m = measuredOverseer();
  return `${m.version} (${m.source}; ${m.nativeAddon ? 'prebuilt native addon' : 'no native addon'})`;
}

/**
 * Imports one of the installed package's entry points ('overseer' or 'overseer/control')
 * through an entry file that sits beside its node_modules, so Node resolves it the way a
 * user's import does.
 */
export async function importInstalled<T>(entry: 'overseer' | 'overseer-control'): Promise<T> {
  const file = path.join(overseerPackageDir, `${entry}.mjs`);
  if (!existsSync(file)) throw new Error(`no packed overseer in ${overseerPackageDir}: ${HOW}`);
  const mod = (await import(pathToFileURL(file).href)) as T & { resolvedFrom: string };
  // tsx maps bare specifiers through tsconfig `paths` (the root's map 'overseer' to src/):
  // make sure the built package is what was loaded.
  const dist = `${pathToFileURL(overseerPackageDir).href}/node_modules/overseer/dist/`;
  if (!mod.resolvedFrom.startsWith(dist))
    throw new Error(`'${entry}' resolved to ${mod.resolvedFrom}, not the package's dist/`);
  return mod;
}
