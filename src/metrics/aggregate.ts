import type { OrphanStats } from '../process/orphans.js';
import type { ProgramStats } from './sampler.js';
import type { SelfUsage } from './self-usage.js';

export type { SelfUsage } from './self-usage.js';

/** Sums over some programs' process trees. */
export interface ResourceTotals {
  /** Programs counted. */
  readonly programs: number;
  /** Processes counted: main processes and their descendants. */
  readonly processes: number;
  /** CPU percent of one core, to 0.1. */
  readonly cpu: number;
  /** RSS in bytes. */
  readonly memory: number;
}

/** What `supervisor.stats()` returns: every program's latest sample, totals, the host. */
export interface SupervisorStats {
  /** Epoch milliseconds of the aggregation. */
  readonly time: number;
  /** The latest sample of each program given, in the order given. */
  readonly programs: readonly ProgramStats[];
  /** Totals per group name. */
  readonly groups: Readonly<Record<string, ResourceTotals>>;
  /** Totals over all programs' trees (the supervisor itself excluded). */
  readonly totals: ResourceTotals;
  /** The supervisor's own process. */
  readonly self: SelfUsage;
  /** Programs' trees plus the supervisor: everything this supervisor accounts for. */
  readonly overall: { readonly cpu: number; readonly memory: number };
  /**
   * Orphans of the host: whether it is a child subreaper, zombies it cannot reap (PID 1
   * without the native addon), orphans reaped and unclaimed (see docs/reliability.md).
   */
  readonly orphans: OrphanStats;
}

const NO_ORPHANS: OrphanStats = Object.freeze({
  subreaper: false,
  zombies: 0,
  reaped: 0,
  unclaimed: 0,
});

/**
 * Aggregates the latest samples of the running programs with the host's own usage (pure).
 * Pass only programs that have a process now (`pid !== 0`): a stopped program's last sample
 * is history, not current usage. `undefined` entries (no sample yet) are skipped.
 *
 * ```ts
 * aggregateStats(sup.programs.filter((p) => p.pid !== 0).map((p) => p.stats), meter.read())
 * ```
 */
export function aggregateStats(
  programs: Iterable<ProgramStats | undefined>,
  self: SelfUsage,
  time: number = Date.now(),
  orphans: OrphanStats = NO_ORPHANS,
): SupervisorStats {
  const list: ProgramStats[] = [];
  const groups = new Map<string, Sum>();
  const totals = new Sum();
  for (const stats of programs) {
    if (!stats) continue;
    list.push(stats);
    totals.add(stats);
    let group = groups.get(stats.group);
    if (!group) {
      group = new Sum();
      groups.set(stats.group, group);
    }
    group.add(stats);
  }
  const total = totals.freeze();
  return Object.freeze({
    time,
    programs: Object.freeze(list),
    groups: Object.freeze(
      Object.fromEntries([...groups].map(([name, sum]) => [name, sum.freeze()])),
    ),
    totals: total,
    self: Object.freeze({ ...self }),
    overall: Object.freeze({
      cpu: round1(total.cpu + self.cpu),
      memory: total.memory + self.memory,
    }),
    orphans: Object.freeze({ ...orphans }),
  });
}

class Sum {
  programs = 0;
  processes = 0;
  cpu = 0;
  memory = 0;

  add(stats: ProgramStats): void {
    this.programs++;
    this.processes += 1 + stats.descendants.length;
    this.cpu += stats.treeCpu;
    this.memory += stats.treeMemory;
  }

  freeze(): ResourceTotals {
    return Object.freeze({
      programs: this.programs,
      processes: this.processes,
      cpu: round1(this.cpu),
      memory: this.memory,
    });
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
