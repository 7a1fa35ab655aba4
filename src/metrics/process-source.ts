import { existsSync } from 'node:fs';
import pidusage from 'pidusage';
import {
  childrenByParent,
  descendantsOf,
  listWithPs,
  type ProcessEntry,
  walkTree,
} from './process-tree.js';
import {
  CLOCK_TICKS_PER_SEC,
  isDeadState,
  ProcfsReader,
  type ProcfsReaderOptions,
  type ProcStat,
} from './procfs.js';
import { ProcfsTree, type TreeWalk } from './procfs-tree.js';

/** CPU, memory and age of one process. */
export interface ProcessUsage {
  /** Percent of one core since the previous pass (since the process started, the first time). */
  readonly cpu: number;
  /** Resident set size in bytes. */
  readonly memory: number;
  /** Milliseconds since the process started. */
  readonly elapsedMs: number;
}

/** What one sampling pass learned about some process trees. */
export interface ProcessSnapshot {
  /** Root pid → pids of its live descendants. */
  readonly descendants: ReadonlyMap<number, readonly number[]>;
  /** Usage of every live root and descendant. A pid that is gone is simply absent. */
  readonly usage: ReadonlyMap<number, ProcessUsage>;
  /** Problems that did not stop the pass (never a process that went away). */
  readonly errors: readonly Error[];
}

/**
 * Where a sampling pass gets its numbers. One `sample()` call per pass covers every root:
 * one process-table read and one usage read for all pids together.
 */
export interface ProcessSource {
  /** For diagnostics and benchmarks: 'procfs', 'ps+pidusage', 'pidusage'. */
  readonly kind: string;
  /** Rejects only when nothing could be read at all (no /proc, no `ps`). */
  sample(roots: readonly number[]): Promise<ProcessSnapshot>;
  /** Drop every per-process memory (the sampler stopped). */
  clear(): void;
}

interface CpuMark {
  readonly startTicks: number;
  readonly cpuTicks: number;
  readonly at: number;
}

/**
 * Linux: the trees of the roots read from the roots down (see {@link ProcfsTree}: two small
 * reads per process of the trees, none for the rest of the machine), or, on a kernel without
 * children lists, one scan of /proc. Either gives the tree and the usage of every process
 * with no second read and no fork. CPU percent is the change of utime + stime between two
 * passes over the wall time between the two reads. Per-process memory is exactly the pids of
 * this pass (pruned every pass), keyed by pid and start time so a reused pid is never
 * mistaken for the old process.
 */
export class ProcfsSource implements ProcessSource {
  readonly kind = 'procfs';
  /** The scan, and the page size. */
  readonly reader: ProcfsReader;
  readonly tree: ProcfsTree;
  #marks = new Map<number, CpuMark>();

  constructor(options: ProcfsReaderOptions = {}) {
    this.reader = new ProcfsReader(options);
    this.tree = new ProcfsTree(options);
  }

  async sample(roots: readonly number[]): Promise<ProcessSnapshot> {
    const walk = await this.tree.walk(roots);
    const found = walk ?? (await this.#scan());
    const descendants = new Map<number, readonly number[]>();
    for (const root of roots) {
      // Most programs fork nothing: no walk (and no arrays) for a root without children.
      const kids = found.children.get(root);
      descendants.set(root, kids && kids.length > 0 ? walkTree(found.children, root) : NO_PIDS);
    }
    const pageSize = this.reader.pageSize;
    const nowSinceBootMs = found.uptimeSecs * 1000;
    const marks = new Map<number, CpuMark>();
    const usage = new Map<number, ProcessUsage>();
    const measure = (pid: number) => {
      if (usage.has(pid)) return;
      const e = found.stats.get(pid);
      if (!e) return;
      const elapsedMs = Math.max(0, nowSinceBootMs - e.startTicks * MS_PER_TICK);
      const mark = this.#marks.get(pid);
      let cpu: number;
      if (mark && mark.startTicks === e.startTicks && e.readAt > mark.at) {
        cpu = ((e.cpuTicks - mark.cpuTicks) * MS_PER_TICK * 100) / (e.readAt - mark.at);
      } else {
        cpu = elapsedMs > 0 ? (e.cpuTicks * MS_PER_TICK * 100) / elapsedMs : 0;
      }
      marks.set(pid, { startTicks: e.startTicks, cpuTicks: e.cpuTicks, at: e.readAt });
      usage.set(pid, { cpu: Math.max(0, cpu), memory: e.rssPages * pageSize, elapsedMs });
    };
    for (const root of roots) {
      measure(root);
      for (const pid of descendants.get(root) ?? []) measure(pid);
    }
    this.#marks = marks;
    if (!walk) this.reader.retain(marks.keys());
    return { descendants, usage, errors: [] };
  }

  /** Without children lists: every process of the machine, its stat file read. */
  async #scan(): Promise<TreeWalk> {
    const scan = await this.reader.scan();
    const live = scan.entries.filter((e) => !isDeadState(e.state));
    const stats = new Map<number, ProcStat>();
    for (const entry of live) stats.set(entry.pid, entry);
    return { stats, children: childrenByParent(live), uptimeSecs: scan.uptimeSecs };
  }

