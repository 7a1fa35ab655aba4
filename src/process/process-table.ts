import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One row of the OS process table. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Session id. */
  readonly sid: number;
  /** Start time in clock ticks since boot (Linux), 0 elsewhere: tells a reused pid apart. */
  readonly start: number;
}

/**
 * Reads the process table: /proc on Linux (no child process), `ps` elsewhere.
 * Processes that vanish while it reads are skipped.
 */
export function readProcessTable(): ProcessEntry[] {
  return process.platform === 'linux' ? readProc() : readPs();
}

function readProc(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const entry = readProcStat(pid);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Parses /proc/PID/stat; undefined when the process is gone. */
export function readProcStat(pid: number): ProcessEntry | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z') return undefined;
  return {
    pid,
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    sid: Number(fields[3]),
    start: Number(fields[19]),
  };
}

function readPs(): ProcessEntry[] {
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,sess='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((f) => f.length >= 3 && Number.isInteger(f[0]))
    .map(([pid = 0, ppid = 0, pgid = 0, sid = 0]) => ({ pid, ppid, pgid, sid, start: 0 }));
}

/** Every descendant of `root` (children, their children...), not `root` itself. */
export function descendantsOf(table: readonly ProcessEntry[], root: number): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) {
    const list = children.get(entry.ppid);
    if (list) list.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  const found: ProcessEntry[] = [];
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** True when the process still exists (not a zombie) and, when known, is the same one. */
export function isSameProcess(entry: Pick<ProcessEntry, 'pid' | 'start'>): boolean {
  if (process.platform === 'linux') {
    const now = readProcStat(entry.pid);
    return now !== undefined && (entry.start === 0 || now.start === entry.start);
  }
  try {
    process.kill(entry.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
