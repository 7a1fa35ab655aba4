/**
 * One point of the scale curves: `runScaleHost(job)` forks this file (a fresh process per N
 * and peer); the host supervises `n` idle programs (`/bin/sleep`, startSecs 0) with overseer
 * or with bare child_process (lib/scale-raw.ts), times each operation, and serves its status
 * page and /metrics over HTTP while the parent (another process) times GETs of them.
 *
 * Protocol: host -> { type: 'serving', urls } once running; parent GETs, then -> { type: 'go' };
 * host stops everything -> { type: 'result', ops } and exits.
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hostLoaderArgs } from './util.js';

export type ScalePeer = 'overseer' | 'raw';

export interface ScaleJob {
  readonly peer: ScalePeer;
  readonly n: number;
  readonly tmpDir: string;
  /** Sampling passes to average over (overseer: host CPU over that many 1 s passes). */
  readonly passes: number;
  /** Repetitions of info() of all (median). */
  readonly repeats: number;
  /** overseer: killOnHostDeath (its watchdog shell), default true in the library. */
  readonly watchdog: boolean;
}

/** Milliseconds per operation (host CPU milliseconds for `samplingCpu`). */
export type ScaleOps = Record<string, number>;

/** What the host serves: 'metrics' always; 'page' for overseer only. */
export type ScaleUrls = Partial<Record<'metrics' | 'page', string>>;

export type FromScaleHost =
  | { type: 'serving'; urls: ScaleUrls }
  | { type: 'result'; ops: ScaleOps }
  | { type: 'error'; message: string };

/** The fd limit this host needs: pipes to every child and the server's sockets. */
const fdsNeeded = (n: number) => 6 * n + 512;

function softFdLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === undefined || soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

/**
 * Forks the host (compiled, or under tsx: lib/util.ts hostLoaderArgs); when the soft fd limit is below what n children need, through
 * `sh -c 'ulimit -n <hard>'` (the IPC channel survives the exec).
 */
export function forkScaleHost(job: ScaleJob) {
  const script = fileURLToPath(import.meta.url);
  // BENCH_PROF_DIR=<dir>: a CPU profile of every host, for profiling (not for figures).
  const prof = process.env.BENCH_PROF_DIR;
  const node = [...hostLoaderArgs(), ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])];
  const raise = softFdLimit() < fdsNeeded(job.n);
  return fork(script, [JSON.stringify(job)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    ...(raise
      ? {
          execPath: '/bin/sh',
          execArgv: [
            '-c',
            'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"',
            process.execPath,
            ...node,
          ],
        }
      : { execArgv: node }),
  });
}

/** Open file descriptors of this process. */
const openFds = () => readdirSync('/proc/self/fd').length;

/** Host side: what each peer does (lib/scale-overseer.ts, lib/scale-raw.ts). */
export interface ScaleSubject {
  /** Configures and starts n programs; ops it timed on the way (add, cold start). */
  start(): Promise<ScaleOps>;
  /** The operations measured while everything runs. */
  measure(): Promise<ScaleOps>;
  serve(): Promise<ScaleUrls>;
  /** Stops everything (timed), then releases it all. */
  stop(): Promise<ScaleOps>;
}

async function host(job: ScaleJob): Promise<void> {
  if (softFdLimit() < fdsNeeded(job.n))
    throw new Error(`fd limit ${softFdLimit()} is below ${fdsNeeded(job.n)}: raise ulimit -n`);
  const subject: ScaleSubject =
    job.peer === 'overseer'
      ? await (await import('./scale-overseer.js')).overseerSubject(job)
      : (await import('./scale-raw.js')).rawSubject(job);
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  const ops: ScaleOps = {};
  const fdsBefore = openFds();
  try {
    const cpu = process.cpuUsage();
    Object.assign(ops, await subject.start());
    const used = process.cpuUsage(cpu);
    ops.startCpu = (used.user + used.system) / 1000;
    Object.assign(ops, await subject.measure());
    // After a sampling pass (overseer keeps the stat files of sampled processes open).
    ops.fdsPerProgram = (openFds() - fdsBefore) / job.n;
    process.send!({ type: 'serving', urls: await subject.serve() } satisfies FromScaleHost);
    await go;
  } finally {
    Object.assign(ops, await subject.stop());
  }
  process.send!({ type: 'result', ops } satisfies FromScaleHost);
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  host(JSON.parse(process.argv[2]!) as ScaleJob).then(
    () => process.disconnect(),
    (e: Error) => {
      process.send!({ type: 'error', message: e.stack ?? String(e) } satisfies FromScaleHost, () =>
        process.exit(1),
      );
    },
  );
}
