import { PassThrough, Writable } from 'node:stream';
import type { RunHandlers } from '../../src/process/child-run.js';
import type { ProcessDriver, RunHandle } from '../../src/process/driver.js';

const ENDING = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGKILL']);

/** A process run that exists only in memory: stop signals end it on the next turn. */
export class FakeRun implements RunHandle {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly written: string[] = [];
  readonly signals: string[] = [];
  readonly stdin = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      this.written.push(chunk.toString());
      done();
    },
  });
  #ended = false;

  constructor(
    readonly pid: number,
    private readonly handlers: RunHandlers,
  ) {}

  signal(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    if (ENDING.has(signal)) this.exit(null, signal);
    return !this.#ended;
  }
  forceKill(): void {
    this.exit(null, 'SIGKILL');
  }
  rememberDescendants(): [] {
    return [];
  }
  reap(): Promise<number> {
    return Promise.resolve(0);
  }

  /** Ends the run as if the process exited. */
  exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#ended) return;
    this.#ended = true;
    setImmediate(() => {
      this.stdout.end();
      this.stderr.end();
      this.handlers.onExit(code, signal);
    });
  }
}

/** A ProcessDriver that spawns FakeRuns; `runs` has them all, newest last. */
export class FakeDriver implements ProcessDriver {
  readonly runs: FakeRun[] = [];
  #pid = 90_000;

  spawn(_config: unknown, handlers: RunHandlers): RunHandle {
    const run = new FakeRun(++this.#pid, handlers);
    this.runs.push(run);
    return run;
  }
}
