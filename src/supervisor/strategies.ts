import {
  fail,
  isPlainObject,
  type OptionContext,
  optInteger,
  optOneOf,
  optSeconds,
} from '../options/validate.js';

/**
 * OTP's restart strategies for a group, when a member exits and its autorestart says it
 * should come back (true: OTP's permanent; 'unexpected' and an unexpected exit: transient;
 * false never: temporary):
 * - `one-for-one`: only that member restarts (supervisord's behaviour);
 * - `one-for-all`: every running member is stopped in reverse start order, then all start
 *   again in start order;
 * - `rest-for-one`: the members after it in start order are stopped (in reverse), then it and
 *   they start again in order.
 * Intensity (OTP's MaxR/MaxT): more than `maxRestarts` such restarts within `withinSecs`
 * stops every member and marks the group failed (a `group` event, kind 'failed').
 */
export type GroupStrategy = 'one-for-one' | 'one-for-all' | 'rest-for-one';

export interface GroupIntensity {
  /** Restarts allowed within the window. @default 3 (Elixir's default) */
  maxRestarts: number;
  /** The window, in seconds. @default 5 */
  withinSecs: number;
}

/** The strategy options of addGroup(). */
/** The keys of GroupPolicyOptions, for the unknown-key check of addGroup(). */
export const GROUP_POLICY_KEYS = ['strategy', 'intensity'] as const;

export interface GroupPolicyOptions {
  /** @default 'one-for-one' */
  strategy?: GroupStrategy;
  intensity?: Partial<GroupIntensity>;
}

/** A group's strategy and intensity, normalized. */
export interface GroupPolicy {
  readonly strategy: GroupStrategy;
  readonly maxRestarts: number;
  readonly withinMs: number;
}

const STRATEGIES: readonly GroupStrategy[] = ['one-for-one', 'one-for-all', 'rest-for-one'];

/** undefined when neither is given: the members restart on their own, as in supervisord. */
export function normalizeGroupPolicy(
  group: string,
  options: GroupPolicyOptions,
): GroupPolicy | undefined {
  if (options.strategy === undefined && options.intensity === undefined) return undefined;
  const ctx: OptionContext = { program: group };
  const strategy = optOneOf(ctx, 'strategy', options.strategy, 'one-for-one', STRATEGIES);
  const intensity = options.intensity ?? {};
  if (!isPlainObject(intensity)) {
    fail(ctx, 'intensity', intensity, 'Use { maxRestarts: 3, withinSecs: 5 }.');
  }
  const maxRestarts = optInteger(ctx, 'intensity.maxRestarts', intensity.maxRestarts, 3);
  const withinSecs = optSeconds(ctx, 'intensity.withinSecs', intensity.withinSecs, 5);
  if (withinSecs === 0) {
    fail(ctx, 'intensity.withinSecs', 0, 'Use a window of more than 0 seconds, for example 5.');
  }
  return Object.freeze({ strategy, maxRestarts, withinMs: Math.round(withinSecs * 1000) });
}

/** Which members to stop (in this order) and start again (in this order). Pure. */
export function strategyPlan<T>(
  strategy: GroupStrategy,
  ordered: readonly T[],
  failed: T,
  isRunning: (member: T) => boolean,
): { stop: T[]; start: T[] } {
  const at = ordered.indexOf(failed);
  const affected =
    strategy === 'one-for-all'
      ? ordered.filter((m) => m !== failed)
      : strategy === 'rest-for-one'
        ? ordered.slice(at + 1)
        : [];
  const stop = affected.filter(isRunning).reverse();
  const start = ordered.filter((m) => m === failed || stop.includes(m));
  return { stop, start };
}

/** OTP's restart intensity: a sliding window of restart times. */
export class Intensity {
  #times: number[] = [];

  constructor(private readonly policy: Pick<GroupPolicy, 'maxRestarts' | 'withinMs'>) {}

  /** Restarts counted in the window (after the last record). */
  get count(): number {
    return this.#times.length;
  }

  /** Records a restart at `now`; false when it is one more than the window allows. */
  record(now: number): boolean {
    this.#times = [...this.#times.filter((t) => now - t < this.policy.withinMs), now];
    return this.#times.length <= this.policy.maxRestarts;
  }

  reset(): void {
    this.#times = [];
  }
}

/** Would this member's autorestart bring it back after this exit? */
export function wantsRestart(autorestart: boolean | 'unexpected', expected: boolean): boolean {
  return autorestart === true || (autorestart === 'unexpected' && !expected);
}