  /** Pids whose CPU mark is kept: exactly those measured by the last pass. */
  get tracked(): readonly number[] {
    return [...this.#marks.keys()];
  }

  /** Pids whose stat file is kept open (by the tree walk, or by the scan). */
  get openFiles(): readonly number[] {
    return [...new Set([...this.tree.openPids, ...this.reader.openFiles])];
  }

  clear(): void {
    this.#marks = new Map();
    this.reader.retain([]);
    this.tree.close();
  }
}

const MS_PER_TICK = 1000 / CLOCK_TICKS_PER_SEC;
const NO_PIDS: readonly number[] = Object.freeze([]);

/** How the {@link PidusageSource} lists processes for the trees. */
export type TableLister = () => Promise<readonly ProcessEntry[]>;

/**
 * Elsewhere (macOS, BSD, Windows), or on request: the tree from a process table (`ps`, or a
 * /proc scan), then ONE pidusage call with every pid. pidusage rejects a whole batch when one
 * pid is missing on `ps` platforms (and for a single missing pid everywhere): then the pids
 * still alive are kept (signal 0) and the batch retried once, then each pid alone.
 *
 * pidusage keeps per-pid history (and on Linux an open fd per pid) for `maxage` ms after a
 * pid was last asked for; we set it to a few intervals so a dead pid is dropped soon after.
 * We never call `pidusage.clear()`: in pidusage 4.1 it forgets the open fds without closing
 * them (one leaked fd per tracked pid per call).
 */
export class PidusageSource implements ProcessSource {
  readonly kind: string;

  constructor(
    readonly listTable: TableLister | undefined,
    readonly maxAgeMs: number,
    kind?: string,
  ) {
    this.kind = kind ?? (listTable ? 'ps+pidusage' : 'pidusage');
  }

  async sample(roots: readonly number[]): Promise<ProcessSnapshot> {
    const table = this.listTable ? await this.listTable() : [];
    const descendants = descendantsOf(table, roots);
    const pids = new Set<number>(roots);
    for (const list of descendants.values()) for (const pid of list) pids.add(pid);
    const { usage, errors } = await pidusageBatch([...pids], this.maxAgeMs);
    const alive = new Map<number, readonly number[]>();
    for (const [root, list] of descendants) {
      alive.set(
        root,
        list.filter((pid) => usage.has(pid)),
      );
    }
    return { descendants: alive, usage, errors };
  }

  clear(): void {}
}

/** The fields of pidusage's result that are read (named here: the published types never
 * name @types/pidusage, a devDependency). */
export interface UsageStatus {
  readonly cpu: number;
  readonly memory: number;
  readonly elapsed: number;
}

/** pidusage's promise forms: one pid, or many. */
export interface UsageReader {
  (pid: number, options: { maxage: number }): Promise<UsageStatus>;
  (pids: number[], options: { maxage: number }): Promise<Record<string, UsageStatus>>;
}

/** One pidusage call for all pids, with the fallbacks described on {@link PidusageSource}. */
export async function pidusageBatch(
  pids: readonly number[],
  maxAgeMs: number,
  read: UsageReader = pidusage,
): Promise<{ usage: Map<number, ProcessUsage>; errors: Error[] }> {
  const usage = new Map<number, ProcessUsage>();
  const errors: Error[] = [];
  if (pids.length === 0) return { usage, errors };
  const options = { maxage: maxAgeMs };
  const keep = (stats: Record<string, UsageStatus | null | undefined>) => {
    for (const [key, s] of Object.entries(stats)) {
      if (s) usage.set(Number(key), { cpu: s.cpu, memory: s.memory, elapsedMs: s.elapsed });
    }
  };
  try {
    // pidusage parses the array in place: give it a copy.
    keep(await read([...pids], options));
    return { usage, errors };
  } catch (error) {
    // Not a process that left (ps missing, permissions...): retrying would only repeat it.
    if (!isGoneError(error)) return { usage, errors: [toError(error)] };
  }
  const alive = pids.filter(isAlive);
  if (alive.length === 0) return { usage, errors };
  try {
    keep(await read([...alive], options));
    return { usage, errors };
  } catch {
    // Another one left in between: each pid alone.
  }
  const results = await Promise.allSettled(alive.map((pid) => read(pid, options)));
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') keep({ [alive[i] as number]: result.value });
    else if (!isGoneError(result.reason)) errors.push(toError(result.reason));
  });
  return { usage, errors };
}

/** The errors a process that exited produces: not an error for a sampler. */
export function isGoneError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH' || /no matching pid/i.test(error.message);
}

/** Signal 0: true when the pid exists (EPERM: exists, not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export type SourceKind = 'auto' | 'procfs' | 'pidusage';

/**
 * The source for this platform: /proc on Linux when mounted; otherwise `ps` for the tree and
 * pidusage for the numbers; on Windows pidusage alone (descendants are not listed there).
 * `'pidusage'` forces the pidusage reader (with the /proc scan for the tree on Linux).
 */
export function createProcessSource(
  kind: SourceKind,
  intervalMs: number,
  platform: NodeJS.Platform = process.platform,
): ProcessSource {
  const hasProc = (platform === 'linux' || platform === 'android') && existsSync('/proc/self/stat');
  if (kind !== 'pidusage' && hasProc) return new ProcfsSource();
  // Long enough that a live pid sampled every interval never expires, short enough that a
  // dead one is forgotten within seconds.
  const maxAgeMs = Math.max(3 * intervalMs, 5000);
  if (hasProc) {
    const reader = new ProcfsReader();
    const list = async () => (await reader.scan()).entries.filter((e) => !isDeadState(e.state));
    return new PidusageSource(list, maxAgeMs, 'procfs+pidusage');
  }
  if (platform === 'win32') return new PidusageSource(undefined, maxAgeMs);
  return new PidusageSource(listWithPs, maxAgeMs);
}
