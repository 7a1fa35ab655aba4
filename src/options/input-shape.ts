import { fail, type OptionContext } from './validate.js';

/** Nesting deeper than this is refused (no option needs more than a few levels). */
const MAX_DEPTH = 16;

/**
 * Checks the shape of raw options before any validator reads them, so that add() and its
 * siblings throw only OptionErrors, whatever they are given: a circular object, a value
 * that cannot be read (a throwing getter or Proxy), a BigInt or a Symbol, and a string
 * holding a NUL byte (it can never reach the OS: names, commands, environment and paths all
 * end up as C strings) are refused, naming the option by its path (`environment.PATH`).
 * Functions (backoff, readiness checks) and class instances are left for the validators.
 */
export function checkInputShape(ctx: OptionContext, option: string, value: unknown): void {
  walk(ctx, option, value, [], 0);
}

function walk(
  ctx: OptionContext,
  path: string,
  value: unknown,
  parents: readonly object[],
  depth: number,
): void {
  switch (typeof value) {
    case 'string':
      if (value.includes('\0')) {
        fail(ctx, path, value, 'A NUL byte cannot reach the OS: remove the "\\0" from the string.');
      }
      return;
    case 'bigint':
      fail(ctx, path, value, `Use a plain number (${value}n is a BigInt), like ${Number(value)}.`);
      return;
    case 'symbol':
      fail(ctx, path, value, 'Use a string, a number or a boolean, not a Symbol.');
      return;
    case 'object':
      if (value !== null) walkObject(ctx, path, value, parents, depth);
      return;
    default:
      return;
  }
}

function walkObject(
  ctx: OptionContext,
  path: string,
  value: object,
  parents: readonly object[],
  depth: number,
): void {
  if (parents.includes(value)) {
    fail(ctx, path, '[circular]', 'The value contains itself: pass plain data (JSON-like).');
  }
  if (depth >= MAX_DEPTH) {
    fail(ctx, path, '[deep]', `Options nest at most ${MAX_DEPTH} levels: pass plain data.`);
  }
  if (!isWalkable(value)) return;
  const entries = readEntries(ctx, path, value);
  const inner = [...parents, value];
  for (const [key, child] of entries) {
    walk(ctx, Array.isArray(value) ? `${path}[${key}]` : join(path, key), child, inner, depth + 1);
  }
}

/** Arrays and plain objects (with or without a prototype) are data; the rest is left alone. */
function isWalkable(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function readEntries(ctx: OptionContext, path: string, value: object): [string, unknown][] {
  try {
    const entries = Object.entries(value);
    for (const [key] of entries) {
      if (key.includes('\0')) fail(ctx, join(path, key), key, 'A key cannot hold a NUL byte.');
    }
    return entries;
  } catch (error) {
    if ((error as { code?: string }).code === 'INVALID_OPTION') throw error;
    return fail(
      ctx,
      path,
      '[unreadable]',
      `Reading it threw (${errorText(error)}): pass plain data.`,
    );
  }
}

function join(path: string, key: string): string {
  return path === '' || path === 'options' ? key : `${path}.${key}`;
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable value';
  }
}
