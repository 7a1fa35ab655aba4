import type { Clock, TimerHandle } from '../clock.js';
import { SignalError } from '../errors.js';
import type { ExitEvent, SpawnInfo, StateChange } from '../events.js';
import type { ProgramConfig } from '../options/program-options.js';
import type { ProcessDriver, RunHandle } from '../process/driver.js';
import type { ProcessState } from '../states.js';
import {
  type Effect,
  initialContext,
  type MachineContext,
  type MachineInput,
  type StepResult,
  step,
  type TimerName,
  type Transition,
} from './state-machine.js';

/** Where a Runner reports what happened. */
export interface RunnerHooks {
  transition(change: StateChange): void;
  spawned(run: RunHandle, info: SpawnInfo): void;
  exited(exit: ExitEvent): void;
  error(error: Error): void;
}

const TIMER_INPUTS: Readonly<Record<TimerName, MachineInput>> = {
  start: { type: 'startSecsElapsed' },
  retry: { type: 'retryDue' },
  kill: { type: 'killDue' },
};

/**
 * Drives the pure state machine for one program: feeds it inputs one at a time (inputs raised
 * while one is processed wait their turn), and carries out its effects through the clock and
 * the process driver. The state is set before each transition is reported.
 */
export class Runner {
  readonly #timers = new Map<TimerName, TimerHandle>();
  #ctx: MachineContext = initialContext;
  #state: ProcessState = 'STOPPED';
  #run: RunHandle | undefined;
  #queue: MachineInput[] = [];
  #busy = false;
  /** The sweep of the last run's leftover descendants. */
  reaping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: ProgramConfig,
    private readonly clock: Clock,
    private readonly driver: ProcessDriver,
    private readonly hooks: RunnerHooks,
  ) {}

  get state(): ProcessState {
    return this.#state;
  }
  get context(): MachineContext {
    return this.#ctx;
  }
  get run(): RunHandle | undefined {
    return this.#run;
  }
  get busy(): boolean {
    return this.#busy;
  }

  /** Feeds one input; returns the refusal, if the machine refused it. */
  dispatch(input: MachineInput): StepResult['refused'] {
    if (this.#busy) {
      this.#queue.push(input);
      return undefined;
    }
    this.#busy = true;
    try {
      const refused = this.#apply(input);
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) this.#apply(next);
      return refused;
    } finally {
      this.#busy = false;
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
      const failure = new SignalError(this.config.name, signal, error);
      this.hooks.error(failure);
      this.dispatch({ type: 'signalFailed', error: String(error) });
      return failure;
    }
  }

  cancelTimers(): void {
    for (const timer of this.#timers.values()) this.clock.clearTimeout(timer);
    this.#timers.clear();
  }

  #apply(input: MachineInput): StepResult['refused'] {
    const result = step(this.#ctx, input, this.config, this.clock.now());
    if (result.refused) return result.refused;
    const pid = this.#ctx.pid;
    this.#ctx = result.context;
    let exitPending = input.type === 'exited';
    for (const s of result.steps) {
      if (s.kind === 'effect') {
        this.#perform(s.effect);
        continue;
      }
      this.#transition(s.transition);
      if (exitPending && result.context.lastExit) {
        exitPending = false;
        this.hooks.exited({
          ...result.context.lastExit,
          name: this.config.name,
          group: this.config.group,
          pid,
        });
      }
    }
    return undefined;
  }

  #transition(t: Transition): void {
    this.#state = t.to;
    const { name, group } = this.config;
    this.hooks.transition(Object.freeze({ name, group, ...t, time: this.clock.now() }));
  }

  #perform(effect: Effect): void {
    switch (effect.type) {
      case 'spawn':
        this.#spawn();
        break;
      case 'startTimer':
        this.clock.clearTimeout(this.#timers.get(effect.timer));
        this.#timers.set(
          effect.timer,
          this.clock.setTimeout(() => this.#fire(effect.timer), effect.ms),
        );
        break;
      case 'cancelTimer':
        this.clock.clearTimeout(this.#timers.get(effect.timer));
        this.#timers.delete(effect.timer);
        break;
      case 'sendStopSignal':
        this.#sendStopSignal();
        break;
      case 'sendKill':
        this.guardSignal('SIGKILL', () => this.#run?.forceKill(this.config.killAsGroup));
        break;
      case 'reapDescendants':
        this.#reap();
        break;
    }
  }

  #fire(timer: TimerName): void {
    this.#timers.delete(timer);
    this.dispatch(TIMER_INPUTS[timer]);
  }

  #spawn(): void {
    let run: RunHandle;
    try {
      run = this.driver.spawn(this.config, {
        onExit: (code, signal) => this.dispatch({ type: 'exited', code, signal }),
        onSpawnError: (error) => this.dispatch({ type: 'spawnFailed', error }),
      });
    } catch (error) {
      this.dispatch({ type: 'spawnFailed', error: (error as Error).message });
      return;
    }
    this.#run = run;
    if (run.pid === 0) return;
    const { name, group, argv } = this.config;
    const info = { name, group, pid: run.pid, argv, time: this.clock.now() };
    this.dispatch({ type: 'spawned', pid: run.pid });
    this.hooks.spawned(run, info);
  }

  #sendStopSignal(): void {
    const { stopSignal, stopAsGroup, killAsGroup } = this.config;
    this.guardSignal(stopSignal, () => {
      if (killAsGroup) this.#run?.rememberDescendants();
      this.#run?.signal(stopSignal, stopAsGroup);
      if (stopSignal !== 'SIGKILL') this.#run?.signal('SIGCONT', stopAsGroup);
    });
  }

  #reap(): void {
    if (!this.#run || !this.config.killAsGroup) return;
    this.reaping = this.#run.reap().catch((error: Error) => this.hooks.error(error));
  }
}
