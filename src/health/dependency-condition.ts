import type { ExitInfo } from '../events.js';
import { fail, isPlainObject, type OptionContext } from '../options/validate.js';
import type { ProcessState } from '../states.js';

/**
 * What a dependency must reach before its dependent starts (docker compose's depends_on
 * conditions): 'running' (today's meaning, the default), 'healthy' (readiness passed, liveness
 * not failing), 'completed' (exited, any code), 'completed-successfully' (exited with one of
 * its exitCodes).
 */
export type DependencyCondition = 'running' | 'healthy' | 'completed' | 'completed-successfully';

/** One dependsOn entry: an address, or an address with a condition. */
export type DependsOnEntry = string | { name: string; condition?: DependencyCondition };

const CONDITIONS: readonly DependencyCondition[] = [
  'running',
  'healthy',
  'completed',
  'completed-successfully',
];

/** dependsOn, normalized: the addresses, and the condition of each (default 'running'). */
export interface DependsOnConfig {
  readonly dependsOn: readonly string[];
  readonly conditions: Readonly<Record<string, DependencyCondition>>;
}

export function normalizeDependsOn(ctx: OptionContext, value: unknown): DependsOnConfig {
  if (value === undefined)
    return Object.freeze({ dependsOn: Object.freeze([]), conditions: Object.freeze({}) });
  const fix =
    "Use an array of names or { name, condition }, like ['db', { name: 'migrate', condition: 'completed-successfully' }].";
  if (!Array.isArray(value)) fail(ctx, 'dependsOn', value, fix);
  const conditions: Record<string, DependencyCondition> = Object.create(null);
  for (const [i, entry] of value.entries()) {
    const { name, condition } = readEntry(ctx, `dependsOn[${i}]`, entry, fix);
    const known = conditions[name];
    if (known && known !== condition) {
      fail(
        ctx,
        `dependsOn[${i}].condition`,
        condition,
        `"${name}" is already listed with condition "${known}"; list it once.`,
      );
    }
    conditions[name] = condition;
  }
  if (ctx.program !== undefined && conditions[ctx.program]) {
    fail(ctx, 'dependsOn', value, 'A program cannot depend on itself; remove its own name.');
  }
  return Object.freeze({
    dependsOn: Object.freeze(Object.keys(conditions)),
    conditions: Object.freeze(conditions),
  });
}

function readEntry(ctx: OptionContext, option: string, entry: unknown, fix: string) {
  if (typeof entry === 'string' && entry.length > 0)
    return { name: entry, condition: 'running' as const };
  if (!isPlainObject(entry) || typeof entry.name !== 'string' || entry.name === '')
    fail(ctx, option, entry, fix);
  const condition = entry.condition ?? 'running';
  if (!CONDITIONS.includes(condition as DependencyCondition)) {
    fail(
      ctx,
      `${option}.condition`,
      condition,
      `Use one of ${CONDITIONS.map((c) => `'${c}'`).join(', ')}.`,
    );
  }
  return { name: entry.name, condition: condition as DependencyCondition };
}

/** What a condition needs to know about its dependency right now. */
export interface DependencyView {
  readonly state: ProcessState;
  readonly lastExit: ExitInfo | undefined;
  /** RUNNING and no liveness check failing. */
  readonly healthy: boolean;
  readonly exitCodes: readonly number[];
}

export type ConditionVerdict =
  | { readonly kind: 'met' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'failed'; readonly why: string };

const MET = { kind: 'met' } as const;
const PENDING = { kind: 'pending' } as const;
const failed = (why: string): ConditionVerdict => ({ kind: 'failed', why });

/** Where a dependency stands with respect to a condition. Pure. */
export function evaluateCondition(
  condition: DependencyCondition,
  dep: DependencyView,
): ConditionVerdict {
  const { state } = dep;
  if (condition === 'running') return state === 'RUNNING' ? MET : failed(`it is ${state}`);
  if (state === 'FATAL') return failed('it is FATAL');
  if (condition === 'healthy') {
    if (state === 'RUNNING') return dep.healthy ? MET : PENDING;
    return state === 'STARTING' || state === 'BACKOFF' ? PENDING : failed(`it is ${state}`);
  }
  if (state === 'EXITED') return completed(condition, dep);
  if (state === 'STARTING' || state === 'RUNNING' || state === 'BACKOFF') return PENDING;
  return failed(
    state === 'STOPPED' && dep.lastExit ? 'it was stopped before it completed' : `it is ${state}`,
  );
}

function completed(condition: DependencyCondition, dep: DependencyView): ConditionVerdict {
  const exit = dep.lastExit;
  if (condition === 'completed' || exit?.expected) return MET;
  const how = exit?.signal
    ? `it was killed by ${exit.signal}`
    : `it exited with code ${exit?.code}`;
  return failed(`${how} (exitCodes ${dep.exitCodes.join(', ')})`);
}
