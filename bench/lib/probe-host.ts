/**
 * The host's CPU while overseer probes its programs: `measureProbeCost(job)` forks this file
 * (bench/.build: plain JavaScript); the host starts `n` idle programs (`/bin/sleep`), with or without an HTTP
 * liveness probe each, and measures its own CPU over two windows: one soon after the start,
 * and one once V8 has compiled the hot code and run its post-start collections (the steady
 * state).
 * The probed URL is served by another process (the bench runner), so only the prober's cost
 * is counted.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hostLoaderArgs } from './util.js';

export interface ProbeJob {
  readonly n: number;
  /** Liveness period in seconds; 0 = no probe (the baseline). */
  readonly periodSecs: number;
  /** The URL every program's probe GETs. */
  readonly url: string;
  /** The first window starts this long after the start. */
  readonly settleSecs: number;
  /** The steady window starts this long after the start. */
  readonly steadySecs: number;
  readonly windowSecs: number;
  readonly tmpDir: string;
}

export interface ProbeResult {
  /** CPU of the host over the steady window, percent of one core. */
  readonly cpuPercent: number;
  /** The same over the first window. */
  readonly cpuPercentEarly: number;
  /** Health events seen in the window (one ok per program, then failures only). */
  readonly failures: number;
  readonly rssMb: number;
}

/** The host tells when the steady window starts and ends (`onMark`), for counting probes. */
export type WindowMark = 'steady-start' | 'steady-end';

export function measureProbeCost(
  job: ProbeJob,
  onMark: (mark: WindowMark) => void = () => {},
  timeoutMs = 300_000,
): Promise<ProbeResult> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(job)], {
    execArgv: hostLoaderArgs(),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let result: ProbeResult | undefined;
    let error: string | undefined;
    child.on('message', (m: { result?: ProbeResult; error?: string; mark?: WindowMark }) => {
      if (m.mark) return onMark(m.mark);
      result = m.result;
      error = m.error;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(error ?? `probe host exited (${code ?? signal})`));
    });
  });
}

async function host(job: ProbeJob): Promise<ProbeResult> {
  const { loadOverseer } = await import('./peers/overseer.js');
  const { firstAndSteady, inThirds } = await import('./measure.js');
  const { median } = await import('./stats.js');
  const medianCpuOver = async (ms: number) => median(await inThirds(ms, cpuOver));
  const { Supervisor } = await loadOverseer();
  const sup = new Supervisor({ handleSignals: false, sampleIntervalMs: 0, logDir: job.tmpDir });
  let failures = 0;
  sup.on('health', (h) => {
    if (h.status === 'failing') failures++;
  });
  for (let i = 0; i < job.n; i++) {
    sup.add({
      name: `probed${i}`,
      command: ['/bin/sleep', '86400'],
      startSecs: 0,
      stdoutLogfile: 'NONE',
      stderrLogfile: 'NONE',
      ...(job.periodSecs > 0
        ? { liveness: { http: `${job.url}/${i}`, periodSecs: job.periodSecs, timeoutSecs: 1 } }
        : {}),
    });
  }
  try {
    await sup.start();
    const windows = {
      earlyAt: job.settleSecs * 1000,
      steadyAt: job.steadySecs * 1000,
      length: job.windowSecs * 1000,
    };
    const [early, steady] = await firstAndSteady(windows, medianCpuOver, (edge) => {
      if (edge === 'start') failures = 0;
      process.send?.({ mark: `steady-${edge}` });
    });
    return {
      cpuPercent: steady,
      cpuPercentEarly: early,
      failures,
      rssMb: process.memoryUsage().rss / 1048576,
    };
  } finally {
    await sup[Symbol.asyncDispose]();
  }
}

/** This process's CPU over the next `ms` milliseconds, percent of one core. */
async function cpuOver(ms: number): Promise<number> {
  const { sleep } = await import('./util.js');
  const before = process.cpuUsage();
  const t0 = performance.now();
  await sleep(ms);
  const cpu = process.cpuUsage(before);
  return ((cpu.user + cpu.system) / 1e3 / (performance.now() - t0)) * 100;
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  host(JSON.parse(process.argv[2]!) as ProbeJob).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (e: Error) => process.send!({ error: e.stack ?? String(e) }, () => process.exit(1)),
  );
}
