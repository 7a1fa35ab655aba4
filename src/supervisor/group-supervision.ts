import type { Clock } from '../clock.js';
import type { GroupEvent, StateChange } from '../events.js';
import type { Program } from '../program/program.js';
import { isRunningState } from '../states.js';
import { type GroupPolicy, Intensity, strategyPlan, wantsRestart } from './strategies.js';

/** What a GroupSupervision needs from the Supervisor. */
export interface StrategyHost {
  readonly clock: Clock;
  /** The group's members in start order (priority, dependencies, then as added). */
  ordered(): Program[];
  /** True while the supervisor shuts down: exits then are not restarted. */
  shuttingDown(): boolean;
  /** Stops a member ('restart': to start it again; 'shutdown': the group failed). */
  stop(program: Program, reason: 'restart' | 'shutdown'): Promise<unknown>;
  /** Starts a member again (reason 'restart'). */
  start(program: Program): Promise<unknown>;
  emit(event: GroupEvent): void;
  error(error: Error): void;
}

/**
 * Applies a group's strategy and intensity. The members' own autorestart is handed to it
 * (their state machines do not restart them): an exit that autorestart would restart is
 * queued here and handled one at a time.
 */
export class GroupSupervision {
  readonly #intensity: Intensity;
  #work: Promise<void> = Promise.resolve();
  #failed = false;

  constructor(
    readonly name: string,
    readonly policy: GroupPolicy,
    private readonly host: StrategyHost,
  ) {
    this.#intensity = new Intensity(policy);
  }

  /** True once intensity was exceeded, until the group is started again. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Call with every transition of a member. */
  observe(program: Program, change: StateChange): void {
    if (change.to !== 'EXITED' || change.from !== 'RUNNING') return;
    if (!wantsRestart(program.config.autorestart, change.expected === true)) return;
    this.#work = this.#work
      .then(() => this.#handle(program))
      .catch((e: Error) => this.host.error(e));
  }

  /** The group is being started by hand: forget the failure and the restart history. */
  reset(): void {
    this.#failed = false;
    this.#intensity.reset();
  }

  async #handle(trigger: Program): Promise<void> {
    if (this.#failed || this.host.shuttingDown() || trigger.state !== 'EXITED') return;
    const now = this.host.clock.now();
    if (!this.#intensity.record(now)) {
      await this.#escalate(trigger);
      return;
    }
    const ordered = this.host.ordered();
    const plan = strategyPlan(this.policy.strategy, ordered, trigger, (p) =>
      isRunningState(p.state),
    );
    this.#emit('restart', trigger, plan.start, `${trigger.name} exited; ${this.policy.strategy}`);
    for (const p of plan.stop) await this.host.stop(p, 'restart');
    for (const p of plan.start) {
      if (this.#failed || this.host.shuttingDown()) return;
      await this.host.start(p).catch((error: Error) => this.host.error(error));
    }
  }

  async #escalate(trigger: Program): Promise<void> {
    this.#failed = true;
    const running = this.host
      .ordered()
      .filter((p) => isRunningState(p.state) || p.state === 'STOPPING');
    const seconds = this.policy.withinMs / 1000;
    const reason = `more than ${this.policy.maxRestarts} restarts within ${seconds} s: group stopped`;
    this.#emit('failed', trigger, running, reason);
    for (const p of running.reverse()) await this.host.stop(p, 'shutdown');
  }

  #emit(kind: GroupEvent['kind'], trigger: Program, members: readonly Program[], reason: string) {
    this.host.emit(
      Object.freeze({
        group: this.name,
        kind,
        strategy: this.policy.strategy,
        trigger: trigger.name,
        members: members.map((p) => p.name),
        restarts: this.#intensity.count,
        reason,
        time: this.host.clock.now(),
      }),
    );
  }
}
