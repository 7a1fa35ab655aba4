/**
 * A host process for an in-process peer, so its cost can be measured from outside like a
 * daemon's: `node lib/host.js` (bench/.build), forked with an IPC channel by `spawnHost()`.
 *
 * Protocol (messages on the IPC channel):
 *   host -> { type: 'ready' }                 (nothing loaded yet)
 *   parent -> { type: 'load', peer, tmpDir, sampleIntervalMs? }
 *   host -> { type: 'loaded' }                (the peer's library imported: the baseline)
 *   parent -> { type: 'start', specs }
 *   host -> { type: 'started', ms, prepareMs, startMs }  (configured, startAll() resolved;
 *                                             ms = both, prepareMs and startMs each)
 *   parent -> { type: 'stop' }
 *   host -> { type: 'stopped', ms, stopMs }   then exits 0 (ms: stopAll() and close();
 *                                             stopMs: stopAll() alone)
 *   host -> { type: 'error', message }        then exits 1
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeerName, ProgramSpec } from './peers/driver.js';
import { hostLoaderArgs } from './util.js';

type ToHost =
  | { type: 'load'; peer: PeerName; tmpDir: string; sampleIntervalMs?: number }
  | { type: 'start'; specs: ProgramSpec[] }
  | { type: 'stop' };
type FromHost =
  | { type: 'ready' }
  | { type: 'loaded' }
  | { type: 'started'; ms: number; prepareMs: number; startMs: number }
  | { type: 'stopped'; ms: number; stopMs: number }
  | { type: 'error'; message: string };

/** Parent side: a forked host and a way to await its messages. */
export class HostProcess {
  private readonly queue: FromHost[] = [];
  private waiter: ((m: FromHost) => void) | undefined;
  private exitError: Error | undefined;
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: FromHost) => {
      const w = this.waiter;
      this.waiter = undefined;
      if (w) w(m);
      else this.queue.push(m);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitError = new Error(`host exited (${code ?? signal})`);
        this.waiter?.({ type: 'error', message: this.exitError.message });
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(m: ToHost): void {
    this.child.send(m);
  }

  /** The next message, which must be of `type`. */
  async expect<T extends FromHost['type']>(
    type: T,
    timeoutMs = 120_000,
  ): Promise<Extract<FromHost, { type: T }>> {
    const m =
      this.queue.shift() ??
      (this.exitError
        ? { type: 'error' as const, message: this.exitError.message }
        : await new Promise<FromHost>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`host: no '${type}' within ${timeoutMs} ms`)),
              timeoutMs,
            );
            this.waiter = (msg) => {
              clearTimeout(timer);
              resolve(msg);
            };
          }));
    if (m.type === 'error') throw new Error(`host: ${m.message}`);
    if (m.type !== type) throw new Error(`host: expected '${type}', got '${m.type}'`);
    return m as Extract<FromHost, { type: T }>;
  }

  /** Ends the host (SIGKILL if it does not exit by itself within timeoutMs). */
  async close(timeoutMs = 60_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const t = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(t);
  }
}

/** Forks this file as a host (compiled, or under tsx: lib/util.ts hostLoaderArgs). */
export function spawnHost(execArgv: string[] = []): HostProcess {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: [...hostLoaderArgs(), ...execArgv],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new HostProcess(child);
}

/** Host side. */
async function serve(): Promise<void> {
  const { createDriver } = await import('./peers/driver.js');
  const { performance } = await import('node:perf_hooks');
  const send = (m: FromHost) => process.send!(m);
  let driver: Awaited<ReturnType<typeof createDriver>> | undefined;
  process.on('message', async (m: ToHost) => {
    try {
      if (m.type === 'load') {
        driver = await createDriver(m.peer, {
          tmpDir: m.tmpDir,
          ...(m.sampleIntervalMs !== undefined ? { sampleIntervalMs: m.sampleIntervalMs } : {}),
        });
        await driver.load();
        send({ type: 'loaded' });
      } else if (m.type === 'start') {
        const t0 = performance.now();
        await driver!.prepare(m.specs);
        const t1 = performance.now();
        await driver!.startAll();
        const t2 = performance.now();
        send({ type: 'started', ms: t2 - t0, prepareMs: t1 - t0, startMs: t2 - t1 });
      } else if (m.type === 'stop') {
        const t0 = performance.now();
        await driver?.stopAll();
        const stopMs = performance.now() - t0;
        await driver?.close();
        send({ type: 'stopped', ms: performance.now() - t0, stopMs });
        process.disconnect();
        setTimeout(() => process.exit(0), 10).unref();
      }
    } catch (e) {
      send({ type: 'error', message: (e as Error).stack ?? String(e) });
      try {
        await driver?.close();
      } finally {
        process.exit(1);
      }
    }
  });
  send({ type: 'ready' });
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) void serve();
