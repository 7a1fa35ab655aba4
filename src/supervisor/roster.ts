import { AlreadyAddedError, BadNameError, OptionError } from '../errors.js';
import type { ProgramConfig } from '../options/program-options.js';
import { optInteger } from '../options/validate.js';
import type { Program } from '../program/program.js';
import { isRunningState } from '../states.js';
import { addressResolver, programKey } from './addresses.js';
import { LogFileOwners } from './checks.js';
import {
  type ConfigDiff,
  type ConfigPlan,
  diffConfig,
  type PlannedProcess,
} from './config-plan.js';
import { Group, type GroupHost, type ScaleResult } from './group.js';
import { Members } from './members.js';
import { checkDependencies } from './ordering.js';
import type { PoolMember, PoolPlan } from './pool.js';
import type { ProcessResult } from './results.js';
import type { RollingStep } from './rolling-restart.js';

/** What a group is, besides its members. */
export interface GroupSettings {
  readonly name: string;
  /** The pool it came from, when it is one program's numprocs (scalable). */
  readonly pool: PoolPlan | undefined;
  /** [group:x] priority, when it is a group of different programs. */
  readonly priority: number | undefined;
}

interface Member {
  readonly program: Program;
  readonly fingerprint: string;
  readonly processNum: number;
  /** Order of addition, for `programs`. */
  readonly seq: number;
}

interface GroupEntry extends Omit<GroupSettings, 'pool'> {
  pool: PoolPlan | undefined;
  /** Current number of processes of the pool. */
  numprocs: number;
  readonly members: Members<Member>;
  handle: Group | undefined;
}

/** What the Roster needs from the Supervisor. */
export interface RosterHost extends GroupHost {
  /**
   * Supervisor-level checks of new programs (throws OptionError): against the programs there
   * are, or, when `replacing` (a whole new configuration), among themselves.
   */
  validate(configs: readonly ProgramConfig[], replacing: boolean): void;
  /** Creates a Program (not started); called before it is listed. */
  create(config: ProgramConfig): Program;
  /** Stops programs in order; then the Roster disposes and forgets them. */
  stop(programs: readonly Program[]): Promise<unknown>;
  dispose(program: Program): Promise<void>;
  /** A program was listed (`add`) or forgotten (`remove`). */
  announce(event: 'add' | 'remove', program: Program): void;
  /** Starts these in dependency and priority order, when the supervisor is started. */
  startIfStarted(
    programs: readonly Program[],
    force?: readonly Program[],
  ): Promise<ProcessResult[]>;
}

/**
 * The one owner of programs and groups: every group by name, each with its members and its
 * `Group` handle (one map). Admits programs (dependency checks), scales pools, applies a new
 * configuration (diff, then remove, replace one by one, add), and resolves addresses.
 */
export class Roster {
  readonly #groups = new Map<string, GroupEntry>();
  readonly #host: RosterHost;
  #seq = 0;
  #list: Program[] | undefined;
  /** The log files of the programs here, for the checks of new ones. */
  readonly logFiles = new LogFileOwners();

  constructor(host: RosterHost) {
    this.#host = host;
  }

  /** Every program, in the order they were added. */
  get programs(): Program[] {
    return [...this.#ordered()];
  }

  #ordered(): readonly Program[] {
    this.#list ??= [...this.#groups.values()]
      .flatMap((g) => [...g.members.values()])
      .sort((a, b) => a.seq - b.seq)
      .map((m) => m.program);
    return this.#list;
  }

  members(group: string): Program[] {
    const entry = this.#groups.get(group);
    return entry ? [...entry.members.values()].map((m) => m.program) : [];
  }

