import { fail, type OptionContext } from './validate.js';

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
};

/**
 * A byte size as supervisord writes it: a number of bytes, or a string with a KB/MB/GB suffix
 * (powers of 1024, case-insensitive): `'50MB'`, `'512 kb'`, `1048576`.
 */
export function optByteSize(
  ctx: OptionContext,
  option: string,
  value: unknown,
  def: number,
): number {
  if (value === undefined) return def;
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    fail(
      ctx,
      option,
      value,
      `Use a number of bytes >= 0 or a string like "50MB" (units KB, MB, GB).`,
    );
  }
  return bytes;
}

/** Parses `'50MB'` style sizes; undefined when the value is not one. */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(value);
  if (!match) return undefined;
  const factor = UNITS[(match[2] ?? '').toUpperCase()];
  return factor === undefined ? undefined : Math.floor(Number(match[1]) * factor);
}
