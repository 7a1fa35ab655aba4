/**
 * overseer as users get it: the packed and installed package (bench/pack-overseer.sh), its
 * built JavaScript loaded through the exports map (lib/overseer-source.ts), not src/.
 */
import { importInstalled, overseerPackageDir } from '../overseer-source.js';
import { pollUntil } from '../util.js';
import type { Driver, DriverOptions, ProgramSpec } from './driver.js';

/** The package's API (typed from src/, which dist/ is built from). */
export type OverseerModule = typeof import('../../../src/index.js');
/** overseer/control's API. */
export type ControlModule = typeof import('../../../src/control/index.js');
type Supervisor = InstanceType<OverseerModule['Supervisor']>;

/** The library's module, or a clear error while it is not installed or not usable. */
export async function loadOverseer(): Promise<OverseerModule> {
  try {
    const mod = await importInstalled<OverseerModule>('overseer');
    if (typeof mod.Supervisor !== 'function') throw new Error('no Supervisor export');
    return mod;
  } catch (e) {
    throw new Error(`overseer is not usable from ${overseerPackageDir}: ${(e as Error).message}`);
  }
}

/** overseer/control, from the same installed package. */
export async function loadControl(): Promise<ControlModule> {
  const mod = await importInstalled<ControlModule>('overseer-control');
  if (typeof mod.serveControl !== 'function')
    throw new Error(`overseer/control from ${overseerPackageDir} has no serveControl export`);
  return mod;
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
