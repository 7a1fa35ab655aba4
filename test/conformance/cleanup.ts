/**
 * Finding and ending every process a conformance run started. Each child of either side
 * carries CONFORMANCE_RUN=<id> in its environment, so a final sweep can find anything left
 * behind (even re-parented grandchildren) without touching anyone else's processes.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const MARKER_VAR = 'CONFORMANCE_RUN';

/** Pids whose environment holds MARKER_VAR=<prefix>... (never this process). */
export function markedPids(prefix: string): number[] {
  const needle = `${MARKER_VAR}=${prefix}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (environ.split('\0').some((v) => v.startsWith(needle))) found.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** True when the pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until none of the pids is alive, or the time is up; returns the survivors. */
export async function waitGone(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** SIGKILLs every process still carrying the run's marker; returns what it had to kill. */
export async function sweep(prefix: string): Promise<number[]> {
  const left = markedPids(prefix).filter(isAlive);
  for (const pid of left) signal(pid, 'SIGKILL');
  await waitGone(left, 2000);
  return left;
}
