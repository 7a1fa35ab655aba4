import type { Clock } from '../clock.js';
import { RollingRestartError, ShutdownError, TimeoutError } from '../errors.js';
import { type OptionContext, optInteger, optSeconds } from '../options/validate.js';
import { controlOf } from '../program/control.js';
import type { Program } from '../program/program.js';
import { withTimeout } from '../program/wait-for.js';
import { isStoppedState } from '../states.js';
import { programKey } from './addresses.js';

/**
 * Options of `group.rollingRestart()` and of `update(config, { rolling })`. Members are
 * replaced `maxUnavailable` at a time; a replaced member must be RUNNING (which, with
 * `readiness`, means ready) before the next one goes down.
 */
export interface RollingRestartOptions {
  /** Members down at the same time. @default 1 */
  maxUnavailable?: number;
  /**
   * Seconds a replaced member has to come back RUNNING; 0 = as long as its start takes
   * (startSecs and retries, or the readiness timeout). @default 0
   */
  timeoutSecs?: number;
}

/** Options of `supervisor.update()`. */
export interface UpdateOptions {
  /** Replace changed processes as a rolling restart does, stopping at the first failure. */
  rolling?: boolean | RollingRestartOptions;
}

/** What a rolling restart did. */
export interface RollingRestartResult {
  /** "group:name" of the members replaced, in the order they came back. */
  readonly restarted: readonly string[];
  /** "group:name" of the members not running, left as they were. */
  readonly skipped: readonly string[];
}

/** Where a roll runs: the clock for timeouts, and whether the supervisor is shutting down. */
export interface RollContext {
  readonly clock: Clock;
  readonly cancelled: () => boolean;
}

/** Rolling options, normalized. */
export interface RollingPlan {
  readonly maxUnavailable: number;
  readonly timeoutMs: number;
}

export function normalizeRolling(
  group: string,
  options: RollingRestartOptions | true = {},
): RollingPlan {
  const ctx: OptionContext = { program: group };
  const opts = options === true ? {} : options;
  return {
    maxUnavailable: optInteger(ctx, 'maxUnavailable', opts.maxUnavailable, 1, 1),
    timeoutMs: Math.round(1000 * optSeconds(ctx, 'timeoutSecs', opts.timeoutSecs, 0)),
  };
}

/** One member to replace: `replace()` takes it down and resolves once it is back. */
export interface RollingStep {
  readonly key: string;
  replace(): Promise<void>;
}

/**
 * Replaces steps in order, at most `maxUnavailable` at once: each free slot takes the next
 * step as soon as the previous one in that slot is back. The first failure (or timeout)
 * stops the roll: no further step begins, the ones under way finish, and it rejects with a
 * RollingRestartError naming the member; the rest are untouched.
 */
export async function rollThrough(
  steps: readonly RollingStep[],
  plan: RollingPlan,
  clock: Clock,
  cancelled: () => boolean = () => false,
): Promise<string[]> {
  const restarted: string[] = [];
  let next = 0;
  let failure: { key: string; error: unknown } | undefined;
  const slot = async (): Promise<void> => {
    while (!failure && next < steps.length) {
      const step = steps[next++] as RollingStep;
      try {
        if (cancelled()) throw new ShutdownError(`replace "${step.key}"`);
        const what = `"${step.key}" to be RUNNING`;
        await withTimeout(
          step.replace(),
          plan.timeoutMs,
          clock,
          () => new TimeoutError(what, plan.timeoutMs),
        );
        restarted.push(step.key);
      } catch (error) {
        failure ??= { key: step.key, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.maxUnavailable, steps.length) }, slot));
  if (failure) {
    const untouched = steps.slice(next).map((s) => s.key);
    throw new RollingRestartError(failure.key, { restarted, untouched }, failure.error);
  }
  return restarted;
}

/**
 * `group.rollingRestart()`: the running members, in start order, restarted (reason
 * 'restart') through {@link rollThrough}; members not running are skipped.
 */
export async function rollingRestart(
  group: string,
  members: readonly Program[],
  options: RollingRestartOptions | undefined,
  { clock, cancelled }: RollContext,
): Promise<RollingRestartResult> {
  const plan = normalizeRolling(group, options);
  const skipped = members.filter((p) => isStoppedState(p.state)).map(programKey);
  const steps = members
    .filter((p) => !isStoppedState(p.state))
    .map((p) => ({ key: programKey(p), replace: () => controlOf(p).restartFor('restart') }));
  return { restarted: await rollThrough(steps, plan, clock, cancelled), skipped };
}

/** The `roll` of a rolling update(), or undefined without `rolling`. */
export function rollerFor(
  rolling: boolean | RollingRestartOptions | undefined,
  { clock, cancelled }: RollContext,
): ((steps: RollingStep[]) => Promise<string[]>) | undefined {
  if (!rolling) return undefined;
  const plan = normalizeRolling('update', rolling);
  return (steps) => rollThrough(steps, plan, clock, cancelled);
}
