/**
 * Memory per supervised program, measured inside a host process started with --expose-gc:
 * `measureInHost(job)` forks this file (bench/.build: plain JavaScript); the host loads the peer's library, then for
 * each size builds a fresh supervisor with that many programs (added only, or running), forces
 * garbage collection, and reports heap and RSS against its baseline.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeerName, ProgramSpec } from './peers/driver.js';
import { hostLoaderArgs } from './util.js';

export interface MemoryJob {
  readonly peer: PeerName;
  readonly sizes: readonly number[];
  readonly running: boolean;
  readonly tmpDir: string;
  readonly settleMs: number;
  /** overseer only: its sampleIntervalMs (its default, 1 s, when undefined). */
  readonly sampleIntervalMs?: number;
}

export interface MemoryPoint {
  readonly n: number;
  /** V8 heap used + external + array buffers, after GC, minus the baseline (bytes). */
  readonly heap: number;
  /** RSS minus the baseline (bytes). */
  readonly rss: number;
}

export function measureInHost(job: MemoryJob, timeoutMs = 600_000): Promise<MemoryPoint[]> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(job)], {
    execArgv: ['--expose-gc', ...hostLoaderArgs()],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let result: MemoryPoint[] | undefined;
    let error: string | undefined;
    child.on('message', (m: { points?: MemoryPoint[]; error?: string }) => {
      result = m.points;
      error = m.error;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(error ?? `memory host exited (${code ?? signal})`));
    });
  });
}

const gc = (globalThis as { gc?: () => void }).gc;

async function settledMemory(): Promise<{ heap: number; rss: number }> {
  for (let i = 0; i < 5; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
}

async function host(job: MemoryJob): Promise<MemoryPoint[]> {
  const { createDriver } = await import('./peers/driver.js');
  const { sleep } = await import('./util.js');
  const loader = await createDriver(job.peer, { tmpDir: job.tmpDir });
  await loader.load();
  // Warm up once (code paths compiled, lazy modules loaded) so the baseline holds them.
  const warm = await createDriver(job.peer, { tmpDir: job.tmpDir });
  await warm.prepare([{ name: 'warm', argv: ['/bin/sleep', '86400'] }]);
  if (job.running) await warm.startAll();
  await warm.close();
  const points: MemoryPoint[] = [];
  for (const n of job.sizes) {
    const base = await settledMemory();
    const driver = await createDriver(job.peer, {
      tmpDir: job.tmpDir,
      sampleIntervalMs: job.sampleIntervalMs,
    });
    const specs: ProgramSpec[] = Array.from({ length: n }, (_, i) => ({
      name: `m${i}`,
      argv: ['/bin/sleep', '86400'],
    }));
    await driver.prepare(specs);
    if (job.running) {
      await driver.startAll();
      await sleep(job.settleMs);
    }
    const m = await settledMemory();
    points.push({ n, heap: m.heap - base.heap, rss: m.rss - base.rss });
    await driver.close();
  }
  return points;
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  host(JSON.parse(process.argv[2]!) as MemoryJob).then(
    (points) => process.send!({ points }, () => process.exit(0)),
    (e: Error) => process.send!({ error: e.stack ?? String(e) }, () => process.exit(1)),
  );
}
