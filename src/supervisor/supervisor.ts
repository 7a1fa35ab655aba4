import { reportListenerError, warnIfUnheard } from '../emitter.js';
import { OptionError, ShutdownError } from '../errors.js';
import type { ProgramEventMap } from '../events.js';
import { aggregateStats, type SupervisorStats } from '../metrics/aggregate.js';
import { followRunningPrograms, Sampler, type SampleTarget } from '../metrics/sampler.js';
import { SelfUsageMeter } from '../metrics/self-usage.js';
import type { ProgramConfig, ProgramOptions } from '../options/program-options.js';
import { orphanWatch } from '../process/orphans.js';
import { HostDeathWatchdog } from '../process/watchdog.js';
import { controlOf } from '../program/control.js';
import { Program } from '../program/program.js';
import type { EventSink } from '../program/program-deps.js';
import { isSignallableState } from '../states.js';
import { programKey } from './addresses.js';
import { checkNewPrograms } from './checks.js';
import { type ConfigDiff, planConfig, type SupervisorConfig } from './config-plan.js';
import { configOrFile } from './config-source.js';
import type { Group } from './group.js';
import { checkAddGroup } from './group-definition.js';
import { type AddGroupOptions, GroupStrategies } from './group-strategies.js';
import { bindToHost, type HostBound, unbindFromHost } from './host-hooks.js';
import { type PoolOptions, planPool } from './pool.js';
import type { ProcessResult } from './results.js';
import { rollerFor, rollingRestart, type UpdateOptions } from './rolling-restart.js';
import { Roster, type RosterHost } from './roster.js';
import { shutdownInOrder, startable, startInOrder, startOrder, stopInOrder } from './run-levels.js';
import { type RunOptions, type RunResult, runToCompletion } from './run-to-completion.js';
import { SupervisorBase } from './supervisor-base.js';
import {
  normalizeSupervisorOptions,
  type SupervisorOptions,
  type SupervisorSettings,
} from './supervisor-options.js';

/**
 * Supervises many programs: starts them in ascending priority (dependencies first), stops them
 * in reverse, forwards their events, samples their CPU and memory, and makes sure no child
 * outlives the host. `await using sup = new Supervisor()` stops everything at scope exit.
 */
export class Supervisor extends SupervisorBase {
  readonly #settings: SupervisorSettings;
  readonly #roster: Roster;
  readonly #sampler: Sampler;
  readonly #selfUsage = new SelfUsageMeter();
  readonly #watchdog: HostDeathWatchdog | undefined;
  readonly #host: HostBound = { stop: () => this.stop(), killNow: () => this.#killNow() };
  readonly #strategies: GroupStrategies;
  #started = false;
  #stopping: Promise<ProcessResult[]> | undefined;
  #disposed = false;

