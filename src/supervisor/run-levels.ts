import { ShutdownError } from '../errors.js';
import { awaitCondition, conditionOn, waitable } from '../health/dependency-wait.js';
import { controlOf } from '../program/control.js';
import type { Program } from '../program/program.js';
import { isStoppedState } from '../states.js';
import { programKey } from './addresses.js';
import { DependencyError } from './errors.js';
import { startLevels } from './ordering.js';
import type { ProcessResult } from './results.js';
import { settle } from './results.js';

/** Resolves a program's dependsOn addresses to programs. */
export type DependencyResolver = (program: Program) => Program[];

function levelsOf(programs: readonly Program[], deps: DependencyResolver): Program[][] {
  const nodes = programs.map((program) => ({
    key: programKey(program),
    priority: program.config.priority,
    dependsOn: deps(program).map(programKey),
    program,
  }));
  return startLevels(nodes).map((level) => level.map((n) => n.program));
}

/**
 * Starts programs level by level (ascending priority, dependencies first): a level starts once
 * the previous one is RUNNING or has given up. A program starts once each dependency meets
 * its dependsOn condition (RUNNING by default; 'completed' waits for the exit); one that
 * cannot is not started, and its result says which condition failed.
 */
export async function startInOrder(
  programs: readonly Program[],
  deps: DependencyResolver,
  cancelled: () => boolean = () => false,
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  for (const level of levelsOf(programs, deps)) {
    if (cancelled()) break;
    const started = level.map(async (p): Promise<ProcessResult> => {
      const error = await unmetDependency(p, deps(p));
      if (!error && !cancelled()) return settle(p, () => p.start());
      const why = error ?? new ShutdownError(`start "${p.name}"`);
      return { name: p.name, group: p.group, ok: false, state: p.state, error: why };
    });
    results.push(...(await Promise.all(started)));
  }
  return results;
}

/** Waits for each dependency's condition; the error for the first one that fails. */
async function unmetDependency(
  p: Program,
  deps: readonly Program[],
): Promise<DependencyError | undefined> {
  const verdicts = await Promise.all(
    deps.map(async (dep) => {
      const condition = conditionOn(p, dep);
      return { dep, condition, verdict: await awaitCondition(waitable(dep), condition) };
    }),
  );
  const failed = verdicts.find((v) => v.verdict.kind === 'failed');
  if (failed?.verdict.kind !== 'failed') return undefined;
  const { dep, condition, verdict } = failed;
  const detail = condition === 'running' ? dep.info().description : verdict.why;
  return new DependencyError(p.name, dep.name, dep.state, detail, condition);
}

/** Stops programs level by level in reverse: dependents before their dependencies. */
export async function stopInOrder(
  programs: readonly Program[],
  deps: DependencyResolver,
  stop: (p: Program) => Promise<unknown> = (p) => controlOf(p).shutdown(),
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  for (const level of levelsOf(programs, deps).reverse()) {
    results.push(...(await Promise.all(level.map((p) => settle(p, () => stop(p))))));
  }
  return results;
}

/**
 * The whole supervisor's shutdown: like stopInOrder, and within a level the programs are
 * signalled in supervisord's shutdown order (see supervisordStopOrder), all of them before
 * any stop's bookkeeping (see Effects.signalAhead). The level still stops concurrently
 * (faster than supervisord, which waits for one group before the next: docs/lifecycle.md);
 * results come in declaration order.
 */
export async function shutdownInOrder(
  programs: readonly Program[],
  deps: DependencyResolver,
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  for (const level of levelsOf(programs, deps).reverse()) {
    const settled = new Map<Program, Promise<ProcessResult>>();
    const order = supervisordStopOrder(level, programs);
    // Every stop signal of the level first, then the stops (which send none again).
    for (const p of order) controlOf(p).signalAhead();
    for (const p of order)
      settled.set(
        p,
        settle(p, () => controlOf(p).shutdown()),
      );
    results.push(
      ...(await Promise.all(level.map((p) => settled.get(p) as Promise<ProcessResult>))),
    );
  }
  return results;
}

/**
 * supervisord's stop order within one priority level: one group at a time, the group
 * declared last first, and in each group its programs (pool members) in reverse
 * declaration order: w_2, w_1, w_0; b before a.
 */
export function supervisordStopOrder<T extends { readonly group: string }>(
  level: readonly T[],
  declared: readonly T[],
): T[] {
  const index = new Map(declared.map((p, i) => [p, i]));
  const groupRank = new Map<string, number>();
  declared.forEach((p, i) => {
    if (!groupRank.has(p.group)) groupRank.set(p.group, i);
  });
  // Each program's two ranks looked up once, not in every comparison (N log N lookups).
  const keyed = level.map((p) => ({
    p,
    group: groupRank.get(p.group) ?? -1,
    index: index.get(p) ?? -1,
  }));
  keyed.sort((a, b) => b.group - a.group || b.index - a.index);
  return keyed.map((k) => k.p);
}

/** Programs in start order: level by level, as startInOrder would start them. */
export function startOrder(programs: readonly Program[], deps: DependencyResolver): Program[] {
  return levelsOf(programs, deps).flat();
}

/** Programs not running that a batch start should start. */
export const startable = (p: Program): boolean => isStoppedState(p.state);
