/**
 * Event-loop delay of a host while its children crash and restart: `measureLoopDelay(job)`
 * forks this file (bench/.build: plain JavaScript); the host starts `n` crash-looping programs with the given peer
 * (or none, for the idle baseline), records perf_hooks.monitorEventLoopDelay for `seconds`,
 * then stops everything and reports.
 */
import { fork } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeerName, ProgramSpec } from './peers/driver.js';
import { hostLoaderArgs } from './util.js';

export interface LoopJob {
  readonly peer: PeerName | 'idle';
  readonly n: number;
  readonly seconds: number;
  readonly lifetimeMs: number;
  readonly resolutionMs: number;
  readonly tmpDir: string;
  readonly fixtures: string;
}

export interface LoopResult {
  /** Delay beyond the timer's resolution, milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  /** Child starts per second during the window. */
  readonly startsPerSec: number;
  /** CPU of the host over the window, percent of one core. */
  readonly cpuPercent: number;
}

export function measureLoopDelay(job: LoopJob, timeoutMs = 300_000): Promise<LoopResult> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(job)], {
    execArgv: hostLoaderArgs(),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let result: LoopResult | undefined;
    let error: string | undefined;
    child.on('message', (m: { result?: LoopResult; error?: string }) => {
      result = m.result;
      error = m.error;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(error ?? `loop host exited (${code ?? signal})`));
    });
  });
}

async function host(job: LoopJob): Promise<LoopResult> {
  const { monitorEventLoopDelay, performance } = await import('node:perf_hooks');
  const { createDriver } = await import('./peers/driver.js');
  const { sleep } = await import('./util.js');
  const counter = path.join(job.tmpDir, `starts-${job.peer}-${process.pid}`);
  writeFileSync(counter, '');
  const specs: ProgramSpec[] = Array.from({ length: job.n }, (_, i) => ({
    name: `crash${i}`,
    argv: [
      '/bin/sh',
      path.join(job.fixtures, 'exit-after.sh'),
      String(job.lifetimeMs / 1000),
      counter,
    ],
  }));
  const driver =
    job.peer === 'idle' ? undefined : await createDriver(job.peer, { tmpDir: job.tmpDir });
  try {
    await driver?.prepare(specs);
    await driver?.startAll();
    await sleep(1000); // into the steady state
    const h = monitorEventLoopDelay({ resolution: job.resolutionMs });
    const startsBefore = statSync(counter).size;
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    h.enable();
    await sleep(job.seconds * 1000);
    h.disable();
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const starts = statSync(counter).size - startsBefore;
    const res = job.resolutionMs;
    const ms = (ns: number) => Math.max(0, ns / 1e6 - res);
    return {
      p50: ms(h.percentile(50)),
      p99: ms(h.percentile(99)),
      max: ms(h.max),
      mean: ms(h.mean),
      startsPerSec: starts / secs,
      cpuPercent: ((cpu.user + cpu.system) / 1e6 / secs) * 100,
    };
  } finally {
    await driver?.close();
  }
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  host(JSON.parse(process.argv[2]!) as LoopJob).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (e: Error) => process.send!({ error: e.stack ?? String(e) }, () => process.exit(1)),
  );
}
