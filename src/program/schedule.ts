import { Cron } from 'croner';
import type { Clock, TimerHandle } from '../clock.js';
import { fail, type OptionContext, optSeconds } from '../options/validate.js';
import type { ProcessState } from '../states.js';

/**
 * Restarts on a timer, beyond supervisord, opt-in:
 * - `maxRuntimeSecs`: restart once the process has been up this long (systemd's RuntimeMaxSec);
 * - `restartSchedule`: restart at the times a cron expression names (pm2's cron_restart), in
 *   the host's local time; 5 fields, or 6 with seconds first.
 * Both act only on a RUNNING process. Next fire times come from croner; the wait is one timer
 * on the Clock, no polling.
 */
export interface ScheduleOptions {
  /** Restart after this many seconds of uptime; 0 = never. @default 0 */
  maxRuntimeSecs?: number;
  /** Cron expression of restart times ('0 3 * * *': every day at 03:00). */
  restartSchedule?: string;
}

/** Scheduled restarts, normalized. */
export interface ScheduleConfig {
  readonly maxRuntimeMs: number;
  readonly restartSchedule: string | undefined;
  /** Next fire time strictly after `after` (epoch ms), or undefined when there is none. */
  readonly nextFire: (after: number) => number | undefined;
}

export const SCHEDULE_OPTION_KEYS = ['maxRuntimeSecs', 'restartSchedule'] as const;

/** What made a scheduled restart due. */
export type ScheduleKind = 'max-runtime' | 'scheduled';

export function normalizeSchedule(
  ctx: OptionContext,
  input: Record<string, unknown>,
): ScheduleConfig | undefined {
  const maxRuntimeSecs = optSeconds(ctx, 'maxRuntimeSecs', input.maxRuntimeSecs, 0);
  const pattern = input.restartSchedule;
  if (maxRuntimeSecs === 0 && pattern === undefined) return undefined;
  const cron = pattern === undefined ? undefined : parseCron(ctx, pattern);
  return Object.freeze({
    maxRuntimeMs: Math.round(maxRuntimeSecs * 1000),
    restartSchedule: cron ? (pattern as string) : undefined,
    nextFire: (after: number) => cron?.nextRun(new Date(after))?.getTime(),
  });
}

function parseCron(ctx: OptionContext, pattern: unknown): Cron {
  const fix =
    'Use a cron expression like "0 3 * * *" (minute hour day-of-month month day-of-week), optionally with seconds first.';
  if (typeof pattern !== 'string' || pattern.trim() === '')
    fail(ctx, 'restartSchedule', pattern, fix);
  let cron: Cron;
  try {
    cron = new Cron(pattern, { paused: true });
  } catch (error) {
    fail(ctx, 'restartSchedule', pattern, `${(error as Error).message}. ${fix}`);
  }
  if (cron.nextRun() === null) {
    fail(ctx, 'restartSchedule', pattern, `It never fires. ${fix}`);
  }
  return cron;
}

/**
 * Calls `fn` at epoch ms `due` (the clock chains waits longer than one timer holds); a timer
 * that fires before `due` by the clock's reckoning waits again for the rest.
 */
export class DeadlineTimer {
  #timer: TimerHandle | undefined;

  constructor(private readonly clock: Clock) {}

  get armed(): boolean {
    return this.#timer !== undefined;
  }

  set(due: number, fn: () => void): void {
    this.cancel();
    const wait = () => {
      const left = due - this.clock.now();
      if (left <= 0) {
        this.#timer = undefined;
        fn();
        return;
      }
      this.#timer = this.clock.setTimeout(wait, left);
    };
    wait();
  }

  cancel(): void {
    this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * One program's scheduled restarts: armed while the program is RUNNING, disarmed when it
 * leaves RUNNING. `onDue` is asked to restart it; the program leaving RUNNING disarms both.
 */
export class RestartSchedule {
  readonly #runtime: DeadlineTimer;
  readonly #cron: DeadlineTimer;

  constructor(
    private readonly config: ScheduleConfig,
    private readonly clock: Clock,
    private readonly onDue: (kind: ScheduleKind) => void,
  ) {
    this.#runtime = new DeadlineTimer(clock);
    this.#cron = new DeadlineTimer(clock);
  }

  /** Call after every transition, with the spawn time of the current run. */
  observe(state: ProcessState, startedAt: number): void {
    if (state !== 'RUNNING') {
      this.cancel();
      return;
    }
    if (this.config.maxRuntimeMs > 0 && !this.#runtime.armed) {
      this.#runtime.set(startedAt + this.config.maxRuntimeMs, () => this.onDue('max-runtime'));
    }
    if (this.config.restartSchedule && !this.#cron.armed) this.#armCron(this.clock.now());
  }

  cancel(): void {
    this.#runtime.cancel();
    this.#cron.cancel();
  }

  #armCron(after: number): void {
    const due = this.config.nextFire(after);
    if (due === undefined) return;
    this.#cron.set(due, () => {
      this.#armCron(due);
      this.onDue('scheduled');
    });
  }
}
