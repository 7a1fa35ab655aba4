import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Supervisor, type SupervisorOptions } from '../../src/index.js';

export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** `node <fixture> args...` as an argv. */
export const nodeFixture = (name: string, ...args: (string | number)[]): string[] => [
  process.execPath,
  fixture(name),
  ...args.map(String),
];

/** True when the pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Waits (polling, bounded) until the pid is gone; false if it is still there at the limit. */
export async function waitGone(pid: number, limitMs = 5000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** Reads a pid a fixture wrote, waiting for the file to appear. */
export async function readPidFile(path: string, limitMs = 5000): Promise<number> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      const pid = Number(readFileSync(path, 'utf8'));
      if (pid > 0) return pid;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`no pid in ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function tempDir(): Promise<{ path: string; [Symbol.asyncDispose](): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'overseer-test-'));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A Supervisor that records every pid it spawned, and on dispose stops everything and
 * proves that none of those pids (nor any extra ones registered) is still alive.
 */
export function testSupervisor(options: SupervisorOptions = {}) {
  const sup = new Supervisor({ sampleIntervalMs: 0, handleSignals: false, ...options });
  const pids = new Set<number>();
  const transitions: string[] = [];
  sup.on('spawn', (info) => pids.add(info.pid));
  sup.on('state', (c) => transitions.push(`${c.name}:${c.from}>${c.to}`));
  return Object.assign(sup, {
    pids,
    transitions,
    /** Transitions of one program, as "FROM>TO". */
    pathOf: (name: string) =>
      transitions.filter((t) => t.startsWith(`${name}:`)).map((t) => t.slice(name.length + 1)),
    track: (pid: number) => pids.add(pid),
    async [Symbol.asyncDispose]() {
      await Supervisor.prototype[Symbol.asyncDispose].call(sup);
      const leaked = [];
      for (const pid of pids) if (!(await waitGone(pid, 3000))) leaked.push(pid);
      if (leaked.length) throw new Error(`leaked processes: ${leaked.join(', ')}`);
    },
  });
}

/** Open fds of this (test) process. */
export const hostFds = () => readdirSync('/proc/self/fd').length;

/** Waits (up to 2 s) for closes still in flight (a handle closes at a later turn); the count. */
export async function settledFdCount(expected: number): Promise<number> {
  for (let i = 0; i < 40 && hostFds() !== expected; i++) await sleep(50);
  return hostFds();
}
