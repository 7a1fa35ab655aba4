/**
 * The physical limit: bare child_process.spawn, stdout/stderr piped and drained like a
 * supervisor capturing output, respawned on 'exit' with no bookkeeping at all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { pollUntil } from '../util.js';
import type { Driver, ProgramSpec } from './driver.js';

export class RawDriver implements Driver {
  readonly peer = 'raw' as const;
  private specs: readonly ProgramSpec[] = [];
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  async load(): Promise<void> {}

  async prepare(specs: readonly ProgramSpec[]): Promise<void> {
    this.specs = specs;
  }

  private launch(spec: ProgramSpec): ChildProcess {
    const child = spawn(spec.argv[0]!, spec.argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.resume();
    child.stderr!.resume();
    child.on('error', () => {});
    child.on('exit', () => {
      if (!this.stopping && this.children.get(spec.name) === child) this.launch(spec);
    });
    this.children.set(spec.name, child);
    return child;
  }

  async startAll(): Promise<void> {
    this.stopping = false;
    await Promise.all(
      this.specs.map(
        (spec) =>
          new Promise<void>((resolve, reject) => {
            const child = this.launch(spec);
            child.once('spawn', resolve);
            child.once('error', reject);
          }),
      ),
    );
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    this.children.clear();
  }

  waitRunning(name: string, notPid?: number, timeoutMs?: number): Promise<number> {
    return pollUntil(
      `raw ${name} running`,
      () => {
        const child = this.children.get(name);
        const pid = child?.pid;
        return pid && pid !== notPid && child.exitCode === null && child.signalCode === null
          ? pid
          : undefined;
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
