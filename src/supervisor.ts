import { type Clock, SystemClock } from './clock.js';
import { reportListenerError, SafeEmitter } from './emitter.js';
import { AlreadyAddedError, BadNameError, type OverseerError, ShutdownError } from './errors.js';
import { bindToHost, type HostBound, unbindFromHost } from './host-hooks.js';
import type { ProcessInfo } from './info.js';
import { type ProgramStats, Sampler, type SampleTarget } from './metrics/sampler.js';
import { normalizeProgramOptions } from './options/normalize.js';
import type { ProgramOptions } from './options/program-options.js';
import { optBoolean, optInteger, optString } from './options/validate.js';
import { type ProcessDriver, systemDriver } from './process/driver.js';
import { Program, type ProgramEventMap } from './program.js';
import { isSignallableState, type ProcessState } from './states.js';

export interface SupervisorOptions {
  /** Directory for 'AUTO' log files. @default none (AUTO logs only in memory) */
  logDir?: string;
  /** Time source; a ManualClock in tests. @default SystemClock */
  clock?: Clock;
  /**
   * Stop every child when the host gets SIGINT or SIGTERM (then let the signal end the host),
   * and SIGKILL them when the host exits without stopping. @default true
   */
  handleSignals?: boolean;
  /** Milliseconds between CPU/memory sampling passes; 0 = off. @default 1000 */
  sampleIntervalMs?: number;
  /** Samples kept per program. @default 60 */
  statsHistory?: number;
  /** @internal Process driver (tests). */
  driver?: ProcessDriver;
}

/** Outcome of starting or stopping one program in a batch. */
export interface ProcessResult {
  readonly name: string;
  readonly group: string;
  readonly ok: boolean;
  readonly state: ProcessState;
  readonly error?: OverseerError | Error;
}

/**
 * Supervises many programs: starts them in ascending priority, stops them in descending
 * priority, forwards their events, samples their CPU and memory, and makes sure no child
 * outlives the host. `await using sup = new Supervisor()` stops everything at scope exit.
 */
export class Supervisor {
  readonly #programs = new Map<string, Program>();
  readonly #events: SafeEmitter<ProgramEventMap>;
  readonly #clock: Clock;
  readonly #driver: ProcessDriver;
  readonly #logDir: string | undefined;
  readonly #statsHistory: number;
  readonly #handleSignals: boolean;
  readonly #sampler: Sampler;
  readonly #host: HostBound;
  #started = false;
  #stopping: Promise<ProcessResult[]> | undefined;
  #disposed = false;

