import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SystemClock } from '../../src/clock.js';
import type { LogOptions } from '../../src/logs/options.js';
import { normalizeLogOptions } from '../../src/logs/options.js';
import { type LogLine, type LogTuning, ProgramLogs } from '../../src/logs/program-logs.js';

export const logFixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Children spawned by one test: killed and proven gone by `killAll()`. */
export class Children {
  readonly #all: ChildProcess[] = [];

  /** `node <fixture> args...` with piped stdout and stderr. */
  spawn(fixture: string, ...args: (string | number)[]): ChildProcess {
    const child = spawn(process.execPath, [logFixture(fixture), ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#all.push(child);
    return child;
  }

  /** SIGKILLs whatever still runs, waits for each exit, and proves every pid is gone. */
  async killAll(): Promise<void> {
    for (const child of this.#all) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      assert.throws(() => process.kill(child.pid ?? -1, 0), { code: 'ESRCH' });
    }
  }
}

export interface TestLogs {
  readonly logs: ProgramLogs;
  readonly dir: string;
  readonly lines: LogLine[];
  readonly errors: Error[];
  /** Set to true to receive lines in `lines` (host.wantsLines()). */
  wants: boolean;
  /** Closes the logs and removes the directory. */
  dispose(): Promise<void>;
}

/** A ProgramLogs named `name` writing into a fresh temp logDir. */
export async function testLogs(
  options: LogOptions = {},
  tuning: LogTuning = {},
  name = 'app',
): Promise<TestLogs> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-logs-'));
  const lines: LogLine[] = [];
  const errors: Error[] = [];
  const config = normalizeLogOptions({ program: name }, options as Record<string, unknown>);
  const t: TestLogs = {
    logs: undefined as unknown as ProgramLogs,
    dir,
    lines,
    errors,
    wants: false,
    dispose: async () => {
      await t.logs.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  const host = {
    name,
    group: name,
    logDir: dir,
    clock: new SystemClock(),
    onLine: (line: LogLine) => lines.push(line),
    wantsLines: () => t.wants,
    onError: (error: Error) => errors.push(error),
  };
  (t as { logs: ProgramLogs }).logs = new ProgramLogs(config, host, tuning);
  return t;
}

/** The contents of a rotated log, oldest file first (file.N ... file.1, file). */
export function readSeries(file: string, backups: number): { text: string; files: string[] } {
  const files: string[] = [];
  for (let i = backups; i >= 0; i--) {
    const name = i === 0 ? file : `${file}.${i}`;
    if (existsSync(name)) files.push(name);
  }
  return { text: files.map((f) => readFileSync(f, 'utf8')).join(''), files };
}

/** Waits (polling, bounded) until `check` is true. */
export async function until(check: () => boolean, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The per-file set-up of the log tests: children and the ProgramLogs under test, killed and
 * disposed (and the children proven gone) after each test.
 */
export function logsTestContext() {
  const children = new Children();
  let current: TestLogs | undefined;
  afterEach(async () => {
    await children.killAll();
    await current?.dispose();
    current = undefined;
  });
  const setup = async (...args: Parameters<typeof testLogs>): Promise<TestLogs> => {
    current = await testLogs(...args);
    return current;
  };
  return { children, setup };
}
