import { BadNameError } from '../errors.js';
import type { Program } from '../program/program.js';
import { addressResolver } from './config-plan.js';
import type { PoolPlan } from './pool.js';

/** What the supervisor knows about a group. */
export interface GroupRecord {
  readonly name: string;
  /** The pool it came from, when it is one program's numprocs (scalable). */
  pool: PoolPlan | undefined;
  /** Current number of processes of the pool. */
  numprocs: number;
  /** [group:x] priority, when it is a group of different programs. */
  readonly priority: number | undefined;
}

/**
 * Programs by "group:name", and groups by name. Addresses, as supervisord's: "group:name";
 * "name" when group and name are equal (or the name is unique); "group" or "group:*" for a
 * whole group.
 */
export class Registry {
  readonly #programs = new Map<string, Program>();
  readonly #groups = new Map<string, GroupRecord>();
  readonly #meta = new Map<Program, { fingerprint: string; processNum: number }>();

  static key(group: string, name: string): string {
    return `${group}:${name}`;
  }

  get programs(): Program[] {
    return [...this.#programs.values()];
  }

  get groups(): GroupRecord[] {
    return [...this.#groups.values()];
  }

  group(name: string): GroupRecord | undefined {
    return this.#groups.get(name);
  }

  ensureGroup(record: GroupRecord): GroupRecord {
    const existing = this.#groups.get(record.name);
    if (existing) return existing;
    this.#groups.set(record.name, record);
    return record;
  }

  members(group: string): Program[] {
    return this.programs.filter((p) => p.group === group);
  }

  has(group: string, name: string): boolean {
    return this.#programs.has(Registry.key(group, name));
  }

  add(program: Program, fingerprint: string, processNum: number): void {
    this.#programs.set(Registry.key(program.group, program.name), program);
    this.#meta.set(program, { fingerprint, processNum });
  }

  delete(program: Program): void {
    this.#programs.delete(Registry.key(program.group, program.name));
    this.#meta.delete(program);
    if (this.members(program.group).length === 0) this.#groups.delete(program.group);
  }

  /** Active processes: "group:name" -> settings fingerprint. */
  fingerprints(): Map<string, string> {
    return new Map(
      this.programs.map((p) => [
        Registry.key(p.group, p.name),
        this.#meta.get(p)?.fingerprint ?? '',
      ]),
    );
  }

  processNum(program: Program): number {
    return this.#meta.get(program)?.processNum ?? 0;
  }

  /** One program by address, or undefined. */
  get(address: string): Program | undefined {
    const exact = this.#programs.get(
      address.includes(':') ? address : Registry.key(address, address),
    );
    if (exact) return exact;
    if (address.includes(':')) return undefined;
    const named = this.programs.filter((p) => p.name === address);
    return named.length === 1 ? named[0] : undefined;
  }

  /**
   * Every program an address names (a program, or a whole group); throws BAD_NAME. Resolved
   * by the same rules as a configuration's dependsOn (reconfigure.addressResolver).
   */
  select(address: string): Program[] {
    const keys = addressResolver(this.programs.map((p) => p.config))(address);
    if (keys.length === 0) throw new BadNameError(address, this.addresses());
    return keys.map((key) => this.#programs.get(key) as Program);
  }

  addresses(): string[] {
    return [...this.#programs.keys()];
  }
}
