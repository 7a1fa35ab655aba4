import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { uptime as osUptime } from 'node:os';

/**
 * Linux process table from one scan of /proc: for every process, one read of
 * /proc/<pid>/stat gives its parent, CPU time, start time and resident pages. That is all
 * the sampler needs, so on Linux a sampling pass costs one scan and forks nothing.
 *
 * Reads are synchronous into one shared buffer (most of the cost is in the kernel) and the
 * scan yields to the event loop every `chunkSize` files or `chunkMs` of reading, whichever
 * comes first, so a host with thousands of processes, or a busy machine, is never blocked for
 * long. The stat files of the processes being sampled (see
 * {@link ProcfsReader.retain}) stay open between scans and are re-read in place, which halves
 * their cost; every other process is opened, read and closed.
 */

/** One process as read from /proc/<pid>/stat. */
export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** Process group id. */
  readonly pgid: number;
  /** Session id. */
  readonly sid: number;
  /** State letter as a char code: R, S, D, Z (zombie), X (dead), T, ... */
  readonly state: number;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
  /** Start time after boot, in clock ticks. */
  readonly startTicks: number;
  /** Resident set size, in pages. */
  readonly rssPages: number;
  /** Threads of the process (each thread has its own list of children in /proc). */
  readonly threads: number;
  /** performance.now() when this entry was read. */
  readonly readAt: number;
}

export interface ProcScan {
  readonly entries: readonly ProcStat[];
  /** Seconds since boot (from /proc/uptime) at the start of the scan. */
  readonly uptimeSecs: number;
}

/**
 * USER_HZ: the unit of the times in /proc/<pid>/stat. 100 on every architecture Node runs on
 * (the kernel's HZ may differ; the value exported to user space does not).
 */
export const CLOCK_TICKS_PER_SEC = 100;

const ZOMBIE = 'Z'.charCodeAt(0);
const DEAD = 'X'.charCodeAt(0);
const LOWER_X = 'x'.charCodeAt(0);

/** True for zombies and dead tasks: they hold a pid but no memory and no CPU. */
export function isDeadState(state: number): boolean {
  return state === ZOMBIE || state === DEAD || state === LOWER_X;
}

/**
 * Parses the bytes of /proc/<pid>/stat. The command name (field 2) may contain spaces and
 * parentheses, so fields are counted from the last ')'. Undefined when malformed.
 */
export function parseProcStat(
  pid: number,
  buf: Uint8Array,
  length: number,
  readAt = 0,
): ProcStat | undefined {
  let i = length - 1;
  while (i >= 0 && buf[i] !== 0x29) i--; // ')'
  if (i < 0 || i + 2 >= length) return undefined;
  const state = buf[i + 2] as number;
  // After ") S ": field 1 is ppid, 2 pgrp, 3 session, 11 utime, 12 stime, 17 num_threads,
  // 19 starttime, 21 rss (0 = state).
  let field = 1;
  let value = 0;
  let ppid = -1;
  let pgid = 0;
  let sid = 0;
  let utime = 0;
  let stime = 0;
  let start = 0;
  let threads = 1;
  for (let j = i + 4; j < length; j++) {
    const c = buf[j] as number;
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      continue;
    }
    if (c !== 0x20 && c !== 0x0a) continue; // a '-' sign: only in fields we do not read
    if (field === 1) ppid = value;
    else if (field === 2) pgid = value;
    else if (field === 3) sid = value;
    else if (field === 11) utime = value;
    else if (field === 12) stime = value;
    else if (field === 17) threads = value;
    else if (field === 19) start = value;
    else if (field === 21) {
      return {
        pid,
        ppid,
        pgid,
        sid,
        state,
        cpuTicks: utime + stime,
        startTicks: start,
        rssPages: value,
        threads,
        readAt,
      };
    }
    field++;
    value = 0;
  }
  return undefined;
}

