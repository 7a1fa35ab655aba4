/** respawn as a library: one monitor per program, no restart limit, no sleep between restarts. */
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pollUntil } from '../util.js';
import { type Driver, type ProgramSpec, startMonitors } from './driver.js';

const require = createRequire(import.meta.url);

interface Monitor {
  child: ChildProcess | null;
  status: string;
  pid: number;
  start(): void;
  stop(cb?: () => void): void;
  on(event: string, fn: (...args: unknown[]) => void): Monitor;
}

export class RespawnDriver implements Driver {
  readonly peer = 'respawn' as const;
  private readonly monitors = new Map<string, Monitor>();

  private respawn: ((argv: string[], opts: object) => Monitor) | undefined;

  async load(): Promise<void> {
    this.respawn ??= require('respawn');
  }

  async prepare(specs: readonly ProgramSpec[]): Promise<void> {
    await this.load();
    const respawn = this.respawn!;
    for (const spec of specs) {
      // sleep must be a function: respawn turns a 0 into its 1 s default.
      const m = respawn([...spec.argv], { maxRestarts: -1, sleep: () => 0 });
      m.on('warn', () => {});
      this.monitors.set(spec.name, m);
    }
  }

  startAll(): Promise<void> {
    return startMonitors(this.monitors.values());
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.monitors.values()].map((m) => new Promise<void>((resolve) => m.stop(resolve))),
    );
  }

  waitRunning(name: string, notPid?: number, timeoutMs?: number): Promise<number> {
    const m = this.monitors.get(name)!;
    return pollUntil(
      `respawn ${name} running`,
      () => (m.status === 'running' && m.pid && m.pid !== notPid ? m.pid : undefined),
      { timeoutMs },
    );
  }

  supervisorPid(): undefined {
    return undefined;
  }

  close(): Promise<void> {
    return this.stopAll();
  }
}
