import { execFile } from 'node:child_process';

/** One row of a process table. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
}

/**
 * Descendants of each root, from one process table (pure). A root missing from the table
 * still gets the descendants listed under it (the table may come from `ps`, which can race
 * with an exit); whether the root is alive is the usage reader's call.
 *
 * @returns root pid → descendant pids, breadth first, the root excluded. A root that is
 * itself a descendant of another root appears in both trees.
 */
export function descendantsOf(
  table: Iterable<ProcessEntry>,
  roots: Iterable<number>,
): Map<number, number[]> {
  const children = childrenByParent(table);
  const result = new Map<number, number[]>();
  for (const root of roots) {
    if (!result.has(root)) result.set(root, walkTree(children, root));
  }
  return result;
}

/** ppid → child pids, from one process table. */
export function childrenByParent(table: Iterable<ProcessEntry>): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of table) {
    if (pid === ppid) continue;
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  return children;
}

/** The descendants of `root` in a ppid → children index, breadth first, the root excluded. */
export function walkTree(children: ReadonlyMap<number, readonly number[]>, root: number): number[] {
  const found: number[] = [];
  const seen = new Set<number>([root]);
  let frontier = [root];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const pid of frontier) {
      for (const child of children.get(pid) ?? []) {
        // A table read over time can hold a stale parent link after pid reuse: never loop.
        if (seen.has(child)) continue;
        seen.add(child);
        found.push(child);
        next.push(child);
      }
    }
    frontier = next;
  }
  return found;
}

/** Parses `ps -A -o pid=,ppid=` output; skips lines that are not two numbers. */
export function parsePsTable(stdout: string): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (match) out.push({ pid: Number(match[1]), ppid: Number(match[2]) });
  }
  return out;
}

/**
 * The process table from `ps -A -o pid=,ppid=` (one fork): the portable way on macOS and the
 * BSDs. Linux uses the /proc scan instead (see procfs.ts).
 */
export function listWithPs(): Promise<ProcessEntry[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'ps',
      ['-A', '-o', 'pid=,ppid='],
      { maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (error, stdout) => {
        if (error) reject(new Error(`Listing processes with "ps" failed: ${error.message}`));
        else resolve(parsePsTable(stdout));
      },
    );
  });
}

/** Appends the space-separated pids of a children list (never `self`: no loops). */
export function parsePids(buf: Buffer, length: number, self: number, out: number[]): void {
  let value = 0;
  let digits = 0;
  for (let i = 0; i < length; i++) {
    const c = buf[i] as number;
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits++;
      continue;
    }
    if (digits > 0 && value !== self) out.push(value);
    value = 0;
    digits = 0;
  }
  if (digits > 0 && value !== self) out.push(value);
}
