import type { ProgramConfig } from '../options/program-options.js';
import { addressResolver, programKey } from './addresses.js';
import { DependencyCycleError, UnknownDependencyError } from './errors.js';

/**
 * Start and stop order from priorities and dependencies, as levels: every program of a level
 * starts together once the previous level has settled. A program always lands in a later level
 * than each of its dependencies, even when its own priority is lower: its effective priority
 * is at least theirs, and among equal effective priorities it comes after them.
 * Pure; dependencies must be acyclic (see findCycle).
 */
export interface OrderNode {
  readonly key: string;
  readonly priority: number;
  readonly dependsOn: readonly string[];
}

interface Rank {
  readonly priority: number;
  readonly depth: number;
}

export function startLevels<T extends OrderNode>(nodes: readonly T[]): T[][] {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const ranks = new Map<string, Rank>();
  const rank = (node: OrderNode): Rank => {
    const known = ranks.get(node.key);
    if (known) return known;
    let priority = node.priority;
    const deps = node.dependsOn
      .map((k) => byKey.get(k))
      .filter((d): d is T => d !== undefined)
      .map(rank);
    for (const d of deps) priority = Math.max(priority, d.priority);
    const depth =
      Math.max(-1, ...deps.filter((d) => d.priority === priority).map((d) => d.depth)) + 1;
    const result = { priority, depth };
    ranks.set(node.key, result);
    return result;
  };
  const levels = new Map<string, T[]>();
  for (const node of nodes) {
    const r = rank(node);
    const id = `${r.priority}\u0000${r.depth}`;
    const level = levels.get(id);
    if (level) level.push(node);
    else levels.set(id, [node]);
  }
  return [...levels.entries()]
    .map(([, level]) => ({ level, r: rank(level[0] as T) }))
    .sort((a, b) => a.r.priority - b.r.priority || a.r.depth - b.r.depth)
    .map(({ level }) => level);
}

/** The first dependency cycle found, as a path that ends where it starts; undefined if none. */
export function findCycle(nodes: readonly OrderNode[]): string[] | undefined {
  const edges = new Map(nodes.map((n) => [n.key, n.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === 'done') return undefined;
    if (state.get(key) === 'visiting') return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, 'visiting');
    stack.push(key);
    for (const dep of edges.get(key) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node.key);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Resolves dependsOn addresses among these processes; rejects unknown names and cycles. */
export function checkDependencies(configs: readonly ProgramConfig[]): void {
  const resolve = addressResolver(configs);
  const nodes = configs.map((c) => ({
    key: programKey(c),
    priority: c.priority,
    dependsOn: c.dependsOn.flatMap((address) => {
      const keys = resolve(address);
      if (keys.length === 0) {
        throw new UnknownDependencyError(c.name, address);
      }
      return keys;
    }),
  }));
  const cycle = findCycle(nodes);
  if (cycle) {
    throw new DependencyCycleError(cycle);
  }
}
