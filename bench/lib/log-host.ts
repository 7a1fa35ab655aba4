/**
 * A host process for the log-throughput scenario: one overseer Supervisor capturing one
 * program, in a process of its own, so its CPU and event-loop delay are its own (not the
 * harness's, which polls the log file) and it is measured from outside like the daemons.
 *
 * Protocol (IPC):
 *   host -> { type: 'ready' }              Supervisor created, program added, nothing started
 *   parent -> { type: 'start' }            the host starts the program (the clock starts)
 *   parent -> { type: 'stop' }             END is in the file: the host reports and exits
 *   host -> { type: 'done', report }       then stops everything and exits 0
 *   host -> { type: 'error', message }     then exits 1
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hostLoaderArgs } from './util.js';

export interface LogHostJob {
  readonly logDir: string;
  readonly argv: readonly string[];
  readonly logTimestamps: boolean;
  /** Count every line through a `log` listener. */
  readonly listen: boolean;
}

export interface LogHostReport {
  /** p99 event-loop delay of the host meanwhile, ms. */
  readonly loopP99: number;
  /** `log` events seen (0 without listen). */
  readonly lines: number;
}

type FromHost =
  | { type: 'ready' }
  | { type: 'done'; report: LogHostReport }
  | { type: 'error'; message: string };

/** Parent side: a forked log host. */
export class LogHost {
  readonly #child;
  readonly #messages: FromHost[] = [];
  #waiter: (() => void) | undefined;
  readonly #exited: Promise<void>;

  constructor(job: LogHostJob) {
    this.#child = fork(fileURLToPath(import.meta.url), [JSON.stringify(job)], {
      execArgv: hostLoaderArgs(),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.#child.on('message', (m: FromHost) => this.#push(m));
    this.#exited = new Promise((resolve) =>
      this.#child.once('exit', (code, signal) => {
        this.#push({ type: 'error', message: `log host exited (${code ?? signal})` });
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  async ready(): Promise<void> {
    await this.#next('ready');
  }

  start(): void {
    this.#child.send({ type: 'start' });
  }

  async stop(): Promise<LogHostReport> {
    this.#child.send({ type: 'stop' });
    return (await this.#next('done')).report;
  }

  /** Waits for the host to exit (SIGKILL after timeoutMs). */
  async close(timeoutMs = 30_000): Promise<void> {
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    await this.#exited;
    clearTimeout(timer);
  }

  #push(m: FromHost): void {
    this.#messages.push(m);
    this.#waiter?.();
  }

  async #next<T extends FromHost['type']>(type: T): Promise<Extract<FromHost, { type: T }>> {
    while (this.#messages.length === 0) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
    const m = this.#messages.shift() as FromHost;
    if (m.type === 'error') throw new Error(m.message);
    if (m.type !== type) throw new Error(`log host: expected '${type}', got '${m.type}'`);
    return m as Extract<FromHost, { type: T }>;
  }
}

async function host(job: LogHostJob): Promise<void> {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const { loadOverseer } = await import('./peers/overseer.js');
  const { LOOP_RESOLUTION_MS, loopDelayMs } = await import('./measure.js');
  const { Supervisor } = await loadOverseer();
  const send = (m: FromHost) => process.send?.(m);
  const sup = new Supervisor({ logDir: job.logDir, handleSignals: false });
  let lines = 0;
  if (job.listen) sup.on('log', () => lines++);
  sup.add({
    name: 'flood',
    command: [...job.argv],
    startSecs: 0,
    autorestart: false,
    logTimestamps: job.logTimestamps,
  });
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  process.on('message', async (m: { type: 'start' | 'stop' }) => {
    try {
      if (m.type === 'start') {
        loop.enable();
        await sup.start();
      } else {
        loop.disable();
        const report = {
          loopP99: loopDelayMs(loop, 99),
          lines,
        };
        await sup[Symbol.asyncDispose]();
        process.send?.({ type: 'done', report }, () => process.exit(0));
      }
    } catch (e) {
      await sup[Symbol.asyncDispose]();
      process.send?.({ type: 'error', message: (e as Error).stack }, () => process.exit(1));
    }
  });
  send({ type: 'ready' });
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  void host(JSON.parse(process.argv[2] ?? '{}') as LogHostJob);
}
