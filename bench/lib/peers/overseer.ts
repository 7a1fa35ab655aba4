/**
 * overseer, from the repository's source (run through tsx: no build step). By default the
 * work tree's src/; with BENCH_OVERSEER_SRC set (the runner does it for BENCH_OVERSEER=head),
 * a snapshot of src/ taken from a commit, so edits made during a run cannot affect it.
 */
import { pathToFileURL } from 'node:url';
import { pollUntil } from '../util.js';
import type { Driver, DriverOptions, ProgramSpec } from './driver.js';

type OverseerModule = typeof import('../../../src/index.js');
type Supervisor = InstanceType<OverseerModule['Supervisor']>;

/** The library's module, or a clear error while the Supervisor is not there yet. */
export async function loadOverseer(): Promise<OverseerModule> {
  try {
    const dir = process.env.BENCH_OVERSEER_SRC;
    const mod: OverseerModule = dir
      ? await import(pathToFileURL(`${dir}/index.ts`).href)
      : await import('../../../src/index.js');
    if (typeof mod.Supervisor !== 'function') throw new Error('no Supervisor export');
    return mod;
  } catch (e) {
    const from = process.env.BENCH_OVERSEER_SRC ?? '../src';
    throw new Error(`overseer is not usable from ${from}: ${(e as Error).message}`);
  }
}

export class OverseerDriver implements Driver {
  readonly peer = 'overseer' as const;
  private sup: Supervisor | undefined;
  private mod: OverseerModule | undefined;

  constructor(private readonly options: DriverOptions) {}

  async load(): Promise<void> {
    this.mod ??= await loadOverseer();
  }

  async prepare(specs: readonly ProgramSpec[]): Promise<void> {
    await this.load();
    const { Supervisor } = this.mod!;
    const sup = new Supervisor({
      handleSignals: false,
      logDir: this.options.tmpDir,
      ...(this.options.sampleIntervalMs !== undefined
        ? { sampleIntervalMs: this.options.sampleIntervalMs }
        : {}),
    });
    this.sup = sup;
    for (const spec of specs) {
      sup.add({
        name: spec.name,
        command: spec.argv,
        startSecs: 0,
        autorestart: true,
        startRetries: 1_000_000,
      });
    }
  }

  async startAll(): Promise<void> {
    await this.sup!.start();
    const notRunning = this.sup!.programs.filter((p) => p.state !== 'RUNNING');
    if (notRunning.length > 0)
      throw new Error(`overseer: not RUNNING after start(): ${notRunning.map((p) => p.name)}`);
  }

  async stopAll(): Promise<void> {
    await this.sup!.stop();
  }

  waitRunning(name: string, notPid?: number, timeoutMs?: number): Promise<number> {
    const program = this.sup!.get(name);
    if (!program) throw new Error(`overseer: no program ${name}`);
    return pollUntil(
      `overseer ${name} RUNNING`,
      () => (program.state === 'RUNNING' && program.pid !== notPid ? program.pid : undefined),
      { timeoutMs },
    );
  }

  supervisorPid(): undefined {
    return undefined;
  }

  /** Disposes the supervisor (stop, close log files, end its host-death watchdog). */
  async close(): Promise<void> {
    await this.sup?.[Symbol.asyncDispose]();
  }
}
