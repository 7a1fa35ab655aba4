import type { ProcessSnapshot, ProcessUsage } from './process-source.js';
import type { ProgramStats, SampleTarget } from './sampler.js';

/**
 * The per-target part of a sampling pass: telling targets apart, and one frozen
 * {@link ProgramStats} from the numbers of a pass.
 */

/** The target's program when given, else its "group\0name". */
export function identity(target: SampleTarget): unknown {
  return target.ref ?? `${target.group}\0${target.name}`;
}

export function uniqueTargets(targets: Iterable<SampleTarget>): SampleTarget[] {
  const out: SampleTarget[] = [];
  const seen = new Set<unknown>();
  for (const t of targets) {
    if (!Number.isInteger(t.pid) || t.pid <= 0) continue;
    const id = identity(t);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(t);
  }
  return out;
}

/** One frozen sample: the main process, plus its live descendants for the tree figures. */
export function statsOf(
  target: SampleTarget,
  main: ProcessUsage,
  snapshot: ProcessSnapshot,
  time: number,
): ProgramStats {
  let treeCpu = main.cpu;
  let treeMemory = main.memory;
  let descendants: readonly number[] = NO_DESCENDANTS;
  const below = snapshot.descendants.get(target.pid);
  if (below && below.length > 0) {
    const alive: number[] = [];
    for (const pid of below) {
      const usage = snapshot.usage.get(pid);
      if (!usage) continue;
      treeCpu += usage.cpu;
      treeMemory += usage.memory;
      alive.push(pid);
    }
    if (alive.length > 0) descendants = Object.freeze(alive);
  }
  return Object.freeze({
    name: target.name,
    group: target.group,
    pid: target.pid,
    cpu: round1(main.cpu),
    memory: main.memory,
    treeCpu: round1(treeCpu),
    treeMemory,
    descendants,
    elapsedMs: Math.round(main.elapsedMs),
    time,
  });
}

/** The descendants of a sample without any (shared, frozen). */
const NO_DESCENDANTS: readonly number[] = Object.freeze([]);

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