  /** The handle of a group, or undefined when there is no such group. */
  group(name: string): Group | undefined {
    const entry = this.#groups.get(name);
    if (!entry) return undefined;
    entry.handle ??= new Group(name, this.#host);
    return entry.handle;
  }

  /** A program's key ("group:name"), for the sampler's following (see sampling-follow.ts). */
  readonly keyOf = programKey;

  /** The program with this key has a process now. */
  hasProcess(key: string): boolean {
    return (this.get(key)?.pid ?? 0) > 0;
  }

  /** One program by address, or undefined. */
  get(address: string): Program | undefined {
    const colon = address.indexOf(':');
    const group = colon < 0 ? address : address.slice(0, colon);
    const name = colon < 0 ? address : address.slice(colon + 1);
    const exact = this.#groups.get(group)?.members.get(name);
    if (exact) return exact.program;
    if (address.includes(':')) return undefined;
    const named = this.programs.filter((p) => p.name === address);
    return named.length === 1 ? named[0] : undefined;
  }

  /** Every program an address names (a program, or a whole group); throws BAD_NAME. */
  select(address: string): Program[] {
    const programs = this.programs;
    const keys = addressResolver(programs)(address);
    if (keys.length === 0) throw new BadNameError(address, programs.map(programKey));
    const byKey = new Map(programs.map((p) => [programKey(p), p]));
    return keys.map((key) => byKey.get(key) as Program);
  }

  /** Validates then adds members; nothing is added when anything is invalid. */
  admit(members: readonly PoolMember[], settings: GroupSettings): Program[] {
    for (const m of members) {
      if (this.#groups.get(m.config.group)?.members.has(m.config.name)) {
        throw new AlreadyAddedError(programKey(m.config));
      }
    }
    const configs = members.map((m) => m.config);
    // Only a new dependsOn can name an unknown program or close a cycle: without one, adding
    // to n programs costs no walk of them all.
    if (configs.some((c) => c.dependsOn.length > 0))
      checkDependencies([...this.programs.map((p) => p.config), ...configs]);
    this.#host.validate(configs, false);
    this.#ensureGroup(settings).numprocs += members.length;
    const programs = members.map((m) => this.#add(m));
    void this.#host.startIfStarted(programs.filter((p) => p.config.autostart));
    return programs;
  }

  /** Adds or removes pool members; removal takes the highest process_num first. */
  async scale(groupName: string, numprocs: number): Promise<ScaleResult> {
    const entry = this.#groups.get(groupName);
    const pool = entry?.pool;
    if (!entry || !pool) {
      throw new OptionError({
        program: groupName,
        option: 'numprocs',
        value: numprocs,
        fix: `"${groupName}" is not a pool: only a program added with addPool() (numprocs) can be scaled.`,
      });
    }
    const count = optInteger({ program: groupName }, 'numprocs', numprocs, 1, 0);
    const members = [...entry.members.values()];
    const last = pool.numprocsStart + count;
    const removed = members
      .filter((m) => m.processNum >= last)
      .sort((a, b) => b.processNum - a.processNum)
      .map((m) => m.program);
    const have = new Set(members.map((m) => m.processNum));
    const wanted = Array.from({ length: count }, (_, i) => pool.numprocsStart + i).filter(
      (n) => !have.has(n),
    );
    await this.remove(removed);
    entry.numprocs = count;
    const added = wanted.map((n) => this.#add(pool.member(n, count)));
    await this.#host.startIfStarted(added.filter((p) => p.config.autostart));
    return { added: added.map(programKey), removed: removed.map(programKey) };
  }

  /** What apply() would change, changing nothing. */
  diff(plan: ConfigPlan): ConfigDiff {
    return diffConfig(this.#fingerprints(), plan);
  }

  /**
   * Applies a validated configuration: removed go, changed are replaced one by one (or by
   * `roll`, which stops at the first replacement that fails to start), added come.
   */
  async apply(
    plan: ConfigPlan,
    roll?: (steps: RollingStep[]) => Promise<unknown>,
  ): Promise<ConfigDiff> {
    this.#host.validate(
      [...plan.processes.values()].map((p) => p.config),
      true,
    );
    const diff = diffConfig(this.#fingerprints(), plan);
    const byKey = (key: string) => this.get(key) as Program;
    await this.remove(diff.processes.removed.map(byKey));
    this.#updateGroups(plan);
    const replace = (key: string, strict: boolean) =>
      this.#replace(byKey(key), plan.processes.get(key) as PlannedProcess, strict);
    const { changed } = diff.processes;
    if (roll) await roll(changed.map((key) => ({ key, replace: () => replace(key, true) })));
    else for (const key of changed) await replace(key, false);
    const added = diff.processes.added.map((key) =>
      this.#add(plan.processes.get(key) as PlannedProcess),
    );
    await this.#host.startIfStarted(added.filter((p) => p.config.autostart));
    return diff;
  }

  /** Stops (in order), disposes and forgets programs, announcing each `remove`. */
  async remove(programs: readonly Program[]): Promise<void> {
    await this.#host.stop(programs);
    for (const program of programs) {
      await this.#host.dispose(program);
      const entry = this.#groups.get(program.group);
      entry?.members.delete(program.name);
      if (entry?.members.size === 0) this.#groups.delete(program.group);
      this.#list = undefined;
      this.logFiles.remove(program);
      this.#host.announce('remove', program);
    }
  }

  /** Replaces one process; `strict`: rejects with the start error when the new one failed. */
  async #replace(old: Program, next: PlannedProcess, strict: boolean): Promise<void> {
    const wasRunning = isRunningState(old.state);
    await this.remove([old]);
    const program = this.#add(next);
    const results = await this.#host.startIfStarted(
      program.config.autostart || wasRunning ? [program] : [],
      wasRunning ? [program] : [],
    );
    const failed = results.find((r) => !r.ok);
    if (strict && failed) throw failed.error;
  }

  #add(planned: PoolMember | PlannedProcess): Program {
    const { config, fingerprint, processNum } = planned;
    const program = this.#host.create(config);
    const entry = this.#ensureGroup({ name: config.group, pool: undefined, priority: undefined });
    entry.members.set(config.name, { program, fingerprint, processNum, seq: this.#seq++ });
    // The newest comes last in addition order: append, rather than sort all again.
    this.#list?.push(program);
    this.logFiles.add(program);
    this.#host.announce('add', program);
    return program;
  }

  #ensureGroup(settings: GroupSettings): GroupEntry {
    const existing = this.#groups.get(settings.name);
    if (existing) return existing;
    // A literal, not a spread: a spread gives every group its own hidden class (~250 bytes).
    const { name, pool, priority } = settings;
    const members = new Members<Member>();
    const entry = { name, pool, priority, numprocs: 0, members, handle: undefined };
    this.#groups.set(settings.name, entry);
    return entry;
  }

  /** Active processes: "group:name" -> settings fingerprint. */
  #fingerprints(): Map<string, string> {
    const members = [...this.#groups.values()].flatMap((g) => [...g.members.values()]);
    return new Map(
      members.sort((a, b) => a.seq - b.seq).map((m) => [programKey(m.program), m.fingerprint]),
    );
  }

  #updateGroups(plan: ConfigPlan): void {
    const isPool = poolTest(plan);
    for (const { plan: pool, groupPriority } of plan.pools.values()) {
      const entry = this.#ensureGroup({
        name: pool.group,
        pool: undefined,
        priority: groupPriority,
      });
      entry.pool = isPool(pool) ? pool : undefined;
      entry.numprocs = pool.numprocs;
    }
  }
}

/** A group is a scalable pool when it holds exactly one program's processes. */
function poolTest(plan: ConfigPlan): (pool: PoolPlan) => boolean {
  const programsIn = new Map<string, number>();
  for (const { plan: p } of plan.pools.values())
    programsIn.set(p.group, (programsIn.get(p.group) ?? 0) + 1);
  return (pool) => programsIn.get(pool.group) === 1;
}