export interface ProcfsReaderOptions {
  /** Where proc is mounted. @default '/proc' */
  readonly root?: string;
  /** Most files read between two yields to the event loop. @default 128 */
  readonly chunkSize?: number;
  /**
   * Most milliseconds of reading between two yields (checked every few files): on a busy
   * machine each read takes longer, and a chunk of `chunkSize` files would block the loop
   * several times as long. @default 1
   */
  readonly chunkMs?: number;
  /** Monotonic milliseconds, for the CPU rate. @default performance.now */
  readonly now?: () => number;
  /** Most stat files kept open between scans. @default 4096 */
  readonly maxOpenFiles?: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ProcfsReader {
  readonly root: string;
  readonly chunkSize: number;
  readonly chunkMs: number;
  readonly #now: () => number;
  readonly maxOpenFiles: number;
  readonly #buf = Buffer.allocUnsafe(1024);
  /** pid → open fd of its stat file, for retained pids only. */
  readonly #open = new Map<number, number>();
  #retained: ReadonlySet<number> = new Set();
  #pageSize: number | undefined;

  constructor(options: ProcfsReaderOptions = {}) {
    this.root = options.root ?? '/proc';
    this.chunkSize = Math.max(1, options.chunkSize ?? 128);
    this.chunkMs = options.chunkMs ?? 1;
    this.#now = options.now ?? (() => performance.now());
    this.maxOpenFiles = Math.max(0, options.maxOpenFiles ?? 4096);
  }

  /** Pids whose stat file is open now. */
  get openFiles(): readonly number[] {
    return [...this.#open.keys()];
  }

  /**
   * The pids to keep open from the next scan on (the ones being sampled); closes the others
   * at once. `retain([])` closes everything.
   */
  retain(pids: Iterable<number>): void {
    this.#retained = new Set(pids);
    for (const [pid, fd] of this.#open) {
      if (this.#retained.has(pid)) continue;
      this.#open.delete(pid);
      closeQuietly(fd);
    }
  }

  /** Bytes per page, read once from the kernel (4096 on x86-64, 4/16/64 KB on arm64). */
  get pageSize(): number {
    this.#pageSize ??= readPageSize(this.root);
    return this.#pageSize;
  }

  /** Reads every process. Throws only when the process list itself cannot be read. */
  async scan(): Promise<ProcScan> {
    const names = readdirSync(this.root);
    const uptimeSecs = this.#readUptime();
    const entries: ProcStat[] = [];
    let readAt = this.#now();
    let inChunk = 0;
    for (const name of names) {
      const first = name.charCodeAt(0);
      if (first < 0x30 || first > 0x39) continue;
      if (
        inChunk === this.chunkSize ||
        (inChunk % 16 === 0 && inChunk > 0 && this.#overBudget(readAt))
      ) {
        await yieldToLoop();
        readAt = this.#now();
        inChunk = 0;
      }
      inChunk++;
      const pid = Number(name);
      const length = this.#readStat(pid, name);
      if (length <= 0) continue; // exited since readdir: normal
      const entry = parseProcStat(pid, this.#buf, length, readAt);
      if (entry) entries.push(entry);
    }
    return { entries, uptimeSecs };
  }

  /** The chunk that started at `since` has read for its time (never before its first file). */
  #overBudget(since: number): boolean {
    return this.#now() - since >= this.chunkMs;
  }

  #readStat(pid: number, name: string): number {
    const fd = this.#open.get(pid);
    if (fd !== undefined) {
      const length = readAt0(fd, this.#buf);
      if (length > 0) return length;
      // That process is gone (ESRCH); the pid may already be someone else's: open it anew.
      this.#open.delete(pid);
      closeQuietly(fd);
    }
    const path = `${this.root}/${name}/stat`;
    if (!this.#retained.has(pid) || this.#open.size >= this.maxOpenFiles) {
      return this.#read(path);
    }
    let opened: number;
    try {
      opened = openSync(path, 'r');
    } catch {
      return -1;
    }
    const length = readAt0(opened, this.#buf);
    if (length > 0) this.#open.set(pid, opened);
    else closeQuietly(opened);
    return length;
  }

  #read(path: string): number {
    return readOnce(path, (fd) => readAt0(fd, this.#buf));
  }

  #readUptime(): number {
    const length = this.#read(`${this.root}/uptime`);
    const secs = length > 0 ? Number.parseFloat(this.#buf.toString('latin1', 0, length)) : NaN;
    return Number.isFinite(secs) ? secs : osUptime();
  }
}

/** Opens `path`, reads it with `read`, closes it: what `read` returned, or -1 when missing. */
export function readOnce(path: string, read: (fd: number) => number): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return -1;
  }
  try {
    return read(fd);
  } finally {
    closeQuietly(fd);
  }
}

/** Bytes read from offset 0, or -1 (ESRCH: the process died after the open). */
export function readAt0(fd: number, buf: Buffer): number {
  try {
    return readSync(fd, buf, 0, buf.length, 0);
  } catch {
    return -1;
  }
}

/** close(2) that ignores an fd already closed. */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to do
  }
}

/** KernelPageSize of the first mapping in /proc/self/smaps; 4096 when unreadable. */
function readPageSize(root: string): number {
  const buf = Buffer.allocUnsafe(8192);
  let fd: number | undefined;
  try {
    fd = openSync(`${root}/self/smaps`, 'r');
    const length = readSync(fd, buf, 0, buf.length, 0);
    const match = /KernelPageSize:\s+(\d+) kB/.exec(buf.toString('latin1', 0, length));
    const kb = match ? Number(match[1]) : 0;
    return kb > 0 ? kb * 1024 : 4096;
  } catch {
    return 4096;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
