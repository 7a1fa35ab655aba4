import { type Clock, SystemClock } from '../clock.js';
import { EventSource, reportListenerError } from '../emitter.js';
import { OptionError, ShutdownError } from '../errors.js';
import { aggregateStats, type SupervisorStats } from '../metrics/aggregate.js';
import { normalizeSampleInterval } from '../metrics/options.js';
import { Sampler, type SampleTarget } from '../metrics/sampler.js';
import { SelfUsageMeter } from '../metrics/self-usage.js';
import type { ProgramConfig, ProgramOptions } from '../options/program-options.js';
import { optBoolean, optInteger, optString } from '../options/validate.js';
import { type ProcessDriver, systemDriver } from '../process/driver.js';
import { HostDeathWatchdog } from '../process/watchdog.js';
import type { ProcessInfo } from '../program/info.js';
import { Program } from '../program/program.js';
import { isSignallableState } from '../states.js';
import { checkNewPrograms } from './checks.js';
import {
  type ConfigDiff,
  type GroupDefinition,
  planConfig,
  type SupervisorConfig,
} from './config-plan.js';
import { Group, type GroupHost } from './group.js';
import { bindToHost, type HostBound, unbindFromHost } from './host-hooks.js';
import { Membership } from './membership.js';
import { type PoolOptions, planPool } from './pool.js';
import { Registry } from './registry.js';
import type { ProcessResult } from './results.js';
import { startable, startInOrder, stopInOrder } from './run-levels.js';
import type { SupervisorEventMap, SupervisorOptions } from './supervisor-options.js';

/**
 * Supervises many programs: starts them in ascending priority (dependencies first), stops them
 * in reverse, forwards their events, samples their CPU and memory, and makes sure no child
 * outlives the host. `await using sup = new Supervisor()` stops everything at scope exit.
 */
export class Supervisor extends EventSource<SupervisorEventMap> {
  readonly #registry = new Registry();
  readonly #groups = new Map<string, Group>();
  readonly #membership: Membership;
  readonly #clock: Clock;
  readonly #driver: ProcessDriver;
  readonly #logDir: string | undefined;
  readonly #statsHistory: number;
  readonly #handleSignals: boolean;
  readonly #sampler: Sampler;
  readonly #sampleIntervalMs: number;
  readonly #selfUsage = new SelfUsageMeter();
  readonly #watchdog: HostDeathWatchdog | undefined;
  readonly #host: HostBound = { stop: () => this.stop(), killNow: () => this.#killNow() };
  #started = false;
  #stopping: Promise<ProcessResult[]> | undefined;
  #disposed = false;

