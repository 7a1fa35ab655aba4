import type { ExitInfo } from '../events.js';
import type { ProgramStats } from '../metrics/sampler.js';

/** What the supervisor does after a crash. */
export type CrashNext =
  /** BACKOFF: another attempt in `inMs` (try `attempt` of `attempts`). */
  | {
      readonly action: 'retry';
      readonly inMs: number;
      readonly attempt: number;
      readonly attempts: number;
    }
  /** Restarted at once (autorestart after RUNNING, or a liveness restart). */
  | { readonly action: 'restart' }
  /** Given up: FATAL, with supervisord's reason or the exhausted budget. */
  | { readonly action: 'fatal'; readonly reason: string }
  /** Left EXITED (autorestart false, or 'unexpected' with an expected code). */
  | { readonly action: 'none' };

/** The restart budget's window when the crash happened. */
export interface CrashRestarts {
  /** Automatic restarts inside the window, this one included when it restarts. */
  readonly count: number;
  readonly maxRestarts: number;
  readonly withinSecs: number;
}

/** Everything known about one unexpected exit: the `crash` event and `program.lastCrash`. */
export interface CrashFacts {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  readonly exit: ExitInfo;
  /** Last lines of each stream, oldest first (crashReportLines, default 50). */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  /** The last CPU/memory sample of that run, when sampling is on. */
  readonly stats: ProgramStats | undefined;
  /** With a restartBudget: where the window stood. */
  readonly restarts: CrashRestarts | undefined;
  readonly next: CrashNext;
}

/** A crash, as data, with a readable `toString()` to log it in one call. */
export class CrashReport implements CrashFacts {
  readonly name!: string;
  readonly group!: string;
  readonly pid!: number;
  readonly exit!: ExitInfo;
  readonly stdout!: readonly string[];
  readonly stderr!: readonly string[];
  readonly stats!: ProgramStats | undefined;
  readonly restarts!: CrashRestarts | undefined;
  readonly next!: CrashNext;

  constructor(facts: CrashFacts) {
    Object.assign(this, facts, {
      stdout: Object.freeze([...facts.stdout]),
      stderr: Object.freeze([...facts.stderr]),
    });
    Object.freeze(this);
  }

  /** Epoch milliseconds of the exit. */
  get time(): number {
    return this.exit.time;
  }

  toString(): string {
    const head = `program "${this.name}" (pid ${this.pid}) ${describeExit(this.exit)}; ${describeNext(this.next)}`;
    const lines = [head];
    if (this.restarts) {
      const { count, maxRestarts, withinSecs } = this.restarts;
      lines.push(`restarts: ${count} of ${maxRestarts} within ${withinSecs} s`);
    }
    if (this.stats) lines.push(`last sample: ${describeStats(this.stats)}`);
    lines.push(...section('stderr', this.stderr), ...section('stdout', this.stdout));
    return lines.join('\n');
  }
}

export function describeExit(exit: ExitInfo): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const cause = CAUSES[exit.cause] ?? '';
  const forced = exit.forced ? ', SIGKILL needed' : '';
  return `${how} after ${formatMs(exit.uptimeMs)}${cause}${forced}`;
}

const CAUSES: Partial<Record<ExitInfo['cause'], string>> = {
  liveness: ' (stopped: liveness probe failing)',
  'resource-limit': ' (stopped: memory over memoryLimit)',
  'start-timeout': ' (stopped: not ready within the readiness timeout)',
};

export function describeNext(next: CrashNext): string {
  switch (next.action) {
    case 'retry':
      return `retry in ${next.inMs} ms (attempt ${next.attempt} of ${next.attempts})`;
    case 'restart':
      return 'restarting now';
    case 'fatal':
      return `FATAL: ${next.reason}`;
    case 'none':
      return 'not restarted';
  }
}

function describeStats(stats: ProgramStats): string {
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
  return `CPU ${stats.treeCpu} %, memory ${mb(stats.treeMemory)} (tree of ${stats.descendants.length + 1})`;
}

function section(stream: string, lines: readonly string[]): string[] {
  if (lines.length === 0) return [`--- ${stream}: nothing captured`];
  return [`--- ${stream} (last ${lines.length} line${lines.length === 1 ? '' : 's'})`, ...lines];
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
