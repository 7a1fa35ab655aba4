import type { Clock } from '../clock.js';
import type { ExitCause, GroupEvent } from '../events.js';
import { controlOf } from '../program/control.js';
import type { Program } from '../program/program.js';
import type { ProgramDeps } from '../program/program-deps.js';
import type { GroupDefinition } from './config-plan.js';
import { GroupSupervision } from './group-supervision.js';
import type { PoolOptions } from './pool.js';
import { StaggeredRestarts } from './staggered-restarts.js';
import { type GroupPolicyOptions, normalizeGroupPolicy } from './strategies.js';

/** What `addGroup()` takes: supervisord's [group:x], with an optional OTP strategy. */
export type AddGroupOptions = Omit<GroupDefinition, 'programs'> &
  GroupPolicyOptions & { programs: readonly PoolOptions[] };

/** What the strategies need from the Supervisor. */
export interface StrategiesHost {
  readonly clock: Clock;
  /** A group's members in start order (priority, dependencies, then as added). */
  ordered(group: string): Program[];
  shuttingDown(): boolean;
  emit(event: GroupEvent): void;
  error(error: Error): void;
}

/**
 * A group's say in its members' restarts: the groups that have a strategy or an intensity,
 * each with its GroupSupervision, and scheduled restarts staggered one member at a time.
 */
export class GroupStrategies {
  readonly #groups = new Map<string, GroupSupervision>();
  readonly #staggered: StaggeredRestarts;

  constructor(private readonly host: StrategiesHost) {
    const restart = (p: Program, cause: ExitCause) => controlOf(p).restartFor('restart', cause);
    this.#staggered = new StaggeredRestarts(restart, host.error, host.shuttingDown);
  }

  /**
   * Validates and records a group's strategy (OptionError) before `admit` creates its
   * members; forgets it again when `admit` throws.
   */
  define(group: string, options: GroupPolicyOptions, admit: () => void): void {
    const policy = normalizeGroupPolicy(group, options);
    this.#groups.delete(group);
    if (policy) this.#define(group, policy);
    try {
      admit();
    } catch (error) {
      if (policy) this.#groups.delete(group);
      throw error;
    }
  }

  /**
   * A new member's deps: the supervisor's, and what it gets from its group. One literal, so
   * every program's deps share one hidden class (a spread gives each its own, ~250 bytes).
   */
  depsFor(
    group: string,
    base: Omit<ProgramDeps, 'groupRestarts' | 'scheduledRestart'>,
  ): ProgramDeps {
    const { clock, driver, logDir, statsHistory, parent, watchdog } = base;
    const groupRestarts = this.#groups.has(group);
    const scheduledRestart = this.#scheduledRestart;
    return {
      clock,
      driver,
      logDir,
      statsHistory,
      parent,
      watchdog,
      groupRestarts,
      scheduledRestart,
    };
  }

  /** One function for every program (not a closure per program). */
  readonly #scheduledRestart: NonNullable<ProgramDeps['scheduledRestart']> = (program, cause) =>
    this.#staggered.due(program, cause);

  #define(group: string, policy: NonNullable<ReturnType<typeof normalizeGroupPolicy>>): void {
    const { host } = this;
    this.#groups.set(
      group,
      new GroupSupervision(group, policy, {
        clock: host.clock,
        ordered: () => host.ordered(group),
        shuttingDown: () => host.shuttingDown(),
        stop: (p, reason) => controlOf(p).stopFor(reason),
        start: (p) => controlOf(p).startFor('restart'),
        emit: (event) => host.emit(event),
        error: (error) => host.error(error),
      }),
    );
  }

  /** Hands a new member's transitions to its group's supervision, if any. */
  watch(program: Program): void {
    const supervision = this.#groups.get(program.group);
    if (supervision) program.on('state', (change) => supervision.observe(program, change));
  }

  get(group: string): GroupSupervision | undefined {
    return this.#groups.get(group);
  }
}
