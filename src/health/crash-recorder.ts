import type { Clock } from '../clock.js';
import type { ExitEvent, StateChange } from '../events.js';
import type { LogLine, LogStream } from '../logs/log-line.js';
import type { ProgramStats } from '../metrics/sampler.js';
import { CrashReport, type CrashRestarts } from './crash-report.js';
import { CrashWatch, type PendingCrash } from './crash-watch.js';

/** What the recorder needs from its program. */
export interface CrashSources {
  readonly clock: Clock;
  readonly name: string;
  readonly group: string;
  readonly startRetries: number;
  readonly lines: number;
  readonly restartBudget: { readonly maxRestarts: number; readonly withinMs: number } | undefined;
  tail(n: number, stream: LogStream): LogLine[];
  /** The latest sample, if it belongs to `pid`. */
  stats(pid: number): ProgramStats | undefined;
  /** Epoch ms of the automatic restarts the budget counts. */
  restarts(): readonly number[];
  /** Called with each report once the run's output is read (or after drainWaitMs). */
  report(crash: CrashReport): void;
}

/** How long a crash report waits for the rest of the dead run's output. */
const DRAIN_WAIT_MS = 500;

/**
 * Turns unexpected exits into crash reports: the exit and what follows it come from the state
 * events; the last lines are taken once the dead run's pipes are drained (its last words,
 * often a stack trace, arrive after the exit), waiting at most DRAIN_WAIT_MS.
 */
export class CrashRecorder {
  readonly #watch: CrashWatch;
  #pending: PendingCrash | undefined;
  #last: CrashReport | undefined;

  constructor(private readonly sources: CrashSources) {
    this.#watch = new CrashWatch(sources.startRetries);
  }

  get lastCrash(): CrashReport | undefined {
    return this.#last;
  }

  observe(change: StateChange): void {
    const opened = this.#watch.observe(change);
    if (opened) this.#pending = opened;
  }

  /** The run ended: if it was a crash, report it once its output is in. */
  exited(exit: ExitEvent, drained: Promise<unknown>): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (!pending || pending.exit.time !== exit.time) return;
    const stats = this.sources.stats(exit.pid);
    // The steps after the exit (FATAL, a restart) are taken in this same dispatch.
    queueMicrotask(() => {
      const restarts = this.#restarts(exit.time);
      const next = pending.next;
      void this.#drained(drained).then(() => this.#publish({ exit, stats, restarts, next }));
    });
  }

  #publish(
    parts: Pick<CrashReport, 'exit' | 'stats' | 'restarts' | 'next'> & { exit: ExitEvent },
  ): void {
    const { name, group, lines } = this.sources;
    const text = (stream: LogStream) => this.sources.tail(lines, stream).map((l) => l.line);
    const { pid, name: _n, group: _g, ...exit } = parts.exit;
    const report = new CrashReport({
      name,
      group,
      pid,
      exit: Object.freeze(exit),
      stdout: text('stdout'),
      stderr: text('stderr'),
      stats: parts.stats,
      restarts: parts.restarts,
      next: parts.next,
    });
    this.#last = report;
    this.sources.report(report);
  }

  #restarts(now: number): CrashRestarts | undefined {
    const budget = this.sources.restartBudget;
    if (!budget) return undefined;
    const count = this.sources.restarts().filter((t) => now - t < budget.withinMs).length;
    return { count, maxRestarts: budget.maxRestarts, withinSecs: budget.withinMs / 1000 };
  }

  #drained(drained: Promise<unknown>): Promise<unknown> {
    const { clock } = this.sources;
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const limit = new Promise((resolve) => {
      timer = clock.setTimeout(() => resolve(undefined), DRAIN_WAIT_MS);
    });
    return Promise.race([drained.catch(() => {}), limit]).finally(() => clock.clearTimeout(timer));
  }
}
