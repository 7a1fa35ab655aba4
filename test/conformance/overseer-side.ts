/** The side under test: overseer's public API, configured like the supervisord side. */
import { Supervisor } from '../../src/index.js';
import { isAlive, MARKER_VAR, markedPids, signal, waitGone } from './cleanup.js';
import type { Side } from './side.js';
import {
  POOL_PROCESS_NAME,
  type ProgramSpec,
  processNames,
  type Scenario,
  type Transition,
} from './types.js';

/** supervisord's [program:x] options as overseer's camelCase options. */
export function overseerOptions(p: ProgramSpec, marker: string) {
  return {
    name: p.name,
    command: p.command,
    ...(p.autostart === undefined ? {} : { autostart: p.autostart }),
    ...(p.startsecs === undefined ? {} : { startSecs: p.startsecs }),
    ...(p.startretries === undefined ? {} : { startRetries: p.startretries }),
    ...(p.autorestart === undefined ? {} : { autorestart: p.autorestart }),
    ...(p.exitcodes === undefined ? {} : { exitCodes: p.exitcodes }),
    ...(p.stopsignal === undefined ? {} : { stopSignal: p.stopsignal }),
    ...(p.stopwaitsecs === undefined ? {} : { stopWaitSecs: p.stopwaitsecs }),
    ...(p.priority === undefined ? {} : { priority: p.priority }),
    // supervisord's default (overseer defaults to true); no effect on the states compared.
    stopAsGroup: false,
    environment: { [MARKER_VAR]: marker },
  };
}

export class OverseerSide implements Side {
  readonly label = 'overseer';
  readonly notes: string[] = [];
  private readonly recorded: Transition[] = [];
  private readonly sup: Supervisor;
  private readonly names: Set<string>;
  private starting: Promise<unknown> | undefined;

  constructor(
    private readonly scenario: Scenario,
    private readonly marker: string,
  ) {
    this.names = new Set(scenario.programs.flatMap(processNames));
    this.sup = new Supervisor({ handleSignals: false });
    this.sup.on('state', (c) => {
      if (!this.names.has(c.name)) return;
      this.recorded.push({
        name: c.name,
        from: c.from,
        to: c.to,
        tries: c.tries,
        // A missing `expected` stays missing (and then differs from supervisord's): never false.
        ...(c.to === 'EXITED' && c.expected !== undefined ? { expected: c.expected } : {}),
      });
    });
    this.sup.on('error', (e) => this.notes.push(`error event: ${e.name}: ${e.error.message}`));
  }

  async open(): Promise<void> {
    for (const p of this.scenario.programs) {
      const options = overseerOptions(p, this.marker);
      if (p.numprocs === undefined) this.sup.add(options);
      else this.sup.addPool({ ...options, numprocs: p.numprocs, processName: POOL_PROCESS_NAME });
    }
    // Like supervisord starting up: autostart programs in priority order. Not awaited (it
    // settles only once every program has), the script's waits observe the states instead.
    this.starting = this.sup.start().catch((e: Error) => {
      this.notes.push(`supervisor.start(): ${e.message}`);
    });
  }

  transitions(): Transition[] {
    return [...this.recorded];
  }

  async start(name: string): Promise<void> {
    this.program(name)
      .start()
      .catch((e: Error) => this.notes.push(`start(${name}) rejected: ${e.message}`));
  }

  async stop(name: string): Promise<void> {
    this.program(name)
      .stop()
      .catch((e: Error) => this.notes.push(`stop(${name}) rejected: ${e.message}`));
  }

  async shutdown(): Promise<void> {
    await this.sup.stop();
  }

  async pid(name: string): Promise<number> {
    return this.program(name).pid;
  }

  private program(name: string) {
    const program = this.sup.get(name);
    if (!program) throw new Error(`no program ${name}`);
    return program;
  }

  async close(): Promise<void> {
    const stopped = this.sup.stop().then(
      () => true,
      (e: Error) => {
        this.notes.push(`supervisor.stop(): ${e.message}`);
        return true;
      },
    );
    const wait = this.scenario.programs.reduce((sum, p) => sum + (p.stopwaitsecs ?? 10), 0) + 3;
    const timer = new Promise<boolean>((r) => setTimeout(() => r(false), wait * 1000).unref());
    if (!(await Promise.race([stopped, timer]))) this.notes.push('supervisor.stop() hung');
    await Promise.race([this.starting, timer]);
    const left = markedPids(this.marker).filter(isAlive);
    if (left.length > 0) {
      this.notes.push(`processes left after stop(): ${left.join(', ')}; killed`);
      for (const pid of left) signal(pid, 'SIGKILL');
      await waitGone(left, 2000);
    }
  }
}
