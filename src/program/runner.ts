import type { Clock } from '../clock.js';
import { AlreadyStartedError, NotRunningError, StdinClosedError } from '../errors.js';
import type { ExitCause, ExitEvent, ExitInfo, SpawnInfo, StateChange } from '../events.js';
import type { ReadinessResult } from '../health/readiness-result.js';
import type { ProgramConfig } from '../options/program-options.js';
import type { ProcessDriver, RunHandle } from '../process/driver.js';
import type { ProcessEntry } from '../process/process-table.js';
import {
  isRunningState,
  isSignallableState,
  isStoppedState,
  type ProcessState,
} from '../states.js';
import { type EffectHooks, Effects } from './effects.js';
import {
  type Effect,
  initialContext,
  type MachineContext,
  type MachineInput,
  type StepResult,
  type Transition,
} from './machine-types.js';
import { watchStart } from './start-settlement.js';
import { exitMayRestart, step } from './state-machine.js';

/** Where a Runner reports what happened. */
export interface RunnerHooks {
  transition(change: StateChange): void;
  /** A run started; may return a promise that settles once its pipes are drained. */
  spawned(run: RunHandle, info: SpawnInfo): Promise<void> | undefined;
  exited(exit: ExitEvent): void;
  error(error: Error): void;
}

type Watcher = (change: StateChange) => void;

/** Inputs from the run and the timers that may lead to an automatic restart. */
const PACED: ReadonlySet<MachineInput['type']> = new Set(['exited', 'retryDue']);

/**
 * Drives the pure state machine for one program: feeds it inputs one at a time (inputs raised
 * while one is processed wait their turn), has {@link Effects} carry out its effects, and
 * offers the Program intents (start, stop, signal, write...) instead of its insides. The
 * state is set before each transition is reported.
 */
export class Runner implements EffectHooks {
  readonly #config: ProgramConfig;
  readonly #clock: Clock;
  readonly #hooks: RunnerHooks;
  readonly #effects: Effects;
  /** Made at the first watcher (a start or stop waiting for a state). */
  #watchers: Set<Watcher> | undefined;
  #ctx: MachineContext = initialContext;
  #state: ProcessState = 'STOPPED';
  #queue: MachineInput[] = [];
  #busy = false;
  readonly #driver: ProcessDriver;

  constructor(config: ProgramConfig, clock: Clock, driver: ProcessDriver, hooks: RunnerHooks) {
    this.#config = config;
    this.#clock = clock;
    this.#hooks = hooks;
    this.#effects = new Effects(config, clock, driver, this);
    this.#driver = driver;
  }

