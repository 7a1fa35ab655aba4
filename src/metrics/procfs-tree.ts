import { existsSync, openSync, readdirSync } from 'node:fs';
import { uptime as osUptime } from 'node:os';
import { parsePids } from './process-tree.js';
import {
  closeQuietly,
  isDeadState,
  type ProcStat,
  parseProcStat,
  readAt0,
  readOnce,
} from './procfs.js';

/**
 * Linux: the process trees under some roots, read from the roots down through
 * /proc/<pid>/task/<tid>/children (the children each thread forked), not from a scan of
 * every process on the machine. A sampling pass then costs two small reads per process of
 * its own trees (its stat and its list of children), whatever else runs on the host.
 *
 * Every file read stays open between walks and is re-read in place (pread at 0); the files
 * of processes a walk no longer reaches are closed at its end. A process with several
 * threads has one list per thread: its task directory is listed again only when its thread
 * count changed or a thread's list could not be read.
 */

/** What one walk found. */
export interface TreeWalk {
  /** Every live process reached (roots included), by pid. */
  readonly stats: ReadonlyMap<number, ProcStat>;
  /** Live child pids of each live process reached. */
  readonly children: ReadonlyMap<number, readonly number[]>;
  /** Seconds since boot (from /proc/uptime) at the start of the walk. */
  readonly uptimeSecs: number;
}

/** The open files of one process (no arrays for one with a single thread, the usual case). */
interface Files {
  stat: number;
  /** Threads whose lists are open; 0 before they are listed. */
  threads: number;
  /** The main thread's list: the only one of a single-threaded process. */
  list: number;
  /** With several threads: their ids and lists, in the same order (main thread included). */
  tids?: number[];
  lists?: number[];
}

/** As the scan's options (procfs.ts): where /proc is, when to yield, the monotonic clock. */
export interface ProcfsTreeOptions {
  readonly root?: string;
  readonly chunkSize?: number;
  readonly chunkMs?: number;
  readonly now?: () => number;
  /** Most files kept open; past it, files are opened for one read and closed. */
  readonly maxOpenFiles?: number;
}

