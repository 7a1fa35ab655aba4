import { constants } from 'node:os';
import { fail, type OptionContext } from '../options/validate.js';

const NUMBERS = constants.signals as Readonly<Record<string, number>>;
const NAMES = new Map(Object.entries(NUMBERS).map(([name, num]) => [num, name as NodeJS.Signals]));

/**
 * Normalizes a signal given as supervisord accepts it: a name with or without the SIG prefix,
 * any case (`'TERM'`, `'sigterm'`), or a number (`15`). Returns Node's name (`'SIGTERM'`),
 * or undefined when it is not a signal of this platform.
 */
export function toSignalName(value: unknown): NodeJS.Signals | undefined {
  if (typeof value === 'number') return NAMES.get(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (/^\d+$/.test(value)) return NAMES.get(Number(value));
  const upper = value.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return name in NUMBERS ? (name as NodeJS.Signals) : undefined;
}

export function optSignal(
  ctx: OptionContext,
  option: string,
  value: unknown,
  def: NodeJS.Signals,
): NodeJS.Signals {
  if (value === undefined) return def;
  const name = toSignalName(value);
  if (!name) {
    const guess = typeof value === 'string' ? suggestSignal(value) : undefined;
    const hint = guess ? ` Did you mean "${guess}"?` : '';
    fail(
      ctx,
      option,
      value,
      `Use a signal name like "TERM", "INT", "HUP" or "KILL", or its number.${hint}`,
    );
  }
  return name;
}

function suggestSignal(value: string): string | undefined {
  const upper = value.toUpperCase().replace(/^SIG/, '');
  return Object.keys(NUMBERS)
    .map((n) => n.replace(/^SIG/, ''))
    .find((n) => n.startsWith(upper.slice(0, 3)) || upper.startsWith(n));
}

/** Number of a signal name, for exit statuses like the shell's 128 + n. */
export const signalNumber = (name: NodeJS.Signals): number => NUMBERS[name] ?? 0;
