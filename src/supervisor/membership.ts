import { AlreadyAddedError, OptionError } from '../errors.js';
import type { ProgramConfig } from '../options/program-options.js';
import { optInteger } from '../options/validate.js';
import type { Program } from '../program/program.js';
import { isRunningState } from '../states.js';
import {
  type ConfigDiff,
  type ConfigPlan,
  checkDependencies,
  diffConfig,
  type PlannedProcess,
} from './config-plan.js';
import type { ScaleResult } from './group.js';
import type { PoolMember, PoolPlan } from './pool.js';
import type { GroupRecord, Registry } from './registry.js';

/** What Membership needs from the Supervisor. */
export interface MembershipHost {
  readonly registry: Registry;
  /**
   * Supervisor-level checks of new programs (throws OptionError): against the programs there
   * are, or, when `replacing` (a whole new configuration), among themselves.
   */
  validate(configs: readonly ProgramConfig[], replacing: boolean): void;
  /** Creates a Program (not started) and registers it, emitting `add`. */
  create(config: ProgramConfig, fingerprint: string, processNum: number): Program;
  /** Stops, disposes and unregisters a program, emitting `remove`. */
  discard(programs: readonly Program[]): Promise<void>;
  /** Starts these in dependency and priority order, when the supervisor is started. */
  startIfStarted(programs: readonly Program[], force?: readonly Program[]): Promise<unknown>;
}

const keyOf = (c: { group: string; name: string }) => `${c.group}:${c.name}`;

/**
 * Changes to which programs exist: admitting new ones (with dependency checks), scaling pools,
 * and applying a new configuration (diff, then remove, replace one by one, add).
 */
export class Membership {
  constructor(private readonly host: MembershipHost) {}

  /** Validates then adds members; nothing is added when anything is invalid. */
  admit(members: readonly PoolMember[], record: Omit<GroupRecord, 'numprocs'>): Program[] {
    const { registry } = this.host;
    for (const m of members) {
      if (registry.has(m.config.group, m.config.name)) {
        throw new AlreadyAddedError(keyOf(m.config));
      }
    }
    checkDependencies([...registry.programs.map((p) => p.config), ...members.map((m) => m.config)]);
    this.host.validate(
      members.map((m) => m.config),
      false,
    );
    const group = registry.ensureGroup({ ...record, numprocs: 0 });
    group.numprocs += members.length;
    const programs = members.map((m) => this.host.create(m.config, m.fingerprint, m.processNum));
    void this.host.startIfStarted(programs.filter((p) => p.config.autostart));
    return programs;
  }

  /** Adds or removes pool members; removal takes the highest process_num first. */
  async scale(groupName: string, numprocs: number): Promise<ScaleResult> {
    const { registry } = this.host;
    const record = registry.group(groupName);
    const pool = record?.pool;
    if (!record || !pool) {
      throw new OptionError({
        program: groupName,
        option: 'numprocs',
        value: numprocs,
        fix: `"${groupName}" is not a pool: only a program added with addPool() (numprocs) can be scaled.`,
      });
    }
    const count = optInteger({ program: groupName }, 'numprocs', numprocs, 1, 0);
    const members = registry.members(groupName);
    const last = pool.numprocsStart + count;
    const removed = members
      .filter((p) => registry.processNum(p) >= last)
      .sort((a, b) => registry.processNum(b) - registry.processNum(a));
    const have = new Set(members.map((p) => registry.processNum(p)));
    const wanted = Array.from({ length: count }, (_, i) => pool.numprocsStart + i).filter(
      (n) => !have.has(n),
    );
    await this.host.discard(removed);
    record.numprocs = count;
    const added = wanted
      .map((n) => pool.member(n, count))
      .map((m) => this.host.create(m.config, m.fingerprint, m.processNum));
    await this.host.startIfStarted(added.filter((p) => p.config.autostart));
    return { added: added.map(keyOf), removed: removed.map(keyOf) };
  }

  /** Applies a validated configuration: removed go, changed are replaced one by one, added come. */
  async apply(plan: ConfigPlan): Promise<ConfigDiff> {
    const { registry } = this.host;
    this.host.validate(
      [...plan.processes.values()].map((p) => p.config),
      true,
    );
    const diff = diffConfig(registry.fingerprints(), plan);
    const byKey = (key: string) => registry.get(key) as Program;
    await this.host.discard(diff.processes.removed.map(byKey));
    this.#updateGroups(plan);
    for (const key of diff.processes.changed)
      await this.#replace(byKey(key), plan.processes.get(key) as PlannedProcess);
    const added = diff.processes.added.map((key) =>
      this.#createPlanned(plan.processes.get(key) as PlannedProcess),
    );
    await this.host.startIfStarted(added.filter((p) => p.config.autostart));
    return diff;
  }

  async #replace(old: Program, next: PlannedProcess): Promise<void> {
    const wasRunning = isRunningState(old.state);
    await this.host.discard([old]);
    const program = this.#createPlanned(next);
    await this.host.startIfStarted(
      program.config.autostart || wasRunning ? [program] : [],
      wasRunning ? [program] : [],
    );
  }

  #createPlanned(p: PlannedProcess): Program {
    return this.host.create(p.config, p.fingerprint, p.processNum);
  }

  #updateGroups(plan: ConfigPlan): void {
    const { registry } = this.host;
    for (const { plan: pool, groupPriority } of plan.pools.values()) {
      const record = registry.ensureGroup({
        name: pool.group,
        pool: undefined,
        priority: groupPriority,
        numprocs: 0,
      });
      record.pool = isPool(pool, plan) ? pool : undefined;
      record.numprocs = pool.numprocs;
    }
  }
}

/** A group is a scalable pool when it holds exactly one program's processes. */
function isPool(pool: PoolPlan, plan: ConfigPlan): boolean {
  return [...plan.pools.values()].filter((p) => p.plan.group === pool.group).length === 1;
}
