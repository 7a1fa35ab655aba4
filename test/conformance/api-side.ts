/**
 * What both overseer sides share: the script's commands through the public API, and a close
 * that waits a bounded time for the stop, then kills (and reports) anything still marked.
 */
import type { Supervisor } from '../../src/index.js';
import { isAlive, markedPids, signal, waitGone } from './cleanup.js';
import type { Side } from './side.js';
import type { Scenario, Transition } from './types.js';

export abstract class ApiSide implements Side {
  abstract readonly label: string;
  readonly notes: string[] = [];
  /** supervisor.start(), not awaited: the script's waits observe the states instead. */
  protected starting: Promise<unknown> | undefined;

  constructor(
    protected readonly scenario: Scenario,
    protected readonly marker: string,
  ) {}

  /** The supervisor under test, once there is one. */
  protected abstract get supervisor(): Supervisor | undefined;
  abstract open(): Promise<void>;
  abstract transitions(): Transition[];
  abstract close(): Promise<void>;

  async start(name: string): Promise<void> {
    this.#program(name)
      .start()
      .catch((e: Error) => this.notes.push(`start(${name}) rejected: ${e.message}`));
  }

  async stop(name: string): Promise<void> {
    this.#program(name)
      .stop()
      .catch((e: Error) => this.notes.push(`stop(${name}) rejected: ${e.message}`));
  }

  async shutdown(): Promise<void> {
    await this.supervisor?.stop();
  }

  async pid(name: string): Promise<number> {
    return this.#program(name).pid;
  }

  #program(name: string) {
    const program = this.supervisor?.get(name);
    if (!program) throw new Error(`no program ${name}`);
    return program;
  }

  /** Waits for `stopped` at most every stopwaitsecs plus `slackSecs`, then kills leftovers. */
  protected async closeAfter(stopped: Promise<unknown>, slackSecs: number): Promise<void> {
    const wait =
      this.scenario.programs.reduce((sum, p) => sum + (p.stopwaitsecs ?? 10), 0) + slackSecs;
    const timer = new Promise<boolean>((r) => setTimeout(() => r(false), wait * 1000).unref());
    const done = stopped.then(
      () => true,
      (e: Error) => this.notes.push(`supervisor stop: ${e.message}`) > 0,
    );
    if (!(await Promise.race([done, timer]))) this.notes.push('supervisor.stop() hung');
    await Promise.race([this.starting, timer]);
    const left = markedPids(this.marker).filter(isAlive);
    if (left.length > 0) {
      this.notes.push(`processes left after stop(): ${left.join(', ')}; killed`);
      for (const pid of left) signal(pid, 'SIGKILL');
      await waitGone(left, 2000);
    }
  }
}
