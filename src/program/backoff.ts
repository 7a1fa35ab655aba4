import { fail, isPlainObject, type OptionContext, optSeconds } from '../options/validate.js';

/**
 * Delay curve between attempts in BACKOFF.
 * - linear (supervisord): tries x stepSecs, so 1 s, 2 s, 3 s... with no cap.
 * - exponential: initialSecs x factor^(tries-1) times (1 + random x jitter), the result capped
 *   at maxSecs (jitter never takes a delay past the cap; at the cap it spreads delays below it).
 * - a function of the retry count (from 1) returning seconds.
 * The counter resets when the program reaches RUNNING, as in supervisord.
 */
export type BackoffOptions =
  | { type: 'linear'; stepSecs?: number }
  | {
      type: 'exponential';
      initialSecs?: number;
      factor?: number;
      maxSecs?: number;
      jitter?: number;
    }
  | ((tries: number) => number);

/** Milliseconds to wait after the `tries`-th failure. */
export type BackoffCurve = (tries: number) => number;

const secondsToMs = (secs: number): number => Math.round(secs * 1000);

export function linearBackoff(stepSecs = 1): BackoffCurve {
  return (tries) => secondsToMs(tries * stepSecs);
}

export function exponentialBackoff(
  initialSecs = 1,
  factor = 2,
  maxSecs = 300,
  jitter = 0,
  random: () => number = Math.random,
): BackoffCurve {
  return (tries) => {
    const base = Math.min(maxSecs, initialSecs * factor ** Math.max(0, tries - 1));
    const spread = base * random() * jitter;
    // Past the cap the jitter is taken below it, so retries at the cap still spread out.
    return secondsToMs(base + spread <= maxSecs ? base + spread : maxSecs - spread);
  };
}

/** supervisord's curve, one function for every program that keeps the default. */
const DEFAULT_BACKOFF = linearBackoff();

export function normalizeBackoff(ctx: OptionContext, value: unknown): BackoffCurve {
  if (value === undefined) return DEFAULT_BACKOFF;
  if (typeof value === 'function') return userCurve(ctx, value as (tries: number) => unknown);
  if (!isPlainObject(value) || (value.type !== 'linear' && value.type !== 'exponential')) {
    fail(
      ctx,
      'backoff',
      value,
      `Use { type: 'linear' }, { type: 'exponential', initialSecs, factor, maxSecs, jitter } or a function (tries) => seconds.`,
    );
  }
  if (value.type === 'linear')
    return linearBackoff(optSeconds(ctx, 'backoff.stepSecs', value.stepSecs, 1));
  const factor = value.factor ?? 2;
  if (typeof factor !== 'number' || !(factor >= 1)) {
    fail(ctx, 'backoff.factor', factor, 'Use a number >= 1, for example factor: 2.');
  }
  const jitter = value.jitter ?? 0;
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) {
    fail(ctx, 'backoff.jitter', jitter, 'Use a number from 0 to 1, for example jitter: 0.2.');
  }
  return exponentialBackoff(
    optSeconds(ctx, 'backoff.initialSecs', value.initialSecs, 1),
    factor,
    optSeconds(ctx, 'backoff.maxSecs', value.maxSecs, 300),
    jitter,
  );
}

/** Wraps a user's curve so a bad return value falls back to linear instead of throwing later. */
function userCurve(ctx: OptionContext, fn: (tries: number) => unknown): BackoffCurve {
  const fallback = linearBackoff();
  return (tries) => {
    const secs = fn(tries);
    if (typeof secs === 'number' && Number.isFinite(secs) && secs >= 0) return secondsToMs(secs);
    process.emitWarning(
      `overseer: backoff function of program "${ctx.program}" returned ${String(secs)} for try ${tries}; using ${tries} s.`,
    );
    return fallback(tries);
  };
}
