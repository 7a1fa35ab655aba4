/**
 * The loader side: the very supervisord.conf the reference runs (its [eventlistener:x]
 * recording the states, its sentinel, its [supervisord] and server sections) loaded with
 * loadSupervisordConfig and run by overseer. The states come from the same listener script,
 * so this compares the file reader and the event listener protocol too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSupervisordConfig, type ProgramOptions, Supervisor } from '../../src/index.js';
import { ApiSide } from './api-side.js';
import { MARKER_VAR } from './cleanup.js';
import { listenerTransitions, supervisordConf } from './supervisord-side.js';
import { processNames, type Scenario, type Transition } from './types.js';

export class OverseerConfSide extends ApiSide {
  readonly label = 'overseer-conf';
  private sup: Supervisor | undefined;
  private readonly events: string;
  private readonly names: Set<string>;

  constructor(
    scenario: Scenario,
    private readonly dir: string,
    marker: string,
  ) {
    super(scenario, marker);
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

  protected get supervisor(): Supervisor | undefined {
    return this.sup;
  }

  async close(): Promise<void> {
    await this.closeAfter(this.sup?.[Symbol.asyncDispose]() ?? Promise.resolve(), 8);
  }
}
