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
 * the previous one is RUNNING or has given up. A program whose dependency is not RUNNING is
 * not started, and its result says why.
 */
export async function startInOrder(
  programs: readonly Program[],
  deps: DependencyResolver,
  cancelled: () => boolean = () => false,
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  for (const level of levelsOf(programs, deps)) {
    if (cancelled()) break;
    const started = level.map((p) => {
      const blocker = deps(p).find((d) => d.state !== 'RUNNING');
      if (!blocker) return settle(p, () => p.start());
      const error = new DependencyError(
        p.name,
        blocker.name,
        blocker.state,
        blocker.info().description,
      );
      return Promise.resolve({ name: p.name, group: p.group, ok: false, state: p.state, error });
    });
    results.push(...(await Promise.all(started)));
  }
  return results;
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

/** Programs in start order: level by level, as startInOrder would start them. */
export function startOrder(programs: readonly Program[], deps: DependencyResolver): Program[] {
  return levelsOf(programs, deps).flat();
}

/** Programs not running that a batch start should start. */
export const startable = (p: Program): boolean => isStoppedState(p.state);
