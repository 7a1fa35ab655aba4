import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { isDeadState, parseProcStat } from '../metrics/procfs.js';
import type { ProcessEntry } from './process-table.js';

/** A direct child of the host process, zombie or not. */
export interface HostChild extends ProcessEntry {
  readonly zombie: boolean;
}

const buffer = Buffer.allocUnsafe(1024);

/**
 * The pids of the host's direct children (Linux), from /proc/self/task/<pid>/children: one
 * small read, not a scan of /proc. Zombies included. Empty elsewhere.
 *
 * Only the main thread's list: the kernel re-parents an orphan to the first live thread of
 * the subreaper (or init) process, the main thread; a child a Worker thread spawned is
 * listed under that thread, and is that Worker's to reap, not an orphan.
 */
export function hostChildPids(): number[] {
  if (process.platform !== 'linux') return [];
  let text: string;
  try {
    text = readWhole(`/proc/self/task/${process.pid}/children`);
  } catch {
    return []; // the kernel lacks CONFIG_PROC_CHILDREN
  }
  const pids: number[] = [];
  for (const pid of text.split(' ')) if (pid.trim()) pids.push(Number(pid));
  return pids;
}

let listBuffer = Buffer.allocUnsafe(16 * 1024);

/** A small /proc file read whole into a reused buffer (no stat, no new buffer per read). */
function readWhole(file: string): string {
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === listBuffer.length) {
        const bigger = Buffer.allocUnsafe(listBuffer.length * 2);
        listBuffer.copy(bigger);
        listBuffer = bigger;
      }
      const n = readSync(fd, listBuffer, length, listBuffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return listBuffer.toString('latin1', 0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * The host's direct children, zombies included, but for the pids in `except` (Node's own
 * children, say), which cost no read: only the others' /proc/PID/stat is read.
 */
export function hostChildren(except?: ReadonlySet<number>): HostChild[] {
  const out: HostChild[] = [];
  for (const pid of hostChildPids()) {
    if (except?.has(pid)) continue;
    const child = readChild(pid);
    if (child) out.push(child);
  }
  return out;
}

function readChild(pid: number): HostChild | undefined {
  let length: number;
  try {
    const text = readFileSync(`/proc/${pid}/stat`);
    length = text.copy(buffer);
  } catch {
    return undefined;
  }
  const stat = parseProcStat(pid, buffer, length);
  if (!stat || stat.ppid !== process.pid) return undefined;
  const { ppid, pgid, sid, startTicks: start } = stat;
  return { pid, ppid, pgid, sid, start, zombie: isDeadState(stat.state) };
}

/** SUPERVISOR_GROUP_NAME:SUPERVISOR_PROCESS_NAME from a process's environment, if readable. */
export function programOf(pid: number): string | undefined {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return undefined;
  }
  let name: string | undefined;
  let group: string | undefined;
  for (const entry of environ.split('\0')) {
    if (entry.startsWith('SUPERVISOR_PROCESS_NAME=')) name = entry.slice(24);
    else if (entry.startsWith('SUPERVISOR_GROUP_NAME=')) group = entry.slice(22);
  }
  return name !== undefined && group !== undefined ? `${group}:${name}` : undefined;
}
