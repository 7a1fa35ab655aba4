/** Builds the Context a scenario runs with, and runs its cleanups and leak check. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTagged, type ProcInfo } from './procscan.js';
import { medianOfFields } from './stats.js';
import type { Context, PeerVersions } from './types.js';

/** bench/, from the sources (bench/lib) and from the compiled harness (bench/.build/lib) alike. */
const above = fileURLToPath(new URL('..', import.meta.url));
export const benchDir = path.basename(above) === '.build' ? path.dirname(above) : above;
export const fixturesDir = path.join(benchDir, 'fixtures');

import { sleep } from './util.js';

export class LeakError extends Error {
  constructor(
    readonly what: string,
    readonly leftovers: readonly ProcInfo[],
  ) {
    super(
      `LEAK after ${what}: ${leftovers.length} process(es) still alive:\n` +
        leftovers.map((p) => `  pid ${p.pid} (ppid ${p.ppid}): ${p.cmd}`).join('\n'),
    );
  }
}

/** Waits up to graceMs for every process carrying the tag to end; kills and throws if not. */
export async function assertNoLeaks(tag: string, what: string, graceMs = 5000): Promise<void> {
  const deadline = Date.now() + graceMs;
  let left = findTagged(tag);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(50);
    left = findTagged(tag);
  }
  if (left.length === 0) return;
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {}
  }
  throw new LeakError(what, left);
}

export interface OwnedContext extends Context {
  /** Runs cleanups (reverse order), removes tmpDir, restores BENCH_TAG. Collects errors. */
  dispose(): Promise<Error[]>;
}

export function createContext(
  name: string,
  versions: PeerVersions,
  log: (m: string) => void,
): OwnedContext {
  const quick = process.env.BENCH_QUICK === '1';
  const tag = `${name}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), `ovb-${name}-`));
  const cleanups: (() => unknown)[] = [];
  const previousTag = process.env.BENCH_TAG;
  process.env.BENCH_TAG = tag;

  return {
    name,
    tmpDir,
    tag,
    fixtures: fixturesDir,
    versions,
    quick,
    envInt(variable, fallback, quickFallback) {
      const raw = process.env[variable];
      if (raw !== undefined && raw !== '') {
        const n = Number(raw);
        if (!Number.isFinite(n)) throw new Error(`${variable} must be a number, got '${raw}'`);
        return n;
      }
      return quick && quickFallback !== undefined ? quickFallback : fallback;
    },
    async repeat(n, fn) {
      const results = [];
      for (let i = 0; i < n; i++) results.push(await fn(i));
      return medianOfFields(results);
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
    assertNoLeaks(what = name, graceMs = 5000) {
      return assertNoLeaks(tag, what, graceMs);
    },
    log: (m) => log(`[${name}] ${m}`),
    async dispose() {
      const errors: Error[] = [];
      while (cleanups.length > 0) {
        try {
          await cleanups.pop()!();
        } catch (e) {
          errors.push(e instanceof Error ? e : new Error(String(e)));
        }
      }
      try {
        await assertNoLeaks(tag, `scenario ${name}`);
      } catch (e) {
        errors.push(e as Error);
      }
      rmSync(tmpDir, { recursive: true, force: true });
      if (previousTag === undefined) delete process.env.BENCH_TAG;
      else process.env.BENCH_TAG = previousTag;
      return errors;
    },
  };
}
