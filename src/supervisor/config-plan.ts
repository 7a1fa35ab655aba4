import { checkInputShape } from '../options/input-shape.js';
import type { ProgramConfig } from '../options/program-options.js';
import { fail, isPlainObject, rejectUnknownKeys } from '../options/validate.js';
import { groupOfKey, programKey } from './addresses.js';
import { type CheckedGroup, normalizeGroupDefinition } from './group-definition.js';
import { checkDependencies } from './ordering.js';
import { type PoolOptions, type PoolPlan, planPool } from './pool.js';

/** supervisord's [group:x]: different programs in one group. */
export interface GroupDefinition {
  name: string;
  /** Names of programs (from `programs`) that belong to this group. */
  programs: readonly string[];
  /** Priority for members that do not set their own. */
  priority?: number;
}

/** A whole configuration, for `supervisor.update()`. */
export interface SupervisorConfig {
  programs: readonly PoolOptions[];
  groups?: readonly GroupDefinition[];
}

/** One process the configuration asks for. */
export interface PlannedProcess {
  readonly key: string;
  readonly config: ProgramConfig;
  readonly fingerprint: string;
  readonly processNum: number;
}

export interface ConfigPlan {
  readonly processes: ReadonlyMap<string, PlannedProcess>;
  readonly pools: ReadonlyMap<string, { plan: PoolPlan; groupPriority: number | undefined }>;
}

/** What changed, in the shape of supervisorctl reread (group names), plus per process. */
export interface ConfigDiff {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly processes: {
    readonly added: readonly string[];
    readonly changed: readonly string[];
    readonly removed: readonly string[];
    readonly unchanged: readonly string[];
  };
}

/** Validates a whole configuration; throws OptionError / DependencyConfigError, changes nothing. */
export function planConfig(config: SupervisorConfig): ConfigPlan {
  if (!isPlainObject(config)) {
    fail({}, 'config', config, 'Pass { programs: [...], groups?: [...] }.');
  }
  checkInputShape({}, 'config', config);
  rejectUnknownKeys({}, config, ['programs', 'groups']);
  if (!Array.isArray(config.programs)) {
    fail({}, 'programs', config.programs, 'Use an array of program options: { programs: [...] }.');
  }
  if (config.groups !== undefined && !Array.isArray(config.groups)) {
    fail(
      {},
      'groups',
      config.groups,
      'Use an array of groups, like [{ name: "web", programs: ["app"] }].',
    );
  }
  const groups = (config.groups ?? []).map((def, i) =>
    normalizeGroupDefinition<string>(def, `groups[${i}]`, 'names'),
  );
  const groupOf = groupMembership(groups);
  const processes = new Map<string, PlannedProcess>();
  const pools = new Map<string, { plan: PoolPlan; groupPriority: number | undefined }>();
  for (const options of config.programs) {
    const def = groupOf.get(String(options?.name));
    const plan = planPool(options, def?.name, def?.priority);
    if (pools.has(plan.programName))
      fail({}, 'name', plan.programName, 'Program names must be unique in a configuration.');
    pools.set(plan.programName, { plan, groupPriority: def?.priority });
    for (const m of plan.members()) {
      const key = programKey(m.config);
      if (processes.has(key))
        fail(
          { program: m.config.name },
          'processName',
          key,
          'Two processes would share this name; make processName unique.',
        );
      processes.set(key, {
        key,
        config: m.config,
        fingerprint: m.fingerprint,
        processNum: m.processNum,
      });
    }
  }
  for (const def of groups) {
    for (const name of def.programs) {
      if (!pools.has(name))
        fail(
          {},
          `groups.${def.name}.programs`,
          name,
          `No program named "${name}" in this configuration.`,
        );
    }
  }
  checkDependencies([...processes.values()].map((p) => p.config));
  return { processes, pools };
}

function groupMembership(
  groups: readonly CheckedGroup<string>[],
): Map<string, CheckedGroup<string>> {
  const of = new Map<string, CheckedGroup<string>>();
  for (const def of groups) {
    for (const name of def.programs) {
      const other = of.get(name);
      if (other)
        fail(
          {},
          `groups.${def.name}.programs`,
          name,
          `"${name}" is already in group "${other.name}"; a program belongs to one group.`,
        );
      of.set(name, def);
    }
  }
  return of;
}

/** Compares the active processes (key -> fingerprint) with a plan. Pure. */
export function diffConfig(active: ReadonlyMap<string, string>, plan: ConfigPlan): ConfigDiff {
  const processes = {
    added: [] as string[],
    changed: [] as string[],
    removed: [] as string[],
    unchanged: [] as string[],
  };
  for (const [key, next] of plan.processes) {
    const fingerprint = active.get(key);
    if (fingerprint === undefined) processes.added.push(key);
    else (fingerprint === next.fingerprint ? processes.unchanged : processes.changed).push(key);
  }
  for (const key of active.keys()) if (!plan.processes.has(key)) processes.removed.push(key);
  const activeGroups = new Set([...active.keys()].map(groupOfKey));
  const plannedGroups = new Set([...plan.processes.keys()].map(groupOfKey));
  const touched = new Set(
    [...processes.added, ...processes.changed, ...processes.removed].map(groupOfKey),
  );
  return {
    added: [...plannedGroups].filter((g) => !activeGroups.has(g)),
    removed: [...activeGroups].filter((g) => !plannedGroups.has(g)),
    changed: [...touched].filter((g) => activeGroups.has(g) && plannedGroups.has(g)),
    processes,
  };
}