  constructor(options: SupervisorOptions = {}) {
    const settings = normalizeSupervisorOptions(options);
    super(settings.clock);
    this.#settings = settings;
    this.#watchdog = settings.killOnHostDeath ? new HostDeathWatchdog() : undefined;
    orphanWatch.use(settings.subreaper);
    this.#sampler = new Sampler({
      intervalMs: settings.sampleIntervalMs,
      clock: settings.clock,
      targets: () => this.#sampleTargets(),
      onSample: (stats, target) => {
        const program = (target.ref as Program | undefined) ?? this.#roster.get(programKey(stats));
        if (program) controlOf(program).observeStats(stats);
      },
      onError: (error) => this.#emitError(error),
    });
    this.#roster = new Roster(this.#rosterHost());
    followRunningPrograms(this.emitter, this.#sampler, this.#roster);
    this.#strategies = new GroupStrategies({
      clock: settings.clock,
      ordered: (group) => this.#inOrder(group),
      shuttingDown: () => this.#stopping !== undefined,
      emit: (event) => this.emitter.emit('group', event),
      error: (error) => this.#emitError(error),
    });
  }

  /** Every program, in the order they were added. */
  get programs(): readonly Program[] {
    return this.#roster.programs;
  }

  /** A program by address: "group:name", or "name" when the group has the same name. */
  get(address: string): Program | undefined {
    return this.#roster.get(address);
  }

  /** Every program an address names: "group:name", "name", "group" or "group:*". */
  select(address: string): Program[] {
    return this.#roster.select(address);
  }

  /** A group (a pool, or a group of different programs) by name. */
  group(name: string): Group | undefined {
    return this.#roster.group(name);
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
    const settings = { name: plan.group, pool: undefined, priority: undefined };
    return this.#roster.admit(plan.members(), settings)[0] as Program;
  }

  /** Adds supervisord's numprocs pool: a group named after the program, scalable with `scale()`. */
  addPool(options: PoolOptions): Group {
    this.#assertOpen('add a pool');
    const plan = planPool(options);
    this.#roster.admit(plan.members(), { name: plan.group, pool: plan, priority: undefined });
    return this.group(plan.group) as Group;
  }

  /** Adds supervisord's [group:x] (a default priority), with an optional OTP strategy. */
  addGroup(definition: AddGroupOptions): Group {
    this.#assertOpen('add a group');
    const { name, priority, programs } = checkAddGroup<PoolOptions>(definition);
    const members = programs.flatMap((options) => planPool(options, name, priority).members());
    this.#strategies.define(name, definition, () =>
      this.#roster.admit(members, { name, pool: undefined, priority }),
    );
    return this.group(name) as Group;
  }

  /** Stops (if needed) and forgets a program or a whole group. */
  async remove(address: string): Promise<void> {
    await this.#roster.remove(this.#roster.select(address));
  }

  /**
   * Diffs a whole configuration against the active one and applies it: removed programs stop
   * and go, changed ones are replaced one by one, added ones come (and start if autostart).
   * Unchanged pool members keep running; a pool size change is a scale. An invalid
   * configuration changes nothing. No argument: the loaded supervisord.conf, read again.
   */
  async update(config?: SupervisorConfig, options: UpdateOptions = {}): Promise<ConfigDiff> {
    this.#assertOpen('update');
    const roll = rollerFor(options.rolling, this.#roll);
    return this.#roster.apply(planConfig(configOrFile(this.#settings, config)), roll);
  }

  /** @internal */
  protected diffWith(config: SupervisorConfig | undefined): ConfigDiff {
    return this.#roster.diff(planConfig(configOrFile(this.#settings, config)));
  }

  /** Runs programs until all or any have exited, then stops the rest (docs/groups.md). */
  run(options: RunOptions = {}): Promise<RunResult> {
    return runToCompletion(this, options, this.#started);
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
    this.listeners.supervisorState('RUNNING');
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

  /**
   * CPU and memory now: the latest sample of every program with a process, totals per group
   * and overall, and the supervisor's own process (CPU since the previous call).
   */
  stats(): SupervisorStats {
    const running = this.programs.filter((p) => p.pid !== 0).map((p) => p.stats);
    const now = this.#settings.clock.now();
    return aggregateStats(running, this.#selfUsage.read(), now, orphanWatch.stats());
  }

  /** Stops everything, closes the log files, and releases the host's signal handlers. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    await this.stop();
    this.#disposed = true;
    await Promise.all(this.programs.map((p) => controlOf(p).dispose()));
    this.#watchdog?.close();
    orphanWatch.release();
    unbindFromHost(this.#host);
  }

  #rosterHost(): RosterHost {
    return {
      validate: (configs, replacing) =>
        checkNewPrograms(configs, {
          existing: replacing ? undefined : this.#roster.logFiles,
          logDir: this.#settings.logDir,
          sampleIntervalMs: this.#settings.sampleIntervalMs,
        }),
      create: (config) => this.#create(config),
      stop: (programs) => stopInOrder(programs, this.#deps),
      dispose: (program) => controlOf(program).dispose(),
      announce: (event, program) =>
        this.emitter.emit(event, { name: program.name, group: program.group }),
      startIfStarted: (programs, force = []) =>
        this.#started ? this.#startSet(programs) : this.#startSet(force),
      members: (group) => this.#roster.members(group),
      startSet: (programs) => this.#startSet(programs),
      stopSet: (programs) => stopInOrder(programs, this.#deps, (p) => controlOf(p).stopIfRunning()),
      scale: (group, n) => this.#roster.scale(group, n),
      rollingRestart: (group, options) =>
        rollingRestart(group, this.#inOrder(group), options, this.#roll),
      strategy: (group) => this.#strategies.get(group),
    };
  }

  readonly #deps = (p: Program): Program[] => p.config.dependsOn.flatMap((a) => this.#tryselect(a));

  #tryselect(address: string): Program[] {
    try {
      return this.#roster.select(address);
    } catch {
      return [];
    }
  }

  get #roll() {
    return { clock: this.#settings.clock, cancelled: () => this.#stopping !== undefined };
  }

  readonly #inOrder = (group: string) => startOrder(this.#roster.members(group), this.#deps);

  #startSet(programs: readonly Program[]): Promise<ProcessResult[]> {
    return startInOrder(programs, this.#deps, () => this.#stopping !== undefined);
  }

  async #stopAll(): Promise<ProcessResult[]> {
    this.#started = false;
    this.listeners.supervisorState('STOPPING');
    this.#sampler.stop();
    this.#watchdog?.hold(); // its lines wait for the close, in one write
    const results = await shutdownInOrder(this.programs, this.#deps);
    this.#watchdog?.close(); // nothing left to guard (the next spawn starts a new one)
    return results;
  }

  #create(config: ProgramConfig): Program {
    const { clock, driver, logDir, statsHistory, handleSignals } = this.#settings;
    // Every Program event is a Supervisor event (its payloads are among the Supervisor's).
    const parent = this.emitter as unknown as EventSink<ProgramEventMap>;
    const base = { clock, driver, logDir, statsHistory, parent, watchdog: this.#watchdog };
    const deps = this.#strategies.depsFor(config.group, base);
    const program = new Program(config, deps);
    this.#strategies.watch(program);
    if (handleSignals) bindToHost(this.#host);
    return program;
  }

  /** @internal */
  protected onListenerError(event: string, error: unknown): void {
    reportListenerError((e) => this.#emitError(e), event, error);
  }

  #emitError(error: Error): boolean {
    return warnIfUnheard(this.emitter.emit('error', { error }), error);
  }

  #assertOpen(action: string): void {
    if (this.#disposed) throw new ShutdownError(action);
  }

  *#sampleTargets(): Iterable<SampleTarget> {
    for (const p of this.#roster.programs) {
      if (p.pid > 0 && isSignallableState(p.state))
        yield { name: p.name, group: p.group, pid: p.pid, ref: p };
    }
  }

  #killNow(): void {
    for (const p of this.#roster.programs) controlOf(p).killNow();
  }
}
