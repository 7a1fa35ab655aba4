/**
 * Linux /proc readers: find processes by the scenario tag (in their environment), read a
 * process's RSS and CPU time. Used by the leak check and by the overhead scenarios.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly cmd: string;
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime. */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** Fields of /proc/<pid>/stat after the command name (field 3 = index 0). */
function statFields(pid: number): string[] | undefined {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  return stat.slice(close + 2).split(' ');
}

export function procInfo(pid: number): ProcInfo | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  const cmd = readOrEmpty(`/proc/${pid}/cmdline`).split('\0').join(' ').trim();
  return { pid, ppid: Number(fields[1]), cmd };
}

/**
 * Live (not zombie) processes whose environment holds `BENCH_TAG=<tag>`, except this process.
 * A zombie has an empty environ and is not listed: it is dead, only not reaped yet.
 */
export function findTagged(tag: string): ProcInfo[] {
  const needle = `BENCH_TAG=${tag}\0`;
  const found: ProcInfo[] = [];
  for (const pid of pids()) {
    if (pid === process.pid) continue;
    if (!readOrEmpty(`/proc/${pid}/environ`).includes(needle)) continue;
    const fields = statFields(pid);
    if (!fields || fields[0] === 'Z' || fields[0] === 'X') continue;
    const info = procInfo(pid);
    if (info) found.push(info);
  }
  return found;
}

export interface ProcUsage {
  /** Resident set size in bytes. */
  readonly rss: number;
  /** The highest RSS of the process's life so far (VmHWM), bytes. */
  readonly peakRss: number;
  /** User + system CPU time in seconds. */
  readonly cpuSecs: number;
}

/** RSS and CPU time of a process, or undefined when it is gone. */
export function procUsage(pid: number): ProcUsage | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  const status = readOrEmpty(`/proc/${pid}/status`);
  const kB = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return {
    rss: kB('VmRSS') * 1024,
    peakRss: kB('VmHWM') * 1024,
    cpuSecs: (utime + stime) / CLK_TCK,
  };
}

/** Is this pid alive (not a zombie)? */
export function isAlive(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[0] !== 'X';
}
