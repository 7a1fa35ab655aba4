import { OptionError } from '../errors.js';

/**
 * Small validators shared by every feature's option normalizer. Each takes the raw value
 * (possibly undefined) and a default, and returns the normalized value or throws an
 * {@link OptionError} naming the option, the value and the fix.
 */
export interface OptionContext {
  /** Program name for messages, when known. */
  readonly program?: string | undefined;
}

export function fail(ctx: OptionContext, option: string, value: unknown, fix: string): never {
  throw new OptionError({ program: ctx.program, option, value, fix });
}

export function optBoolean(ctx: OptionContext, option: string, value: unknown, def: boolean) {
  if (value === undefined) return def;
  if (typeof value !== 'boolean') fail(ctx, option, value, `Use true or false.`);
  return value;
}

/** A finite number of seconds >= 0 (fractions allowed: we are exact to the millisecond). */
export function optSeconds(ctx: OptionContext, option: string, value: unknown, def: number) {
  if (value === undefined) return def;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(ctx, option, value, `Use a number of seconds >= 0, for example ${option}: ${def}.`);
  }
  return value;
}

/** An integer within [min, max]. */
export function optInteger(
  ctx: OptionContext,
  option: string,
  value: unknown,
  def: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
) {
  if (value === undefined) return def;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    fail(ctx, option, value, `Use a whole number ${range}, for example ${option}: ${def}.`);
  }
  return value;
}

export function optString(ctx: OptionContext, option: string, value: unknown) {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    fail(ctx, option, value, `Use a non-empty string, or leave "${option}" out.`);
  }
  return value;
}

export function optOneOf<T extends string | boolean>(
  ctx: OptionContext,
  option: string,
  value: unknown,
  def: T,
  allowed: readonly T[],
): T {
  if (value === undefined) return def;
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(', ');
    fail(ctx, option, value, `Use one of ${list}.`);
  }
  return value as T;
}

/** Plain object check: rejects arrays, null, class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Edit distance, for "did you mean" hints on unknown keys. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Rejects keys that no feature knows, suggesting the closest known one. */
export function rejectUnknownKeys(
  ctx: OptionContext,
  input: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const key of Object.keys(input)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    const hint = guess ? `Did you mean "${guess}"?` : `Known options: ${known.join(', ')}.`;
    fail(ctx, key, input[key], `"${key}" is not an option. ${hint}`);
  }
}
