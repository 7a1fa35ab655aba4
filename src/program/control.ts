import type { ExitCause, ProgramEventMap } from '../events.js';
import type { ProgramMetrics } from '../metrics/program-metrics.js';
import type { ProgramStats } from '../metrics/sampler.js';
import type { ProgramConfig } from '../options/program-options.js';
import type { HookReason } from './hooks.js';
import type { ProgramLifecycle } from './lifecycle.js';
import { resourceEvent } from './program-deps.js';
import type { Runner } from './runner.js';
import type { RestartSchedule } from './schedule.js';

/**
 * What only the Supervisor may do to a Program. Kept off the Program's type (and out of the
 * published .d.ts): reached through {@link controlOf}, like undici's module-private symbols.
 */
export interface ProgramControl {
  /** Supervisor shutdown: BACKOFF gives up (FATAL); running processes stop. */
  shutdown(): Promise<void>;
  /** Before shutdown() in the same turn: sends the stop signal at once (see signalAhead). */
  signalAhead(): void;
  /** Host is exiting: SIGKILL synchronously, no waiting. */
  killNow(): void;
  /** A sample from the supervisor's sampler. */
  observeStats(stats: ProgramStats): void;
  /** Cancels timers and closes log files; the program must be stopped. */
  dispose(): Promise<void>;
  /** Stops when there is something to stop; never rejects with NOT_RUNNING. */
  stopIfRunning(): Promise<void>;
  /** Starts for a reason the hooks are told (a strategy, a rolling restart: 'restart'). */
  startFor(reason: HookReason): Promise<void>;
  /** Stops (if running) for a reason; never rejects with NOT_RUNNING. */
  stopFor(reason: HookReason, cause?: ExitCause): Promise<void>;
  /** Stops if running, then starts, for a reason; rejects as start() does. */
  restartFor(reason: HookReason, cause?: ExitCause): Promise<void>;
}

const controls = new WeakMap<object, ProgramControl>();

/** The control side of a Program (module-private: not exported from the package). */
export function controlOf(program: object): ProgramControl {
  const control = controls.get(program);
  if (!control) throw new TypeError('not a Program created by a Supervisor');
  return control;
}

/** The parts of a Program its control acts on. */
export interface ControlParts {
  readonly config: ProgramConfig;
  readonly runner: Runner;
  readonly lifecycle: ProgramLifecycle;
  readonly schedule: RestartSchedule | undefined;
  readonly metrics: ProgramMetrics;
  closeLogs(): Promise<void>;
  pid(): number;
  /** Tell the host-death watchdog about a descendant seen outside the group. */
  watchDescendant(pid: number, start: number): void;
  start(): Promise<void>;
  emit<E extends keyof ProgramEventMap>(event: E, ...args: ProgramEventMap[E]): unknown;
  emitError(error: Error): unknown;
}

/** Builds and registers the control of `program`. */
export function attachControl(program: object, parts: ControlParts): void {
  controls.set(program, new Control(parts));
}

/** One object per program, its methods on the prototype (no closures per program). */
class Control implements ProgramControl {
  constructor(private readonly parts: ControlParts) {}

  async shutdown(): Promise<void> {
    const { runner, lifecycle } = this.parts;
    if (runner.state !== 'BACKOFF') await lifecycle.stopIfRunning('shutdown');
    await runner.shutdown();
  }
  signalAhead(): void {
    this.parts.lifecycle.signalAhead('shutdown');
  }
  killNow(): void {
    try {
      this.parts.runner.forceKill();
    } catch {
      // Nothing more can be done while the host exits.
    }
  }
  observeStats(stats: ProgramStats): void {
    observeStats(this.parts, stats);
  }
  async dispose(): Promise<void> {
    const { runner, schedule } = this.parts;
    runner.cancelTimers();
    schedule?.cancel();
    await runner.whenReaped();
    await this.parts.closeLogs();
  }
  stopIfRunning(): Promise<void> {
    return this.parts.lifecycle.stopIfRunning('user');
  }
  startFor(reason: HookReason): Promise<void> {
    return this.parts.lifecycle.start(reason);
  }
  stopFor(reason: HookReason, cause?: ExitCause): Promise<void> {
    return this.parts.lifecycle.stopIfRunning(reason, cause);
  }
  restartFor(reason: HookReason, cause?: ExitCause): Promise<void> {
    return this.parts.lifecycle.restart(reason, cause);
  }
}

function observeStats(parts: ControlParts, stats: ProgramStats): void {
  const { config, runner, metrics } = parts;
  if (stats.pid !== parts.pid()) return;
  if (config.killAsGroup) {
    for (const seen of runner.rememberDescendants(stats.descendants))
      parts.watchDescendant(seen.pid, seen.start);
  }
  const verdict = metrics.observe(stats);
  parts.emit('stats', stats);
  if (verdict.action === 'none') return;
  parts.emit('resource', resourceEvent(config, verdict, stats));
  // The machine restarts it after the stop (counted in restartBudget, spaced out in a row).
  if (verdict.action === 'restart') {
    void parts.lifecycle
      .stopIfRunning('resource-limit')
      .catch((error: Error) => parts.emitError(error));
  }
}
