import type { ProcessInfo } from '../program/info.js';
import type { Program } from '../program/program.js';
import { isRunningState } from '../states.js';
import type { GroupSupervision } from './group-supervision.js';
import { type ProcessResult, settle } from './results.js';
import type { RollingRestartOptions, RollingRestartResult } from './rolling-restart.js';

/** What a Group needs from its Supervisor. */
export interface GroupHost {
  members(group: string): Program[];
  startSet(programs: readonly Program[]): Promise<ProcessResult[]>;
  stopSet(programs: readonly Program[]): Promise<ProcessResult[]>;
  scale(group: string, numprocs: number): Promise<ScaleResult>;
  rollingRestart(group: string, options?: RollingRestartOptions): Promise<RollingRestartResult>;
  /** The group's strategy, when it has one. */
  strategy(group: string): GroupSupervision | undefined;
}

/** What a scale() did. */
export interface ScaleResult {
  /** "group:name" of the members added, in process_num order. */
  readonly added: readonly string[];
  /** "group:name" of the members removed, highest process_num first. */
  readonly removed: readonly string[];
}

/**
 * A group of programs: one program's numprocs pool, or supervisord's [group:x] of different
 * programs. Acts on all members at once and returns one result per member.
 */
export class Group {
  readonly name: string;
  readonly #host: GroupHost;

  /** Groups come from `supervisor.addPool()`, `addGroup()` and `group(name)`. */
  constructor(name: string, host: GroupHost) {
    this.name = name;
    this.#host = host;
  }

  /** Members, in the order they were added. */
  get members(): Program[] {
    return this.#host.members(this.name);
  }

  /**
   * True once its strategy's intensity was exceeded (every member stopped, a `group` event of
   * kind 'failed'), until the group is started again.
   */
  get failed(): boolean {
    return this.#host.strategy(this.name)?.failed ?? false;
  }

  /** Starts every member not running (dependencies first, then priority). */
  start(): Promise<ProcessResult[]> {
    this.#host.strategy(this.name)?.reset();
    return this.#host.startSet(
      this.members.filter((p) => !isRunningState(p.state) && p.state !== 'STOPPING'),
    );
  }

  /** Stops every member that runs (BACKOFF ones go to STOPPED). */
  stop(): Promise<ProcessResult[]> {
    return this.#host.stopSet(this.members);
  }

  /** Stops every member, then starts them all. */
  async restart(): Promise<ProcessResult[]> {
    await this.stop();
    return this.start();
  }

  /** Sends a signal to every member's process. */
  signal(signal: string | number): Promise<ProcessResult[]> {
    return Promise.all(this.members.map((p) => settle(p, () => p.signal(signal))));
  }

  /**
   * Changes the number of processes of a pool: adds members (started when the supervisor is
   * started and they autostart) or stops and removes the highest-numbered first.
   */
  scale(numprocs: number): Promise<ScaleResult> {
    return this.#host.scale(this.name, numprocs);
  }

  /**
   * Replaces the running members `maxUnavailable` at a time, in start order: each replaced
   * member is RUNNING (and ready, with readiness) before the next goes down. The first that
   * does not come back stops the roll: ROLLING_RESTART_FAILED, the rest left running.
   */
  rollingRestart(options?: RollingRestartOptions): Promise<RollingRestartResult> {
    return this.#host.rollingRestart(this.name, options);
  }

  info(): ProcessInfo[] {
    return this.members.map((p) => p.info());
  }
}
