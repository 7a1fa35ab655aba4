import { readdirSync } from 'node:fs';
import { parsePids } from '../metrics/process-tree.js';
import { readAt0, readOnce } from '../metrics/procfs.js';
import { nativeFunction } from './native.js';
import { type ProcessEntry, readProcStat } from './process-table.js';
import { endOfTurn } from './this-turn.js';

/**
 * The live descendants of one process, walked down the kernel's child lists
 * (/proc/PID/task/TID/children, Linux): a look costs reads in proportion to that process's
 * tree (two for a process without children), not a read of every process on the machine.
 * `scan` is the other way, one read of the whole process table (shared by a turn): a turn
 * whose walks together would read more files than the table has processes takes the table
 * for its remaining looks, so a stop of thousands of programs still costs one scan.
 * Undefined when the kernel keeps no child lists (CONFIG_PROC_CHILDREN unset): scan instead.
 */
export class DescendantWalk {
  /** Files read by walks in this turn. */
  #reads = 0;
  /** Processes in the last table read (a guess at the size of the next one). */
  #tableSize: number | undefined;
  #unsupported = process.platform !== 'linux';
  readonly #newTurn = endOfTurn(() => {
    this.#reads = 0;
  });
  /** The addon's reader of child lists (one call per process), or null: readdir and reads. */
  readonly #taskChildren: TaskChildren | null;

  constructor(taskChildren: TaskChildren | null = nativeTaskChildren()) {
    this.#taskChildren = taskChildren;
  }

  /** `scanned`: the table was read in this turn already (a look into it costs nothing). */
  worthWalking(scanned: boolean): boolean {
    if (this.#unsupported || scanned) return false;
    this.#tableSize ??= countProcesses();
    return this.#reads < this.#tableSize;
  }

  /** The table was read: remember its size. */
  tableRead(size: number): void {
    this.#tableSize = size;
  }

  /** Descendants of `root`, breadth first; undefined when child lists cannot be read. */
  descendants(root: number): ProcessEntry[] | undefined {
    this.#newTurn();
    const found: ProcessEntry[] = [];
    const seen = new Set<number>([root]);
    let frontier = [root];
    while (frontier.length > 0) {
      const next: number[] = [];
      for (const parent of frontier) {
        const children = this.#childrenOf(parent);
        if (!children) return undefined;
        for (const pid of children) {
          if (seen.has(pid)) continue;
          seen.add(pid);
          const entry = readProcStat(pid);
          this.#reads++;
          // Gone, a zombie, or re-parented since the list was read: not in the tree.
          if (!entry || entry.ppid !== parent) continue;
          found.push(entry);
          next.push(pid);
        }
      }
      frontier = next;
    }
    return found;
  }

  /** The children of every thread of `pid`; [] when it is gone; undefined when unsupported. */
  #childrenOf(pid: number): number[] | undefined {
    if (this.#taskChildren) return this.#nativeChildrenOf(this.#taskChildren, pid);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
    this.#reads += 2; // a directory read costs about two small reads
    const children: number[] = [];
    for (const tid of tids) {
      const read = readChildList(`/proc/${pid}/task/${tid}/children`, pid, children);
      this.#reads++;
      if (!read) {
        // The thread ended meanwhile, or the kernel has no child lists at all.
        if (tid === String(pid) && existsNow(pid)) this.#unsupported = true;
        if (this.#unsupported) return undefined;
      }
    }
    return children;
  }

  /** The same in one call to the addon (no readdir array, no fs call per file). */
  #nativeChildrenOf(taskChildren: TaskChildren, pid: number): number[] | undefined {
    const children: number[] = [];
    const threads = taskChildren(pid, children);
    if (threads === -2) {
      this.#unsupported = true;
      return undefined;
    }
    // In one call the directory costs little: a single-threaded process's look costs about
    // what one process of the table costs (measured: 12.6 against 14.6 µs), so it counts one
    // read per thread (a stop of every program of the host walks them all, not the table).
    if (threads >= 0) this.#reads += Math.max(1, threads);
    return children;
  }
}

/** The addon's taskChildren (native/children.c): appends pids, returns threads, -1, -2. */
export type TaskChildren = (pid: number, out: number[]) => number;

const nativeTaskChildren = (): TaskChildren | null => nativeFunction('taskChildren') ?? null;

let listBuffer = Buffer.allocUnsafe(4096);

/** One thread's child list into `out`; false when it cannot be read (gone, or unsupported). */
function readChildList(file: string, pid: number, out: number[]): boolean {
  const length = readOnce(file, readWhole);
  if (length < 0) return false;
  parsePids(listBuffer, length, pid, out);
  return true;
}

/** The whole file from offset 0 (a list of thousands of children outgrows 4 KiB). */
function readWhole(fd: number): number {
  for (;;) {
    const length = readAt0(fd, listBuffer);
    if (length < listBuffer.length) return length;
    listBuffer = Buffer.allocUnsafe(listBuffer.length * 2);
  }
}

/** How many processes /proc lists (one directory read, before any table was read). */
function countProcesses(): number {
  let count = 0;
  for (const name of readdirSync('/proc')) {
    const first = name.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39) count++;
  }
  return count;
}

function existsNow(pid: number): boolean {
  try {
    readdirSync(`/proc/${pid}/task`);
    return true;
  } catch {
    return false;
  }
}