  constructor(options: SupervisorOptions = {}) {
    const ctx = { program: undefined };
    this.#clock = options.clock ?? new SystemClock();
    this.#driver = options.driver ?? systemDriver;
    this.#logDir = optString(ctx, 'logDir', options.logDir);
    this.#statsHistory = optInteger(ctx, 'statsHistory', options.statsHistory, 60, 1);
    this.#handleSignals = optBoolean(ctx, 'handleSignals', options.handleSignals, true);
    this.#events = new SafeEmitter((event, error) =>
      reportListenerError(
        (e) => this.#events.emit('error', { name: '', group: '', error: e }),
        event,
        error,
      ),
    );
    this.#sampler = new Sampler({
      intervalMs: optInteger(ctx, 'sampleIntervalMs', options.sampleIntervalMs, 1000),
      clock: this.#clock,
      targets: () => this.#sampleTargets(),
      onSample: (stats) => this.#programs.get(stats.name)?.observeStats(stats),
      onError: (error) => this.#events.emit('error', { name: '', group: '', error }),
    });
    this.#host = { stop: () => this.stop(), killNow: () => this.#killNow() };
  }

  on<E extends keyof ProgramEventMap>(event: E, fn: (...args: ProgramEventMap[E]) => void) {
    return this.#events.on(event, fn);
  }
  once<E extends keyof ProgramEventMap>(event: E, fn: (...args: ProgramEventMap[E]) => void) {
    return this.#events.once(event, fn);
  }
  off<E extends keyof ProgramEventMap>(event: E, fn: (...args: ProgramEventMap[E]) => void) {
    this.#events.off(event, fn);
  }

  /** Every program, in the order they were added. */
  get programs(): readonly Program[] {
    return [...this.#programs.values()];
  }

  /** The program with this name. */
  get(name: string): Program | undefined {
    return this.#programs.get(name);
  }

  /**
   * Adds a program. Validates every option first (OptionError, nothing spawned). When the
   * supervisor has started and the program has autostart, it starts at once.
   */
  add(options: ProgramOptions): Program {
    if (this.#disposed) throw new ShutdownError('add a program');
    const config = normalizeProgramOptions(options);
    if (this.#programs.has(config.name)) throw new AlreadyAddedError(config.name);
    const program = new Program(config, {
      clock: this.#clock,
      driver: this.#driver,
      logDir: this.#logDir,
      statsHistory: this.#statsHistory,
      parent: this.#events,
    });
    this.#programs.set(config.name, program);
    if (this.#handleSignals) bindToHost(this.#host);
    if (this.#started && config.autostart) program.start().catch(() => {});
    return program;
  }

  /** Stops the program if needed, then forgets it. */
  async remove(name: string): Promise<void> {
    const program = this.#require(name);
    await program.shutdown();
    await program.dispose();
    this.#programs.delete(name);
  }

  /**
   * Starts every autostart program that is not running, in ascending priority: a priority
   * level starts once the previous one is RUNNING or has given up. Resolves with one result
   * per program once all have settled.
   */
  async start(): Promise<ProcessResult[]> {
    if (this.#disposed) throw new ShutdownError('start');
    await this.#stopping;
    this.#started = true;
    this.#sampler.start();
    const results: ProcessResult[] = [];
    for (const level of this.#levels('ascending')) {
      if (this.#stopping) break;
      const due = level.filter(
        (p) => p.config.autostart && !isSignallableState(p.state) && p.state !== 'BACKOFF',
      );
      results.push(...(await Promise.all(due.map((p) => settle(p, () => p.start())))));
    }
    return results;
  }

  /**
   * Stops everything in descending priority, each level fully stopped before the next;
   * programs in BACKOFF give up (FATAL), as in supervisord. Safe to call more than once.
   */
  stop(): Promise<ProcessResult[]> {
    this.#stopping ??= this.#stopAll().finally(() => {
      this.#stopping = undefined;
    });
    return this.#stopping;
  }

  /** Process records of every program, sorted by group then name. */
  info(): ProcessInfo[] {
    return this.programs
      .map((p) => p.info())
      .sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  }

  /** Latest samples of every running program. */
  stats(): ProgramStats[] {
    return this.programs.flatMap((p) => (p.stats ? [p.stats] : []));
  }

  /** Stops everything, closes the log files, and releases the host's signal handlers. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    await this.stop();
    this.#disposed = true;
    await Promise.all(this.programs.map((p) => p.dispose()));
    unbindFromHost(this.#host);
  }

  async #stopAll(): Promise<ProcessResult[]> {
    this.#started = false;
    this.#sampler.stop();
    const results: ProcessResult[] = [];
    for (const level of this.#levels('descending')) {
      results.push(...(await Promise.all(level.map((p) => settle(p, () => p.shutdown())))));
    }
    return results;
  }

  /** Programs grouped by priority; equal priorities form one level. */
  #levels(order: 'ascending' | 'descending'): Program[][] {
    const byPriority = new Map<number, Program[]>();
    for (const p of this.#programs.values()) {
      const level = byPriority.get(p.config.priority);
      if (level) level.push(p);
      else byPriority.set(p.config.priority, [p]);
    }
    const sign = order === 'ascending' ? 1 : -1;
    return [...byPriority.entries()].sort(([a], [b]) => sign * (a - b)).map(([, level]) => level);
  }

  #require(name: string): Program {
    const program = this.#programs.get(name);
    if (!program) throw new BadNameError(name, [...this.#programs.keys()]);
    return program;
  }

  *#sampleTargets(): Iterable<SampleTarget> {
    for (const p of this.#programs.values()) {
      if (p.pid > 0 && isSignallableState(p.state))
        yield { name: p.name, group: p.group, pid: p.pid };
    }
  }

  #killNow(): void {
    for (const p of this.#programs.values()) p.killNow();
  }
}

async function settle(program: Program, action: () => Promise<unknown>): Promise<ProcessResult> {
  try {
    await action();
    return { name: program.name, group: program.group, ok: true, state: program.state };
  } catch (error) {
    return {
      name: program.name,
      group: program.group,
      ok: false,
      state: program.state,
      error: error as Error,
    };
  }
}