const CLOSED = -1;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ProcfsTree {
  readonly root: string;
  readonly chunkSize: number;
  readonly chunkMs: number;
  readonly maxOpenFiles: number;
  readonly #now: () => number;
  #buf = Buffer.allocUnsafe(4096);
  readonly #files = new Map<number, Files>();
  #openCount = 0;
  #uptimeFd = CLOSED;
  /** Whether the kernel lists children (CONFIG_PROC_CHILDREN), found at the first walk. */
  #supported: boolean | undefined;

  constructor(options: ProcfsTreeOptions = {}) {
    this.root = options.root ?? '/proc';
    this.chunkSize = Math.max(1, options.chunkSize ?? 128);
    this.chunkMs = options.chunkMs ?? 1;
    this.maxOpenFiles = Math.max(0, options.maxOpenFiles ?? 4096);
    this.#now = options.now ?? (() => performance.now());
  }

  /** Undefined until the first walk; false: the caller must scan /proc instead. */
  get supported(): boolean | undefined {
    return this.#supported;
  }

  /** Pids whose files are open now. */
  get openPids(): readonly number[] {
    return [...this.#files.keys()];
  }

  /**
   * The trees under `roots`, each process read once. Undefined when children lists are not
   * available (the kernel lacks CONFIG_PROC_CHILDREN): then nothing is kept open.
   */
  async walk(roots: readonly number[]): Promise<TreeWalk | undefined> {
    this.#supported ??= existsSync(`${this.root}/self/task/${process.pid}/children`);
    if (!this.#supported) return undefined;
    const uptimeSecs = this.#readUptime();
    const stats = new Map<number, ProcStat>();
    const children = new Map<number, readonly number[]>();
    const queue = [...roots];
    const visited = new Set<number>();
    let readAt = this.#now();
    let inChunk = 0;
    for (let i = 0; i < queue.length; i++) {
      const pid = queue[i] as number;
      if (visited.has(pid)) continue;
      visited.add(pid);
      // Yield every chunkSize processes or chunkMs of reading (checked every 16), as the scan.
      if (
        inChunk === this.chunkSize ||
        (inChunk % 16 === 0 && inChunk > 0 && this.#now() - readAt >= this.chunkMs)
      ) {
        await yieldToLoop();
        readAt = this.#now();
        inChunk = 0;
      }
      inChunk++;
      const stat = this.#readStat(pid, readAt);
      if (!stat || isDeadState(stat.state)) continue;
      const kids = this.#readChildren(pid, stat.threads);
      stats.set(pid, stat);
      children.set(pid, kids);
      for (const kid of kids) queue.push(kid);
    }
    this.#closeAllBut(stats);
    // Zombies and processes gone meanwhile are listed by their parents: keep the live only.
    for (const [pid, kids] of children) {
      if (kids.some((kid) => !stats.has(kid))) {
        children.set(
          pid,
          kids.filter((kid) => stats.has(kid)),
        );
      }
    }
    return { stats, children, uptimeSecs };
  }

  /** Closes every file. */
  close(): void {
    this.#closeAllBut(new Map());
    this.#close(this.#uptimeFd);
    this.#uptimeFd = CLOSED;
  }

  #readStat(pid: number, readAt: number): ProcStat | undefined {
    const kept = this.#files.get(pid);
    if (kept) {
      const length = readAt0(kept.stat, this.#buf);
      if (length > 0) return parseProcStat(pid, this.#buf, length, readAt);
      // Gone (ESRCH): the pid may be someone else's now, so open it anew.
      this.#forget(pid, kept);
    }
    const path = `${this.root}/${pid}/stat`;
    const fd = this.#open(path);
    if (fd === CLOSED) {
      const length = this.#readPath(path);
      return length > 0 ? parseProcStat(pid, this.#buf, length, readAt) : undefined;
    }
    const length = readAt0(fd, this.#buf);
    if (length <= 0) {
      this.#close(fd);
      return undefined;
    }
    this.#files.set(pid, { stat: fd, threads: 0, list: CLOSED });
    return parseProcStat(pid, this.#buf, length, readAt);
  }

  /** The children every thread of the process forked (none when it ended meanwhile). */
  #readChildren(pid: number, threads: number): number[] {
    const files = this.#files.get(pid) ?? { stat: CLOSED, threads: 0, list: CLOSED };
    if (files.threads !== Math.max(1, threads)) this.#listThreads(pid, files, threads);
    const kids = this.#readLists(pid, files);
    if (kids) return kids;
    // A thread ended (or began) since the threads were listed: list them again, once.
    this.#listThreads(pid, files, threads);
    return this.#readLists(pid, files) ?? [];
  }

  /** The thread ids of the process, and their lists opened (the old ones closed). */
  #listThreads(pid: number, files: Files, threads: number): void {
    this.#closeLists(files);
    const keep = this.#files.has(pid);
    let tids = [pid];
    if (threads > 1) {
      try {
        tids = readdirSync(`${this.root}/${pid}/task`).map(Number);
      } catch {
        // gone: its main thread's list will fail too
      }
    }
    files.threads = tids.length;
    if (tids.length === 1) {
      files.list = keep ? this.#open(this.#listPath(pid, pid)) : CLOSED;
      return;
    }
    files.tids = tids;
    files.lists = tids.map((tid) => (keep ? this.#open(this.#listPath(pid, tid)) : CLOSED));
  }

  #closeLists(files: Files): void {
    this.#close(files.list);
    for (const fd of files.lists ?? []) this.#close(fd);
    files.list = CLOSED;
    files.threads = 0;
    files.tids = undefined;
    files.lists = undefined;
  }

  #listPath(pid: number, tid: number): string {
    return `${this.root}/${pid}/task/${tid}/children`;
  }

  /** The pids in every thread's list; undefined when one cannot be read. */
  #readLists(pid: number, files: Files): number[] | undefined {
    const kids: number[] = [];
    const { tids, lists } = files;
    if (!tids || !lists) return this.#readList(pid, pid, files.list, kids) ? kids : undefined;
    for (let i = 0; i < tids.length; i++) {
      if (!this.#readList(pid, tids[i] as number, lists[i] as number, kids)) return undefined;
    }
    return kids;
  }

  /** One thread's list into `kids` (from its kept file, or opened for one read); false if gone. */
  #readList(pid: number, tid: number, fd: number, kids: number[]): boolean {
    const length = fd === CLOSED ? this.#readPath(this.#listPath(pid, tid)) : this.#readWhole(fd);
    if (length < 0) return false;
    parsePids(this.#buf, length, pid, kids);
    return true;
  }

  /** A children list can outgrow the buffer (thousands of children): read it whole. */
  #readWhole(fd: number): number {
    for (;;) {
      const length = readAt0(fd, this.#buf);
      if (length < this.#buf.length) return length;
      this.#buf = Buffer.allocUnsafe(this.#buf.length * 2);
    }
  }

  /** Open, read whole, close: past maxOpenFiles. -1 when missing. */
  #readPath(path: string): number {
    return readOnce(path, (fd) => this.#readWhole(fd));
  }

  #readUptime(): number {
    if (this.#uptimeFd === CLOSED) this.#uptimeFd = this.#open(`${this.root}/uptime`);
    const length =
      this.#uptimeFd === CLOSED
        ? this.#readPath(`${this.root}/uptime`)
        : readAt0(this.#uptimeFd, this.#buf);
    const secs = length > 0 ? Number.parseFloat(this.#buf.toString('latin1', 0, length)) : NaN;
    return Number.isFinite(secs) ? secs : osUptime();
  }

  #closeAllBut(live: ReadonlyMap<number, unknown>): void {
    for (const [pid, files] of this.#files) if (!live.has(pid)) this.#forget(pid, files);
  }

  #forget(pid: number, files: Files): void {
    this.#files.delete(pid);
    this.#close(files.stat);
    this.#closeLists(files);
  }

  /** Opens a file to keep: CLOSED when missing or past maxOpenFiles. */
  #open(path: string): number {
    if (this.#openCount >= this.maxOpenFiles) return CLOSED;
    try {
      const fd = openSync(path, 'r');
      this.#openCount++;
      return fd;
    } catch {
      return CLOSED;
    }
  }

  #close(fd: number): void {
    if (fd === CLOSED) return;
    this.#openCount--;
    closeQuietly(fd);
  }
}
