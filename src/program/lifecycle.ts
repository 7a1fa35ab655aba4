import type { ExitCause, ExitInfo, StateChange } from '../events.js';
import { isRunningState, type ProcessState } from '../states.js';
import type { HookReason, HookRunner } from './hooks.js';

/** The runner intents the lifecycle wraps. */
export interface LifecycleRunner {
  readonly state: ProcessState;
  start(): Promise<void>;
  stop(cause: ExitCause): Promise<ExitInfo | undefined>;
  signalAhead(): boolean;
}

/** The exit cause a stop for this reason records. */
export function causeFor(reason: HookReason): ExitCause {
  return reason === 'resource-limit' || reason === 'liveness'
    ? (reason as ExitCause)
    : 'stop-requested';
}

/**
 * Starts and stops with a reason, running the hooks around them: beforeStart before the
 * start is dispatched (a throw vetoes it, the program stays as it was), beforeStop before
 * the stop signal (while the program is still RUNNING; concurrent stops share it),
 * afterStart at RUNNING, afterExit after each exit. Restarts the state machine does on its
 * own (autorestart, BACKOFF retries) respawn at once and run afterStart/afterExit only.
 */
export class ProgramLifecycle {
  #startReason: HookReason | undefined;
  #stopReason: HookReason | undefined;
  #draining: Promise<void> | undefined;

  constructor(
    private readonly runner: LifecycleRunner,
    private readonly hooks: HookRunner,
  ) {}

  async start(reason: HookReason): Promise<void> {
    if (this.hooks.has('beforeStart') && !isRunningState(this.runner.state)) {
      await this.hooks.beforeStart(reason);
    }
    this.#startReason = reason;
    this.#stopReason = undefined;
    return this.runner.start();
  }

  async stop(
    reason: HookReason,
    cause: ExitCause = causeFor(reason),
  ): Promise<ExitInfo | undefined> {
    const state = this.runner.state;
    if (this.hooks.has('beforeStop') && (state === 'RUNNING' || state === 'STARTING')) {
      this.#draining ??= this.hooks.beforeStop(reason).finally(() => {
        this.#draining = undefined;
      });
      await this.#draining;
    }
    this.#stopReason ??= reason;
    return this.runner.stop(cause);
  }

  /**
   * A supervisor's shutdown, before its stop of this program in this turn: the stop signal
   * at once (see Effects.signalAhead), unless a beforeStop hook must run before it.
   */
  signalAhead(reason: HookReason): void {
    if (this.hooks.has('beforeStop')) return;
    if (this.runner.signalAhead()) this.#stopReason ??= reason;
  }

  /** Stops when there is something to stop; never rejects with NOT_RUNNING. */
  async stopIfRunning(reason: HookReason, cause: ExitCause = causeFor(reason)): Promise<void> {
    const state = this.runner.state;
    if (!isRunningState(state) && state !== 'STOPPING') return;
    await this.stop(reason, cause).catch((error: { code?: string }) => {
      if (error.code !== 'NOT_RUNNING') throw error;
    });
  }

  /** Stops if it runs, then starts; rejects as start() does. */
  async restart(reason: HookReason, cause: ExitCause = causeFor(reason)): Promise<void> {
    await this.stopIfRunning(reason, cause);
    return this.start(reason);
  }

  /** Call with every transition. */
  observe(change: StateChange): void {
    if (change.to !== 'RUNNING') return;
    this.hooks.afterStart(this.#startReason ?? 'restart');
    this.#startReason = undefined;
  }

  /** Call with every exit. */
  exited(exit: ExitInfo): void {
    this.hooks.afterExit(this.#stopReason ?? 'exit', exit);
    this.#stopReason = undefined;
  }
}
