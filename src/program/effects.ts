import type { Clock, TimerHandle } from '../clock.js';
import { SignalError } from '../errors.js';
import type { SpawnInfo } from '../events.js';
import type { ProgramConfig } from '../options/program-options.js';
import type { RunHandlers } from '../process/child-run.js';
import type { ProcessDriver, RunHandle } from '../process/driver.js';
import type { Effect, MachineInput, TimerName } from './machine-types.js';

/** Where the effects report back: inputs for the machine, and what happened. */
export interface EffectHooks {
  /** Feeds an input to the machine (queued when one is being processed). */
  dispatch(input: MachineInput): void;
  /** A run started; may return a promise that settles once its pipes are drained. */
  spawned(run: RunHandle, info: SpawnInfo): Promise<void> | undefined;
  error(error: Error): void;
}

/**
 * How long an exit waits for its pipes to drain (every line in the tail and the files)
 * before EXITED / STOPPED / BACKOFF is reported anyway, when other members of its process
 * group are alive: a grandchild that keeps a pipe open must not hold the transition back.
 */
export const DRAIN_GRACE_MS = 500;
/** The same wait when the group is empty (nobody can be holding the pipe but an escapee). */
export const DRAIN_MAX_MS = 5000;

const TIMER_INPUTS: Readonly<Record<TimerName, MachineInput>> = {
  start: { type: 'startSecsElapsed' },
  retry: { type: 'retryDue' },
  kill: { type: 'killDue' },
};

const TIMER_NAMES: readonly TimerName[] = ['start', 'retry', 'kill'];

/**
 * Carries out the machine's effects for one program: its timers (through the clock), the
 * spawn, the signals and the sweep of leftovers (through the driver). Holds the current run.
 */
export class Effects {
  /** One slot per timer (a Map per program costs ten times more). */
  readonly #timers: Record<TimerName, TimerHandle | undefined> = {
    start: undefined,
    retry: undefined,
    kill: undefined,
  };
  readonly #config: ProgramConfig;
  readonly #clock: Clock;
  readonly #driver: ProcessDriver;
  readonly #hooks: EffectHooks;
  #run: RunHandle | undefined;
  /** The sweep of the last run's leftover descendants. */
  #reaping: Promise<unknown> = Promise.resolve();
  /** The current run's stop signal went out ahead of its stop (see signalAhead). */
  #signalledAhead = false;

  constructor(config: ProgramConfig, clock: Clock, driver: ProcessDriver, hooks: EffectHooks) {
    this.#config = config;
    this.#clock = clock;
    this.#driver = driver;
    this.#hooks = hooks;
  }

  /** The current (or last) run. */
  get run(): RunHandle | undefined {
    return this.#run;
  }

  /** Settles once the sweep after the last exit is done. */
  get reaping(): Promise<unknown> {
    return this.#reaping;
  }

  perform(effect: Effect): void {
    switch (effect.type) {
      case 'spawn':
        this.#spawn();
        break;
      case 'startTimer':
        this.#clearTimer(effect.timer);
        this.#timers[effect.timer] = this.#clock.setTimeout(
          () => this.#fire(effect.timer),
          effect.ms,
        );
        break;
      case 'cancelTimer':
        this.#clearTimer(effect.timer);
        break;
      case 'sendStopSignal':
        this.#sendStopSignal();
        break;
      case 'sendKill':
        this.guardSignal('SIGKILL', () => this.#run?.forceKill(this.#config.killAsGroup));
        break;
      case 'reapDescendants':
        this.#reap();
        break;
    }
  }

  /**
   * Sends a signal through `send`. A failure other than "no such process" is reported, moves
   * the program to UNKNOWN, and is returned.
   */
  guardSignal(signal: NodeJS.Signals, send: () => void): SignalError | undefined {
    try {
      send();
      return undefined;
    } catch (error) {
      const failure = new SignalError(this.#config.name, signal, error);
      this.#hooks.error(failure);
      this.#hooks.dispatch({ type: 'signalFailed', error: String(error) });
      return failure;
    }
  }

  cancelTimers(): void {
    for (const timer of TIMER_NAMES) this.#clearTimer(timer);
  }

  #clearTimer(timer: TimerName): void {
    const handle = this.#timers[timer];
    if (handle === undefined) return;
    this.#timers[timer] = undefined;
    this.#clock.clearTimeout(handle);
  }

  #fire(timer: TimerName): void {
    this.#timers[timer] = undefined;
    this.#hooks.dispatch(TIMER_INPUTS[timer]);
  }

  #spawn(): void {
    const hooks = this.#hooks;
    const handlers = new RunReports(hooks, this.#clock, this.#config.killAsGroup);
    let run: RunHandle;
    try {
      run = this.#driver.spawn(this.#config, handlers);
    } catch (error) {
      hooks.dispatch({ type: 'spawnFailed', error: (error as Error).message });
      return;
    }
    this.#run = run;
    this.#signalledAhead = false;
    handlers.run = run;
    if (run.pid === 0) return;
    const { name, group, argv } = this.#config;
    const info = { name, group, pid: run.pid, argv, time: this.#clock.now() };
    hooks.dispatch({ type: 'spawned', pid: run.pid });
    handlers.follow(hooks.spawned(run, info));
  }

  /**
   * Sends the stop signal now, for a stop that follows in this turn and then sends none. A
   * supervisor's shutdown signals a whole level this way before it stops each program: the
   * children exit while the host does the stops' bookkeeping, instead of the last child
   * waiting for the bookkeeping of all before it (a stop of 100: 5-9 % shorter).
   */
  signalAhead(): boolean {
    this.#signalledAhead = this.#run !== undefined && this.#signalStop() === undefined;
    return this.#signalledAhead;
  }

  /** The current run was signalled ahead and its stop has not come yet. */
  get stopPending(): boolean {
    return this.#signalledAhead;
  }

  #sendStopSignal(): void {
    if (!this.#signalledAhead) this.#signalStop();
    this.#signalledAhead = false;
  }

  #signalStop(): SignalError | undefined {
    const { stopSignal, stopAsGroup, killAsGroup } = this.#config;
    return this.guardSignal(stopSignal, () => {
      if (killAsGroup) this.#run?.rememberDescendants();
      this.#run?.signal(stopSignal, stopAsGroup);
      if (stopSignal !== 'SIGKILL') this.#run?.signal('SIGCONT', stopAsGroup);
    });
  }

  #reap(): void {
    if (!this.#run || !this.#config.killAsGroup) return;
    this.#reaping = this.#run.reap().catch((error: Error) => this.#hooks.error(error));
  }
}