  constructor(options: SupervisorOptions = {}) {
    super();
    const ctx = { program: undefined };
    this.#clock = options.clock ?? new SystemClock();
    this.#driver = options.driver ?? systemDriver;
    this.#logDir = optString(ctx, 'logDir', options.logDir);
    this.#statsHistory = optInteger(ctx, 'statsHistory', options.statsHistory, 60, 1);
    this.#handleSignals = optBoolean(ctx, 'handleSignals', options.handleSignals, true);
    this.#sampleIntervalMs = normalizeSampleInterval(ctx, options.sampleIntervalMs);
    const guard = optBoolean(ctx, 'killOnHostDeath', options.killOnHostDeath, true);
    this.#watchdog = guard ? new HostDeathWatchdog() : undefined;
    this.#sampler = new Sampler({
      intervalMs: this.#sampleIntervalMs,
      clock: this.#clock,
      targets: () => this.#sampleTargets(),
      onSample: (stats) => this.#registry.get(`${stats.group}:${stats.name}`)?.observeStats(stats),
      onError: (error) => this.#emitError(error),
    });
    this.#membership = new Membership({
      registry: this.#registry,
      validate: (configs, replacing) =>
        checkNewPrograms(configs, {
          existing: replacing ? [] : this.programs,
          logDir: this.#logDir,
          sampleIntervalMs: this.#sampleIntervalMs,
        }),
      create: (config, fingerprint, num) => this.#create(config, fingerprint, num),
      discard: (programs) => this.#discard(programs),
      startIfStarted: (programs, force = []) =>
        this.#started ? this.#startSet(programs) : this.#startSet(force),
    });
    if (process.pid === 1) {
      process.emitWarning(
        'overseer: the host runs as PID 1 and will not reap orphans it did not spawn; run it under tini or `docker run --init`.',
      );
    }
  }

  /** Every program, in the order they were added. */
  get programs(): readonly Program[] {
    return this.#registry.programs;
  }

  /** A program by address: "group:name", or "name" when the group has the same name. */
  get(address: string): Program | undefined {
    return this.#registry.get(address);
  }

  /** Every program an address names: "group:name", "name", "group" or "group:*". */
  select(address: string): Program[] {
    return this.#registry.select(address);
  }

  /** A group (a pool, or a group of different programs) by name. */
  group(name: string): Group | undefined {
    if (!this.#registry.group(name)) return undefined;
    const group = this.#groups.get(name) ?? new Group(name, this.#groupHost);
    this.#groups.set(name, group);
    return group;
  }

  /**
   * Adds one program. Validates every option first (OptionError, nothing spawned). When the
   * supervisor has started and the program has autostart, it starts at once.
   */
  add(options: ProgramOptions): Program {
    this.#assertOpen('add a program');
    const plan = planPool(options);
    if (plan.numprocs !== 1) {
      throw new OptionError({
        program: plan.programName,
        option: 'numprocs',
        value: plan.numprocs,
        fix: 'add() adds one process; use addPool() for numprocs.',
      });
    }
    return this.#membership.admit(plan.members(), {
      name: plan.group,
      pool: undefined,
      priority: undefined,
    })[0] as Program;
  }

  /** Adds supervisord's numprocs pool: a group named after the program, scalable with `scale()`. */
  addPool(options: PoolOptions): Group {
    this.#assertOpen('add a pool');
    const plan = planPool(options);
    this.#membership.admit(plan.members(), { name: plan.group, pool: plan, priority: undefined });
    return this.group(plan.group) as Group;
  }

  /** Adds supervisord's [group:x]: different programs in one group, with a default priority. */
  addGroup(
    definition: Omit<GroupDefinition, 'programs'> & { programs: readonly PoolOptions[] },
  ): Group {
    this.#assertOpen('add a group');
    const members = definition.programs.flatMap((options) =>
      planPool(options, definition.name, definition.priority).members(),
    );
    this.#membership.admit(members, {
      name: definition.name,
      pool: undefined,
      priority: definition.priority,
    });
    return this.group(definition.name) as Group;
  }

  /** Stops (if needed) and forgets a program or a whole group. */
  async remove(address: string): Promise<void> {
    await this.#discard(this.#registry.select(address));
  }

  /**
   * Diffs a whole configuration against the active one and applies it: removed programs stop
   * and go, changed ones are replaced one by one, added ones come (and start if autostart).
   * Unchanged pool members keep running; a pool size change is a scale. An invalid
   * configuration changes nothing.
   */
  async update(config: SupervisorConfig): Promise<ConfigDiff> {
    this.#assertOpen('update');
    return this.#membership.apply(planConfig(config));
  }

  /**
   * Starts every autostart program that is not running, in ascending priority with
   * dependencies first: a level starts once the previous one is RUNNING or has given up.
   * Resolves with one result per program once all have settled.
   */
  async start(): Promise<ProcessResult[]> {
    this.#assertOpen('start');
    await this.#stopping;
    this.#started = true;
    this.#sampler.start();
    return this.#startSet(this.programs.filter((p) => p.config.autostart && startable(p)));
  }

  /**
   * Stops everything, dependents before dependencies and in descending priority, each level
   * fully stopped before the next; BACKOFF programs give up (FATAL). Safe to call repeatedly.
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

  /**
   * CPU and memory now: the latest sample of every program with a process, totals per group
   * and overall, and the supervisor's own process (CPU since the previous call).
   */
  stats(): SupervisorStats {
    const running = this.programs.filter((p) => p.pid !== 0).map((p) => p.stats);
    return aggregateStats(running, this.#selfUsage.read(), this.#clock.now());
  }

  /** Stops everything, closes the log files, and releases the host's signal handlers. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    await this.stop();
    this.#disposed = true;
    await Promise.all(this.programs.map((p) => p.dispose()));
    this.#watchdog?.close();
    unbindFromHost(this.#host);
  }

  readonly #groupHost: GroupHost = {
    members: (group) => this.#registry.members(group),
    startSet: (programs) => this.#startSet(programs),
    stopSet: (programs) => stopInOrder(programs, this.#deps, (p) => p.stopIfRunning()),
    scale: (group, n) => this.#membership.scale(group, n),
  };

  readonly #deps = (p: Program): Program[] => p.config.dependsOn.flatMap((a) => this.#tryselect(a));

  #tryselect(address: string): Program[] {
    try {
      return this.#registry.select(address);
    } catch {
      return [];
    }
  }

  #startSet(programs: readonly Program[]): Promise<ProcessResult[]> {
    return startInOrder(programs, this.#deps, () => this.#stopping !== undefined);
  }

  async #stopAll(): Promise<ProcessResult[]> {
    this.#started = false;
    this.#sampler.stop();
    const results = await stopInOrder(this.programs, this.#deps);
    // Nothing left to guard: end the watchdog (the next spawn starts a new one).
    this.#watchdog?.close();
    return results;
  }

  #create(config: ProgramConfig, fingerprint: string, processNum: number): Program {
    const program = new Program(config, {
      clock: this.#clock,
      driver: this.#driver,
      logDir: this.#logDir,
      statsHistory: this.#statsHistory,
      parent: this.emitter,
      watchdog: this.#watchdog,
    });
    this.#registry.add(program, fingerprint, processNum);
    if (this.#handleSignals) bindToHost(this.#host);
    this.emitter.emit('add', { name: program.name, group: program.group });
    return program;
  }

  async #discard(programs: readonly Program[]): Promise<void> {
    await stopInOrder(programs, this.#deps);
    for (const program of programs) {
      await program.dispose();
      this.#registry.delete(program);
      if (!this.#registry.group(program.group)) this.#groups.delete(program.group);
      this.emitter.emit('remove', { name: program.name, group: program.group });
    }
  }

  /** @internal */
  protected onListenerError(event: string, error: unknown): void {
    reportListenerError((e) => this.#emitError(e), event, error);
  }

  #emitError(error: Error): boolean {
    return this.emitter.emit('error', { name: '', group: '', error });
  }

  #assertOpen(action: string): void {
    if (this.#disposed) throw new ShutdownError(action);
  }

  *#sampleTargets(): Iterable<SampleTarget> {
    for (const p of this.#registry.programs) {
      if (p.pid > 0 && isSignallableState(p.state))
        yield { name: p.name, group: p.group, pid: p.pid };
    }
  }

  #killNow(): void {
    for (const p of this.#registry.programs) p.killNow();
  }
}