  /**
   * @internal For Effects: an input for the machine (queued while one is processed). An
   * exit or a due retry that would spawn (an automatic restart) waits for the driver's
   * pacing: restarts of many programs then spawn one per turn of the event loop.
   */
  dispatch(input: MachineInput): void {
    // An exit that came before the stop it was signalled ahead for is that stop's exit.
    if (input.type === 'exited' && this.#effects.stopPending) {
      this.#dispatch({ type: 'stop', cause: 'stop-requested' });
    }
    const driver = this.#driver;
    if (driver.paceSpawn && PACED.has(input.type) && !this.#busy && this.#wouldSpawn(input)) {
      driver.paceSpawn(() => this.#dispatch(input));
      return;
    }
    this.#dispatch(input);
  }
  /** @internal For Effects: a run started. */
  spawned(run: RunHandle, info: SpawnInfo): Promise<void> | undefined {
    return this.#hooks.spawned(run, info);
  }
  /** @internal For Effects: something failed. */
  error(error: Error): void {
    this.#hooks.error(error);
  }

  get state(): ProcessState {
    return this.#state;
  }
  /** The machine's record of the current/last run (pid, times, tries, last exit). */
  get record(): MachineContext {
    return this.#ctx;
  }

  /** Starts; settles as start() documents. From STOPPING, waits for the stop first. */
  async start(): Promise<void> {
    await this.#idle();
    if (this.#state === 'STOPPING') await this.#until(isStoppedState);
    const outcome = watchStart(
      this.#config.name,
      (fn) => this.#watch(fn),
      () => this.#ctx,
    );
    if (this.#dispatch({ type: 'start' }) === 'ALREADY_STARTED') {
      outcome.cancel();
      throw new AlreadyStartedError(this.#config.name, this.#state);
    }
    return outcome.promise;
  }

  /** Stops; joins a stop under way. Resolves with how it ended (undefined from BACKOFF). */
  async stop(cause: ExitCause): Promise<ExitInfo | undefined> {
    await this.#idle();
    if (this.#state === 'STOPPING') {
      // Asked for by a user: a liveness or memory-limit stop under way restarts no more.
      if (cause === 'stop-requested') this.#dispatch({ type: 'cancelRestart' });
      return this.#untilStopped();
    }
    const hadProcess = this.#state !== 'BACKOFF';
    if (this.#dispatch({ type: 'stop', cause }) === 'NOT_RUNNING') {
      throw new NotRunningError(this.#config.name, this.#state, 'stop');
    }
    return hadProcess ? this.#untilStopped() : undefined;
  }

  /** Stops when there is something to stop; never rejects with NOT_RUNNING. */
  async stopIfRunning(cause: ExitCause): Promise<void> {
    if (!isRunningState(this.#state) && this.#state !== 'STOPPING') return;
    await this.stop(cause).catch((error: { code?: string }) => {
      if (error.code !== 'NOT_RUNNING') throw error;
    });
  }

  /** Supervisor shutdown: BACKOFF gives up (FATAL); a running process stops. */
  async shutdown(): Promise<void> {
    await this.#idle();
    if (this.#state === 'BACKOFF') this.#dispatch({ type: 'giveUp' });
    await this.stopIfRunning('stop-requested');
    await this.#effects.reaping;
  }

  /** Before a shutdown's stop in this turn: the stop signal now (see Effects.signalAhead). */
  signalAhead(): boolean {
    if (this.#busy || !this.#wouldDo({ type: 'stop' }, 'sendStopSignal')) return false;
    return this.#effects.signalAhead();
  }

  /** The readiness probe of run `pid` passed, having found `readiness`. */
  ready(pid: number, readiness?: ReadinessResult): void {
    if (this.#ctx.pid === pid) this.#dispatch({ type: 'ready', readiness });
  }

  /** Sends a signal to the process only; changes no state. Throws NOT_RUNNING, SIGNAL_FAILED. */
  signal(signal: NodeJS.Signals): void {
    const run = this.#effects.run;
    if (!isSignallableState(this.#state) || !run) {
      throw new NotRunningError(this.#config.name, this.#state, `send ${signal} to`);
    }
    const failure = this.#effects.guardSignal(signal, () => run.signal(signal, false));
    if (failure) throw failure;
  }

  /** Writes to the process's stdin; resolves once the data is handed to the OS. */
  write(data: string | Uint8Array): Promise<void> {
    const stdin = this.#effects.run?.stdin;
    const { name } = this.#config;
    if (!isSignallableState(this.#state) || !stdin) {
      return Promise.reject(new NotRunningError(name, this.#state, 'write to'));
    }
    if (stdin.destroyed || stdin.writableEnded) return Promise.reject(new StdinClosedError(name));
    return new Promise((resolve, reject) =>
      stdin.write(data, (error) => {
        if (!error) resolve();
        else if ((error as NodeJS.ErrnoException).code === 'EPIPE' || stdin.destroyed)
          reject(new StdinClosedError(name, error));
        else reject(error);
      }),
    );
  }

  /** SIGKILL now, synchronously, when there is a process (the host is exiting). */
  forceKill(): void {
    if (this.#effects.run && !isStoppedState(this.#state))
      this.#effects.run.forceKill(this.#config.killAsGroup);
  }

  /** Descendants seen in a sample, for the sweep after the exit; returns the new ones. */
  rememberDescendants(pids: readonly number[]): readonly ProcessEntry[] {
    return this.#effects.run?.rememberDescendants(pids) ?? [];
  }

  /** Settles once the sweep after the last exit is done. */
  async whenReaped(): Promise<void> {
    await this.#effects.reaping;
  }

  cancelTimers(): void {
    this.#effects.cancelTimers();
  }

  /** Feeds one input; returns the refusal, if the machine refused it. */
  #dispatch(input: MachineInput): StepResult['refused'] {
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

  /** The machine would spawn for `input` now (a look at its steps; nothing is applied). */
  #wouldSpawn(input: MachineInput): boolean {
    // The exits of a stop (every program of a supervisor's stop) need no look.
    if (input.type === 'exited' && !exitMayRestart(this.#state, this.#ctx)) return false;
    return this.#wouldDo(input, 'spawn');
  }

  /** The machine would carry out an effect of this type for `input` now (nothing applied). */
  #wouldDo(input: MachineInput, effect: Effect['type']): boolean {
    const { steps, refused } = step(this.#ctx, input, this.#config, this.#clock.now());
    return !refused && steps.some((s) => s.kind === 'effect' && s.effect.type === effect);
  }

  #apply(input: MachineInput): StepResult['refused'] {
    const result = step(this.#ctx, input, this.#config, this.#clock.now());
    if (result.refused) return result.refused;
    const pid = this.#ctx.pid;
    this.#ctx = result.context;
    let exitPending = input.type === 'exited';
    for (const s of result.steps) {
      if (s.kind === 'effect') {
        this.#effects.perform(s.effect);
        continue;
      }
      this.#transition(s.transition);
      if (exitPending && result.context.lastExit) {
        exitPending = false;
        const { name, group } = this.#config;
        this.#hooks.exited({ ...result.context.lastExit, name, group, pid });
      }
    }
    return undefined;
  }

  #transition(t: Transition): void {
    this.#state = t.to;
    const { name, group } = this.#config;
    const change = Object.freeze({ name, group, ...t, time: this.#clock.now() });
    this.#hooks.transition(change);
    if (this.#watchers) for (const watcher of [...this.#watchers]) watcher(change);
  }

  #watch(fn: Watcher): () => void {
    this.#watchers ??= new Set();
    const watchers = this.#watchers;
    watchers.add(fn);
    return () => {
      watchers.delete(fn);
      // A running program waits for nothing: let the empty set go.
      if (watchers.size === 0 && this.#watchers === watchers) this.#watchers = undefined;
    };
  }

  /** Resolves once the state matches (now, or at a later transition). */
  #until(matches: (state: ProcessState) => boolean): Promise<void> {
    if (matches(this.#state)) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.#watch((change) => {
        if (!matches(change.to)) return;
        off();
        resolve();
      });
    });
  }

  async #untilStopped(): Promise<ExitInfo | undefined> {
    await this.#until(isStoppedState);
    await this.#effects.reaping;
    return this.#ctx.lastExit;
  }

  /** Lets a call made from inside a transition (a listener) run after it. */
  #idle(): Promise<void> {
    return this.#busy ? new Promise((resolve) => queueMicrotask(resolve)) : Promise.resolve();
  }
}
