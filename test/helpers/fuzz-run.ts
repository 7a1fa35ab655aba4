import { OverseerError, Supervisor } from '../../src/index.js';
import { type FuzzCase, fuzzCase } from './fuzz-options.js';
import { nodeFixture } from './processes.js';

/** What a fuzz run found. */
export interface FuzzReport {
  cases: number;
  rejected: number;
  accepted: number;
  /** Cases whose rejection was not a typed error naming the hostile option. */
  bad: { seed: number; kind: string; key: string; error: string }[];
  /** Spawns by programs of rejected cases (must be 0). */
  spawnsFromRejected: number;
  polluted: boolean;
}

const DEPENDENCY_CODES = new Set(['UNKNOWN_DEPENDENCY', 'DEPENDENCY_CYCLE']);

/**
 * Feeds `count` hostile cases (from seed `from`) to a real, started Supervisor (a program
 * accepted with autostart is spawned, then removed). Every rejection must be an OptionError
 * whose `option` starts with the hostile key (or, for dependsOn, a DependencyConfigError),
 * and nothing of a rejected case may spawn.
 */
export async function runFuzz(from: number, count: number): Promise<FuzzReport> {
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).join();
  const sup = new Supervisor({ sampleIntervalMs: 0, handleSignals: false });
  await sup.start();
  const spawned = new Set<string>();
  sup.on('spawn', (info) => spawned.add(info.name));
  const base = { command: nodeFixture('exit-with.js', 0), startSecs: 0, autorestart: false };
  const report: FuzzReport = {
    cases: count,
    rejected: 0,
    accepted: 0,
    bad: [],
    spawnsFromRejected: 0,
    polluted: false,
  };
  try {
    for (let seed = from; seed < from + count; seed++) {
      const fuzz = fuzzCase(seed, base);
      const error = await attempt(sup, fuzz);
      if (error === undefined) {
        report.accepted++;
        continue;
      }
      report.rejected++;
      if (spawned.has(`fz${seed}`)) report.spawnsFromRejected++;
      const problem = judge(fuzz, error);
      if (problem) report.bad.push({ seed, kind: fuzz.kind, key: fuzz.key, error: problem });
    }
  } finally {
    await sup[Symbol.asyncDispose]();
  }
  const after = Object.getOwnPropertyNames(Object.prototype).join();
  report.polluted = after !== protoKeys || ({} as Record<string, unknown>).polluted !== undefined;
  return report;
}

async function attempt(sup: Supervisor, fuzz: FuzzCase): Promise<unknown> {
  try {
    const input = fuzz.input as never;
    if (fuzz.kind === 'program') {
      const p = sup.add(input);
      await sup.remove(`${p.group}:${p.name}`);
    } else if (fuzz.kind === 'pool') {
      const g = sup.addPool(input);
      await sup.remove(g.name);
    } else if (fuzz.kind === 'group') {
      const g = sup.addGroup(input);
      await sup.remove(g.name);
    } else if (fuzz.kind === 'config') {
      await sup.update(input);
      await sup.update({ programs: [] });
    } else {
      const other = new Supervisor(input);
      await other[Symbol.asyncDispose]();
    }
    return undefined;
  } catch (error) {
    return error ?? new Error('threw a nullish value');
  }
}

function judge(fuzz: FuzzCase, error: unknown): string | undefined {
  if (!(error instanceof OverseerError)) return `untyped: ${String(error)}`;
  if (DEPENDENCY_CODES.has(error.code)) return fuzz.key === 'dependsOn' ? undefined : error.message;
  if (error.code !== 'INVALID_OPTION') return `${error.code}: ${error.message}`;
  const option = (error as unknown as { option: string }).option;
  if (!option || !error.message.includes(`"${option}"`)) return `names no option: ${error.message}`;
  return undefined;
}
