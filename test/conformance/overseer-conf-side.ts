/**
 * The loader side: the very supervisord.conf the reference runs (its [eventlistener:x]
 * recording the states, its sentinel, its [supervisord] and server sections) loaded with
 * loadSupervisordConfig and run by overseer. The states come from the same listener script,
 * so this compares the file reader and the event listener protocol too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSupervisordConfig, type ProgramOptions, Supervisor } from '../../src/index.js';
import { isAlive, MARKER_VAR, markedPids, signal, waitGone } from './cleanup.js';
import type { Side } from './side.js';
import { listenerTransitions, supervisordConf } from './supervisord-side.js';
import { processNames, type Scenario, type Transition } from './types.js';

export class OverseerConfSide implements Side {
  readonly label = 'overseer-conf';
  readonly notes: string[] = [];
  private sup: Supervisor | undefined;
  private readonly events: string;
  private readonly names: Set<string>;
  private starting: Promise<unknown> | undefined;

  constructor(
    private readonly scenario: Scenario,
    private readonly dir: string,
    private readonly marker: string,
  ) {
    this.events = join(dir, 'events.jsonl');
    this.names = new Set(scenario.programs.flatMap(processNames));
  }

  async open(): Promise<void> {
    const conf = join(this.dir, 'supervisord.conf');
    writeFileSync(conf, supervisordConf(this.scenario, this.dir));
    writeFileSync(this.events, '');
    const loaded = loadSupervisordConfig(conf);
    const mark = (p: ProgramOptions) => ({
      ...p,
      environment: { ...p.environment, [MARKER_VAR]: this.marker },
    });
    const sup = new Supervisor({ ...loaded.options, handleSignals: false });
    this.sup = sup;
    sup.on('error', (e) => this.notes.push(`error event: ${e.error.message}`));
    await sup.update({ ...loaded.config, programs: loaded.config.programs.map(mark) });
    this.starting = sup.start().catch((e: Error) => this.notes.push(`start(): ${e.message}`));
  }

  transitions(): Transition[] {
    return listenerTransitions(this.events, this.names);
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
    await this.sup?.stop();
  }

  async pid(name: string): Promise<number> {
    return this.program(name).pid;
  }

  private program(name: string) {
    const program = this.sup?.get(name);
    if (!program) throw new Error(`no program ${name}`);
    return program;
  }

  async close(): Promise<void> {
    const wait = this.scenario.programs.reduce((sum, p) => sum + (p.stopwaitsecs ?? 10), 0) + 8;
    const timer = new Promise<boolean>((r) => setTimeout(() => r(false), wait * 1000).unref());
    const stopped = (this.sup?.[Symbol.asyncDispose]() ?? Promise.resolve()).then(
      () => true,
      (e: Error) => this.notes.push(`dispose: ${e.message}`) > 0,
    );
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
