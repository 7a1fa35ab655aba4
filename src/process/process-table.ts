import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { childrenByParent, walkTree } from '../metrics/process-tree.js';
import { isDeadState, parseProcStat } from '../metrics/procfs.js';
import { TurnCache } from './this-turn.js';

/** One row of the OS process table, as the descendant sweep needs it. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Session id. */
  readonly sid: number;
  /** Start time in clock ticks since boot (Linux), 0 elsewhere: tells a reused pid apart. */
  readonly start: number;
}

const buffer = Buffer.allocUnsafe(1024);
const table = new TurnCache(() => (process.platform === 'linux' ? readProc() : readPs()));

/**
 * Reads the process table: /proc on Linux (no child process), `ps` elsewhere. Processes that
 * vanish while it reads are skipped. Reads within one turn of the event loop share one scan,
 * so stopping many programs at once costs one scan, not one each.
 */
export function readProcessTable(): ProcessEntry[] {
  return table.get();
}

/** The table was read in this turn already: readProcessTable() now costs nothing. */
export function processTableRead(): boolean {
  return table.cached;
}

function readProc(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    const first = name.charCodeAt(0);
    if (first < 0x30 || first > 0x39) continue;
    const entry = readProcStat(Number(name));
    if (entry) entries.push(entry);
  }
  return entries;
}

/** One process from /proc/PID/stat; undefined when it is gone or a zombie. */
export function readProcStat(pid: number): ProcessEntry | undefined {
  let length = -1;
  try {
    const fd = openSync(`/proc/${pid}/stat`, 'r');
    try {
      length = readSync(fd, buffer, 0, buffer.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const stat = parseProcStat(pid, buffer, length);
  if (!stat || isDeadState(stat.state)) return undefined;
  return { pid, ppid: stat.ppid, pgid: stat.pgid, sid: stat.sid, start: stat.startTicks };
}

function readPs(): ProcessEntry[] {
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,sess='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((f) => f.length >= 3 && Number.isInteger(f[0]))
    .map(([pid = 0, ppid = 0, pgid = 0, sid = 0]) => ({ pid, ppid, pgid, sid, start: 0 }));
}

/** A table's pid and parent indexes, built once per table (every program's sweep shares them). */
const indexes = new WeakMap<
  readonly ProcessEntry[],
  { byPid: Map<number, ProcessEntry>; children: Map<number, number[]> }
>();

/** Every descendant of `root` (children, their children...), not `root` itself. */
export function descendantsOf(table: readonly ProcessEntry[], root: number): ProcessEntry[] {
  let index = indexes.get(table);
  if (!index) {
    index = { byPid: new Map(table.map((e) => [e.pid, e])), children: childrenByParent(table) };
    indexes.set(table, index);
  }
  const { byPid } = index;
  return walkTree(index.children, root).map((pid) => byPid.get(pid) as ProcessEntry);
}

/** True when the process still exists (not a zombie) and, when known, is the same one. */
export function isSameProcess(entry: Pick<ProcessEntry, 'pid' | 'start'>): boolean {
  if (process.platform === 'linux') {
    // Mostly asked of processes that are gone: a look that cannot throw comes first.
    if (!existsSync(`/proc/${entry.pid}`)) return false;
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
