import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
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
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
    this.#reads += 2; // a directory read costs about two small reads
    const children: number[] = [];
    for (const tid of tids) {
      const text = readList(`/proc/${pid}/task/${tid}/children`);
      this.#reads++;
      if (text === undefined) {
        // The thread ended meanwhile, or the kernel has no child lists at all.
        if (tid === String(pid) && existsNow(pid)) this.#unsupported = true;
        if (this.#unsupported) return undefined;
        continue;
      }
      for (const field of text.split(' ')) if (field.length > 0) children.push(Number(field));
    }
    return children;
  }
}

const buffer = Buffer.allocUnsafe(4096);

/** A child list read whole (it is space-separated pids); undefined when it cannot be opened. */
function readList(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    let text = '';
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return text;
      text += buffer.toString('latin1', 0, n);
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
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
