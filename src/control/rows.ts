/** One table row of the status page: what the page and its live updates show per program. */
import type { Program } from '../index.js';
import { makeNamespec } from './names.js';

export interface ProgramRow {
  /** "group:name": the address actions take. */
  readonly id: string;
  /** As supervisorctl prints it ("name" when group and name are equal). */
  readonly label: string;
  readonly name: string;
  readonly group: string;
  readonly state: string;
  /** RUNNING with readiness passed and no liveness check failing. */
  readonly healthy: boolean;
  readonly pid: number;
  readonly description: string;
  /** Tree CPU percent and RSS bytes of the latest sample (while there is a process). */
  readonly cpu: number | null;
  readonly memory: number | null;
  /** Recent samples, oldest first: [tree CPU percent, tree RSS bytes]. */
  readonly history: readonly (readonly [number, number])[];
}

/** `history: false`: no samples (the page's first render draws none; its live updates do). */
export function programRow(program: Program, history = true): ProgramRow {
  const info = program.info();
  const stats = program.pid ? program.stats : undefined;
  return {
    id: `${program.group}:${program.name}`,
    label: makeNamespec(program.group, program.name),
    name: program.name,
    group: program.group,
    state: info.state,
    healthy: info.healthy,
    pid: info.pid,
    description: info.description,
    cpu: stats ? stats.treeCpu : null,
    memory: stats ? stats.treeMemory : null,
    history: history ? program.statsHistory.map((s) => [s.treeCpu, s.treeMemory] as const) : [],
  };
}

/** localeCompare's order, from one collator (a localeCompare call each is many times slower). */
export const compareText = new Intl.Collator().compare;

/** Rows sorted by group then name, as supervisorctl status lists them. */
export function programRows(programs: readonly Program[], history = true): ProgramRow[] {
  return [...programs]
    .sort((a, b) => compareText(a.group, b.group) || compareText(a.name, b.name))
    .map((p) => programRow(p, history));
}
