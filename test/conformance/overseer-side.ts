/** The side under test: overseer's public API, configured like the supervisord side. */
import { Supervisor } from '../../src/index.js';
import { ApiSide } from './api-side.js';
import { MARKER_VAR } from './cleanup.js';
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

export class OverseerSide extends ApiSide {
  readonly label = 'overseer';
  private readonly recorded: Transition[] = [];
  private readonly sup: Supervisor;
  private readonly names: Set<string>;

  constructor(scenario: Scenario, marker: string) {
    super(scenario, marker);
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

  protected get supervisor(): Supervisor {
    return this.sup;
  }

  async close(): Promise<void> {
    await this.closeAfter(this.sup.stop(), 3);
  }
}
