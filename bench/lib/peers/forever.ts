/** forever-monitor as a library: one Monitor per program, restarting without a limit or sleep. */
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pollUntil } from '../util.js';
import { type Driver, type ProgramSpec, startMonitors } from './driver.js';

const require = createRequire(import.meta.url);

interface Monitor {
  child: ChildProcess | undefined;
  running: boolean;
  start(): Monitor;
  stop(): Monitor;
  on(event: string, fn: (...args: unknown[]) => void): Monitor;
  once(event: string, fn: (...args: unknown[]) => void): Monitor;
}

export class ForeverDriver implements Driver {
  readonly peer = 'forever-monitor' as const;
  private readonly monitors = new Map<string, Monitor>();

  private forever:
    | { Monitor: new (script: readonly string[], opts: object) => Monitor }
    | undefined;

  async load(): Promise<void> {
    this.forever ??= require('forever-monitor');
  }

  async prepare(specs: readonly ProgramSpec[]): Promise<void> {
    await this.load();
    const forever = this.forever!;
    for (const spec of specs) {
      // max unset: restarts forever; minUptime 0: never "spinning", so no spinSleepTime.
      const monitor = new forever.Monitor([...spec.argv], { silent: true, minUptime: 0 });
      monitor.on('error', () => {});
      this.monitors.set(spec.name, monitor);
    }
  }

  startAll(): Promise<void> {
    return startMonitors(this.monitors.values());
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.monitors.values()].map(
        (m) =>
          new Promise<void>((resolve) => {
            if (!m.running) return resolve();
            m.once('exit', () => resolve());
            m.stop();
          }),
      ),
    );
  }

  waitRunning(name: string, notPid?: number, timeoutMs?: number): Promise<number> {
    const m = this.monitors.get(name)!;
    return pollUntil(
      `forever-monitor ${name} running`,
      () => {
        const pid = m.child?.pid;
        return m.running && pid && pid !== notPid ? pid : undefined;
      },
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