/**
 * What one run reports back (its exit once drained, a late spawn failure): one small object
 * per run holding the run and its drain promise, instead of two closures and their scope.
 */
class RunReports implements RunHandlers {
  run: RunHandle | undefined;
  drained: Promise<void> | undefined;
  /** The pipes were drained before the exit came: the usual case, reported with no timer. */
  #drainedFirst = false;

  constructor(
    private readonly hooks: EffectHooks,
    private readonly clock: Clock,
    private readonly killAsGroup: boolean,
  ) {}

  onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.#afterDrain(() => this.hooks.dispatch({ type: 'exited', code, signal }));
  }

  onSpawnError(error: string): void {
    this.hooks.dispatch({ type: 'spawnFailed', error });
  }

  /** The run's drain promise (from the spawned hook), watched so the exit knows it settled. */
  follow(drained: Promise<void> | undefined): void {
    this.drained = drained;
    const mark = () => {
      this.#drainedFirst = true;
    };
    drained?.then(mark, mark);
  }

  /** Runs `report` once the pipes are drained, or after the grace, whichever comes first. */
  #afterDrain(report: () => void): void {
    const { drained, run, clock } = this;
    if (!drained || !run) {
      report();
      return;
    }
    const groupAlive = run.groupAlive?.() !== false;
    // The sweep after the exit kills the group anyway: now, so its members let the pipes go.
    if (groupAlive && this.killAsGroup) run.signal('SIGKILL', true);
    // Drained already (nine exits in ten of a stop): no grace timer to arm and clear.
    if (this.#drainedFirst) {
      report();
      return;
    }
    const graceMs = groupAlive ? DRAIN_GRACE_MS : DRAIN_MAX_MS;
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      report();
    };
    const timer = clock.setTimeout(go, graceMs);
    drained.then(go, go);
  }
}
